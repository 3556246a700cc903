// The demo generator: deterministic content, counts as reported, a consistent ledger and a
// realistic spread (overdue, partly paid, disputes, plans), and the store left as it was opened.
#include "shared/demo/demo_generator.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "tests/shared/test_support.h"

namespace encaisse {
namespace {

Date D(const char* iso) { return Date::ParseIso(iso).value(); }

// Per table: its row count and a 64-bit FNV-1a hash of every value of every row, in rowid
// order (the same content gives the same digest; any changed value changes it).
using Digest = std::map<std::string, std::pair<int64_t, uint64_t>>;

Digest DigestOf(Db& db) {
  Digest out;
  std::vector<std::string> tables;
  {
    auto st = db.Prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
    EXPECT_TRUE(st.ok());
    if (!st.ok()) return out;
    while (st->Step().value()) tables.emplace_back(st->Text(0));
  }
  for (const auto& table : tables) {
    // Table names come from sqlite_master: ours, not user text.
    auto st = db.Prepare("SELECT * FROM \"" + table + "\" ORDER BY rowid");
    EXPECT_TRUE(st.ok()) << table;
    if (!st.ok()) continue;
    const int columns = sqlite3_column_count(st->raw());
    uint64_t h = 1469598103934665603ull;
    int64_t rows = 0;
    auto mix = [&h](std::string_view bytes) {
      for (unsigned char ch : bytes) h = (h ^ ch) * 1099511628211ull;
    };
    while (st->Step().value()) {
      ++rows;
      for (int c = 0; c < columns; ++c) {
        mix(st->IsNull(c) ? std::string_view("\x01NULL") : st->Text(c));
        mix("\x1f");
      }
      mix("\x1e");
    }
    out[table] = {rows, h};
  }
  return out;
}

struct Generated {
  Result<DemoSummary> summary = Status::Internal("not run");
  Digest digest;
};

Generated Generate(const std::string& name, const DemoOptions& options) {
  ScopedDbPath path(name);
  auto store = Store::Open(path.path(), TestOpenOptions());
  EXPECT_TRUE(store.ok()) << store.status().ToString();
  if (!store.ok()) return {};
  Generated g;
  g.summary = GenerateDemo(*store, options);
  EXPECT_TRUE(g.summary.ok()) << g.summary.status().ToString();
  g.digest = DigestOf(store->db());
  return g;
}

DemoOptions Small(uint64_t seed) {
  DemoOptions o;
  o.customers = 40;
  o.invoices = 400;
  o.seed = seed;
  o.today = D("2025-03-14");
  o.reps = 3;
  return o;
}

TEST(DemoGeneratorTest, SameSeedSameContentOtherSeedOtherContent) {
  const Generated a = Generate("demo_a", Small(7));
  const Generated b = Generate("demo_b", Small(7));
  const Generated c = Generate("demo_c", Small(8));
  ASSERT_TRUE(a.summary.ok() && b.summary.ok() && c.summary.ok());
  ASSERT_FALSE(a.digest.empty());
  EXPECT_EQ(a.digest.size(), b.digest.size());
  for (const auto& [table, d] : a.digest) {
    SCOPED_TRACE(table);
    ASSERT_TRUE(b.digest.count(table));
    EXPECT_EQ(d.first, b.digest.at(table).first);
    EXPECT_EQ(d.second, b.digest.at(table).second);
  }
  EXPECT_EQ(a.digest.at("invoices").first, 400);
  // Another seed: other names, amounts and dates.
  EXPECT_NE(a.digest.at("customers").second, c.digest.at("customers").second);
  EXPECT_NE(a.digest.at("invoices").second, c.digest.at("invoices").second);
  EXPECT_NE(a.digest, c.digest);
  // Another day: other dates, same seed.
  DemoOptions later = Small(7);
  later.today = D("2025-03-15");
  const Generated d = Generate("demo_d", later);
  EXPECT_NE(a.digest.at("invoices").second, d.digest.at("invoices").second);
}

// One full-size portfolio (200 customers, 2 000 invoices), shared by the checks below.
class DemoPortfolioTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    path_ = new ScopedDbPath("demo_full");
    auto store = Store::Open(path_->path(), TestOpenOptions());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = new Store(std::move(store).value());
    mode_before_ = QueryText(store_->db(), "PRAGMA journal_mode");
    options_.today = D("2025-03-14");
    auto summary = GenerateDemo(*store_, options_);
    ASSERT_TRUE(summary.ok()) << summary.status().ToString();
    summary_ = *summary;
  }
  static void TearDownTestSuite() {
    delete store_;
    store_ = nullptr;
    delete path_;
    path_ = nullptr;
  }
  void SetUp() override { ASSERT_NE(store_, nullptr); }

  static Db& db() { return store_->db(); }
  static int64_t Count(const std::string& table_or_query) { return CountRows(db(), table_or_query); }
  static std::string Today() { return options_.today.ToIso(); }

  static inline ScopedDbPath* path_ = nullptr;
  static inline Store* store_ = nullptr;
  static inline DemoOptions options_;
  static inline DemoSummary summary_;
  static inline std::string mode_before_;
};

TEST_F(DemoPortfolioTest, CountsMatchTheSummary) {
  struct Row {
    const char* table;
    int64_t expected;
  };
  const Row rows[] = {{"users", summary_.users},         {"customers", summary_.customers},
                      {"invoices", summary_.invoices},   {"payments", summary_.payments},
                      {"allocations", summary_.allocations}, {"disputes", summary_.disputes},
                      {"promises", summary_.promises},   {"payment_plans", summary_.plans},
                      {"notes", summary_.notes},         {"visits", summary_.visits}};
  for (const Row& r : rows) EXPECT_EQ(Count(r.table), r.expected) << r.table;
  EXPECT_EQ(summary_.customers, 200);
  EXPECT_EQ(summary_.invoices, 2000);
  EXPECT_EQ(summary_.users, 3 + options_.reps);
  EXPECT_EQ(Count("SELECT 1 FROM users WHERE role = 'sales_rep'"), options_.reps);
  EXPECT_EQ(Count("SELECT 1 FROM users WHERE is_demo = 1"), summary_.users);
  // Every row written reached the change log (the triggers ran during the bulk load).
  EXPECT_EQ(Count("SELECT 1 FROM change_log WHERE tbl = 'invoices' AND op = 'upsert'"),
            summary_.invoices + Count("SELECT 1 FROM allocations a JOIN payments p ON p.id = a.payment_id "
                                      "WHERE p.reference = 'Échéancier'"));
  EXPECT_NE(QueryText(db(), "SELECT value FROM settings WHERE key = 'company'").find("Encaisse D"), std::string::npos);
}

TEST_F(DemoPortfolioTest, TheLedgerIsConsistent) {
  EXPECT_EQ(Count("SELECT * FROM pragma_foreign_key_check()"), 0);
  const Status verified = store_->VerifyLedger();
  EXPECT_TRUE(verified.ok()) << verified.ToString();
  struct Row {
    const char* name;
    const char* query;  // rows that break the rule
  };
  const Row rows[] = {
      {"a payment not fully allocated",
       "SELECT 1 FROM payments p WHERE amount_minor <> (SELECT COALESCE(sum(amount_minor), 0) FROM allocations "
       "WHERE payment_id = p.id)"},
      {"an allocation to another customer's invoice",
       "SELECT 1 FROM allocations a JOIN invoices i ON i.id = a.invoice_id WHERE i.customer_id <> a.customer_id"},
      {"an allocation from another customer's payment",
       "SELECT 1 FROM allocations a JOIN payments p ON p.id = a.payment_id WHERE p.customer_id <> a.customer_id"},
      {"a paid invoice with something open", "SELECT 1 FROM invoices WHERE status = 'paid' AND open_minor <> 0"},
      {"a plan whose installments do not add up",
       "SELECT 1 FROM payment_plans p WHERE total_minor <> (SELECT sum(amount_minor) FROM installments WHERE plan_id = p.id)"},
      {"a plan covering another customer's invoice",
       "SELECT 1 FROM plan_invoices pi JOIN payment_plans p ON p.id = pi.plan_id JOIN invoices i ON i.id = pi.invoice_id "
       "WHERE i.customer_id <> p.customer_id"},
      {"a dispute on another customer's invoice",
       "SELECT 1 FROM disputes d JOIN invoices i ON i.id = d.invoice_id WHERE i.customer_id <> d.customer_id"},
      {"an invoice due before it was issued", "SELECT 1 FROM invoices WHERE due_date < issue_date"},
      {"an invoice number used twice", "SELECT number FROM invoices GROUP BY number HAVING count(*) > 1"},
      {"a customer without a sales rep",
       "SELECT 1 FROM customers WHERE rep_id IS NULL OR rep_id NOT IN (SELECT id FROM users WHERE role = 'sales_rep')"},
  };
  for (const Row& r : rows) EXPECT_EQ(Count(r.query), 0) << r.name;
  // Issued and paid up to today, never later.
  EXPECT_EQ(Count("SELECT 1 FROM invoices WHERE issue_date > '" + Today() + "'"), 0);
  EXPECT_EQ(Count("SELECT 1 FROM allocations WHERE date > '" + Today() + "'"), 0);
  EXPECT_EQ(Count("SELECT 1 FROM payments WHERE date > '" + Today() + "'"), 0);
}

TEST_F(DemoPortfolioTest, ThePortfolioIsRealistic) {
  struct Row {
    const char* name;
    std::string query;
    int64_t at_least;
  };
  const Row rows[] = {
      {"overdue invoices", "SELECT 1 FROM invoices WHERE status = 'open' AND open_minor > 0 AND due_date < '" + Today() + "'",
       100},
      {"invoices not yet due", "SELECT 1 FROM invoices WHERE status = 'open' AND due_date >= '" + Today() + "'", 50},
      {"partly paid invoices", "SELECT 1 FROM invoices WHERE open_minor > 0 AND open_minor < amount_minor", 20},
      {"paid invoices", "SELECT 1 FROM invoices WHERE status = 'paid'", 1000},
      {"credit notes", "SELECT 1 FROM invoices WHERE amount_minor < 0", 1},
      {"open disputes", "SELECT 1 FROM disputes WHERE status = 'open'", 1},
      {"active plans", "SELECT 1 FROM payment_plans WHERE status = 'active'", 1},
      {"installments", "SELECT 1 FROM installments", 3},
      {"promises", "SELECT 1 FROM promises", 1},
      {"customers over 90 days late",
       "SELECT DISTINCT customer_id FROM invoices WHERE open_minor > 0 AND julianday('" + Today() +
           "') - julianday(due_date) > 90",
       1},
      {"consumers (B2C)", "SELECT 1 FROM customers WHERE business = 0", 1},
      {"reps with customers", "SELECT DISTINCT rep_id FROM customers", options_.reps},
  };
  for (const Row& r : rows) {
    SCOPED_TRACE(r.name);
    EXPECT_GE(Count(r.query), r.at_least);
  }
  EXPECT_GT(summary_.disputes, 0);
  EXPECT_GT(summary_.plans, 0);
  EXPECT_GT(summary_.promises, 0);
}

TEST_F(DemoPortfolioTest, TheConnectionIsBackToItsSettings) {
  EXPECT_EQ(QueryText(db(), "PRAGMA journal_mode"), mode_before_);
  if (NativeBuild()) {
    EXPECT_EQ(mode_before_, "wal");
    EXPECT_EQ(db().QueryInt("PRAGMA synchronous").value(), 2);  // FULL
  } else {
    EXPECT_EQ(mode_before_, "delete");
  }
  EXPECT_EQ(db().QueryInt("PRAGMA foreign_keys").value(), 1);
  EXPECT_EQ(db().QueryInt("PRAGMA cache_size").value(), -65536);
  // And the store works as usual afterwards.
  EXPECT_TRUE(Transaction::Begin(db()).ok());
}

TEST_F(DemoPortfolioTest, RefusesAStoreThatHasCustomers) {
  const int64_t users = Count("users"), changes = Count("change_log");
  DemoOptions again = options_;
  again.seed = 99;
  auto second = GenerateDemo(*store_, again);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), Code::kConflict);
  EXPECT_NE(second.status().message().find("customers"), std::string::npos) << second.status().message();
  EXPECT_EQ(Count("users"), users);
  EXPECT_EQ(Count("customers"), 200);
  EXPECT_EQ(Count("change_log"), changes);
}

TEST(DemoGeneratorTest, RefusesBadOptions) {
  struct Row {
    const char* name;
    int64_t customers, invoices;
    int reps;
    const char* field;
  };
  const Row rows[] = {{"no customer", 0, 10, 2, "customers"},
                      {"negative invoices", 5, -1, 2, "invoices"},
                      {"no sales rep", 5, 10, 0, "reps"}};
  for (const Row& r : rows) {
    SCOPED_TRACE(r.name);
    ScopedDbPath path("demo_bad");
    auto store = Store::Open(path.path(), TestOpenOptions());
    ASSERT_TRUE(store.ok());
    DemoOptions o = Small(1);
    o.customers = r.customers;
    o.invoices = r.invoices;
    o.reps = r.reps;
    auto s = GenerateDemo(*store, o);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.status().code(), Code::kInvalidArgument);
    EXPECT_EQ(s.status().field(), r.field);
    EXPECT_EQ(CountRows(store->db(), "users"), 0);
  }
}

TEST(DemoGeneratorTest, AFailureLeavesNothingBehind) {
  // An administrator already exists under one of the demo e-mail addresses: the generation
  // fails, and all or nothing means neither demo rows nor demo settings are left.
  ScopedDbPath path("demo_fail");
  auto store = Store::Open(path.path(), TestOpenOptions());
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE(store->AddUser({0, "rep2@demo.test", "Existing", Role::kAdmin, false}).ok());
  const std::string mode = QueryText(store->db(), "PRAGMA journal_mode");
  const int64_t changes = CountRows(store->db(), "change_log");
  auto s = GenerateDemo(*store, Small(3));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), Code::kConflict) << s.status().ToString();
  EXPECT_EQ(CountRows(store->db(), "users"), 1);
  EXPECT_EQ(CountRows(store->db(), "customers"), 0);
  EXPECT_EQ(CountRows(store->db(), "change_log"), changes);
  EXPECT_EQ(CountRows(store->db(), "settings"), 0);
  auto settings = store->LoadSettings();
  ASSERT_TRUE(settings.ok());
  EXPECT_EQ(settings->name, CompanySettings().name);
  EXPECT_EQ(QueryText(store->db(), "PRAGMA journal_mode"), mode);
  EXPECT_EQ(store->db().QueryInt("PRAGMA foreign_keys").value(), 1);
}

}  // namespace
}  // namespace encaisse
