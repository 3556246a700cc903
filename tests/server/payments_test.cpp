// POST /api/v1/payments against the real server: FIFO (skipping disputed invoices) and explicit
// lettrage with the exact open amounts after, refusals that write nothing, roles, and
// Idempotency-Key replays.
#include <gtest/gtest.h>

#include "tests/server/account_seed.h"

namespace encaisse::testing {
namespace {

struct Fixture {
  Id fifo = 0, f1 = 0, f2 = 0, f3 = 0, f4 = 0;   // f2 disputed
  Id explicit_customer = 0, e1 = 0, e2 = 0;     // e2 disputed
  Id refused = 0, r1 = 0;
  Id other = 0, o1 = 0;
  Id idem = 0, i1 = 0;
  Id nothing_open = 0;
  Id undo = 0, u1 = 0;
};

Fixture BuildFixture(const std::string& path) {
  Fixture f;
  Seed seed(path);
  const Id rep1 = seed.UserId("rep1@demo.test");
  f.fifo = seed.AddCustomer("T-FIFO", "Zèbre FIFO Test", rep1);
  f.f1 = seed.AddInvoice(f.fifo, "FA-P-1", "2026-08-01", "2026-09-01", 10000);
  f.f2 = seed.AddInvoice(f.fifo, "FA-P-2", "2026-08-15", "2026-09-15", 20000);
  seed.OpenDispute(f.fifo, f.f2, "2026-09-20");
  f.f3 = seed.AddInvoice(f.fifo, "FA-P-3", "2026-09-01", "2026-10-01", 30000);
  f.f4 = seed.AddInvoice(f.fifo, "FA-P-4", "2026-12-01", "2026-12-31", 40000);
  f.explicit_customer = seed.AddCustomer("T-EXPL", "Zèbre Explicit Test", rep1);
  f.e1 = seed.AddInvoice(f.explicit_customer, "FA-E-1", "2026-08-01", "2026-09-01", 10000);
  f.e2 = seed.AddInvoice(f.explicit_customer, "FA-E-2", "2026-09-01", "2026-10-01", 20000);
  seed.OpenDispute(f.explicit_customer, f.e2, "2026-10-03");
  f.refused = seed.AddCustomer("T-REFUSED", "Zèbre Refused Test", rep1);
  f.r1 = seed.AddInvoice(f.refused, "FA-R-1", "2026-08-01", "2026-09-01", 10000);
  f.other = seed.AddCustomer("T-OTHER", "Zèbre Other Test", rep1);
  f.o1 = seed.AddInvoice(f.other, "FA-O-1", "2026-08-01", "2026-09-01", 5000);
  f.idem = seed.AddCustomer("T-IDEM", "Zèbre Idempotent Test", rep1);
  f.i1 = seed.AddInvoice(f.idem, "FA-ID-1", "2026-08-01", "2026-09-01", 90000);
  f.nothing_open = seed.AddCustomer("T-CREDIT", "Zèbre Credit Test", rep1);
  f.undo = seed.AddCustomer("T-UNDO", "Zèbre Undo Test", rep1);
  f.u1 = seed.AddInvoice(f.undo, "FA-U-1", "2026-08-01", "2026-09-01", 10000);
  return f;
}

class PaymentsApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const std::string db = DemoDatabaseCopy();
    fx_ = BuildFixture(db);
    server_ = new ServerProcess(db);
    admin_ = server_->Login("admin@demo.test");
    manager_ = server_->Login("manager@demo.test");
    collector_ = server_->Login("collector@demo.test");
    rep1_ = server_->Login("rep1@demo.test");
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  static int64_t Sql(const std::string& sql, const std::vector<SqlValue>& values = {}) {
    return SqlInt(server_->db(), sql, values);
  }
  static int64_t Open(Id invoice) { return Sql("SELECT open_minor FROM invoices WHERE id = ?", {invoice}); }
  static int64_t Payments(Id customer) { return Sql("SELECT count(*) FROM payments WHERE customer_id = ?", {customer}); }
  // Everything a refused payment must leave as it was.
  static std::string Snapshot() {
    return std::to_string(Sql("SELECT count(*) FROM payments")) + "/" + std::to_string(Sql("SELECT count(*) FROM allocations")) +
           "/" + std::to_string(Sql("SELECT count(*) FROM change_log")) + "/" +
           std::to_string(Sql("SELECT coalesce(sum(open_minor), 0) FROM invoices"));
  }
  static json Pay(const json& body, const std::string& token, int* status, const httplib::Headers& headers = {}) {
    return server_->Post("/api/v1/payments", body, token, status, headers);
  }

  static Fixture fx_;
  static ServerProcess* server_;
  static std::string admin_, manager_, collector_, rep1_;
};
Fixture PaymentsApiTest::fx_;
ServerProcess* PaymentsApiTest::server_ = nullptr;
std::string PaymentsApiTest::admin_, PaymentsApiTest::manager_, PaymentsApiTest::collector_, PaymentsApiTest::rep1_;

TEST_F(PaymentsApiTest, OnlyCollectorsAndAdminsRecordPayments) {
  const json body = {{"customer_id", fx_.other}, {"amount_minor", 1000}, {"currency", "EUR"}, {"date", "2026-11-20"}};
  const std::string before = Snapshot();
  int status = 0;
  json r = Pay(body, rep1_, &status);
  EXPECT_EQ(status, 403) << r.dump();
  EXPECT_EQ(r["error"]["code"], "forbidden");
  Pay(body, manager_, &status);
  EXPECT_EQ(status, 403);
  Pay(body, "", &status);
  EXPECT_EQ(status, 401);
  EXPECT_EQ(Snapshot(), before);
  r = Pay(body, admin_, &status);
  EXPECT_EQ(status, 201) << r.dump();
  EXPECT_EQ(Open(fx_.o1), 4000);
}

TEST_F(PaymentsApiTest, FifoSettlesTheOldestAndSkipsDisputedInvoices) {
  int status = 0;
  json r = Pay({{"customer_id", fx_.fifo}, {"amount_minor", 45000}, {"currency", "EUR"}, {"date", "2026-11-20"},
                {"method", "transfer"}, {"reference", "VIR FIFO 1"}},
               collector_, &status);
  ASSERT_EQ(status, 201) << r.dump();
  EXPECT_EQ(r["allocation"], "fifo");
  EXPECT_GT(r["payment_id"].get<Id>(), 0);
  ASSERT_EQ(r["allocations"].size(), 3u) << r.dump();
  EXPECT_EQ(r["allocations"][0]["invoice_id"].get<Id>(), fx_.f1);
  EXPECT_EQ(r["allocations"][0]["amount_minor"], 10000);
  EXPECT_EQ(r["allocations"][0]["open_minor"], 0);
  EXPECT_EQ(r["allocations"][1]["invoice_id"].get<Id>(), fx_.f3);
  EXPECT_EQ(r["allocations"][1]["amount_minor"], 30000);
  EXPECT_EQ(r["allocations"][2]["invoice_id"].get<Id>(), fx_.f4);
  EXPECT_EQ(r["allocations"][2]["amount_minor"], 5000);
  EXPECT_EQ(r["allocations"][2]["open_minor"], 35000);
  EXPECT_EQ(r["unallocated_minor"], 0);
  EXPECT_EQ(Open(fx_.f1), 0);
  EXPECT_EQ(Open(fx_.f2), 20000) << "a disputed invoice is not settled by FIFO";
  EXPECT_EQ(Open(fx_.f3), 0);
  EXPECT_EQ(Open(fx_.f4), 35000);
  EXPECT_EQ(Sql("SELECT count(*) FROM invoices WHERE id IN (?, ?) AND status = 'paid'", {fx_.f1, fx_.f3}), 2);
  EXPECT_EQ(Sql("SELECT amount_minor FROM payments WHERE id = ? AND reference = 'VIR FIFO 1' AND date = '2026-11-20'",
                {r["payment_id"].get<Id>()}),
            45000);
  // More than is open (the disputed invoice aside): the rest is a credit on the account.
  r = Pay({{"customer_id", fx_.fifo}, {"amount_minor", 50000}, {"currency", "EUR"}}, collector_, &status);
  ASSERT_EQ(status, 201) << r.dump();
  EXPECT_EQ(r["date"], "2026-11-24") << "the date defaults to today";
  ASSERT_EQ(r["allocations"].size(), 1u);
  EXPECT_EQ(r["allocations"][0]["amount_minor"], 35000);
  EXPECT_EQ(r["unallocated_minor"], 15000);
  json account = server_->Get("/api/v1/customers/" + std::to_string(fx_.fifo), collector_, &status);
  EXPECT_EQ(account["summary"]["open_minor"], 20000);
  EXPECT_EQ(account["summary"]["credit_minor"], 15000);
  EXPECT_EQ(account["summary"]["balance_minor"], 5000);
}

TEST_F(PaymentsApiTest, ExplicitAllocationsSettleExactlyWhatIsNamed) {
  int status = 0;
  json r = Pay({{"customer_id", fx_.explicit_customer},
                {"amount_minor", 25000},
                {"currency", "EUR"},
                {"date", "2026-11-23"},
                {"method", "cheque"},
                {"allocations", {{{"invoice_id", fx_.e2}, {"amount_minor", 20000}}, {{"invoice_id", fx_.e1}, {"amount_minor", 1000}}}}},
               collector_, &status);
  ASSERT_EQ(status, 201) << r.dump();
  EXPECT_EQ(r["allocation"], "explicit");
  ASSERT_EQ(r["allocations"].size(), 2u);
  EXPECT_EQ(r["allocations"][0]["invoice_id"].get<Id>(), fx_.e2);
  EXPECT_EQ(r["allocations"][0]["open_minor"], 0);
  EXPECT_EQ(r["allocations"][1]["open_minor"], 9000);
  EXPECT_EQ(r["unallocated_minor"], 4000);
  EXPECT_EQ(Open(fx_.e1), 9000);
  EXPECT_EQ(Open(fx_.e2), 0) << "a collector may settle a disputed invoice by naming it";
  json inv = server_->Get("/api/v1/invoices/" + std::to_string(fx_.e1), collector_, &status);
  ASSERT_EQ(inv["allocations"].size(), 1u);
  EXPECT_EQ(inv["allocations"][0]["method"], "cheque");
  EXPECT_EQ(inv["allocations"][0]["payment_id"].get<Id>(), r["payment_id"].get<Id>());
  // An empty list: a payment on account, nothing allocated.
  r = Pay({{"customer_id", fx_.explicit_customer}, {"amount_minor", 500}, {"currency", "EUR"}, {"allocations", json::array()}},
          collector_, &status);
  ASSERT_EQ(status, 201) << r.dump();
  EXPECT_TRUE(r["allocations"].empty());
  EXPECT_EQ(r["unallocated_minor"], 500);
  EXPECT_EQ(Open(fx_.e1), 9000);
}

TEST_F(PaymentsApiTest, OverAllocationIsRefusedAndNothingIsWritten) {
  const std::string before = Snapshot();
  int status = 0;
  json r = Pay({{"customer_id", fx_.refused}, {"amount_minor", 20000}, {"currency", "EUR"},
                {"allocations", {{{"invoice_id", fx_.r1}, {"amount_minor", 10001}}}}},
               collector_, &status);
  EXPECT_EQ(status, 400) << r.dump();
  EXPECT_NE(r["error"]["message"].get<std::string>().find("more than the 10000 open"), std::string::npos) << r.dump();
  EXPECT_EQ(r["error"]["field"], "allocations[0]");
  // The same invoice twice, adding up to more than is open.
  r = Pay({{"customer_id", fx_.refused}, {"amount_minor", 20000}, {"currency", "EUR"},
           {"allocations", {{{"invoice_id", fx_.r1}, {"amount_minor", 6000}}, {{"invoice_id", fx_.r1}, {"amount_minor", 6000}}}}},
          collector_, &status);
  EXPECT_EQ(status, 400) << r.dump();
  // Allocations beyond the payment.
  r = Pay({{"customer_id", fx_.refused}, {"amount_minor", 5000}, {"currency", "EUR"},
           {"allocations", {{{"invoice_id", fx_.r1}, {"amount_minor", 6000}}}}},
          collector_, &status);
  EXPECT_EQ(status, 400) << r.dump();
  EXPECT_NE(r["error"]["message"].get<std::string>().find("exceed the payment"), std::string::npos) << r.dump();
  // Another customer's invoice.
  r = Pay({{"customer_id", fx_.refused}, {"amount_minor", 5000}, {"currency", "EUR"},
           {"allocations", {{{"invoice_id", fx_.o1}, {"amount_minor", 100}}}}},
          collector_, &status);
  EXPECT_EQ(status, 400) << r.dump();
  EXPECT_EQ(r["error"]["field"], "allocations[0].invoice_id");
  EXPECT_EQ(Snapshot(), before);
  EXPECT_EQ(Open(fx_.r1), 10000);
  EXPECT_EQ(Payments(fx_.refused), 0);
}

TEST_F(PaymentsApiTest, BadInputIs400NamingTheFieldAndAnUnknownCustomer404) {
  const json good = {{"customer_id", fx_.refused}, {"amount_minor", 100}, {"currency", "EUR"}, {"date", "2026-11-20"}};
  auto with = [&](const char* key, json value) {
    json b = good;
    if (value.is_discarded()) b.erase(key);
    else b[key] = std::move(value);
    return b;
  };
  const json gone = json(json::value_t::discarded);
  const std::vector<std::pair<json, std::string>> cases = {
      {with("customer_id", gone), "customer_id"},
      {with("customer_id", "12"), "customer_id"},
      {with("customer_id", -1), "customer_id"},
      {with("amount_minor", gone), "amount_minor"},
      {with("amount_minor", 0), "amount_minor"},
      {with("amount_minor", 12.5), "amount_minor"},
      {with("amount_minor", UINT64_MAX), "amount_minor"},  // not wrapped to -1
      {with("currency", gone), "currency"},
      {with("currency", "EURO"), "currency"},
      {with("currency", "XXX"), "currency"},
      {with("date", "2026-13-01"), "date"},
      {with("date", "24/11/2026"), "date"},
      {with("date", "2026-11-25"), "date"},  // tomorrow
      {with("method", "Virement!"), "method"},
      {with("reference", 42), "reference"},
      {with("allocations", "all"), "allocations"},
      {with("allocations", json::array({{{"invoice_id", fx_.r1}}})), "allocations[0].amount_minor"},
      {with("allocations", json::array({{{"amount_minor", 5}}})), "allocations[0].invoice_id"},
      {with("allocations", json::array({{{"invoice_id", fx_.r1}, {"amount_minor", -5}}})), "allocations[0].amount_minor"},
      {with("allocations", json::array({42})), "allocations[0]"},
  };
  const std::string before = Snapshot();
  for (const auto& [body, field] : cases) {
    int status = 0;
    json r = Pay(body, collector_, &status);
    EXPECT_EQ(status, 400) << body.dump() << " " << r.dump();
    EXPECT_EQ(r["error"]["field"], field) << body.dump() << " " << r.dump();
  }
  auto c = server_->Client();
  auto not_json = c.Post("/api/v1/payments", {{"Authorization", "Bearer " + collector_}}, "{customer_id: 1", "application/json");
  ASSERT_TRUE(not_json);
  EXPECT_EQ(not_json->status, 400);
  int status = 0;
  json r = Pay(with("customer_id", 987654321), collector_, &status);
  EXPECT_EQ(status, 404) << r.dump();
  EXPECT_EQ(Snapshot(), before);
}

TEST_F(PaymentsApiTest, AnIdempotencyKeyRecordsThePaymentOnce) {
  const json body = {{"customer_id", fx_.idem}, {"amount_minor", 30000}, {"currency", "EUR"}, {"date", "2026-11-22"},
                     {"reference", "VIR IDEM"}};
  const httplib::Headers key = {{"Idempotency-Key", "paiement-2026-11-22-idem"}};
  auto c = server_->Client();
  httplib::Headers headers = {{"Authorization", "Bearer " + collector_}, {"Idempotency-Key", "paiement-2026-11-22-idem"}};
  auto first = c.Post("/api/v1/payments", headers, body.dump(), "application/json");
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 201) << first->body;
  auto retry = c.Post("/api/v1/payments", headers, body.dump(), "application/json");
  ASSERT_TRUE(retry);
  EXPECT_EQ(retry->status, 201);
  EXPECT_EQ(retry->body, first->body) << "the retry gets the first answer";
  EXPECT_EQ(retry->get_header_value("Idempotent-Replayed"), "true");
  EXPECT_EQ(Payments(fx_.idem), 1) << "and no second payment";
  EXPECT_EQ(Open(fx_.i1), 60000);

  // The same key for another body is refused, and writes nothing.
  json other = body;
  other["amount_minor"] = 31000;
  int status = 0;
  json r = Pay(other, collector_, &status, key);
  EXPECT_EQ(status, 422) << r.dump();
  EXPECT_EQ(Payments(fx_.idem), 1);
  EXPECT_EQ(Open(fx_.i1), 60000);
  // Another key is another payment.
  r = Pay(body, collector_, &status, {{"Idempotency-Key", "paiement-2026-11-22-idem-bis"}});
  EXPECT_EQ(status, 201) << r.dump();
  EXPECT_EQ(Payments(fx_.idem), 2);
  EXPECT_EQ(Open(fx_.i1), 30000);
}

TEST_F(PaymentsApiTest, APaymentWithNothingOpenIsACredit) {
  int status = 0;
  json r = Pay({{"customer_id", fx_.nothing_open}, {"amount_minor", 5000}, {"currency", "EUR"}}, collector_, &status);
  ASSERT_EQ(status, 201) << r.dump();
  EXPECT_TRUE(r["allocations"].empty());
  EXPECT_EQ(r["unallocated_minor"], 5000);
  json account = server_->Get("/api/v1/customers/" + std::to_string(fx_.nothing_open), manager_, &status);
  EXPECT_EQ(account["summary"]["credit_minor"], 5000);
  EXPECT_EQ(account["summary"]["balance_minor"], -5000);
  json statement = server_->Get("/api/v1/customers/" + std::to_string(fx_.nothing_open) + "/statement", manager_, &status);
  EXPECT_EQ(statement["totals"]["credit_minor"], 5000);
  EXPECT_EQ(statement["totals"]["total_due_minor"], -5000);
}

TEST_F(PaymentsApiTest, ABodyAboveOneMebibyteIs413) {
  const std::string before = Snapshot();
  json body = {{"customer_id", fx_.refused}, {"amount_minor", 100}, {"currency", "EUR"}, {"reference", std::string(1 << 20, 'x')}};
  int status = 0;
  json r = Pay(body, collector_, &status);
  EXPECT_EQ(status, 413) << r.dump().substr(0, 200);
  EXPECT_EQ(Snapshot(), before);
}

TEST_F(PaymentsApiTest, UndoingAnAllocationReopensTheInvoiceAndLeavesACredit) {
  int status = 0;
  server_->Post("/api/v1/invoices/" + std::to_string(fx_.u1) + "/credit-notes",
                {{"amount_minor", 1000}, {"number", "AV-U-1"}, {"reason", "remise"}}, collector_, &status);
  ASSERT_EQ(status, 201);
  json r = Pay({{"customer_id", fx_.undo}, {"amount_minor", 9000}, {"currency", "EUR"}, {"date", "2026-11-23"},
                {"allocations", {{{"invoice_id", fx_.u1}, {"amount_minor", 9000}}}}},
               collector_, &status);
  ASSERT_EQ(status, 201) << r.dump();
  EXPECT_EQ(Sql("SELECT status = 'paid' FROM invoices WHERE id = ?", {fx_.u1}), 1);
  const Id by_payment = Sql("SELECT id FROM allocations WHERE invoice_id = ? AND payment_id IS NOT NULL", {fx_.u1});
  const Id by_credit_note = Sql("SELECT id FROM allocations WHERE invoice_id = ? AND credit_note_id IS NOT NULL", {fx_.u1});
  const std::string path = "/api/v1/allocations/" + std::to_string(by_payment);

  const std::string before = Snapshot();
  server_->Delete(path, rep1_, &status);
  EXPECT_EQ(status, 403) << "a rep does not touch the ledger";
  server_->Delete("/api/v1/allocations/" + std::to_string(by_credit_note), collector_, &status);
  EXPECT_EQ(status, 422) << "a credit note is cancelled by another document";
  EXPECT_EQ(Snapshot(), before);

  r = server_->Delete(path, collector_, &status);
  ASSERT_EQ(status, 200) << r.dump();
  EXPECT_EQ(r["amount_minor"], 9000);
  EXPECT_EQ(r["invoice_open_minor"], 9000);
  EXPECT_EQ(Open(fx_.u1), 9000);
  EXPECT_EQ(Sql("SELECT status = 'open' FROM invoices WHERE id = ?", {fx_.u1}), 1);
  json account = server_->Get("/api/v1/customers/" + std::to_string(fx_.undo), collector_, &status);
  EXPECT_EQ(account["summary"]["credit_minor"], 9000) << "the payment stays, as a credit";
  EXPECT_EQ(Sql("SELECT count(*) FROM notes WHERE customer_id = ? AND text LIKE 'Lettrage annulé%FA-U-1%'", {fx_.undo}), 1);
  server_->Delete(path, collector_, &status);
  EXPECT_EQ(status, 404) << "undone once";
}

TEST_F(PaymentsApiTest, TheLedgerStaysConsistent) {
  // Runs last in this file: everything the tests above wrote adds up.
  auto store = Store::Open(server_->db());
  ASSERT_TRUE(store.ok());
  Status s = store->VerifyLedger();
  EXPECT_TRUE(s.ok()) << s.ToString();
}

}  // namespace
}  // namespace encaisse::testing
