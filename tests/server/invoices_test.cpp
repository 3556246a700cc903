// The invoice routes against the real server: the worklist by due date (pagination, filters,
// scope), the detail with its lettrage and disputes, mark-paid, credit notes, and the PDF.
#include <gtest/gtest.h>

#include <set>

#include "tests/server/account_seed.h"

namespace encaisse::testing {
namespace {

struct Fixture {
  Id rep1 = 0, rep2 = 0;
  Id customer = 0;          // rep1's
  Id partly_paid = 0;       // 1 000,00 due 2026-10-01, 300,00 paid
  Id due_soon = 0;          // 500,00 due 2026-12-01
  Id later = 0;             // 800,00 due 2026-12-20
  Id disputed = 0;          // 400,00 due 2026-11-01, open dispute
  Id to_mark_paid = 0;      // 123,45 due 2026-11-30
  Id to_credit = 0;         // 600,00 due 2026-11-15
  Id rep2_invoice = 0;      // an invoice of a demo customer of rep2
};

Fixture BuildFixture(const std::string& path) {
  Fixture f;
  Seed seed(path);
  f.rep1 = seed.UserId("rep1@demo.test");
  f.rep2 = seed.UserId("rep2@demo.test");
  f.customer = seed.AddCustomer("T-INV", "Zèbre Invoices Test SARL", f.rep1);
  f.partly_paid = seed.AddInvoice(f.customer, "FA-I-1", "2026-09-01", "2026-10-01", 100000);
  seed.Pay(f.customer, "2026-10-10", 30000, f.partly_paid);
  f.due_soon = seed.AddInvoice(f.customer, "FA-I-2", "2026-11-01", "2026-12-01", 50000);
  f.later = seed.AddInvoice(f.customer, "FA-I-3", "2026-11-20", "2026-12-20", 80000);
  f.disputed = seed.AddInvoice(f.customer, "FA-I-4", "2026-10-01", "2026-11-01", 40000);
  seed.OpenDispute(f.customer, f.disputed, "2026-11-03");
  f.to_mark_paid = seed.AddInvoice(f.customer, "FA-I-5", "2026-10-31", "2026-11-30", 12345);
  f.to_credit = seed.AddInvoice(f.customer, "FA-I-6", "2026-10-16", "2026-11-15", 60000);
  auto st = seed.store().db().Prepare(
      "SELECT min(i.id) FROM invoices i JOIN customers c ON c.id = i.customer_id WHERE c.rep_id = ?");
  st->Bind(1, f.rep2);
  EXPECT_TRUE(st->Step().value());
  f.rep2_invoice = st->Int(0);
  EXPECT_GT(f.rep2_invoice, 0);
  return f;
}

class InvoicesApiTest : public ::testing::Test {
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

  static std::string Path(Id invoice, const std::string& suffix = "") {
    return "/api/v1/invoices/" + std::to_string(invoice) + suffix;
  }
  static std::vector<json> Walk(const std::string& base, const std::string& token, int* pages = nullptr) {
    return WalkList(*server_, base, token, pages);
  }
  static int64_t Sql(const std::string& sql, const std::vector<SqlValue>& values = {}) {
    return SqlInt(server_->db(), sql, values);
  }
  static bool LedgerOk() {
    auto store = Store::Open(server_->db());
    if (!store.ok()) return false;
    Status s = store->VerifyLedger();
    EXPECT_TRUE(s.ok()) << s.ToString();
    return s.ok();
  }
  // A PUT of raw bytes.
  static httplib::Result Put(const std::string& path, const std::string& body, const std::string& token) {
    auto c = server_->Client();
    return c.Put(path.c_str(), {{"Authorization", "Bearer " + token}}, body, "application/pdf");
  }

  static Fixture fx_;
  static ServerProcess* server_;
  static std::string admin_, manager_, collector_, rep1_, rep2_;
};
Fixture InvoicesApiTest::fx_;
ServerProcess* InvoicesApiTest::server_ = nullptr;
std::string InvoicesApiTest::admin_, InvoicesApiTest::manager_, InvoicesApiTest::collector_, InvoicesApiTest::rep1_,
    InvoicesApiTest::rep2_;

TEST_F(InvoicesApiTest, EveryRouteWantsASignedInUser) {
  int status = 0;
  for (const std::string& path : {std::string("/api/v1/invoices"), Path(fx_.due_soon), Path(fx_.due_soon, "/pdf")}) {
    server_->Get(path, "", &status);
    EXPECT_EQ(status, 401) << path;
  }
  server_->Post(Path(fx_.due_soon, "/mark-paid"), json::object(), "", &status);
  EXPECT_EQ(status, 401);
  server_->Post(Path(fx_.due_soon, "/credit-notes"), {{"amount_minor", 1}, {"number", "X"}, {"reason", "x"}}, "", &status);
  EXPECT_EQ(status, 401);
  auto put = Put(Path(fx_.due_soon, "/pdf"), "%PDF-1.4", "");
  ASSERT_TRUE(put);
  EXPECT_EQ(put->status, 401);
}

TEST_F(InvoicesApiTest, TheWorklistWalksEveryOpenInvoiceByDueDate) {
  int pages = 0;
  auto all = Walk("/api/v1/invoices?limit=37", manager_, &pages);
  const int64_t open = Sql("SELECT count(*) FROM invoices WHERE status = 'open'");
  ASSERT_EQ(static_cast<int64_t>(all.size()), open);
  EXPECT_EQ(pages, static_cast<int>((open + 36) / 37));
  std::set<Id> ids;
  for (size_t i = 0; i < all.size(); ++i) {
    ids.insert(all[i]["id"].get<Id>());
    EXPECT_EQ(all[i]["status"], "open");
    if (i > 0) {
      const auto prev = std::make_pair(all[i - 1]["due_date"].get<std::string>(), all[i - 1]["id"].get<Id>());
      const auto cur = std::make_pair(all[i]["due_date"].get<std::string>(), all[i]["id"].get<Id>());
      EXPECT_LT(prev, cur);
    }
  }
  EXPECT_EQ(static_cast<int64_t>(ids.size()), open);
  for (const char* field : {"id", "customer", "number", "issue_date", "due_date", "amount_minor", "open_minor", "currency",
                            "status", "days_late", "disputed", "credit_note"})
    EXPECT_TRUE(all.front().contains(field)) << field;

  auto every = Walk("/api/v1/invoices?status=all&limit=200", manager_);
  EXPECT_EQ(static_cast<int64_t>(every.size()), Sql("SELECT count(*) FROM invoices"));
  auto paid = Walk("/api/v1/invoices?status=paid&limit=150", manager_);
  EXPECT_EQ(static_cast<int64_t>(paid.size()), Sql("SELECT count(*) FROM invoices WHERE status = 'paid'"));
  for (const auto& item : paid) EXPECT_EQ(item["status"], "paid");
}

TEST_F(InvoicesApiTest, FiltersMatchTheDatabase) {
  auto overdue = Walk("/api/v1/invoices?overdue=1&limit=50", collector_);
  EXPECT_EQ(static_cast<int64_t>(overdue.size()),
            Sql("SELECT count(*) FROM invoices WHERE status = 'open' AND open_minor > 0 AND due_date < '2026-11-24'"));
  for (const auto& item : overdue) {
    EXPECT_GT(item["days_late"].get<int>(), 0);
    EXPECT_GT(item["open_minor"].get<int64_t>(), 0);
  }
  auto soon = Walk("/api/v1/invoices?due_in_days=7", collector_);
  EXPECT_EQ(static_cast<int64_t>(soon.size()),
            Sql("SELECT count(*) FROM invoices WHERE status = 'open' AND open_minor > 0 AND due_date BETWEEN '2026-11-24' AND '2026-12-01'"));
  bool has_due_soon = false;
  for (const auto& item : soon) {
    EXPECT_GE(item["due_date"].get<std::string>(), "2026-11-24");
    EXPECT_LE(item["due_date"].get<std::string>(), "2026-12-01");
    has_due_soon |= item["id"].get<Id>() == fx_.due_soon;
  }
  EXPECT_TRUE(has_due_soon);
  auto disputed = Walk("/api/v1/invoices?disputed=1&status=all", collector_);
  EXPECT_EQ(static_cast<int64_t>(disputed.size()), Sql("SELECT count(DISTINCT invoice_id) FROM disputes WHERE status = 'open'"));
  for (const auto& item : disputed) EXPECT_EQ(item["disputed"], true);
  auto range = Walk("/api/v1/invoices?status=all&due_from=2026-06-01&due_to=2026-06-30", collector_);
  EXPECT_EQ(static_cast<int64_t>(range.size()),
            Sql("SELECT count(*) FROM invoices WHERE due_date BETWEEN '2026-06-01' AND '2026-06-30'"));
  for (const auto& item : range) {
    EXPECT_GE(item["due_date"].get<std::string>(), "2026-06-01");
    EXPECT_LE(item["due_date"].get<std::string>(), "2026-06-30");
  }
  auto mine = Walk("/api/v1/invoices?status=all&customer_id=" + std::to_string(fx_.customer), collector_);
  ASSERT_EQ(mine.size(), 6u);
  EXPECT_EQ(mine[0]["number"], "FA-I-1");  // due 2026-10-01, first
  EXPECT_EQ(mine[0]["customer"]["name"], "Zèbre Invoices Test SARL");
  EXPECT_EQ(mine[0]["open_minor"], 70000);
  EXPECT_EQ(mine[0]["days_late"], 54);
}

TEST_F(InvoicesApiTest, BadParametersAre400NamingTheField) {
  const std::pair<const char*, const char*> cases[] = {
      {"status=late", "status"},        {"due_from=01/10/2026", "due_from"}, {"due_to=2026-02-30", "due_to"},
      {"due_in_days=-1", "due_in_days"}, {"cursor=%25%25", "cursor"},         {"customer_id=x", "customer_id"},
      {"disputed=yes", "disputed"},      {"limit=500", "limit"},
  };
  for (const auto& [query, field] : cases) {
    int status = 0;
    json r = server_->Get(std::string("/api/v1/invoices?") + query, manager_, &status);
    EXPECT_EQ(status, 400) << query;
    EXPECT_EQ(r["error"]["field"], field) << query << " " << r.dump();
  }
}

TEST_F(InvoicesApiTest, ARepSeesOnlyTheirCustomersInvoices) {
  auto mine = Walk("/api/v1/invoices?status=all&limit=100", rep1_);
  EXPECT_EQ(static_cast<int64_t>(mine.size()),
            Sql("SELECT count(*) FROM invoices i JOIN customers c ON c.id = i.customer_id WHERE c.rep_id = ?", {fx_.rep1}));
  const auto own = SqlColumn(server_->db(), "SELECT id FROM customers WHERE rep_id = ?", {fx_.rep1});
  const std::set<int64_t> own_set(own.begin(), own.end());
  for (const auto& item : mine) EXPECT_TRUE(own_set.count(item["customer"]["id"].get<Id>())) << item.dump();
  // Naming another rep's customer gives nothing.
  const int64_t other_customer = Sql("SELECT customer_id FROM invoices WHERE id = ?", {fx_.rep2_invoice});
  int status = 0;
  json r = server_->Get("/api/v1/invoices?status=all&customer_id=" + std::to_string(other_customer), rep1_, &status);
  EXPECT_EQ(status, 200);
  EXPECT_TRUE(r["items"].empty());
  // Another rep's invoice by id: the same answer as an invoice that does not exist.
  auto c = server_->Client();
  httplib::Headers auth = {{"Authorization", "Bearer " + rep1_}};
  for (const std::string& suffix : {std::string(""), std::string("/pdf")}) {
    auto other = c.Get(Path(fx_.rep2_invoice, suffix).c_str(), auth);
    auto missing = c.Get(Path(987654321, suffix).c_str(), auth);
    ASSERT_TRUE(other && missing);
    EXPECT_EQ(other->status, 404);
    EXPECT_EQ(missing->status, 404);
    EXPECT_EQ(other->body, missing->body) << suffix;
  }
  server_->Get(Path(fx_.rep2_invoice), rep2_, &status);
  EXPECT_EQ(status, 200);
}

TEST_F(InvoicesApiTest, DetailShowsTheLettrageAndDisputes) {
  int status = 0;
  json d = server_->Get(Path(fx_.partly_paid), rep1_, &status);
  ASSERT_EQ(status, 200) << d.dump();
  EXPECT_EQ(d["number"], "FA-I-1");
  EXPECT_EQ(d["amount_minor"], 100000);
  EXPECT_EQ(d["open_minor"], 70000);
  EXPECT_EQ(d["days_late"], 54);
  EXPECT_EQ(d["customer"]["id"].get<Id>(), fx_.customer);
  ASSERT_EQ(d["allocations"].size(), 1u);
  EXPECT_EQ(d["allocations"][0]["source"], "payment");
  EXPECT_EQ(d["allocations"][0]["amount_minor"], 30000);
  EXPECT_EQ(d["allocations"][0]["date"], "2026-10-10");
  EXPECT_EQ(d["allocations"][0]["method"], "transfer");
  EXPECT_EQ(d["disputed"], false);
  EXPECT_TRUE(d["disputes"].empty());
  d = server_->Get(Path(fx_.disputed), manager_, &status);
  ASSERT_EQ(status, 200);
  EXPECT_EQ(d["disputed"], true);
  ASSERT_EQ(d["disputes"].size(), 1u);
  EXPECT_EQ(d["disputes"][0]["status"], "open");
  EXPECT_EQ(d["disputes"][0]["reason"], "Quantité erronée");
}

TEST_F(InvoicesApiTest, MarkPaidSettlesWhatIsOpenOnce) {
  int status = 0;
  server_->Post(Path(fx_.to_mark_paid, "/mark-paid"), json::object(), manager_, &status);
  EXPECT_EQ(status, 403);
  server_->Post(Path(fx_.to_mark_paid, "/mark-paid"), json::object(), rep1_, &status);
  EXPECT_EQ(status, 403);
  const int64_t payments = Sql("SELECT count(*) FROM payments");
  json r = server_->Post(Path(fx_.to_mark_paid, "/mark-paid"), {{"method", "cheque"}}, collector_, &status);
  ASSERT_EQ(status, 200) << r.dump();
  EXPECT_EQ(r["status"], "paid");
  EXPECT_EQ(r["open_minor"], 0);
  ASSERT_EQ(r["allocations"].size(), 1u);
  EXPECT_EQ(r["allocations"][0]["amount_minor"], 12345);
  EXPECT_EQ(r["allocations"][0]["date"], "2026-11-24");
  EXPECT_EQ(r["allocations"][0]["method"], "cheque");
  const Id payment = r["payment_id"].get<Id>();
  EXPECT_EQ(Sql("SELECT amount_minor FROM payments WHERE id = ? AND date = '2026-11-24' AND method = 'cheque'", {payment}), 12345);
  EXPECT_EQ(Sql("SELECT count(*) FROM payments"), payments + 1);

  json again = server_->Post(Path(fx_.to_mark_paid, "/mark-paid"), json::object(), collector_, &status);
  EXPECT_EQ(status, 409) << again.dump();
  EXPECT_NE(again["error"]["message"].get<std::string>().find("already paid"), std::string::npos);
  EXPECT_EQ(Sql("SELECT count(*) FROM payments"), payments + 1);
  // Without a body, by an admin: the method defaults to a transfer.
  r = server_->Post(Path(fx_.later, "/mark-paid"), json::object(), admin_, &status);
  ASSERT_EQ(status, 200) << r.dump();
  EXPECT_EQ(r["allocations"][0]["method"], "transfer");
  EXPECT_EQ(r["allocations"][0]["amount_minor"], 80000);
  server_->Post(Path(987654321, "/mark-paid"), json::object(), collector_, &status);
  EXPECT_EQ(status, 404);
  EXPECT_TRUE(LedgerOk());
}

TEST_F(InvoicesApiTest, ACreditNoteLowersItsInvoiceAndKeepsTheLedger) {
  const std::string path = Path(fx_.to_credit, "/credit-notes");
  int status = 0;
  server_->Post(path, {{"amount_minor", 20000}, {"number", "AV-I-1"}, {"reason", "Remise"}}, manager_, &status);
  EXPECT_EQ(status, 403);
  json r = server_->Post(path, {{"amount_minor", 20000}, {"number", "AV-I-1"}, {"reason", "Remise commerciale"}}, collector_, &status);
  ASSERT_EQ(status, 201) << r.dump();
  EXPECT_EQ(r["credit_note"]["amount_minor"], -20000);
  EXPECT_EQ(r["credit_note"]["number"], "AV-I-1");
  EXPECT_EQ(r["credit_note"]["credit_note"], true);
  EXPECT_EQ(r["credit_note"]["customer_id"].get<Id>(), fx_.customer);
  EXPECT_EQ(r["invoice"]["open_minor"], 40000);
  EXPECT_EQ(r["invoice"]["status"], "open");
  ASSERT_EQ(r["invoice"]["allocations"].size(), 1u);
  EXPECT_EQ(r["invoice"]["allocations"][0]["source"], "credit_note");
  EXPECT_EQ(r["invoice"]["allocations"][0]["credit_note_number"], "AV-I-1");
  const Id credit_note = r["credit_note"]["id"].get<Id>();
  json cn = server_->Get(Path(credit_note), rep1_, &status);
  ASSERT_EQ(status, 200);
  ASSERT_EQ(cn["applied_to"].size(), 1u);
  EXPECT_EQ(cn["applied_to"][0]["invoice_id"].get<Id>(), fx_.to_credit);
  EXPECT_TRUE(LedgerOk());

  // Refusals write nothing.
  const int64_t invoices = Sql("SELECT count(*) FROM invoices");
  const int64_t allocations = Sql("SELECT count(*) FROM allocations");
  json over = server_->Post(path, {{"amount_minor", 40001}, {"number", "AV-I-2"}, {"reason", "Trop"}}, collector_, &status);
  EXPECT_EQ(status, 400) << over.dump();
  EXPECT_EQ(over["error"]["field"], "amount_minor");
  server_->Post(path, {{"amount_minor", 100}, {"number", "AV-I-1"}, {"reason", "Même numéro"}}, collector_, &status);
  EXPECT_EQ(status, 409);
  json missing = server_->Post(path, {{"amount_minor", 100}, {"number", "AV-I-3"}}, collector_, &status);
  EXPECT_EQ(status, 400);
  EXPECT_EQ(missing["error"]["field"], "reason");
  server_->Post(Path(credit_note, "/credit-notes"), {{"amount_minor", 100}, {"number", "AV-I-4"}, {"reason", "x"}}, collector_, &status);
  EXPECT_EQ(status, 409);
  EXPECT_EQ(Sql("SELECT count(*) FROM invoices"), invoices);
  EXPECT_EQ(Sql("SELECT count(*) FROM allocations"), allocations);
  EXPECT_EQ(Sql("SELECT open_minor FROM invoices WHERE id = ?", {fx_.to_credit}), 40000);

  // The rest, by an admin: the invoice is paid; crediting it again is a conflict.
  r = server_->Post(path, {{"amount_minor", 40000}, {"number", "AV-I-5"}, {"reason", "Solde"}}, admin_, &status);
  ASSERT_EQ(status, 201) << r.dump();
  EXPECT_EQ(r["invoice"]["status"], "paid");
  server_->Post(path, {{"amount_minor", 1}, {"number", "AV-I-6"}, {"reason", "Encore"}}, collector_, &status);
  EXPECT_EQ(status, 409);
  // The account shows the credit notes on its timeline, and the reason in a note.
  json account = server_->Get("/api/v1/customers/" + std::to_string(fx_.customer), collector_, &status);
  ASSERT_EQ(status, 200);
  int credit_notes = 0;
  for (const auto& e : account["timeline"]) credit_notes += e["kind"] == "credit_note";
  EXPECT_EQ(credit_notes, 2);
  bool reason_noted = false;
  for (const auto& n : account["notes"]) reason_noted |= n["text"].get<std::string>().find("Remise commerciale") != std::string::npos;
  EXPECT_TRUE(reason_noted);
  EXPECT_TRUE(LedgerOk());
}

TEST_F(InvoicesApiTest, APdfRoundTripsAndOnlyAPdfIsTaken) {
  std::string pdf = "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj << /Type /Catalog >> endobj\n";
  pdf += std::string("\0\x01\x02\xFF binary", 11);
  pdf += "\n%%EOF\n";
  auto bad = Put(Path(fx_.due_soon, "/pdf"), "<html>not a pdf</html>", collector_);
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_NE(bad->body.find("PDF"), std::string::npos);
  auto forbidden = Put(Path(fx_.due_soon, "/pdf"), pdf, manager_);
  ASSERT_TRUE(forbidden);
  EXPECT_EQ(forbidden->status, 403);
  int status = 0;
  server_->Get(Path(fx_.due_soon, "/pdf"), collector_, &status);
  EXPECT_EQ(status, 404) << "nothing attached yet";

  auto put = Put(Path(fx_.due_soon, "/pdf"), pdf, collector_);
  ASSERT_TRUE(put);
  EXPECT_EQ(put->status, 204) << put->body;
  auto c = server_->Client();
  auto got = c.Get(Path(fx_.due_soon, "/pdf").c_str(), {{"Authorization", "Bearer " + rep1_}});
  ASSERT_TRUE(got);
  EXPECT_EQ(got->status, 200);
  EXPECT_EQ(got->get_header_value("Content-Type"), "application/pdf");
  EXPECT_NE(got->get_header_value("Content-Disposition").find("FA-I-2.pdf"), std::string::npos);
  EXPECT_EQ(got->body, pdf) << "the bytes come back as they went";
  auto other_rep = c.Get(Path(fx_.due_soon, "/pdf").c_str(), {{"Authorization", "Bearer " + rep2_}});
  ASSERT_TRUE(other_rep);
  EXPECT_EQ(other_rep->status, 404);
  json d = server_->Get(Path(fx_.due_soon), manager_, &status);
  EXPECT_EQ(d["has_pdf"], true);
  // Replaced by a second upload.
  auto again = Put(Path(fx_.due_soon, "/pdf"), "%PDF-1.4 v2", admin_);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 204);
  got = c.Get(Path(fx_.due_soon, "/pdf").c_str(), {{"Authorization", "Bearer " + manager_}});
  ASSERT_TRUE(got);
  EXPECT_EQ(got->body, "%PDF-1.4 v2");
  auto nowhere = Put(Path(987654321, "/pdf"), pdf, collector_);
  ASSERT_TRUE(nowhere);
  EXPECT_EQ(nowhere->status, 404);
  // Above 32 MiB: refused, and the document stays as it was.
  auto huge = Put(Path(fx_.due_soon, "/pdf"), "%PDF-1.4\n" + std::string((32u << 20) + 1, ' '), collector_);
  ASSERT_TRUE(huge);
  EXPECT_EQ(huge->status, 413);
  got = c.Get(Path(fx_.due_soon, "/pdf").c_str(), {{"Authorization", "Bearer " + manager_}});
  ASSERT_TRUE(got);
  EXPECT_EQ(got->body, "%PDF-1.4 v2");
}

}  // namespace
}  // namespace encaisse::testing
