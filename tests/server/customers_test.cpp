// The customer routes against the real server: list (scope, pagination, sorts, filters),
// detail with its timeline, PATCH (roles, every field checked), and the statement's figures.
// The demo database is extended, before the server starts, with a few customers whose figures
// are exact.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "tests/server/account_seed.h"

namespace encaisse::testing {
namespace {

struct Fixture {
  Id rep1 = 0, rep2 = 0, collector = 0;
  Id statement_customer = 0, statement_invoice = 0;
  Id timeline_customer = 0, timeline_invoice = 0;
  Id patch_customer = 0;
  Id rep2_customer = 0;  // a demo customer of rep2
};

Fixture BuildFixture(const std::string& path) {
  Fixture f;
  Seed seed(path);
  f.rep1 = seed.UserId("rep1@demo.test");
  f.rep2 = seed.UserId("rep2@demo.test");
  f.collector = seed.UserId("collector@demo.test");
  // The legal rate of the second half of 2026 is not published in the built-in tables yet: a
  // test value, so that contract rates can be checked on the server's "today" (2026-11-24).
  RateTables rates = RateTables::FrenchDefaults();
  rates.legal_professional.push_back({D("2026-07-01"), 262});
  EXPECT_TRUE(seed.store().SaveRates(rates).ok());

  // 10 000,00 due 2026-01-31; 4 000,00 paid 2026-02-10, the rest 2026-03-02.
  f.statement_customer = seed.AddCustomer("T-STMT", "Zèbre Statement Test SARL", f.rep1);
  f.statement_invoice = seed.AddInvoice(f.statement_customer, "FA-T-0001", "2026-01-01", "2026-01-31", 1000000);
  seed.Pay(f.statement_customer, "2026-02-10", 400000, f.statement_invoice);
  seed.Pay(f.statement_customer, "2026-03-02", 600000, f.statement_invoice);

  // One event of each kind, on distinct days.
  f.timeline_customer = seed.AddCustomer("T-TIME", "Zèbre Timeline Test SAS", f.rep1);
  f.timeline_invoice = seed.AddInvoice(f.timeline_customer, "FA-T-0002", "2026-09-01", "2026-10-01", 250000);
  seed.Pay(f.timeline_customer, "2026-10-15", 50000, f.timeline_invoice);
  seed.Insert("INSERT INTO notes (customer_id, author_id, date, text) VALUES (?, ?, ?, ?)",
              {f.timeline_customer, f.rep1, std::string("2026-11-20"), std::string("Appelé le comptable")});
  seed.Insert("INSERT INTO visits (customer_id, rep_id, planned, outcome) VALUES (?, ?, ?, ?)",
              {f.timeline_customer, f.rep1, std::string("2026-11-18"), std::string("Rencontré le gérant")});
  seed.Insert("INSERT INTO promises (customer_id, author_id, promised_date, amount_minor, status, created) VALUES (?, ?, ?, ?, 'pending', ?)",
              {f.timeline_customer, f.rep1, std::string("2026-11-30"), int64_t{100000}, std::string("2026-11-10")});
  const Id plan = seed.Insert(
      "INSERT INTO payment_plans (customer_id, status, frequency, total_minor, currency, created) VALUES (?, 'pending', 'monthly', ?, 'EUR', ?)",
      {f.timeline_customer, int64_t{200000}, std::string("2026-11-01")});
  seed.Insert("INSERT INTO plan_invoices (plan_id, invoice_id) VALUES (?, ?)", {plan, f.timeline_invoice});
  seed.Insert("INSERT INTO installments (plan_id, seq, due_date, amount_minor) VALUES (?, 1, '2026-12-05', 100000)", {plan});
  seed.Insert("INSERT INTO installments (plan_id, seq, due_date, amount_minor) VALUES (?, 2, '2027-01-05', 100000)", {plan});
  seed.Insert("INSERT INTO reminders (customer_id, date, channel, template_id, step, status) "
              "VALUES (?, '2026-10-08', 'email', 'reminder_1', 1, 'sent')",
              {f.timeline_customer});
  seed.OpenDispute(f.timeline_customer, f.timeline_invoice, "2026-10-05");

  f.patch_customer = seed.AddCustomer("T-PATCH", "Zèbre Patch Test SA", f.rep1);
  auto st = seed.store().db().Prepare("SELECT min(id) FROM customers WHERE rep_id = ?");
  st->Bind(1, f.rep2);
  EXPECT_TRUE(st->Step().value());
  f.rep2_customer = st->Int(0);
  EXPECT_GT(f.rep2_customer, 0);
  return f;
}

class CustomersApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const std::string db = DemoDatabaseCopy();
    fx_ = BuildFixture(db);
    server_ = new ServerProcess(db);
    admin_ = server_->Login("admin@demo.test");
    manager_ = server_->Login("manager@demo.test");
    collector_ = server_->Login("collector@demo.test");
    rep1_ = server_->Login("rep1@demo.test");
    rep2_ = server_->Login("rep2@demo.test");
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  static std::string Path(Id customer, const std::string& suffix = "") {
    return "/api/v1/customers/" + std::to_string(customer) + suffix;
  }

  static std::vector<json> Walk(const std::string& base, const std::string& token, int* pages = nullptr) {
    return WalkList(*server_, base, token, pages);
  }

  static Fixture fx_;
  static ServerProcess* server_;
  static std::string admin_, manager_, collector_, rep1_, rep2_;
};
Fixture CustomersApiTest::fx_;
ServerProcess* CustomersApiTest::server_ = nullptr;
std::string CustomersApiTest::admin_, CustomersApiTest::manager_, CustomersApiTest::collector_, CustomersApiTest::rep1_,
    CustomersApiTest::rep2_;

TEST_F(CustomersApiTest, EveryRouteWantsASignedInUser) {
  int status = 0;
  for (const std::string& path : {std::string("/api/v1/customers"), Path(fx_.statement_customer),
                                  Path(fx_.statement_customer, "/statement")}) {
    json r = server_->Get(path, "", &status);
    EXPECT_EQ(status, 401) << path;
    EXPECT_EQ(r["error"]["code"], "unauthenticated") << path;
  }
  server_->Patch(Path(fx_.patch_customer), {{"risk", "high"}}, "", &status);
  EXPECT_EQ(status, 401);
}

TEST_F(CustomersApiTest, TheListWalksEveryCustomerOnceInNameOrder) {
  int pages = 0;
  auto all = Walk("/api/v1/customers?limit=7", manager_, &pages);
  const auto expected = SqlColumn(server_->db(), "SELECT id FROM customers ORDER BY name, id");
  ASSERT_EQ(all.size(), expected.size());
  EXPECT_EQ(static_cast<size_t>(pages), (expected.size() + 6) / 7);
  std::set<Id> seen;
  for (size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(all[i]["id"].get<Id>(), expected[i]) << "position " << i;
    seen.insert(all[i]["id"].get<Id>());
  }
  EXPECT_EQ(seen.size(), all.size());
  // The item carries what the list shows.
  const json& first = all.front();
  for (const char* field : {"id", "external_id", "name", "email", "phone", "risk", "rep", "payment_terms_days", "balance_minor",
                            "overdue_minor", "max_days_late", "open_invoices", "currency"})
    EXPECT_TRUE(first.contains(field)) << field;
  EXPECT_EQ(first["currency"], "EUR");
  // Descending name order is the exact reverse.
  auto desc = Walk("/api/v1/customers?sort=-name&limit=11", collector_);
  ASSERT_EQ(desc.size(), expected.size());
  for (size_t i = 0; i < desc.size(); ++i) EXPECT_EQ(desc[i]["id"].get<Id>(), expected[expected.size() - 1 - i]);
}

TEST_F(CustomersApiTest, ARepListsOnlyTheirOwnCustomers) {
  auto mine = Walk("/api/v1/customers?limit=4", rep1_);
  const int64_t count = SqlInt(server_->db(), "SELECT count(*) FROM customers WHERE rep_id = ?", {fx_.rep1});
  ASSERT_GT(count, 0);
  EXPECT_EQ(static_cast<int64_t>(mine.size()), count);
  for (const auto& item : mine) EXPECT_EQ(item["rep"]["id"].get<Id>(), fx_.rep1) << item.dump();
  // Asking for another rep's customers does not widen the scope.
  int status = 0;
  json other = server_->Get("/api/v1/customers?rep=" + std::to_string(fx_.rep2), rep1_, &status);
  EXPECT_EQ(status, 200);
  EXPECT_TRUE(other["items"].empty());
  EXPECT_TRUE(other["next_cursor"].is_null());
  // A manager filtering by rep gets exactly that rep's customers.
  auto rep2_list = Walk("/api/v1/customers?rep=" + std::to_string(fx_.rep2), manager_);
  EXPECT_EQ(static_cast<int64_t>(rep2_list.size()), SqlInt(server_->db(), "SELECT count(*) FROM customers WHERE rep_id = ?", {fx_.rep2}));
  for (const auto& item : rep2_list) EXPECT_EQ(item["rep"]["id"].get<Id>(), fx_.rep2);
}

TEST_F(CustomersApiTest, ARepAskingForAnotherRepsCustomerLearnsNothing) {
  auto c = server_->Client();
  httplib::Headers auth = {{"Authorization", "Bearer " + rep1_}};
  for (const std::string& suffix : {std::string(""), std::string("/statement"), std::string("/statement?date=2026-01-01")}) {
    auto other = c.Get(Path(fx_.rep2_customer, suffix).c_str(), auth);
    auto missing = c.Get(Path(987654321, suffix).c_str(), auth);
    ASSERT_TRUE(other && missing);
    EXPECT_EQ(other->status, 404) << suffix;
    EXPECT_EQ(missing->status, 404) << suffix;
    EXPECT_EQ(other->body, missing->body) << "the answer must not tell that the customer exists";
    EXPECT_EQ(other->body.find(std::to_string(fx_.rep2_customer)), std::string::npos);
  }
  // It does exist: its own rep and a manager see it.
  int status = 0;
  server_->Get(Path(fx_.rep2_customer), rep2_, &status);
  EXPECT_EQ(status, 200);
  server_->Get(Path(fx_.rep2_customer), manager_, &status);
  EXPECT_EQ(status, 200);
  server_->Get(Path(fx_.timeline_customer), rep2_, &status);
  EXPECT_EQ(status, 404);
}

TEST_F(CustomersApiTest, AmountSortsFollowTheOpenInvoices) {
  struct Case {
    const char* sort;
    const char* field;
    bool desc;
    const char* sql;  // the figure of one customer, computed independently
  };
  const Case cases[] = {
      {"-overdue", "overdue_minor", true,
       "SELECT coalesce(sum(open_minor), 0) FROM invoices WHERE customer_id = ? AND status = 'open' AND open_minor > 0 AND due_date < '2026-11-24'"},
      {"overdue", "overdue_minor", false,
       "SELECT coalesce(sum(open_minor), 0) FROM invoices WHERE customer_id = ? AND status = 'open' AND open_minor > 0 AND due_date < '2026-11-24'"},
      {"-balance", "balance_minor", true,
       "SELECT coalesce(sum(open_minor), 0) FROM invoices WHERE customer_id = ? AND status = 'open' AND open_minor > 0"},
      {"balance", "balance_minor", false,
       "SELECT coalesce(sum(open_minor), 0) FROM invoices WHERE customer_id = ? AND status = 'open' AND open_minor > 0"},
  };
  const int64_t total = SqlInt(server_->db(), "SELECT count(*) FROM customers");
  for (const Case& k : cases) {
    SCOPED_TRACE(k.sort);
    auto all = Walk(std::string("/api/v1/customers?limit=6&sort=") + k.sort, manager_);
    ASSERT_EQ(static_cast<int64_t>(all.size()), total);
    std::set<Id> ids;
    for (size_t i = 0; i < all.size(); ++i) {
      const Id id = all[i]["id"].get<Id>();
      ids.insert(id);
      EXPECT_EQ(all[i][k.field].get<int64_t>(), SqlInt(server_->db(), k.sql, {id})) << id;
      if (i == 0) continue;
      const auto prev = std::make_pair(all[i - 1][k.field].get<int64_t>(), all[i - 1]["id"].get<Id>());
      const auto cur = std::make_pair(all[i][k.field].get<int64_t>(), id);
      if (k.desc) EXPECT_GT(prev, cur);
      else EXPECT_LT(prev, cur);
    }
    EXPECT_EQ(static_cast<int64_t>(ids.size()), total);
  }
  auto ext = Walk("/api/v1/customers?sort=external_id&limit=9", manager_);
  for (size_t i = 1; i < ext.size(); ++i) EXPECT_LT(ext[i - 1]["external_id"], ext[i]["external_id"]);
}

TEST_F(CustomersApiTest, FiltersMatchTheDatabase) {
  auto high = Walk("/api/v1/customers?risk=high&limit=5", manager_);
  EXPECT_EQ(static_cast<int64_t>(high.size()), SqlInt(server_->db(), "SELECT count(*) FROM customers WHERE risk = 'high'"));
  for (const auto& item : high) EXPECT_EQ(item["risk"], "high");

  auto overdue = Walk("/api/v1/customers?overdue=1&limit=5", manager_);
  EXPECT_EQ(static_cast<int64_t>(overdue.size()),
            SqlInt(server_->db(), "SELECT count(DISTINCT customer_id) FROM invoices WHERE status = 'open' AND open_minor > 0 "
                                  "AND due_date < '2026-11-24'"));
  for (const auto& item : overdue) {
    EXPECT_GT(item["overdue_minor"].get<int64_t>(), 0);
    EXPECT_GT(item["max_days_late"].get<int>(), 0);
  }

  int status = 0;
  json found = server_->Get("/api/v1/customers?q=z%C3%A8bre%20statement", collector_, &status);  // "zèbre statement"
  EXPECT_EQ(status, 200);
  EXPECT_EQ(found["items"].size(), 1u) << found.dump();
  found = server_->Get("/api/v1/customers?q=ZEBRE%20statement", collector_, &status);  // ignores accents and case
  ASSERT_EQ(found["items"].size(), 1u) << found.dump();
  EXPECT_EQ(found["items"][0]["id"].get<Id>(), fx_.statement_customer);
  found = server_->Get("/api/v1/customers?q=STATEMENT%20test", collector_, &status);  // ignores case
  ASSERT_EQ(found["items"].size(), 1u) << found.dump();
  EXPECT_EQ(found["items"][0]["id"].get<Id>(), fx_.statement_customer);
  found = server_->Get("/api/v1/customers?q=t-time", collector_, &status);  // external id
  ASSERT_EQ(found["items"].size(), 1u);
  EXPECT_EQ(found["items"][0]["id"].get<Id>(), fx_.timeline_customer);
  found = server_->Get("/api/v1/customers?q=compta@t-stmt.TEST", collector_, &status);  // email
  ASSERT_EQ(found["items"].size(), 1u);
  EXPECT_EQ(found["items"][0]["id"].get<Id>(), fx_.statement_customer);
  found = server_->Get("/api/v1/customers?q=T-STMT", rep2_, &status);  // not rep2's
  EXPECT_EQ(status, 200);
  EXPECT_TRUE(found["items"].empty());
  // Combined: rep1's overdue customers, biggest first.
  auto combined = Walk("/api/v1/customers?overdue=1&sort=-overdue&limit=3&rep=" + std::to_string(fx_.rep1), manager_);
  EXPECT_EQ(static_cast<int64_t>(combined.size()),
            SqlInt(server_->db(), "SELECT count(DISTINCT i.customer_id) FROM invoices i JOIN customers c ON c.id = i.customer_id "
                                  "WHERE c.rep_id = ? AND i.status = 'open' AND i.open_minor > 0 AND i.due_date < '2026-11-24'",
                   {fx_.rep1}));
}

TEST_F(CustomersApiTest, BadListParametersAre400NamingTheField) {
  const std::pair<const char*, const char*> cases[] = {
      {"sort=bogus", "sort"},      {"limit=0", "limit"},       {"limit=201", "limit"},
      {"limit=ten", "limit"},      {"cursor=garbage!", "cursor"}, {"risk=extreme", "risk"},
      {"overdue=maybe", "overdue"}, {"rep=abc", "rep"},
  };
  for (const auto& [query, field] : cases) {
    int status = 0;
    json r = server_->Get(std::string("/api/v1/customers?") + query, manager_, &status);
    EXPECT_EQ(status, 400) << query;
    EXPECT_EQ(r["error"]["field"], field) << query << " " << r.dump();
  }
  // A cursor belongs to its sort order.
  int status = 0;
  json page = server_->Get("/api/v1/customers?limit=2", manager_, &status);
  ASSERT_TRUE(page["next_cursor"].is_string());
  json r = server_->Get("/api/v1/customers?sort=-overdue&cursor=" + page["next_cursor"].get<std::string>(), manager_, &status);
  EXPECT_EQ(status, 400);
  EXPECT_EQ(r["error"]["field"], "cursor");
}

TEST_F(CustomersApiTest, DetailHasTheSummaryAndATimelineNewestFirst) {
  int status = 0;
  json d = server_->Get(Path(fx_.timeline_customer), rep1_, &status);
  ASSERT_EQ(status, 200) << d.dump();
  EXPECT_EQ(d["name"], "Zèbre Timeline Test SAS");
  EXPECT_EQ(d["rep"]["id"].get<Id>(), fx_.rep1);
  EXPECT_EQ(d["summary"]["open_minor"], 200000);
  EXPECT_EQ(d["summary"]["overdue_minor"], 200000);
  EXPECT_EQ(d["summary"]["credit_minor"], 0);
  EXPECT_EQ(d["summary"]["balance_minor"], 200000);
  EXPECT_EQ(d["summary"]["max_days_late"], 54);  // due 2026-10-01, today 2026-11-24
  EXPECT_EQ(d["summary"]["aging"]["31_60"], 200000);
  EXPECT_EQ(d["summary"]["aging"]["not_due"], 0);
  ASSERT_EQ(d["open_invoices"].size(), 1u);
  EXPECT_EQ(d["open_invoices"][0]["open_minor"], 200000);
  EXPECT_EQ(d["open_invoices"][0]["days_late"], 54);
  EXPECT_EQ(d["open_invoices"][0]["disputed"], true);
  EXPECT_EQ(d["open_invoices"][0]["in_plan"], true);
  ASSERT_EQ(d["plans"].size(), 1u);
  EXPECT_EQ(d["plans"][0]["installments"].size(), 2u);
  EXPECT_EQ(d["plans"][0]["installments"][1]["due_date"], "2027-01-05");
  ASSERT_EQ(d["promises"].size(), 1u);
  EXPECT_EQ(d["promises"][0]["amount_minor"], 100000);
  ASSERT_EQ(d["disputes"].size(), 1u);
  EXPECT_EQ(d["disputes"][0]["reason"], "Quantité erronée");
  ASSERT_EQ(d["notes"].size(), 1u);
  EXPECT_EQ(d["notes"][0]["text"], "Appelé le comptable");
  ASSERT_EQ(d["visits"].size(), 1u);
  ASSERT_EQ(d["reminders"].size(), 1u);
  EXPECT_EQ(d["reminders"][0]["channel"], "email");
  EXPECT_EQ(d["reminders"][0]["template_id"], "reminder_1");  // the tablet names it ("1re relance")

  std::vector<std::string> kinds;
  for (const auto& e : d["timeline"]) kinds.push_back(e["kind"]);
  const std::vector<std::string> expected = {"note", "visit", "promise", "plan", "payment", "reminder", "dispute"};
  EXPECT_EQ(kinds, expected) << d["timeline"].dump();
  for (size_t i = 1; i < d["timeline"].size(); ++i)
    EXPECT_GE(d["timeline"][i - 1]["date"].get<std::string>(), d["timeline"][i]["date"].get<std::string>());
  const json& payment = d["timeline"][4];
  EXPECT_EQ(payment["amount_minor"], 50000);
  EXPECT_EQ(payment["date"], "2026-10-15");
  EXPECT_EQ(d["timeline"][2]["promised_date"], "2026-11-30");
  EXPECT_EQ(d["timeline"][6]["invoice_number"], "FA-T-0002");
  EXPECT_EQ(d["timeline"][0]["text"], "Appelé le comptable");
}

TEST_F(CustomersApiTest, OnlyCollectorsAndAdminsChangeACustomer) {
  int status = 0;
  json r = server_->Patch(Path(fx_.patch_customer), {{"risk", "high"}}, manager_, &status);
  EXPECT_EQ(status, 403) << r.dump();
  server_->Patch(Path(fx_.patch_customer), {{"risk", "high"}}, rep1_, &status);
  EXPECT_EQ(status, 403);
  json before = server_->Get(Path(fx_.patch_customer), manager_, &status);
  EXPECT_EQ(before["risk"], "medium") << "a refused change changes nothing";

  r = server_->Patch(Path(fx_.patch_customer),
                     {{"risk", "high"}, {"payment_terms_days", 45}, {"reminders_paused_until", "2026-12-15"},
                      {"insolvency_date", "2026-11-02"}, {"scenario_id", 2}, {"email", "paiements@patch.test"},
                      {"phone", "+33 1 23 45 67 89"}},
                     collector_, &status);
  ASSERT_EQ(status, 200) << r.dump();
  EXPECT_EQ(r["risk"], "high");
  EXPECT_EQ(r["payment_terms_days"], 45);
  EXPECT_EQ(r["reminders_paused_until"], "2026-12-15");
  EXPECT_EQ(r["insolvency_date"], "2026-11-02");
  EXPECT_EQ(r["scenario_id"], 2);
  EXPECT_EQ(r["email"], "paiements@patch.test");
  EXPECT_TRUE(r.contains("timeline"));
  json again = server_->Get(Path(fx_.patch_customer), manager_, &status);
  EXPECT_EQ(again["payment_terms_days"], 45);

  // Reassigned to rep2 by an admin: rep1 loses it, rep2 gets it.
  r = server_->Patch(Path(fx_.patch_customer), {{"rep_id", fx_.rep2}, {"insolvency_date", nullptr}}, admin_, &status);
  ASSERT_EQ(status, 200) << r.dump();
  EXPECT_EQ(r["rep"]["id"].get<Id>(), fx_.rep2);
  EXPECT_TRUE(r["insolvency_date"].is_null());
  server_->Get(Path(fx_.patch_customer), rep1_, &status);
  EXPECT_EQ(status, 404);
  server_->Get(Path(fx_.patch_customer), rep2_, &status);
  EXPECT_EQ(status, 200);
}

TEST_F(CustomersApiTest, ABadFieldIsRefusedNamingIt) {
  const std::vector<std::pair<json, std::string>> cases = {
      {{{"payment_terms_days", 400}}, "payment_terms_days"},
      {{{"payment_terms_days", "30"}}, "payment_terms_days"},
      {{{"risk", "extreme"}}, "risk"},
      {{{"rep_id", fx_.collector}}, "rep_id"},  // not a sales rep
      {{{"rep_id", 987654}}, "rep_id"},
      {{{"reminders_paused_until", "15/12/2026"}}, "reminders_paused_until"},
      {{{"insolvency_date", "2027-01-01"}}, "insolvency_date"},  // in the future
      {{{"email", "pas une adresse"}}, "email"},
      {{{"phone", "call me"}}, "phone"},
      {{{"name", "Renamed"}}, "name"},  // not a field this route changes
      {{{"contract_late_rate_bps", 12.5}}, "contract_late_rate_bps"},
  };
  int status = 0;
  json before = server_->Get(Path(fx_.timeline_customer), manager_, &status);
  for (const auto& [body, field] : cases) {
    json r = server_->Patch(Path(fx_.timeline_customer), body, collector_, &status);
    EXPECT_EQ(status, 400) << body.dump() << " " << r.dump();
    EXPECT_EQ(r["error"]["field"], field) << body.dump();
  }
  json r = server_->Patch(Path(fx_.timeline_customer), json::object(), collector_, &status);
  EXPECT_EQ(status, 400);
  server_->Patch(Path(987654321), {{"risk", "low"}}, collector_, &status);
  EXPECT_EQ(status, 404);
  json after = server_->Get(Path(fx_.timeline_customer), manager_, &status);
  EXPECT_EQ(after, before) << "refused changes write nothing";
}

TEST_F(CustomersApiTest, AContractRateBelowTheLegalFloorIsRefusedInFrench) {
  int status = 0;
  // 3 x 2,62 % = 7,86 %: 5,00 % is below.
  json r = server_->Patch(Path(fx_.timeline_customer), {{"contract_late_rate_bps", 500}}, collector_, &status);
  EXPECT_EQ(status, 422) << r.dump();
  EXPECT_EQ(r["error"]["code"], "refused");
  EXPECT_EQ(r["error"]["field"], "contract_late_rate_bps");
  EXPECT_NE(r["error"]["message"].get<std::string>().find("inférieur au minimum légal"), std::string::npos) << r.dump();
  r = server_->Patch(Path(fx_.timeline_customer), {{"contract_late_rate_bps", 1500}}, collector_, &status);
  EXPECT_EQ(status, 200) << r.dump();
  EXPECT_EQ(r["contract_late_rate_bps"], 1500);
  r = server_->Patch(Path(fx_.timeline_customer), {{"contract_late_rate_bps", nullptr}}, collector_, &status);
  EXPECT_EQ(status, 200);
  EXPECT_TRUE(r["contract_late_rate_bps"].is_null());
}

TEST_F(CustomersApiTest, TheStatementHasTheLawsInterestAndFee) {
  int status = 0;
  // Paid late in two parts: 10 000,00 x 12,15 % x 10/365 + 6 000,00 x 12,15 % x 20/365 = 73,23;
  // and the 40,00 recovery fee.
  json s = server_->Get(Path(fx_.statement_customer, "/statement?date=2026-03-31"), rep1_, &status);
  ASSERT_EQ(status, 200) << s.dump();
  EXPECT_EQ(s["customer_id"].get<Id>(), fx_.statement_customer);
  EXPECT_EQ(s["date"], "2026-03-31");
  EXPECT_EQ(s["currency"], "EUR");
  ASSERT_EQ(s["lines"].size(), 1u);
  const json& line = s["lines"][0];
  EXPECT_EQ(line["invoice_id"].get<Id>(), fx_.statement_invoice);
  EXPECT_EQ(line["number"], "FA-T-0001");
  EXPECT_EQ(line["issue_date"], "2026-01-01");
  EXPECT_EQ(line["due_date"], "2026-01-31");
  EXPECT_EQ(line["amount_minor"], 1000000);
  EXPECT_EQ(line["open_minor"], 0);
  EXPECT_EQ(line["days_late"], 0);
  EXPECT_EQ(line["interest_minor"], 7323);
  EXPECT_EQ(line["fee_minor"], 4000);
  EXPECT_EQ(line["disputed"], false);
  EXPECT_EQ(line["in_plan"], false);
  EXPECT_EQ(s["totals"]["open_minor"], 0);
  EXPECT_EQ(s["totals"]["overdue_minor"], 0);
  EXPECT_EQ(s["totals"]["credit_minor"], 0);
  EXPECT_EQ(s["totals"]["interest_minor"], 7323);
  EXPECT_EQ(s["totals"]["fee_minor"], 4000);
  EXPECT_EQ(s["totals"]["total_due_minor"], 11323);
  for (const char* bucket : {"not_due", "1_30", "31_60", "61_90", "over_90"}) EXPECT_EQ(s["aging"][bucket], 0) << bucket;

  // Mid-way: 6 000,00 still open, 20 days late; 10 000,00 x 10 days + 6 000,00 x 10 days so far.
  s = server_->Get(Path(fx_.statement_customer, "/statement?date=2026-02-20"), manager_, &status);
  ASSERT_EQ(status, 200);
  ASSERT_EQ(s["lines"].size(), 1u);
  EXPECT_EQ(s["lines"][0]["open_minor"], 600000);
  EXPECT_EQ(s["lines"][0]["days_late"], 20);
  EXPECT_EQ(s["lines"][0]["interest_minor"], 5326);
  EXPECT_EQ(s["totals"]["overdue_minor"], 600000);
  EXPECT_EQ(s["aging"]["1_30"], 600000);
  EXPECT_EQ(s["totals"]["total_due_minor"], 600000 + 5326 + 4000);

  // By default, today (2026-11-24): paid more than 90 days ago, off the statement.
  s = server_->Get(Path(fx_.statement_customer, "/statement"), collector_, &status);
  ASSERT_EQ(status, 200);
  EXPECT_EQ(s["date"], "2026-11-24");
  EXPECT_TRUE(s["lines"].empty());

  json bad = server_->Get(Path(fx_.statement_customer, "/statement?date=31/03/2026"), collector_, &status);
  EXPECT_EQ(status, 400);
  EXPECT_EQ(bad["error"]["field"], "date");
  server_->Get(Path(fx_.statement_customer, "/statement?date=2026-03-31"), rep2_, &status);
  EXPECT_EQ(status, 404);
}

}  // namespace
}  // namespace encaisse::testing
