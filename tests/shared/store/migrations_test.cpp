// Schema migrations: a fresh database, upgrades applied once and in a transaction, a database
// newer than the code refused and left untouched; the connection settings a server relies on.
#include "shared/store/migrations.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "shared/store/store.h"
#include "tests/shared/test_support.h"

namespace encaisse {
namespace {

int Version(Db& db) {
  auto v = SchemaVersion(db);
  EXPECT_TRUE(v.ok()) << v.status().ToString();
  return v.ok() ? *v : -1;
}

bool TableExists(Db& db, const std::string& name) {
  auto st = db.Prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?");
  if (!st.ok()) return false;
  st->Bind(1, name);
  auto row = st->Step();
  return row.ok() && *row && st->Int(0) == 1;
}

TEST(MigrationsTest, VersionsAreNumberedFromOneWithoutGaps) {
  const auto& all = Migrations();
  ASSERT_FALSE(all.empty());
  for (size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(all[i].version, static_cast<int>(i) + 1);
    EXPECT_FALSE(all[i].sql.empty());
  }
  EXPECT_EQ(LatestSchemaVersion(), all.back().version);
}

TEST(MigrationsTest, FreshDatabaseReachesTheLatestVersionWithEveryTable) {
  ScopedDbPath path("fresh");
  auto store = Store::Open(path.path(), TestOpenOptions());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_EQ(Version(store->db()), LatestSchemaVersion());
  for (const char* table : {"settings", "users", "customers", "invoices", "payments", "allocations", "notes", "promises",
                            "disputes", "visits", "payment_plans", "plan_invoices", "installments", "reminders",
                            "change_log"}) {
    EXPECT_TRUE(TableExists(store->db(), table)) << table;
  }
  EXPECT_FALSE(TableExists(store->db(), "no_such_table"));
  // Opening again is a no-op: the version stays and nothing is re-run (CREATE TABLE would fail).
  auto again = Store::Open(path.path(), TestOpenOptions());
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(Version(again->db()), LatestSchemaVersion());
}

TEST(MigrationsTest, EmptyDatabaseIsVersionZero) {
  ScopedDbPath path("empty");
  auto db = Db::Open(path.path(), TestOpenOptions());
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  EXPECT_EQ(Version(*db), 0);
}

// Test migrations: v2 adds a column and records each time it runs, so "applied once" shows.
const Migration kV1{1, "CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT NOT NULL);"
                       "CREATE TABLE runs (version INTEGER NOT NULL);"
                       "INSERT INTO runs VALUES (1);"};
const Migration kV2{2, "ALTER TABLE things ADD COLUMN colour TEXT NOT NULL DEFAULT 'blue';"
                       "INSERT INTO runs VALUES (2);"};

TEST(MigrationsTest, UpgradeAppliesOnlyTheNewMigrationsAndKeepsTheData) {
  ScopedDbPath path("upgrade");
  {
    auto db = Db::Open(path.path(), TestOpenOptions());
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    ASSERT_TRUE(Migrate(*db, {kV1}).ok());
    EXPECT_EQ(Version(*db), 1);
    ASSERT_TRUE(db->Exec("INSERT INTO things (name) VALUES ('kept'), ('also kept')").ok());
  }
  auto db = Db::Open(path.path(), TestOpenOptions());  // the next release opens the file
  ASSERT_TRUE(db.ok());
  const Status upgraded = Migrate(*db, {kV1, kV2});
  ASSERT_TRUE(upgraded.ok()) << upgraded.ToString();
  EXPECT_EQ(Version(*db), 2);
  EXPECT_EQ(QueryText(*db, "SELECT group_concat(version, ',') FROM (SELECT version FROM runs ORDER BY rowid)"), "1,2");
  EXPECT_EQ(QueryText(*db, "SELECT group_concat(name || ':' || colour, ',') FROM (SELECT * FROM things ORDER BY id)"),
            "kept:blue,also kept:blue");
  // Again: nothing to do, nothing re-run.
  ASSERT_TRUE(Migrate(*db, {kV1, kV2}).ok());
  EXPECT_EQ(Version(*db), 2);
  EXPECT_EQ(CountRows(*db, "runs"), 2);
}

TEST(MigrationsTest, AFailingMigrationLeavesTheVersionAndTheSchemaUnchanged) {
  ScopedDbPath path("failing");
  auto db = Db::Open(path.path(), TestOpenOptions());
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE(Migrate(*db, {kV1}).ok());
  ASSERT_TRUE(db->Exec("INSERT INTO things (name) VALUES ('before')").ok());
  // v2 creates a table and changes rows, then fails half-way: all of it must be rolled back.
  const Migration bad{2, "CREATE TABLE half_done (x INTEGER);"
                         "UPDATE things SET name = 'changed';"
                         "INSERT INTO no_such_table VALUES (1);"};
  const Migration v3{3, "INSERT INTO runs VALUES (3);"};
  const Status s = Migrate(*db, {kV1, bad, v3});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), Code::kInternal);
  EXPECT_NE(s.message().find("migration 2"), std::string::npos) << s.message();
  EXPECT_EQ(Version(*db), 1);
  EXPECT_FALSE(TableExists(*db, "half_done"));
  EXPECT_EQ(QueryText(*db, "SELECT name FROM things"), "before");
  EXPECT_EQ(CountRows(*db, "runs"), 1);  // v3 did not run either
  // The connection is not left inside a transaction: a new one begins and commits.
  auto tx = Transaction::Begin(*db);
  ASSERT_TRUE(tx.ok()) << tx.status().ToString();
  EXPECT_TRUE(tx->Commit().ok());
  // Fixed in the next release, the upgrade goes through.
  ASSERT_TRUE(Migrate(*db, {kV1, kV2, v3}).ok());
  EXPECT_EQ(Version(*db), 3);
  EXPECT_EQ(CountRows(*db, "runs"), 3);
}

TEST(MigrationsTest, ANewerDatabaseIsRefusedAndLeftUntouched) {
  ScopedDbPath path("newer");
  const int newer = LatestSchemaVersion() + 5;
  {
    auto store = Store::Open(path.path(), TestOpenOptions());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    ASSERT_TRUE(store->AddUser({0, "someone@example.test", "Someone", Role::kAdmin, false}).ok());
    ASSERT_TRUE(store->db().Exec("PRAGMA user_version = " + std::to_string(newer)).ok());
  }
  const std::string before = FileBytes(path.path());
  ASSERT_FALSE(before.empty());

  auto store = Store::Open(path.path(), TestOpenOptions());
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), Code::kConflict);
  const std::string& message = store.status().message();
  EXPECT_NE(message.find("newer"), std::string::npos) << message;
  EXPECT_NE(message.find(std::to_string(newer)), std::string::npos) << message;
  EXPECT_NE(message.find(path.path()), std::string::npos) << message;

  // Also through Migrate directly, with the test migrations.
  {
    auto db = Db::Open(path.path(), TestOpenOptions());
    ASSERT_TRUE(db.ok());
    const Status s = Migrate(*db, {kV1, kV2});
    EXPECT_EQ(s.code(), Code::kConflict) << s.ToString();
    EXPECT_EQ(Version(*db), newer);
    EXPECT_EQ(CountRows(*db, "users"), 1);
    EXPECT_FALSE(TableExists(*db, "things"));
  }
  EXPECT_EQ(FileBytes(path.path()), before) << "the file changed";
}

TEST(DbOpenTest, ConnectionSettings) {
  ScopedDbPath path("pragmas");
  auto store = Store::Open(path.path(), TestOpenOptions());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  Db& db = store->db();
  if (NativeBuild()) {
    EXPECT_EQ(QueryText(db, "PRAGMA journal_mode"), "wal");
    EXPECT_EQ(db.QueryInt("PRAGMA synchronous").value(), 2);  // FULL
  } else {
    EXPECT_EQ(QueryText(db, "PRAGMA journal_mode"), "delete");
  }
  EXPECT_GE(db.QueryInt("PRAGMA busy_timeout").value(), 5000);
  EXPECT_EQ(db.QueryInt("PRAGMA foreign_keys").value(), 1);
  EXPECT_EQ(db.QueryInt("PRAGMA cache_size").value(), -65536);
}

TEST(DbOpenTest, NoCreateRefusesAMissingFile) {
  const std::string path = TempDbPath("missing");
  OpenOptions options = TestOpenOptions();
  options.create = false;
  auto db = Db::Open(path, options);
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), Code::kInternal);
  EXPECT_NE(db.status().message().find(path), std::string::npos) << db.status().message();
  auto store = Store::Open(path, options);
  EXPECT_FALSE(store.ok());
}

TEST(DbOpenTest, ForeignKeysAreEnforced) {
  ScopedDbPath path("fk");
  auto store = Store::Open(path.path(), TestOpenOptions());
  ASSERT_TRUE(store.ok());
  Invoice orphan;
  orphan.customer_id = 12345;
  orphan.number = "FA-1";
  orphan.amount_minor = 100;
  auto id = store->AddInvoice(orphan);
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.status().code(), Code::kConflict);
  EXPECT_EQ(CountRows(store->db(), "invoices"), 0);
}

}  // namespace
}  // namespace encaisse
