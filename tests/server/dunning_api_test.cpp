// The dunning API over HTTP, against the real server on a demo portfolio whose day's run
// (2026-11-24) is already in the outbox: roles, a rep's scope on the reminder history, scenario
// and template validation, the preview, the outbox's retry and cancel, the calendar (a dry run
// writing nothing), invoice and customer pauses seen by `encaisse dunning run --dry-run`, the
// phone outcome form, and revoking a customer's personal links.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <regex>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "server/dunning/portal_links.h"
#include "shared/store/store.h"
#include "tests/server/server_harness.h"

namespace encaisse::testing {
namespace {

constexpr const char kToday[] = "2026-11-24";

// One value from the server's database (read beside the running server: WAL).
int64_t SqlInt(const std::string& db_path, const std::string& sql) {
  auto db = Db::Open(db_path, OpenOptions{.create = false});
  if (!db.ok()) throw std::runtime_error(db.status().ToString());
  auto v = db->QueryInt(sql);
  if (!v.ok()) throw std::runtime_error(v.status().ToString() + " in " + sql);
  return *v;
}

std::string Str(int64_t id) { return std::to_string(id); }

// "dry run 2026-11-25: 30 customers looked at, 12 messages (15 invoice lines)" -> {12, 15}.
std::pair<int, int> DryRunTotals(const std::string& db, const std::string& date) {
  std::string out;
  if (RunEncaisse({"dunning", "run", "--db", db, "--date", date, "--dry-run"}, "", &out) != 0)
    throw std::runtime_error("dry run failed: " + out);
  std::smatch m;
  static const std::regex kTotals(R"(dry run \S+: \d+ customers looked at, (\d+) messages \((\d+) invoice lines\))");
  if (!std::regex_search(out, m, kTotals)) throw std::runtime_error("no totals in: " + out);
  return {std::stoi(m[1]), std::stoi(m[2])};
}

class DunningApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const std::string db = DemoDatabaseCopy();
    std::string out;
    // The day's run before the server starts: emails wait for a channel, phone calls are tasks.
    if (RunEncaisse({"dunning", "run", "--db", db, "--date", kToday}, "", &out) != 0)
      throw std::runtime_error("dunning run failed: " + out);
    // The scheduler stays out of the way (its first look is an hour after the start).
    server_ = new ServerProcess(db, {"--dunning-interval", "3600"});
    for (const char* who : {"admin", "manager", "collector", "rep1", "rep2"})
      tokens_[who] = server_->Login(std::string(who) + "@demo.test");
    rep1_ = Count("SELECT id FROM users WHERE email = 'rep1@demo.test'");
    rep2_ = Count("SELECT id FROM users WHERE email = 'rep2@demo.test'");
    missing_customer_ = Count("SELECT max(id) + 1000 FROM customers");
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static const std::string& Token(const std::string& who) { return tokens_.at(who); }
  static const std::string& Db() { return server_->db(); }
  static int64_t Count(const std::string& sql) { return SqlInt(server_->db(), sql); }

  static json Put(const std::string& path, const json& body, const std::string& token, int* status) {
    return server_->Put(path, body, token, status);
  }

  // Everything a failed or read-only request must leave alone.
  static int64_t Footprint() {
    return Count("SELECT (SELECT count(*) FROM reminders) + (SELECT count(*) FROM reminder_lines) + "
                 "(SELECT count(*) FROM tasks) + (SELECT count(*) FROM scenarios) + (SELECT count(*) FROM templates) + "
                 "(SELECT count(*) FROM portal_links) + (SELECT count(*) FROM promises) + "
                 "(SELECT count(*) FROM disputes) + (SELECT count(*) FROM notes) + (SELECT max(seq) FROM change_log)");
  }

  static ServerProcess* server_;
  static std::map<std::string, std::string> tokens_;
  static int64_t rep1_, rep2_, missing_customer_;
};
ServerProcess* DunningApiTest::server_ = nullptr;
std::map<std::string, std::string> DunningApiTest::tokens_;
int64_t DunningApiTest::rep1_, DunningApiTest::rep2_, DunningApiTest::missing_customer_;

TEST_F(DunningApiTest, SetUpHasAnOutboxAndTokens) {
  for (const auto& [who, token] : tokens_) EXPECT_FALSE(token.empty()) << who;
  EXPECT_GT(Count("SELECT count(*) FROM reminders WHERE status = 'queued'"), 0);
  EXPECT_GT(Count("SELECT count(*) FROM reminders WHERE status = 'sent'"), 0) << "phone calls became tasks";
}

TEST_F(DunningApiTest, RolesAreCheckedOnTheServer) {
  const int64_t before = Footprint();
  const int64_t message = Count("SELECT min(id) FROM reminders");
  const int64_t customer = Count("SELECT min(id) FROM customers");
  const int64_t invoice = Count("SELECT min(id) FROM invoices WHERE status = 'open'");
  const json scenario = {{"name", "X"}, {"steps", {{{"day_offset", 1}, {"channel", "email"}, {"template", "reminder_1"}}}}};
  const json preview = {{"customer_id", customer}, {"channel", "email"}, {"template_id", "reminder_1"}};
  struct Case {
    std::string who, method, path;
    json body;
  };
  const std::vector<Case> forbidden = {
      {"rep1", "POST", "/api/v1/scenarios", scenario},
      {"rep1", "PUT", "/api/v1/scenarios/1", scenario},
      {"rep1", "GET", "/api/v1/scenarios", nullptr},
      {"rep1", "GET", "/api/v1/templates", nullptr},
      {"rep1", "GET", "/api/v1/templates/reminder_1/fr/email", nullptr},
      {"rep1", "PUT", "/api/v1/templates/reminder_1/fr/email", {{"subject", "S"}, {"body_text", "T"}}},
      {"rep1", "POST", "/api/v1/templates/preview", preview},
      {"rep1", "GET", "/api/v1/outbox", nullptr},
      {"rep1", "POST", "/api/v1/outbox/" + Str(message) + "/cancel", json::object()},
      {"rep1", "GET", "/api/v1/dunning/calendar", nullptr},
      {"rep1", "POST", "/api/v1/customers/" + Str(customer) + "/reminders/pause", json::object()},
      {"rep1", "POST", "/api/v1/invoices/" + Str(invoice) + "/reminders/pause", json::object()},
      {"rep1", "POST", "/api/v1/customers/" + Str(customer) + "/portal-links/revoke", json::object()},
      {"collector", "POST", "/api/v1/scenarios", scenario},
      {"collector", "PUT", "/api/v1/templates/reminder_1/fr/email", {{"subject", "S"}, {"body_text", "T"}}},
      {"collector", "GET", "/api/v1/templates", nullptr},
      {"manager", "POST", "/api/v1/outbox/" + Str(message) + "/cancel", json::object()},
      {"manager", "POST", "/api/v1/customers/" + Str(customer) + "/reminders/pause", json::object()},
      {"manager", "PUT", "/api/v1/scenarios/1", scenario},
  };
  for (const auto& c : forbidden) {
    int status = 0;
    json r = c.method == "GET"    ? server_->Get(c.path, Token(c.who), &status)
             : c.method == "PUT" ? Put(c.path, c.body, Token(c.who), &status)
                                 : server_->Post(c.path, c.body, Token(c.who), &status);
    EXPECT_EQ(status, 403) << c.who << " " << c.method << " " << c.path << " " << r.dump();
  }
  EXPECT_EQ(Footprint(), before) << "a refused request changes nothing";
  // Without a sign-in: 401.
  int status = 0;
  server_->Get("/api/v1/outbox", "", &status);
  EXPECT_EQ(status, 401);
  // Readers may read.
  for (const char* who : {"collector", "manager", "admin"}) {
    server_->Get("/api/v1/scenarios", Token(who), &status);
    EXPECT_EQ(status, 200) << who;
    server_->Get("/api/v1/outbox?limit=1", Token(who), &status);
    EXPECT_EQ(status, 200) << who;
  }
}

TEST_F(DunningApiTest, ARepSeesTheHistoryOfTheirOwnCustomersOnly) {
  const int64_t mine = Count("SELECT min(r.customer_id) FROM reminders r JOIN customers c ON c.id = r.customer_id "
                             "WHERE c.rep_id = " + Str(rep1_));
  const int64_t theirs = Count("SELECT min(r.customer_id) FROM reminders r JOIN customers c ON c.id = r.customer_id "
                               "WHERE c.rep_id = " + Str(rep2_));
  ASSERT_GT(mine, 0);
  ASSERT_GT(theirs, 0);
  int status = 0;
  json own = server_->Get("/api/v1/customers/" + Str(mine) + "/reminders", Token("rep1"), &status);
  ASSERT_EQ(status, 200) << own.dump();
  EXPECT_EQ(own["items"].size(), static_cast<size_t>(Count("SELECT count(*) FROM reminders WHERE customer_id = " + Str(mine))));
  int s_other = 0, s_missing = 0;
  json other = server_->Get("/api/v1/customers/" + Str(theirs) + "/reminders", Token("rep1"), &s_other);
  json missing = server_->Get("/api/v1/customers/" + Str(missing_customer_) + "/reminders", Token("rep1"), &s_missing);
  EXPECT_EQ(s_other, 404) << other.dump();
  EXPECT_EQ(s_missing, 404);
  EXPECT_EQ(other, missing) << "the answer must not reveal that the customer exists";
  server_->Get("/api/v1/customers/" + Str(theirs) + "/reminders", Token("rep2"), &status);
  EXPECT_EQ(status, 200);
  server_->Get("/api/v1/customers/" + Str(theirs) + "/reminders", Token("collector"), &status);
  EXPECT_EQ(status, 200);
}

TEST_F(DunningApiTest, HistoryListsEachMessageWithItsInvoicesAndAttempts) {
  // A phone call handed over as a task: sent, one accepted attempt, its invoices.
  const int64_t message = Count("SELECT min(id) FROM reminders WHERE channel = 'phone_task' AND status = 'sent'");
  ASSERT_GT(message, 0);
  const int64_t customer = Count("SELECT customer_id FROM reminders WHERE id = " + Str(message));
  int status = 0;
  json r = server_->Get("/api/v1/customers/" + Str(customer) + "/reminders", Token("collector"), &status);
  ASSERT_EQ(status, 200) << r.dump();
  const json* found = nullptr;
  for (const auto& item : r["items"])
    if (item["id"] == message) found = &item;
  ASSERT_NE(found, nullptr) << r.dump();
  const json& m = *found;
  EXPECT_EQ(m["date"], kToday);
  EXPECT_EQ(m["channel"], "phone_task");
  EXPECT_EQ(m["kind"], "reminder");
  EXPECT_EQ(m["status"], "sent");
  EXPECT_EQ(m["attempts"], 1);
  EXPECT_EQ(m["recipient"], "collectors");
  EXPECT_FALSE(m["sent_at"].is_null());
  ASSERT_EQ(m["send_attempts"].size(), 1u);
  EXPECT_EQ(m["send_attempts"][0]["outcome"], "accepted");
  ASSERT_EQ(m["invoices"].size(),
            static_cast<size_t>(Count("SELECT count(*) FROM reminder_lines WHERE reminder_id = " + Str(message))));
  ASSERT_FALSE(m["invoices"].empty());
  const json& line = m["invoices"][0];
  EXPECT_EQ(line["number"], SqlText(Db(), "SELECT number FROM invoices WHERE id = " + Str(line["invoice_id"].get<int64_t>())));
  // Newest first, paged by cursor.
  json page = server_->Get("/api/v1/customers/" + Str(customer) + "/reminders?limit=1", Token("collector"), &status);
  ASSERT_EQ(status, 200);
  ASSERT_EQ(page["items"].size(), 1u);
  EXPECT_EQ(page["items"][0]["id"], Count("SELECT max(id) FROM reminders WHERE customer_id = " + Str(customer)));
}

TEST_F(DunningApiTest, ScenariosAreCreatedEditedAndRefusedWithTheStepNamed) {
  int status = 0;
  json list = server_->Get("/api/v1/scenarios", Token("collector"), &status);
  ASSERT_EQ(status, 200);
  ASSERT_GE(list["items"].size(), 3u);
  EXPECT_EQ(list["items"][0]["id"], 1);
  EXPECT_EQ(list["items"][0]["default_for"], "medium");
  EXPECT_EQ(list["items"][0]["shipped"], true);

  const json good = {{"name", "Export (clients étrangers)"},
                     {"steps",
                      {{{"day_offset", -10}, {"channel", "email"}, {"template", "preventive"}},
                       {{"day_offset", 3}, {"channel", "email"}, {"template", "reminder_1"}},
                       {{"day_offset", 20}, {"channel", "letter"}, {"template", "letter"}, {"attach_statement", true},
                        {"include_penalties", true}}}}};
  json created = server_->Post("/api/v1/scenarios", good, Token("admin"), &status);
  ASSERT_EQ(status, 201) << created.dump();
  const int64_t id = created["id"];
  EXPECT_GE(id, 100) << "clear of the built-in ids";
  EXPECT_EQ(created["steps"][2]["attach_statement"], true);
  EXPECT_EQ(Count("SELECT count(*) FROM scenarios WHERE id = " + Str(id)), 1);
  // The run reads what was stored: a customer on it gets its J+3 email.
  list = server_->Get("/api/v1/scenarios", Token("manager"), &status);
  bool listed = false;
  for (const auto& s : list["items"]) listed |= s["id"] == id && s["custom"] == true && s["steps"].size() == 3;
  EXPECT_TRUE(listed) << list.dump();

  // Refused with the step and the field named; nothing written.
  const int64_t before = Footprint();
  struct Bad {
    json steps;
    int status;
    std::string field;
  };
  const std::vector<Bad> bad = {
      {{{{"day_offset", 10}, {"channel", "email"}, {"template", "reminder_1"}},
        {{"day_offset", 5}, {"channel", "email"}, {"template", "reminder_2"}}},
       422, "steps[1].day_offset"},
      {{{{"day_offset", 500}, {"channel", "email"}, {"template", "reminder_1"}}}, 422, "steps[0].day_offset"},
      {{{{"day_offset", 1}, {"channel", "sms"}, {"template", "no_such_template"}}}, 422, "steps[0].template"},
      {{{{"day_offset", 1}, {"channel", "pigeon"}, {"template", "reminder_1"}}}, 400, "steps[0].channel"},
      {{{{"day_offset", "J+1"}, {"channel", "email"}, {"template", "reminder_1"}}}, 400, "steps[0].day_offset"},
      {{{{"day_offset", 1}, {"channel", "email"}, {"template", "reminder_1"}, {"colour", "red"}}}, 400, "steps[0].colour"},
      {json::array(), 422, "steps"},
  };
  for (const auto& b : bad) {
    json r = server_->Post("/api/v1/scenarios", {{"name", "Mauvais"}, {"steps", b.steps}}, Token("admin"), &status);
    EXPECT_EQ(status, b.status) << r.dump();
    EXPECT_EQ(r["error"]["field"], b.field) << r.dump();
    EXPECT_NE(r["error"]["message"].get<std::string>().find(b.field.substr(0, 5)), std::string::npos) << r.dump();
  }
  json r = Put("/api/v1/scenarios/" + Str(id), {{"name", ""}, {"steps", good["steps"]}}, Token("admin"), &status);
  EXPECT_EQ(status, 400);
  EXPECT_EQ(r["error"]["field"], "name");
  EXPECT_EQ(Footprint(), before);

  // Edit: the new one, and a built-in (stored over the shipped one).
  json edited = good;
  edited["name"] = "Export";
  r = Put("/api/v1/scenarios/" + Str(id), edited, Token("admin"), &status);
  ASSERT_EQ(status, 200) << r.dump();
  EXPECT_EQ(SqlText(Db(), "SELECT name FROM scenarios WHERE id = " + Str(id)), "Export");
  r = Put("/api/v1/scenarios/3", {{"name", "Ferme maison"}, {"steps", good["steps"]}}, Token("admin"), &status);
  ASSERT_EQ(status, 200) << r.dump();
  EXPECT_EQ(r["shipped"], true);
  EXPECT_EQ(r["custom"], true);
  EXPECT_EQ(SqlText(Db(), "SELECT name FROM scenarios WHERE id = 3"), "Ferme maison");
  // Put the firm scenario back as shipped for the other tests.
  SqlExec(Db(), "DELETE FROM scenarios WHERE id = 3");
  r = Put("/api/v1/scenarios/99999", good, Token("admin"), &status);
  EXPECT_EQ(status, 404) << r.dump();
}

TEST_F(DunningApiTest, ATemplateWithAnUnknownPlaceholderIsRefusedWithItsLine) {
  const std::string path = "/api/v1/templates/reminder_1/fr/email";
  const int64_t before = Footprint();
  int status = 0;
  json r = Put(path, {{"subject", "Relance {{company.name}}"}, {"body_text", "Bonjour,\n\nMerci de régler {{custommer.name}}."}},
               Token("admin"), &status);
  EXPECT_EQ(status, 422) << r.dump();
  EXPECT_EQ(r["error"]["field"], "body_text");
  const std::string message = r["error"]["message"];
  EXPECT_NE(message.find("{{custommer.name}}"), std::string::npos) << message;
  EXPECT_NE(message.find("line 3"), std::string::npos) << message;
  r = Put(path, {{"subject", "Relance {{compagny}}"}, {"body_text", "Bonjour"}}, Token("admin"), &status);
  EXPECT_EQ(status, 422);
  EXPECT_EQ(r["error"]["field"], "subject");
  r = Put(path, {{"subject", "Relance"}, {"body_text", "<p>ok</p>"}, {"body_html", "<p>{{ invoices }}</p>\n<p>{{oops</p>"}},
          Token("admin"), &status);
  EXPECT_EQ(status, 422);
  EXPECT_EQ(r["error"]["field"], "body_html");
  r = Put(path, {{"body_text", "Bonjour"}}, Token("admin"), &status);
  EXPECT_EQ(status, 400) << "an email needs a subject";
  EXPECT_EQ(r["error"]["field"], "subject");
  r = Put(path, {{"subject", "S"}, {"body", "Bonjour"}}, Token("admin"), &status);
  EXPECT_EQ(status, 400);
  EXPECT_EQ(r["error"]["field"], "body");
  r = Put("/api/v1/templates/reminder_1/de/email", {{"subject", "S"}, {"body_text", "T"}}, Token("admin"), &status);
  EXPECT_EQ(status, 400);
  EXPECT_EQ(r["error"]["field"], "language");
  EXPECT_EQ(Footprint(), before);

  // Saved, read back, listed, then deleted: the shipped text is back.
  json saved = Put(path, {{"subject", "{{company.name}} : rappel"}, {"body_text", "Bonjour {{customer.name}},\n{{invoices}}"}},
                   Token("admin"), &status);
  ASSERT_EQ(status, 200) << saved.dump();
  EXPECT_EQ(saved["custom"], true);
  EXPECT_EQ(saved["has_default"], true);
  json read = server_->Get(path, Token("admin"), &status);
  ASSERT_EQ(status, 200);
  EXPECT_EQ(read["body_text"], "Bonjour {{customer.name}},\n{{invoices}}");
  json list = server_->Get("/api/v1/templates", Token("admin"), &status);
  ASSERT_EQ(status, 200);
  int custom = 0;
  for (const auto& t : list["items"]) custom += t["custom"].get<bool>() ? 1 : 0;
  EXPECT_EQ(custom, Count("SELECT count(*) FROM templates"));
  server_->Delete(path, Token("admin"), &status);
  EXPECT_EQ(status, 204);
  read = server_->Get(path, Token("admin"), &status);
  ASSERT_EQ(status, 200);
  EXPECT_EQ(read["custom"], false);
  EXPECT_NE(read["body_text"].get<std::string>().find("restent impayées"), std::string::npos);
  server_->Delete(path, Token("admin"), &status);
  EXPECT_EQ(status, 404) << "nothing custom left to delete";
}

TEST_F(DunningApiTest, ThePreviewRendersTheCustomersNameAndAmountsAndMintsNoLink) {
  // A business customer with something overdue.
  const int64_t customer = Count(
      "SELECT min(c.id) FROM customers c JOIN invoices i ON i.customer_id = c.id WHERE c.business = 1 "
      "AND c.language = 'fr' AND i.status = 'open' AND i.due_date < '2026-11-24'");
  ASSERT_GT(customer, 0);
  const std::string name = SqlText(Db(), "SELECT name FROM customers WHERE id = " + Str(customer));
  int status = 0;
  json statement = server_->Get("/api/v1/customers/" + Str(customer) + "/statement", Token("collector"), &status);
  ASSERT_EQ(status, 200);
  const std::string total =
      FormatMoney({statement["totals"]["total_due_minor"].get<int64_t>(), *FindCurrency("EUR")}, Locale::kFr);
  const int64_t before = Footprint();

  json r = server_->Post("/api/v1/templates/preview",
                         {{"customer_id", customer},
                          {"channel", "email"},
                          {"subject", "Relance {{customer.name}}"},
                          {"body_text", "Bonjour {{customer.name}},\nvous nous devez {{total_due}}.\n{{invoices}}"},
                          {"body_html", "<p>{{customer.name}} : {{total_due}}</p>"}},
                         Token("collector"), &status);
  ASSERT_EQ(status, 200) << r.dump();
  EXPECT_EQ(r["source"], "unsaved");
  EXPECT_EQ(r["subject"], "Relance " + name);
  const std::string text = r["text"];
  EXPECT_NE(text.find("Bonjour " + name), std::string::npos) << text;
  EXPECT_NE(text.find("vous nous devez " + total), std::string::npos) << text << " / " << total;
  EXPECT_NE(r["html"].get<std::string>().find(total), std::string::npos);

  // A shipped template: the overdue invoices and the placeholder link, never a real token.
  r = server_->Post("/api/v1/templates/preview", {{"customer_id", customer}, {"channel", "email"}, {"template_id", "reminder_1"}},
                    Token("admin"), &status);
  ASSERT_EQ(status, 200) << r.dump();
  EXPECT_EQ(r["source"], "shipped");
  EXPECT_NE(r["text"].get<std::string>().find(total), std::string::npos);
  const std::string overdue = SqlText(Db(), "SELECT number FROM invoices WHERE customer_id = " + Str(customer) +
                                                " AND status = 'open' AND amount_minor > 0 AND due_date < '2026-11-24' ORDER BY due_date LIMIT 1");
  EXPECT_NE(r["text"].get<std::string>().find(overdue), std::string::npos);
  EXPECT_NE(r["portal_link"].get<std::string>().find("/p/APERCU-LIEN-PERSONNEL"), std::string::npos);
  // An SMS gets its segments.
  r = server_->Post("/api/v1/templates/preview",
                    {{"customer_id", customer}, {"channel", "sms"}, {"template_id", "sms_reminder"}, {"language", "en"}},
                    Token("manager"), &status);
  ASSERT_EQ(status, 200) << r.dump();
  EXPECT_EQ(r["language"], "en");
  EXPECT_GE(r["sms"]["parts"].get<int>(), 1);
  EXPECT_EQ(Footprint(), before) << "a preview writes nothing (no portal link, no message)";

  // Bad input: the field named.
  r = server_->Post("/api/v1/templates/preview",
                    {{"customer_id", customer}, {"channel", "email"}, {"subject", "S"}, {"body_text", "{{montant}}"}},
                    Token("collector"), &status);
  EXPECT_EQ(status, 422);
  EXPECT_EQ(r["error"]["field"], "body_text");
  r = server_->Post("/api/v1/templates/preview", {{"customer_id", customer}, {"channel", "email"}}, Token("collector"), &status);
  EXPECT_EQ(status, 400);
  r = server_->Post("/api/v1/templates/preview", {{"customer_id", missing_customer_}, {"channel", "email"}, {"template_id", "reminder_1"}},
                    Token("collector"), &status);
  EXPECT_EQ(status, 404);
}

TEST_F(DunningApiTest, OutboxRetryAndCancelFollowTheMessageStates) {
  int status = 0;
  json queued = server_->Get("/api/v1/outbox?status=queued&channel=email&limit=2", Token("collector"), &status);
  ASSERT_EQ(status, 200) << queued.dump();
  ASSERT_EQ(queued["items"].size(), 2u);
  for (const auto& m : queued["items"]) {
    EXPECT_EQ(m["status"], "queued");
    EXPECT_EQ(m["channel"], "email");
  }
  EXPECT_GT(queued["items"][0]["id"].get<int64_t>(), queued["items"][1]["id"].get<int64_t>()) << "newest first";
  const int64_t to_cancel = queued["items"][0]["id"];
  const int64_t to_fail = queued["items"][1]["id"];

  // Cancel a queued message; it cannot be cancelled twice nor retried.
  json r = server_->Post("/api/v1/outbox/" + Str(to_cancel) + "/cancel", json::object(), Token("collector"), &status);
  ASSERT_EQ(status, 200) << r.dump();
  EXPECT_EQ(r["status"], "cancelled");
  EXPECT_EQ(SqlText(Db(), "SELECT status FROM reminders WHERE id = " + Str(to_cancel)), "cancelled");
  server_->Post("/api/v1/outbox/" + Str(to_cancel) + "/cancel", json::object(), Token("collector"), &status);
  EXPECT_EQ(status, 409);
  server_->Post("/api/v1/outbox/" + Str(to_cancel) + "/retry", json::object(), Token("admin"), &status);
  EXPECT_EQ(status, 409);
  // A rerun the same day does not write it again, and it is never picked for sending.
  const int64_t messages = Count("SELECT count(*) FROM reminders");
  std::string out;
  ASSERT_EQ(RunEncaisse({"dunning", "run", "--db", Db(), "--date", kToday}, "", &out), 0) << out;
  EXPECT_EQ(Count("SELECT count(*) FROM reminders"), messages) << out;
  EXPECT_EQ(SqlText(Db(), "SELECT status FROM reminders WHERE id = " + Str(to_cancel)), "cancelled");

  // A sent message cannot be cancelled (409), nor retried.
  const int64_t sent = Count("SELECT min(id) FROM reminders WHERE status = 'sent'");
  r = server_->Post("/api/v1/outbox/" + Str(sent) + "/cancel", json::object(), Token("collector"), &status);
  EXPECT_EQ(status, 409) << r.dump();
  EXPECT_NE(r["error"]["message"].get<std::string>().find("already sent"), std::string::npos);
  server_->Post("/api/v1/outbox/" + Str(sent) + "/retry", json::object(), Token("collector"), &status);
  EXPECT_EQ(status, 409);
  EXPECT_EQ(SqlText(Db(), "SELECT status FROM reminders WHERE id = " + Str(sent)), "sent");

  // A message out of attempts is parked; a retry queues it now with its attempts reset.
  SqlExec(Db(), "UPDATE reminders SET status = 'failed', attempts = 8, last_error = '550 mailbox unavailable', "
                "next_attempt_at = '2026-11-24T09:00:00Z' WHERE id = " + Str(to_fail));
  json parked = server_->Get("/api/v1/outbox?status=parked", Token("manager"), &status);
  ASSERT_EQ(status, 200);
  ASSERT_EQ(parked["items"].size(), 1u) << parked.dump();
  EXPECT_EQ(parked["items"][0]["id"], to_fail);
  EXPECT_EQ(parked["items"][0]["parked"], true);
  EXPECT_EQ(parked["items"][0]["last_error"], "550 mailbox unavailable");
  r = server_->Post("/api/v1/outbox/" + Str(to_fail) + "/retry", json::object(), Token("collector"), &status);
  ASSERT_EQ(status, 200) << r.dump();
  EXPECT_EQ(r["status"], "queued");
  EXPECT_EQ(r["attempts"], 0);
  EXPECT_EQ(r["parked"], false);
  EXPECT_EQ(Count("SELECT count(*) FROM reminders WHERE id = " + Str(to_fail) +
                  " AND status = 'queued' AND attempts = 0 AND next_attempt_at <= strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"),
            1)
      << "due now: the worker's next pass picks it";
  server_->Post("/api/v1/outbox/" + Str(to_fail) + "/retry", json::object(), Token("collector"), &status);
  EXPECT_EQ(status, 409) << "already queued";
  server_->Post("/api/v1/outbox/999999999/retry", json::object(), Token("collector"), &status);
  EXPECT_EQ(status, 404);
  // Bad filters are named.
  r = server_->Get("/api/v1/outbox?status=lost", Token("collector"), &status);
  EXPECT_EQ(status, 400);
  EXPECT_EQ(r["error"]["field"], "status");
  r = server_->Get("/api/v1/outbox?date=24/11/2026", Token("collector"), &status);
  EXPECT_EQ(status, 400);
  EXPECT_EQ(r["error"]["field"], "date");
}

TEST_F(DunningApiTest, TheCalendarIsTheDryRunAndWritesNothing) {
  const int64_t before = Footprint();
  int status = 0;
  json r = server_->Get("/api/v1/dunning/calendar?date=2026-11-25", Token("collector"), &status);
  ASSERT_EQ(status, 200) << r.dump();
  EXPECT_EQ(r["date"], "2026-11-25");
  EXPECT_EQ(Footprint(), before) << "no reminder, line, task or change written";
  const auto [messages, lines] = DryRunTotals(Db(), "2026-11-25");
  EXPECT_EQ(r["messages"], messages) << "the same calendar as `encaisse dunning run --dry-run`";
  EXPECT_EQ(r["invoice_lines"], lines);
  EXPECT_EQ(r["items"].size(), static_cast<size_t>(messages));
  for (const auto& item : r["items"]) {
    EXPECT_FALSE(item["customer"]["name"].get<std::string>().empty());
    EXPECT_FALSE(item["template_id"].get<std::string>().empty());
  }
  // Filtered by channel; bad dates named.
  json email = server_->Get("/api/v1/dunning/calendar?date=2026-11-25&channel=email", Token("manager"), &status);
  ASSERT_EQ(status, 200);
  for (const auto& item : email["items"]) EXPECT_EQ(item["channel"], "email");
  for (const char* bad : {"2026-11-23", "2026-13-01", "2028-01-01"}) {
    r = server_->Get(std::string("/api/v1/dunning/calendar?date=") + bad, Token("collector"), &status);
    EXPECT_EQ(status, 400) << bad;
    EXPECT_EQ(r["error"]["field"], "date");
  }
  EXPECT_EQ(Footprint(), before);
}

TEST_F(DunningApiTest, AnInvoicePauseIsSkippedByTheRunAndResumeBringsItBack) {
  // A day on which some invoice is reminded alone in its message.
  std::string day;
  int64_t invoice = 0;
  int invoice_lines = 0;
  int status = 0;
  for (int d = 25; d <= 30 && !invoice; ++d) {
    day = "2026-11-" + std::to_string(d);
    json cal = server_->Get("/api/v1/dunning/calendar?date=" + day, Token("collector"), &status);
    ASSERT_EQ(status, 200);
    for (const auto& item : cal["items"])
      if (item["invoices"].size() == 1) {
        invoice = item["invoices"][0]["invoice_id"];
        break;
      }
    if (invoice)
      for (const auto& item : cal["items"])
        for (const auto& l : item["invoices"]) invoice_lines += l["invoice_id"] == invoice ? 1 : 0;
  }
  ASSERT_GT(invoice, 0) << "no invoice reminded alone in the next days";
  const auto [messages, lines] = DryRunTotals(Db(), day);

  json r = server_->Post("/api/v1/invoices/" + Str(invoice) + "/reminders/pause", {{"until", day}}, Token("collector"), &status);
  ASSERT_EQ(status, 200) << r.dump();
  EXPECT_EQ(r["reminders_paused_until"], day);
  EXPECT_EQ(SqlText(Db(), "SELECT reminders_paused_until FROM invoices WHERE id = " + Str(invoice)), day);
  const auto paused = DryRunTotals(Db(), day);
  EXPECT_EQ(paused.second, lines - invoice_lines) << "the paused invoice is left out";
  EXPECT_LT(paused.first, messages);
  json cal = server_->Get("/api/v1/dunning/calendar?date=" + day, Token("collector"), &status);
  for (const auto& item : cal["items"])
    for (const auto& l : item["invoices"]) EXPECT_NE(l["invoice_id"], invoice);

  r = server_->Post("/api/v1/invoices/" + Str(invoice) + "/reminders/resume", json::object(), Token("admin"), &status);
  ASSERT_EQ(status, 200) << r.dump();
  EXPECT_TRUE(r["reminders_paused_until"].is_null());
  EXPECT_EQ(DryRunTotals(Db(), day), std::make_pair(messages, lines)) << "back in the run";

  // Refused pauses change nothing.
  const int64_t before = Footprint();
  r = server_->Post("/api/v1/invoices/" + Str(invoice) + "/reminders/pause", {{"until", "2026-11-01"}}, Token("collector"), &status);
  EXPECT_EQ(status, 400);
  EXPECT_EQ(r["error"]["field"], "until");
  r = server_->Post("/api/v1/invoices/" + Str(invoice) + "/reminders/pause", {{"until", "soon"}}, Token("collector"), &status);
  EXPECT_EQ(status, 400);
  EXPECT_EQ(r["error"]["field"], "until");
  const int64_t paid = Count("SELECT min(id) FROM invoices WHERE status = 'paid'");
  server_->Post("/api/v1/invoices/" + Str(paid) + "/reminders/pause", json::object(), Token("collector"), &status);
  EXPECT_EQ(status, 409);
  server_->Post("/api/v1/invoices/999999999/reminders/pause", json::object(), Token("collector"), &status);
  EXPECT_EQ(status, 404);
  EXPECT_EQ(Footprint(), before);
  EXPECT_TRUE(SqlText(Db(), "SELECT coalesce(reminders_paused_until, '') FROM invoices WHERE id = " + Str(paid)).empty());
}

TEST_F(DunningApiTest, ACustomerPauseHoldsEveryReminderOfTheCustomer) {
  json cal;
  int status = 0;
  int64_t customer = 0;
  std::string day;
  for (int d = 25; d <= 30 && !customer; ++d) {
    day = "2026-11-" + std::to_string(d);
    cal = server_->Get("/api/v1/dunning/calendar?date=" + day, Token("collector"), &status);
    ASSERT_EQ(status, 200);
    if (!cal["items"].empty()) customer = cal["items"].back()["customer"]["id"];
  }
  ASSERT_GT(customer, 0);
  json r = server_->Post("/api/v1/customers/" + Str(customer) + "/reminders/pause", json::object(), Token("collector"), &status);
  ASSERT_EQ(status, 200) << r.dump();
  EXPECT_EQ(r["reminders_paused_until"], "2026-12-24") << "30 days without a date";
  cal = server_->Get("/api/v1/dunning/calendar?date=" + day + "&customer_id=" + Str(customer), Token("collector"), &status);
  ASSERT_EQ(status, 200);
  EXPECT_TRUE(cal["items"].empty()) << cal.dump();
  json detail = server_->Get("/api/v1/customers/" + Str(customer), Token("collector"), &status);
  EXPECT_EQ(detail["reminders_paused_until"], "2026-12-24");
  r = server_->Post("/api/v1/customers/" + Str(customer) + "/reminders/resume", json::object(), Token("collector"), &status);
  ASSERT_EQ(status, 200);
  cal = server_->Get("/api/v1/dunning/calendar?date=" + day + "&customer_id=" + Str(customer), Token("collector"), &status);
  EXPECT_FALSE(cal["items"].empty());
  server_->Post("/api/v1/customers/" + Str(customer) + "/reminders/pause", {{"until", "2028-01-01"}}, Token("collector"), &status);
  EXPECT_EQ(status, 400) << "at most a year";
  EXPECT_TRUE(SqlText(Db(), "SELECT coalesce(reminders_paused_until, '') FROM customers WHERE id = " + Str(customer)).empty());
}

TEST_F(DunningApiTest, ThePhoneOutcomeFormClosesTasksWithWhatTheCallGave) {
  // Open calls on two of rep1's customers and one of rep2's, on a day the run left free.
  const int64_t c1 = Count("SELECT min(id) FROM customers WHERE rep_id = " + Str(rep1_));
  const int64_t c2 = Count("SELECT max(id) FROM customers WHERE rep_id = " + Str(rep1_));
  const int64_t c3 = Count("SELECT min(id) FROM customers WHERE rep_id = " + Str(rep2_));
  ASSERT_NE(c1, c2);
  for (int64_t c : {c1, c2, c3})
    SqlExec(Db(), "INSERT INTO tasks (customer_id, kind, due_date, status, created_at) VALUES (" + Str(c) +
                      ", 'phone_call', '2026-11-20', 'open', '2026-11-20T08:00:00Z')");
  auto task_of = [](int64_t c) {
    return Count("SELECT id FROM tasks WHERE due_date = '2026-11-20' AND kind = 'phone_call' AND customer_id = " + Str(c));
  };
  const int64_t t1 = task_of(c1), t2 = task_of(c2), t3 = task_of(c3);
  const std::string outcome = "/outcome";

  // The worklist: a rep sees their customers' tasks only.
  int status = 0;
  json list = server_->Get("/api/v1/tasks?kind=phone_call&due_to=2026-11-20", Token("rep1"), &status);
  ASSERT_EQ(status, 200) << list.dump();
  std::set<int64_t> seen;
  for (const auto& t : list["items"]) seen.insert(t["id"].get<int64_t>());
  EXPECT_TRUE(seen.count(t1) && seen.count(t2));
  EXPECT_FALSE(seen.count(t3)) << "another rep's customer";
  list = server_->Get("/api/v1/tasks?kind=phone_call&due_to=2026-11-20&limit=1", Token("collector"), &status);
  ASSERT_EQ(status, 200);
  ASSERT_EQ(list["items"].size(), 1u);
  ASSERT_FALSE(list["next_cursor"].is_null());
  json next = server_->Get("/api/v1/tasks?kind=phone_call&due_to=2026-11-20&limit=1&cursor=" +
                               list["next_cursor"].get<std::string>(),
                           Token("collector"), &status);
  ASSERT_EQ(status, 200);
  EXPECT_NE(next["items"][0]["id"], list["items"][0]["id"]);
  server_->Get("/api/v1/tasks?status=lost", Token("collector"), &status);
  EXPECT_EQ(status, 400);

  // Refusals change nothing, the task stays open.
  const int64_t before = Footprint();
  struct Bad {
    json body;
    std::string field;
  };
  const int64_t other_invoice = Count("SELECT min(id) FROM invoices WHERE customer_id = " + Str(c3));
  const std::vector<Bad> bad = {
      {{{"outcome", "promise"}}, "promise"},
      {{{"outcome", "promise"}, {"promise", {{"date", "2026-11-01"}, {"amount_minor", 5000}}}}, "promise.date"},
      {{{"outcome", "promise"}, {"promise", {{"date", "2026-12-01"}, {"amount_minor", 0}}}}, "promise.amount_minor"},
      {{{"outcome", "no_answer"}}, "next_try"},
      {{{"outcome", "no_answer"}, {"next_try", "2026-11-24"}}, "next_try"},
      {{{"outcome", "reached"}, {"next_try", "2026-11-30"}}, "next_try"},
      {{{"outcome", "dispute"}, {"dispute", {{"invoice_id", other_invoice}, {"reason", "prix"}}}}, "dispute.invoice_id"},
      {{{"outcome", "voicemail"}}, "outcome"},
  };
  for (const auto& b : bad) {
    json r = server_->Post("/api/v1/tasks/" + Str(t1) + outcome, b.body, Token("collector"), &status);
    EXPECT_EQ(status, 400) << b.body.dump() << " " << r.dump();
    EXPECT_EQ(r["error"]["field"], b.field) << r.dump();
  }
  EXPECT_EQ(Footprint(), before);
  EXPECT_EQ(SqlText(Db(), "SELECT status FROM tasks WHERE id = " + Str(t1)), "open");
  // Another rep's customer's task reads as missing.
  int s_other = 0, s_missing = 0;
  json other = server_->Post("/api/v1/tasks/" + Str(t3) + outcome, {{"outcome", "reached"}}, Token("rep1"), &s_other);
  json missing = server_->Post("/api/v1/tasks/999999999" + outcome, {{"outcome", "reached"}}, Token("rep1"), &s_missing);
  EXPECT_EQ(s_other, 404);
  EXPECT_EQ(other, missing);

  // A promise: the promise row, the note, the task done; replayed once with its key.
  const httplib::Headers key = {{"Idempotency-Key", "call-" + Str(t1)}};
  const json promise = {{"outcome", "promise"},
                        {"note", "Virement annoncé par la comptable"},
                        {"promise", {{"date", "2026-12-01"}, {"amount_minor", 123456}}}};
  json r = server_->Post("/api/v1/tasks/" + Str(t1) + outcome, promise, Token("collector"), &status, key);
  ASSERT_EQ(status, 200) << r.dump();
  EXPECT_EQ(r["task"]["status"], "done");
  EXPECT_EQ(r["task"]["outcome"], "promise");
  EXPECT_EQ(r["promise"]["status"], "pending");
  const int64_t collector = Count("SELECT id FROM users WHERE email = 'collector@demo.test'");
  EXPECT_EQ(Count("SELECT count(*) FROM promises WHERE customer_id = " + Str(c1) + " AND promised_date = '2026-12-01' "
                  "AND amount_minor = 123456 AND status = 'pending' AND author_id = " + Str(collector)),
            1);
  EXPECT_EQ(Count("SELECT count(*) FROM notes WHERE customer_id = " + Str(c1) + " AND text = 'Virement annoncé par la comptable'"),
            1);
  json again = server_->Post("/api/v1/tasks/" + Str(t1) + outcome, promise, Token("collector"), &status, key);
  EXPECT_EQ(status, 200);
  EXPECT_EQ(again, r) << "the same key replays the first answer";
  EXPECT_EQ(Count("SELECT count(*) FROM promises WHERE amount_minor = 123456"), 1);
  server_->Post("/api/v1/tasks/" + Str(t1) + outcome, {{"outcome", "reached"}}, Token("collector"), &status);
  EXPECT_EQ(status, 409) << "already done";

  // No answer: the same task, open, moved to the next try.
  r = server_->Post("/api/v1/tasks/" + Str(t2) + outcome, {{"outcome", "no_answer"}, {"next_try", "2026-11-26"}}, Token("rep1"),
                    &status);
  ASSERT_EQ(status, 200) << r.dump();
  EXPECT_EQ(r["task"]["status"], "open");
  EXPECT_EQ(r["task"]["due_date"], "2026-11-26");
  EXPECT_EQ(r["next_task_id"], t2);
  // A dispute on one of the customer's invoices.
  const int64_t invoice = Count("SELECT min(i.id) FROM invoices i WHERE i.customer_id = " + Str(c2) +
                                " AND i.status = 'open' AND i.amount_minor > 0 AND NOT EXISTS "
                                "(SELECT 1 FROM disputes d WHERE d.invoice_id = i.id AND d.status = 'open')");
  ASSERT_GT(invoice, 0);
  r = server_->Post("/api/v1/tasks/" + Str(t2) + outcome,
                    {{"outcome", "dispute"}, {"dispute", {{"invoice_id", invoice}, {"reason", "Livraison incomplète"}}}},
                    Token("rep1"), &status);
  ASSERT_EQ(status, 200) << r.dump();
  EXPECT_EQ(r["task"]["status"], "done");
  EXPECT_EQ(Count("SELECT count(*) FROM disputes WHERE invoice_id = " + Str(invoice) +
                  " AND status = 'open' AND reason = 'Livraison incomplète'"),
            1);
}

TEST_F(DunningApiTest, ACallTaskShowsWhoToCallWhatIsOwedAndTheScript) {
  // A phone call the run made today (J+15 of the standard scenario).
  const int64_t task = Count("SELECT min(id) FROM tasks WHERE kind = 'phone_call' AND status = 'open' AND reminder_id IS NOT NULL");
  ASSERT_GT(task, 0);
  const int64_t customer = Count("SELECT customer_id FROM tasks WHERE id = " + Str(task));
  int status = 0;
  json statement = server_->Get("/api/v1/customers/" + Str(customer) + "/statement", Token("collector"), &status);
  ASSERT_EQ(status, 200);
  json r = server_->Get("/api/v1/tasks/" + Str(task), Token("collector"), &status);
  ASSERT_EQ(status, 200) << r.dump();
  EXPECT_EQ(r["task"]["id"], task);
  EXPECT_EQ(r["customer"]["phone"], SqlText(Db(), "SELECT phone FROM customers WHERE id = " + Str(customer)));
  EXPECT_EQ(r["account"]["total_due_minor"], statement["totals"]["total_due_minor"]) << "the statement's figures";
  ASSERT_FALSE(r["account"]["invoices"].empty());
  const std::string name = SqlText(Db(), "SELECT name FROM customers WHERE id = " + Str(customer));
  const std::string total =
      FormatMoney({statement["totals"]["total_due_minor"].get<int64_t>(), *FindCurrency("EUR")}, Locale::kFr);
  EXPECT_EQ(r["script"]["title"], "Appeler " + name);
  const std::string script = r["script"]["text"];
  EXPECT_NE(script.find("Total dû : " + total), std::string::npos) << script;
  EXPECT_NE(script.find(r["account"]["invoices"][0]["number"].get<std::string>()), std::string::npos) << script;
  EXPECT_EQ(script.find("/p/"), std::string::npos) << "no personal link is read out on the phone";
  // A rep reaches their own customers' tasks only; out of scope reads as missing.
  const int64_t rep = Count("SELECT rep_id FROM customers WHERE id = " + Str(customer));
  const std::string other = rep == rep1_ ? "rep2" : "rep1";
  int s_other = 0, s_missing = 0;
  json hidden = server_->Get("/api/v1/tasks/" + Str(task), Token(other), &s_other);
  json missing = server_->Get("/api/v1/tasks/999999999", Token(other), &s_missing);
  EXPECT_EQ(s_other, 404);
  EXPECT_EQ(hidden, missing);
}

TEST_F(DunningApiTest, RevokingTheLinksMakesThePortalAnswer404) {
  const int64_t customer = Count("SELECT max(id) FROM customers");
  std::string token;
  {
    auto store = Store::Open(Db(), OpenOptions{.create = false});
    ASSERT_TRUE(store.ok());
    auto link = MintPortalLink(store->db(), customer, std::nullopt, "http://127.0.0.1", *Date::ParseIso(kToday), 60,
                               "2026-11-24T08:00:00Z");
    ASSERT_TRUE(link.ok());
    token = link->token;
  }
  auto c = server_->Client();
  auto page = c.Get(("/p/" + token).c_str());
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 303) << "the link opens a portal session";
  int status = 0;
  json r = server_->Post("/api/v1/customers/" + Str(customer) + "/portal-links/revoke", json::object(), Token("collector"),
                         &status);
  ASSERT_EQ(status, 200) << r.dump();
  EXPECT_GE(r["revoked"].get<int>(), 1);
  page = c.Get(("/p/" + token).c_str());
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 404);
  EXPECT_NE(page->body.find("n'est plus valide"), std::string::npos);
  server_->Post("/api/v1/customers/" + Str(missing_customer_) + "/portal-links/revoke", json::object(), Token("collector"),
                &status);
  EXPECT_EQ(status, 404);
}

}  // namespace
}  // namespace encaisse::testing
