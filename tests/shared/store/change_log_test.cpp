// The change log that sync reads: every insert, update and delete on a synced table appends
// one entry (table, row, op, customer) with a strictly increasing sequence, in the same
// transaction as the write; ChangesSince pages through it.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "shared/store/store.h"
#include "tests/shared/test_support.h"

namespace encaisse {
namespace {

Date D(const char* iso) { return Date::ParseIso(iso).value(); }

class ChangeLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = Store::Open(path_.path(), TestOpenOptions());
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_.emplace(std::move(s).value());
    auto user = store_->AddUser({0, "rep@example.test", "Rep", Role::kSalesRep, false});
    ASSERT_TRUE(user.ok());
    user_ = *user;
    Customer c;
    c.external_id = "C001";
    c.name = "Customer";
    c.rep_id = user_;
    auto customer = store_->AddCustomer(c);
    ASSERT_TRUE(customer.ok());
    customer_ = *customer;
    Invoice i;
    i.customer_id = customer_;
    i.number = "FA-001";
    i.issue_date = D("2024-01-01");
    i.due_date = D("2024-01-31");
    i.amount_minor = 100000;
    auto invoice = store_->AddInvoice(i);
    ASSERT_TRUE(invoice.ok());
    invoice_ = *invoice;
  }

  Db& db() { return store_->db(); }

  int64_t LastSeq() {
    auto seq = db().QueryInt("SELECT COALESCE(max(seq), 0) FROM change_log");
    EXPECT_TRUE(seq.ok());
    return seq.ok() ? *seq : -1;
  }

  std::vector<Change> Since(int64_t since, int limit = 1000) {
    auto changes = store_->ChangesSince(since, limit);
    EXPECT_TRUE(changes.ok()) << changes.status().ToString();
    return changes.ok() ? *changes : std::vector<Change>{};
  }

  ScopedDbPath path_{"change_log"};
  std::optional<Store> store_;
  Id user_ = 0, customer_ = 0, invoice_ = 0;
};

// One row per synced table: how to insert a row, what to update in it, and whose it is.
struct SyncedTable {
  const char* table;
  std::string insert;  // without the trailing ';'
  const char* set;     // the SET clause of an update
  bool has_customer;   // the entry carries the owning customer (users do not)
};

TEST_F(ChangeLogTest, EveryWriteToASyncedTableIsLoggedWithItsCustomer) {
  const std::string c = std::to_string(customer_), u = std::to_string(user_), i = std::to_string(invoice_);
  // Rows the dependent tables point to, made first (their own entries are checked below too).
  ASSERT_TRUE(db().Exec("INSERT INTO payments (customer_id, date, amount_minor, currency) VALUES (" + c +
                        ", '2024-02-01', 500, 'EUR')").ok());
  const std::string p = std::to_string(db().LastInsertId());
  ASSERT_TRUE(db().Exec("INSERT INTO payment_plans (customer_id, status, frequency, total_minor, currency, created) "
                        "VALUES (" + c + ", 'pending', 'monthly', 1000, 'EUR', '2024-02-01')").ok());
  const std::string plan = std::to_string(db().LastInsertId());
  ASSERT_TRUE(db().Exec("INSERT INTO reminders (customer_id, date, channel, step, status) VALUES (" + c +
                        ", '2024-02-04', 'email', 0, 'queued')").ok());
  const std::string reminder = std::to_string(db().LastInsertId());

  const SyncedTable tables[] = {
      {"users", "INSERT INTO users (email, name, role) VALUES ('new@example.test', 'New', 'collector')", "name = 'Renamed'",
       false},
      {"customers", "INSERT INTO customers (external_id, name) VALUES ('C999', 'New customer')", "name = 'Renamed'", true},
      {"invoices",
       "INSERT INTO invoices (customer_id, number, issue_date, due_date, amount_minor, currency, status, open_minor) "
       "VALUES (" + c + ", 'FA-900', '2024-02-01', '2024-03-02', 700, 'EUR', 'open', 700)",
       "open_minor = 0, status = 'paid'", true},
      {"payments", "INSERT INTO payments (customer_id, date, amount_minor, currency) VALUES (" + c + ", '2024-02-02', 9, 'EUR')",
       "reference = 'VIR'", true},
      {"allocations",
       "INSERT INTO allocations (customer_id, invoice_id, payment_id, amount_minor, date) VALUES (" + c + ", " + i + ", " + p +
           ", 100, '2024-02-01')",
       "amount_minor = 200", true},
      {"notes", "INSERT INTO notes (customer_id, author_id, date, text) VALUES (" + c + ", " + u + ", '2024-02-01', 'Appelé')",
       "text = 'Rappelé'", true},
      {"promises",
       "INSERT INTO promises (customer_id, author_id, promised_date, amount_minor, status, created) VALUES (" + c + ", " + u +
           ", '2024-02-15', 500, 'pending', '2024-02-01')",
       "status = 'kept'", true},
      {"disputes",
       "INSERT INTO disputes (invoice_id, customer_id, opened, reason, status) VALUES (" + i + ", " + c +
           ", '2024-02-01', 'Prix', 'open')",
       "status = 'resolved', resolved = '2024-02-03'", true},
      {"visits", "INSERT INTO visits (customer_id, rep_id, planned) VALUES (" + c + ", " + u + ", '2024-02-10')",
       "outcome = 'Vu'", true},
      {"payment_plans",
       "INSERT INTO payment_plans (customer_id, status, frequency, total_minor, currency, created) VALUES (" + c +
           ", 'pending', 'weekly', 300, 'EUR', '2024-02-01')",
       "status = 'rejected'", true},
      {"plan_invoices", "INSERT INTO plan_invoices (plan_id, invoice_id) VALUES (" + plan + ", " + i + ")",
       "invoice_id = invoice_id", true},
      {"installments",
       "INSERT INTO installments (plan_id, seq, due_date, amount_minor) VALUES (" + plan + ", 1, '2024-03-01', 1000)",
       "paid_minor = 1000", true},
      {"reminders",
       "INSERT INTO reminders (customer_id, date, channel, step, status) VALUES (" + c + ", '2024-02-05', 'email', 0, 'queued')",
       "status = 'sent'", true},
      {"reminder_lines",
       "INSERT INTO reminder_lines (reminder_id, invoice_id, scenario_id, step) VALUES (" + reminder + ", " + i + ", 1, 0)",
       "step = 1", true},
      {"tasks",
       "INSERT INTO tasks (customer_id, kind, due_date, status, created_at) VALUES (" + c +
           ", 'phone_call', '2024-02-06', 'open', '2024-02-06T08:00:00Z')",
       "status = 'done'", true},
  };

  // The list above is exactly the set of tables whose writes reach the log (the server's own
  // tables, such as sessions, are not synced), and each has its three triggers.
  std::set<std::string> listed;
  for (const auto& t : tables) listed.insert(t.table);
  std::set<std::string> logged;
  {
    auto st = db().Prepare("SELECT DISTINCT tbl_name FROM sqlite_master WHERE type = 'trigger' AND sql LIKE '%change_log%'");
    ASSERT_TRUE(st.ok());
    while (st->Step().value()) logged.insert(std::string(st->Text(0)));
  }
  EXPECT_EQ(listed, logged);
  for (const auto& t : tables) {
    for (const char* when : {"insert", "update", "delete"}) {
      const std::string trigger = std::string(t.table) + "_log_" + when;
      EXPECT_EQ(CountRows(db(), "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = '" + trigger + "'"), 1)
          << trigger;
    }
  }

  int64_t last = LastSeq();
  ASSERT_GT(last, 0);
  for (const SyncedTable& t : tables) {
    SCOPED_TRACE(t.table);
    ASSERT_TRUE(db().Exec(t.insert).ok());
    const Id row = db().LastInsertId();
    const Id owner = std::string(t.table) == "customers" ? row : customer_;
    const std::string where = " WHERE id = " + std::to_string(row);
    const std::string writes[] = {t.insert, std::string("UPDATE ") + t.table + " SET " + t.set + where,
                                  std::string("DELETE FROM ") + t.table + where};
    const char* ops[] = {"upsert", "upsert", "delete"};
    for (int k = 0; k < 3; ++k) {
      SCOPED_TRACE(writes[k]);
      if (k > 0) {
        ASSERT_TRUE(db().Exec(writes[k]).ok());
        ASSERT_EQ(db().Changes(), 1);
      }
      const auto changes = Since(last);
      ASSERT_EQ(changes.size(), 1u);
      const Change& ch = changes[0];
      EXPECT_GT(ch.seq, last);
      EXPECT_EQ(ch.table, t.table);
      EXPECT_EQ(ch.row_id, row);
      EXPECT_EQ(ch.op, ops[k]);
      if (t.has_customer) {
        ASSERT_TRUE(ch.customer_id.has_value());
        EXPECT_EQ(*ch.customer_id, owner);
      } else {
        EXPECT_FALSE(ch.customer_id.has_value());
      }
      last = ch.seq;
    }
  }
}

TEST_F(ChangeLogTest, StoreWritesAreLoggedInOrder) {
  const int64_t start = LastSeq();
  Customer c;
  c.external_id = "C002";
  c.name = "Second";
  const Id customer = store_->AddCustomer(c).value();
  Invoice i;
  i.customer_id = customer;
  i.number = "FA-002";
  i.issue_date = D("2024-01-01");
  i.due_date = D("2024-01-31");
  i.amount_minor = 1000;
  const Id inv1 = store_->AddInvoice(i).value();
  i.number = "FA-003";
  const Id inv2 = store_->AddInvoice(i).value();
  Payment p;
  p.customer_id = customer;
  p.date = D("2024-02-01");
  p.amount_minor = 1500;
  const std::vector<Allocation> allocations = {{0, inv1, 0, 0, 1000, {}}, {0, inv2, 0, 0, 500, {}}};
  const Id payment = store_->RecordPayment(p, allocations).value();

  std::vector<std::string> seen;
  int64_t previous = start;
  for (const Change& ch : Since(start)) {
    EXPECT_GT(ch.seq, previous);
    previous = ch.seq;
    EXPECT_EQ(ch.customer_id.value_or(-1), customer);
    seen.push_back(ch.table + ":" + std::to_string(ch.row_id) + ":" + ch.op);
  }
  const auto s = [](Id id) { return std::to_string(id); };
  const auto alloc_ids = [&] {
    std::vector<std::string> ids;
    auto st = db().Prepare("SELECT id FROM allocations ORDER BY id");
    while (st->Step().value()) ids.push_back(s(st->Int(0)));
    return ids;
  }();
  ASSERT_EQ(alloc_ids.size(), 2u);
  EXPECT_EQ(seen, (std::vector<std::string>{
                      "customers:" + s(customer) + ":upsert", "invoices:" + s(inv1) + ":upsert",
                      "invoices:" + s(inv2) + ":upsert", "payments:" + s(payment) + ":upsert",
                      "invoices:" + s(inv1) + ":upsert", "allocations:" + alloc_ids[0] + ":upsert",
                      "invoices:" + s(inv2) + ":upsert", "allocations:" + alloc_ids[1] + ":upsert"}));
}

TEST_F(ChangeLogTest, ARolledBackTransactionLeavesNoEntry) {
  const int64_t before = LastSeq();
  const int64_t rows = CountRows(db(), "change_log");
  {
    auto tx = Transaction::Begin(db());
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE(db().Exec("INSERT INTO notes (customer_id, date, text) VALUES (" + std::to_string(customer_) +
                          ", '2024-02-01', 'brouillon')").ok());
    ASSERT_TRUE(db().Exec("UPDATE invoices SET formal_notice_date = '2024-02-01'").ok());
    EXPECT_EQ(Since(before).size(), 2u);  // inside the transaction, the entries are there
  }  // rolled back
  EXPECT_EQ(LastSeq(), before);
  EXPECT_EQ(CountRows(db(), "change_log"), rows);
  EXPECT_TRUE(Since(before).empty());
  EXPECT_EQ(CountRows(db(), "notes"), 0);

  // A failed store write (a refused allocation) leaves no entry either.
  Payment p;
  p.customer_id = customer_;
  p.date = D("2024-02-01");
  p.amount_minor = 500000;
  const std::vector<Allocation> too_much = {{0, invoice_, 0, 0, 100001, {}}};
  EXPECT_FALSE(store_->RecordPayment(p, too_much).ok());
  EXPECT_EQ(LastSeq(), before);
}

TEST_F(ChangeLogTest, AnotherConnectionSeesEntriesOnlyOnceCommitted) {
  auto reader = Store::Open(path_.path(), TestOpenOptions());
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  const int64_t before = LastSeq();
  {
    auto tx = Transaction::Begin(db());
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE(db().Exec("INSERT INTO notes (customer_id, date, text) VALUES (" + std::to_string(customer_) +
                          ", '2024-02-01', 'note')").ok());
    auto seen = reader->ChangesSince(before, 10);
    ASSERT_TRUE(seen.ok()) << seen.status().ToString();
    EXPECT_TRUE(seen->empty());
    ASSERT_TRUE(tx->Commit().ok());
  }
  auto seen = reader->ChangesSince(before, 10);
  ASSERT_TRUE(seen.ok());
  ASSERT_EQ(seen->size(), 1u);
  EXPECT_EQ((*seen)[0].table, "notes");
}

TEST_F(ChangeLogTest, ChangesSincePagesWithALimit) {
  const int64_t start = LastSeq();
  for (int n = 0; n < 10; ++n)
    ASSERT_TRUE(db().Exec("INSERT INTO notes (customer_id, date, text) VALUES (" + std::to_string(customer_) +
                          ", '2024-02-01', 'n" + std::to_string(n) + "')").ok());
  const std::vector<Change> all = Since(start);
  ASSERT_EQ(all.size(), 10u);

  struct Row {
    int limit;
    std::vector<size_t> pages;
  };
  const Row rows[] = {{1, {1, 1, 1, 1, 1, 1, 1, 1, 1, 1}}, {3, {3, 3, 3, 1}}, {5, {5, 5}}, {10, {10}}, {50, {10}}};
  for (const Row& r : rows) {
    SCOPED_TRACE(r.limit);
    std::vector<size_t> pages;
    std::vector<int64_t> seqs;
    int64_t cursor = start;
    for (int guard = 0; guard < 100; ++guard) {
      const auto page = Since(cursor, r.limit);
      if (page.empty()) break;
      EXPECT_LE(page.size(), static_cast<size_t>(r.limit));
      pages.push_back(page.size());
      for (const auto& ch : page) seqs.push_back(ch.seq);
      cursor = page.back().seq;  // the next cursor is the last sequence seen
    }
    EXPECT_EQ(pages, r.pages);
    ASSERT_EQ(seqs.size(), all.size());
    for (size_t k = 0; k < all.size(); ++k) EXPECT_EQ(seqs[k], all[k].seq);
  }
  EXPECT_TRUE(Since(all.back().seq).empty());
  EXPECT_EQ(Since(0).size(), static_cast<size_t>(all.back().seq));  // from the start: every entry

  for (int bad : {0, -1}) {
    auto r = store_->ChangesSince(start, bad);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), Code::kInvalidArgument);
    EXPECT_EQ(r.status().field(), "limit");
  }
}

}  // namespace
}  // namespace encaisse
