// Notes, promises, visits and disputes over HTTP: every role, a rep's scope (another rep's
// customer or invoice answers exactly like a missing one), validation, Idempotency-Key replay,
// one open dispute per invoice, resolution by a collector.
#include <gtest/gtest.h>

#include <map>
#include <stdexcept>
#include <string>

#include "shared/store/db.h"
#include "tests/server/server_harness.h"

namespace encaisse::testing {
namespace {

// One value from the server's database (read beside the running server: WAL).
int64_t SqlInt(const std::string& db_path, const std::string& sql) {
  auto db = Db::Open(db_path, OpenOptions{.create = false});
  if (!db.ok()) throw std::runtime_error(db.status().ToString());
  auto v = db->QueryInt(sql);
  if (!v.ok()) throw std::runtime_error(v.status().ToString() + " in " + sql);
  return *v;
}

std::string Path(const std::string& fmt_prefix, int64_t id, const std::string& suffix) {
  return fmt_prefix + std::to_string(id) + suffix;
}

class ActionsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new ServerProcess(DemoDatabaseCopy());
    const std::string& db = server_->db();
    rep1_ = SqlInt(db, "SELECT id FROM users WHERE email = 'rep1@demo.test'");
    rep2_ = SqlInt(db, "SELECT id FROM users WHERE email = 'rep2@demo.test'");
    rep1_customer_ = SqlInt(db, "SELECT min(id) FROM customers WHERE rep_id = " + std::to_string(rep1_));
    rep2_customer_ = SqlInt(db, "SELECT min(id) FROM customers WHERE rep_id = " + std::to_string(rep2_));
    missing_customer_ = SqlInt(db, "SELECT max(id) + 1000 FROM customers");
    // Open invoices with no dispute, one of rep1's customers and one of rep2's.
    const std::string open_undisputed =
        "SELECT min(i.id) FROM invoices i JOIN customers c ON c.id = i.customer_id WHERE i.status = 'open' "
        "AND i.amount_minor > 0 AND NOT EXISTS (SELECT 1 FROM disputes d WHERE d.invoice_id = i.id) AND c.rep_id = ";
    rep1_invoice_ = SqlInt(db, open_undisputed + std::to_string(rep1_));
    rep2_invoice_ = SqlInt(db, open_undisputed + std::to_string(rep2_));
    missing_invoice_ = SqlInt(db, "SELECT max(id) + 1000 FROM invoices");
    for (const char* who : {"admin", "manager", "collector", "rep1", "rep2"})
      tokens_[who] = server_->Login(std::string(who) + "@demo.test");
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static const std::string& Token(const std::string& who) { return tokens_.at(who); }
  static int64_t Count(const std::string& sql) { return SqlInt(server_->db(), sql); }

  static ServerProcess* server_;
  static std::map<std::string, std::string> tokens_;
  static int64_t rep1_, rep2_, rep1_customer_, rep2_customer_, missing_customer_;
  static int64_t rep1_invoice_, rep2_invoice_, missing_invoice_;
};
ServerProcess* ActionsTest::server_ = nullptr;
std::map<std::string, std::string> ActionsTest::tokens_;
int64_t ActionsTest::rep1_, ActionsTest::rep2_, ActionsTest::rep1_customer_, ActionsTest::rep2_customer_,
    ActionsTest::missing_customer_, ActionsTest::rep1_invoice_, ActionsTest::rep2_invoice_, ActionsTest::missing_invoice_;

TEST_F(ActionsTest, SetUpFoundDistinctCustomersAndInvoices) {
  for (const auto& [who, token] : tokens_) EXPECT_FALSE(token.empty()) << who;
  EXPECT_NE(rep1_customer_, rep2_customer_);
  EXPECT_GT(rep1_invoice_, 0);
  EXPECT_GT(rep2_invoice_, 0);
}

TEST_F(ActionsTest, EveryRoleAddsANoteAndItIsStored) {
  for (const char* who : {"admin", "manager", "collector", "rep1"}) {
    int status = 0;
    const std::string text = std::string("Appel du ") + who + " : règlement annoncé pour vendredi";
    json r = server_->Post(Path("/api/v1/customers/", rep1_customer_, "/notes"), {{"text", text}}, Token(who), &status);
    ASSERT_EQ(status, 201) << who << " " << r.dump();
    EXPECT_EQ(r["customer_id"], rep1_customer_);
    EXPECT_EQ(r["text"], text);
    EXPECT_EQ(r["date"], "2026-11-24");
    const int64_t id = r["id"];
    EXPECT_EQ(Count("SELECT count(*) FROM notes WHERE id = " + std::to_string(id) +
                    " AND customer_id = " + std::to_string(rep1_customer_) + " AND author_id = " +
                    std::to_string(r["author_id"].get<int64_t>())),
              1);
  }
}

TEST_F(ActionsTest, ARepOnAnotherRepsCustomerGetsTheAnswerOfAMissingOne) {
  const int64_t before = Count("SELECT count(*) FROM notes") + Count("SELECT count(*) FROM promises") +
                         Count("SELECT count(*) FROM visits");
  struct Case {
    const char* suffix;
    json body;
  };
  const Case cases[] = {{"/notes", {{"text", "curieux"}}},
                        {"/promises", {{"date", "2026-12-01"}, {"amount_minor", 1000}}},
                        {"/visits", {{"date", "2026-12-01"}, {"outcome", ""}}}};
  for (const auto& c : cases) {
    int s_other = 0, s_missing = 0;
    json other = server_->Post(Path("/api/v1/customers/", rep2_customer_, c.suffix), c.body, Token("rep1"), &s_other);
    json missing = server_->Post(Path("/api/v1/customers/", missing_customer_, c.suffix), c.body, Token("rep1"), &s_missing);
    EXPECT_EQ(s_other, 404) << c.suffix << " " << other.dump();
    EXPECT_EQ(s_missing, 404) << c.suffix;
    EXPECT_EQ(other, missing) << "the answer must not reveal that the customer exists";
    EXPECT_EQ(other["error"]["code"], "not_found");
  }
  EXPECT_EQ(Count("SELECT count(*) FROM notes") + Count("SELECT count(*) FROM promises") + Count("SELECT count(*) FROM visits"),
            before);
  // The owner may.
  int status = 0;
  server_->Post(Path("/api/v1/customers/", rep2_customer_, "/notes"), {{"text", "visite faite"}}, Token("rep2"), &status);
  EXPECT_EQ(status, 201);
}

TEST_F(ActionsTest, WithoutASignInItIs401) {
  int status = 0;
  server_->Post(Path("/api/v1/customers/", rep1_customer_, "/notes"), {{"text", "anonyme"}}, "", &status);
  EXPECT_EQ(status, 401);
  server_->Post(Path("/api/v1/invoices/", rep1_invoice_, "/disputes"), {{"reason", "anonyme"}}, "", &status);
  EXPECT_EQ(status, 401);
}

TEST_F(ActionsTest, NoteNeedsText) {
  int status = 0;
  json r = server_->Post(Path("/api/v1/customers/", rep1_customer_, "/notes"), {{"text", ""}}, Token("collector"), &status);
  EXPECT_EQ(status, 400);
  EXPECT_EQ(r["error"]["field"], "text");
  r = server_->Post(Path("/api/v1/customers/", rep1_customer_, "/notes"), json::object(), Token("collector"), &status);
  EXPECT_EQ(status, 400);
  EXPECT_EQ(r["error"]["field"], "text");
}

TEST_F(ActionsTest, TheSameIdempotencyKeyTwiceRecordsOneNote) {
  const std::string text = "Note rejouée par le réseau du train";
  const httplib::Headers key = {{"Idempotency-Key", "note-7f3a2c"}};
  int s1 = 0, s2 = 0;
  json first = server_->Post(Path("/api/v1/customers/", rep1_customer_, "/notes"), {{"text", text}}, Token("rep1"), &s1, key);
  json again = server_->Post(Path("/api/v1/customers/", rep1_customer_, "/notes"), {{"text", text}}, Token("rep1"), &s2, key);
  ASSERT_EQ(s1, 201) << first.dump();
  EXPECT_EQ(s2, 201);
  EXPECT_EQ(first, again) << "the retry gets the first answer";
  EXPECT_EQ(Count("SELECT count(*) FROM notes WHERE text = 'Note rejouée par le réseau du train'"), 1);
  // The header says it was a replay.
  auto c = server_->Client();
  auto res = c.Post(Path("/api/v1/customers/", rep1_customer_, "/notes").c_str(),
                    {{"Authorization", "Bearer " + Token("rep1")}, {"Idempotency-Key", "note-7f3a2c"}},
                    json({{"text", text}}).dump(), "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->get_header_value("Idempotent-Replayed"), "true");
  // The same key with another body is refused and writes nothing.
  int s3 = 0;
  server_->Post(Path("/api/v1/customers/", rep1_customer_, "/notes"), {{"text", "autre chose"}}, Token("rep1"), &s3, key);
  EXPECT_EQ(s3, 422);
  EXPECT_EQ(Count("SELECT count(*) FROM notes WHERE text = 'autre chose'"), 0);
}

TEST_F(ActionsTest, PromiseWithinNinetyDaysAndAPositiveAmount) {
  const std::string path = Path("/api/v1/customers/", rep1_customer_, "/promises");
  int status = 0;
  json r = server_->Post(path, {{"date", "2026-12-15"}, {"amount_minor", 125050}}, Token("rep1"), &status);
  ASSERT_EQ(status, 201) << r.dump();
  EXPECT_EQ(r["status"], "pending");
  EXPECT_EQ(r["amount_minor"], 125050);
  EXPECT_EQ(r["date"], "2026-12-15");
  EXPECT_EQ(Count("SELECT count(*) FROM promises WHERE id = " + std::to_string(r["id"].get<int64_t>()) +
                  " AND promised_date = '2026-12-15' AND amount_minor = 125050 AND status = 'pending' AND created = '2026-11-24'"),
            1);
  // Today and today + 90 are the bounds.
  server_->Post(path, {{"date", "2026-11-24"}, {"amount_minor", 100}}, Token("collector"), &status);
  EXPECT_EQ(status, 201);
  server_->Post(path, {{"date", "2027-02-22"}, {"amount_minor", 100}}, Token("collector"), &status);
  EXPECT_EQ(status, 201);
  const int64_t before = Count("SELECT count(*) FROM promises");
  r = server_->Post(path, {{"date", "2027-02-23"}, {"amount_minor", 100}}, Token("collector"), &status);
  EXPECT_EQ(status, 400);
  EXPECT_EQ(r["error"]["field"], "date");
  r = server_->Post(path, {{"date", "2026-11-23"}, {"amount_minor", 100}}, Token("collector"), &status);
  EXPECT_EQ(status, 400);
  EXPECT_EQ(r["error"]["field"], "date");
  r = server_->Post(path, {{"date", "2026-12-01"}, {"amount_minor", 0}}, Token("collector"), &status);
  EXPECT_EQ(status, 400);
  EXPECT_EQ(r["error"]["field"], "amount_minor");
  r = server_->Post(path, {{"date", "2026-12-01"}, {"amount_minor", "12,50"}}, Token("collector"), &status);
  EXPECT_EQ(status, 400);
  r = server_->Post(path, {{"date", "01/12/2026"}, {"amount_minor", 100}}, Token("collector"), &status);
  EXPECT_EQ(status, 400);
  EXPECT_EQ(Count("SELECT count(*) FROM promises"), before);
}

TEST_F(ActionsTest, VisitIsRecordedWithItsOutcome) {
  int status = 0;
  json r = server_->Post(Path("/api/v1/customers/", rep1_customer_, "/visits"),
                         {{"date", "2026-11-20"}, {"outcome", "Rencontré la comptable, chèque envoyé"}}, Token("rep1"), &status);
  ASSERT_EQ(status, 201) << r.dump();
  EXPECT_EQ(r["rep_id"], rep1_);
  EXPECT_EQ(Count("SELECT count(*) FROM visits WHERE id = " + std::to_string(r["id"].get<int64_t>()) +
                  " AND planned = '2026-11-20' AND outcome = 'Rencontré la comptable, chèque envoyé'"),
            1);
  // A planned visit has no outcome yet.
  r = server_->Post(Path("/api/v1/customers/", rep1_customer_, "/visits"), {{"date", "2026-12-02"}}, Token("manager"), &status);
  EXPECT_EQ(status, 201);
  EXPECT_EQ(r["outcome"], "");
  server_->Post(Path("/api/v1/customers/", rep1_customer_, "/visits"), {{"date", "2030-01-01"}}, Token("manager"), &status);
  EXPECT_EQ(status, 400);
}

TEST_F(ActionsTest, OneOpenDisputePerInvoiceThenResolvedByACollector) {
  const std::string path = Path("/api/v1/invoices/", rep1_invoice_, "/disputes");
  int status = 0;
  json d = server_->Post(path, {{"reason", "Livraison incomplète : 2 palettes manquantes"}}, Token("rep1"), &status);
  ASSERT_EQ(status, 201) << d.dump();
  EXPECT_EQ(d["status"], "open");
  EXPECT_EQ(d["invoice_id"], rep1_invoice_);
  EXPECT_EQ(d["customer_id"], Count("SELECT customer_id FROM invoices WHERE id = " + std::to_string(rep1_invoice_)));
  const int64_t dispute = d["id"];

  json again = server_->Post(path, {{"reason", "encore"}}, Token("collector"), &status);
  EXPECT_EQ(status, 409) << again.dump();
  EXPECT_EQ(again["error"]["code"], "conflict");
  EXPECT_EQ(Count("SELECT count(*) FROM disputes WHERE invoice_id = " + std::to_string(rep1_invoice_)), 1);

  // The open list (collector, manager, admin; not a rep).
  json list = server_->Get("/api/v1/disputes?status=open", Token("manager"), &status);
  ASSERT_EQ(status, 200);
  bool found = false;
  for (const auto& item : list["items"]) {
    EXPECT_EQ(item["status"], "open");
    if (item["id"] == dispute) {
      found = true;
      EXPECT_FALSE(item["invoice_number"].get<std::string>().empty());
      EXPECT_FALSE(item["customer_name"].get<std::string>().empty());
    }
  }
  EXPECT_TRUE(found);
  server_->Get("/api/v1/disputes?status=open", Token("rep1"), &status);
  EXPECT_EQ(status, 403);

  // Only a collector or an admin resolves.
  const std::string resolve = Path("/api/v1/disputes/", dispute, "/resolve");
  server_->Post(resolve, {{"resolution", "Avoir émis"}}, Token("rep1"), &status);
  EXPECT_EQ(status, 403);
  server_->Post(resolve, {{"resolution", "Avoir émis"}}, Token("manager"), &status);
  EXPECT_EQ(status, 403);
  server_->Post(resolve, json::object(), Token("collector"), &status);
  EXPECT_EQ(status, 400);
  json resolved = server_->Post(resolve, {{"resolution", "Palettes livrées le 25/11"}}, Token("collector"), &status);
  ASSERT_EQ(status, 200) << resolved.dump();
  EXPECT_EQ(resolved["status"], "resolved");
  EXPECT_EQ(resolved["resolved"], "2026-11-24");
  EXPECT_EQ(resolved["resolution"], "Palettes livrées le 25/11");
  EXPECT_EQ(Count("SELECT count(*) FROM disputes WHERE id = " + std::to_string(dispute) + " AND status = 'resolved'"), 1);
  server_->Post(resolve, {{"resolution", "deux fois"}}, Token("admin"), &status);
  EXPECT_EQ(status, 409);
  server_->Post(Path("/api/v1/disputes/", 987654321, "/resolve"), {{"resolution", "x"}}, Token("admin"), &status);
  EXPECT_EQ(status, 404);

  // Resolved, it no longer counts: the invoice can be disputed again.
  list = server_->Get("/api/v1/disputes?status=resolved", Token("collector"), &status);
  ASSERT_EQ(status, 200);
  found = false;
  for (const auto& item : list["items"]) found |= item["id"] == dispute;
  EXPECT_TRUE(found);
  server_->Post(path, {{"reason", "Prix facturé différent du devis"}}, Token("admin"), &status);
  EXPECT_EQ(status, 201);
}

TEST_F(ActionsTest, ARepCannotDisputeAnotherRepsInvoiceNorLearnItExists) {
  int s_other = 0, s_missing = 0;
  json other = server_->Post(Path("/api/v1/invoices/", rep2_invoice_, "/disputes"), {{"reason", "x"}}, Token("rep1"), &s_other);
  json missing = server_->Post(Path("/api/v1/invoices/", missing_invoice_, "/disputes"), {{"reason", "x"}}, Token("rep1"), &s_missing);
  EXPECT_EQ(s_other, 404);
  EXPECT_EQ(s_missing, 404);
  EXPECT_EQ(other, missing);
  EXPECT_EQ(Count("SELECT count(*) FROM disputes WHERE invoice_id = " + std::to_string(rep2_invoice_)), 0);
  // rep2 may, and a dispute needs a reason.
  int status = 0;
  json r = server_->Post(Path("/api/v1/invoices/", rep2_invoice_, "/disputes"), json::object(), Token("rep2"), &status);
  EXPECT_EQ(status, 400);
  EXPECT_EQ(r["error"]["field"], "reason");
  server_->Post(Path("/api/v1/invoices/", rep2_invoice_, "/disputes"), {{"reason", "Facture en double"}}, Token("rep2"), &status);
  EXPECT_EQ(status, 201);
}

TEST_F(ActionsTest, ACancelledInvoiceOrACreditNoteCannotBeDisputed) {
  {
    auto db = Db::Open(server_->db(), OpenOptions{.create = false});
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(db->Exec("INSERT INTO invoices (customer_id, number, issue_date, due_date, amount_minor, currency, status, "
                         "open_minor) VALUES (" + std::to_string(rep1_customer_) +
                         ", 'ANNULEE-1', '2026-10-01', '2026-10-31', 50000, 'EUR', 'cancelled', 0)")
                    .ok());
    ASSERT_TRUE(db->Exec("INSERT INTO invoices (customer_id, number, issue_date, due_date, amount_minor, currency, status, "
                         "open_minor) VALUES (" + std::to_string(rep1_customer_) +
                         ", 'AVOIR-1', '2026-10-01', '2026-10-01', -20000, 'EUR', 'open', -20000)")
                    .ok());
  }
  const int64_t cancelled = Count("SELECT id FROM invoices WHERE number = 'ANNULEE-1'");
  const int64_t credit_note = Count("SELECT id FROM invoices WHERE number = 'AVOIR-1'");
  int status = 0;
  json r = server_->Post(Path("/api/v1/invoices/", cancelled, "/disputes"), {{"reason", "x"}}, Token("collector"), &status);
  EXPECT_EQ(status, 409) << r.dump();
  r = server_->Post(Path("/api/v1/invoices/", credit_note, "/disputes"), {{"reason", "x"}}, Token("rep1"), &status);
  EXPECT_EQ(status, 409) << r.dump();
  EXPECT_EQ(Count("SELECT count(*) FROM disputes WHERE invoice_id IN (" + std::to_string(cancelled) + ", " +
                  std::to_string(credit_note) + ")"),
            0);
}

}  // namespace
}  // namespace encaisse::testing
