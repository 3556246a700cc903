// The connection's statement cache: a statement is lent again only once released, released it
// holds no read snapshot and no bindings, and the same text used twice at once still works.
// A write blocked by another connection past the busy timeout is "busy" (worth a retry).
#include "shared/store/db.h"

#include <gtest/gtest.h>

#include "tests/shared/test_support.h"

namespace encaisse {
namespace {

class DbTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = Db::Open(path_.path(), TestOpenOptions());
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_.emplace(std::move(db).value());
    ASSERT_TRUE(db_->Exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER)").ok());
    ASSERT_TRUE(db_->Exec("INSERT INTO t (v) VALUES (1), (2), (3)").ok());
  }
  ScopedDbPath path_{"db_cache"};
  std::optional<Db> db_;
};

TEST_F(DbTest, FoldListsNamesAsFrenchReadersDo) {
  ASSERT_TRUE(db_->Exec("CREATE TABLE names (name TEXT)").ok());
  ASSERT_TRUE(db_->Exec("INSERT INTO names VALUES ('Zénith'), ('Établissements Roux'), ('de Martin'), ('Abeille'), (NULL)").ok());
  auto st = db_->Prepare("SELECT coalesce(group_concat(name, '|'), '') FROM (SELECT name FROM names ORDER BY fold(name))");
  ASSERT_TRUE(st.ok());
  ASSERT_TRUE(*st->Step());
  EXPECT_EQ(st->Text(0), "Abeille|de Martin|Établissements Roux|Zénith");
  auto one = db_->Prepare("SELECT fold('Électricité DUPRÉ'), fold(NULL) IS NULL");
  ASSERT_TRUE(one.ok());
  ASSERT_TRUE(*one->Step());
  EXPECT_EQ(one->Text(0), "electricite dupre");
  EXPECT_EQ(one->Int(1), 1);
}

TEST_F(DbTest, TheSameStatementTwiceAtOnceIsTwoStatements) {
  constexpr const char* kSql = "SELECT v FROM t WHERE v >= ? ORDER BY v";
  auto outer = db_->Prepare(kSql);
  ASSERT_TRUE(outer.ok());
  outer->Bind(1, 1);
  std::vector<int64_t> pairs;
  while (*outer->Step()) {
    auto inner = db_->Prepare(kSql);  // the cached one is lent out: a fresh one
    ASSERT_TRUE(inner.ok());
    inner->Bind(1, outer->Int(0));
    while (*inner->Step()) pairs.push_back(outer->Int(0) * 10 + inner->Int(0));
  }
  EXPECT_EQ(pairs, (std::vector<int64_t>{11, 12, 13, 22, 23, 33}));
}

TEST_F(DbTest, AReleasedStatementHoldsNoSnapshotNorBindings) {
  {
    auto half = db_->Prepare("SELECT v FROM t WHERE v >= ? ORDER BY v");
    ASSERT_TRUE(half.ok());
    half->Bind(1, 2);
    ASSERT_TRUE(*half->Step());  // left mid-way: its read transaction is open until released
  }
  // Another connection writes; this one sees it: the released statement was reset.
  auto other = Db::Open(path_.path(), TestOpenOptions());
  ASSERT_TRUE(other.ok());
  ASSERT_TRUE(other->Exec("INSERT INTO t (v) VALUES (4)").ok());
  EXPECT_EQ(*db_->QueryInt("SELECT count(*) FROM t"), 4);
  // The same text again: the cached statement, with no value left bound (NULL matches nothing).
  auto again = db_->Prepare("SELECT v FROM t WHERE v >= ? ORDER BY v");
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(*again->Step());
  EXPECT_TRUE(db_->Exec("DROP TABLE t").ok()) << "no statement keeps the table busy";
}

TEST_F(DbTest, AWriteLockHeldPastTheTimeoutIsBusyNotInternal) {
  if (!NativeBuild()) GTEST_SKIP() << "the wasm file system has no locks between connections";
  OpenOptions impatient = TestOpenOptions();
  impatient.busy_timeout_ms = 50;
  auto other = Db::Open(path_.path(), impatient);
  ASSERT_TRUE(other.ok());
  ASSERT_TRUE(db_->Exec("BEGIN IMMEDIATE").ok());
  const Status blocked = other->Exec("INSERT INTO t (v) VALUES (4)");
  EXPECT_EQ(blocked.code(), Code::kBusy) << blocked.ToString();
  EXPECT_TRUE(blocked.IsServerFault());
  auto insert = other->Prepare("INSERT INTO t (v) VALUES (5)");
  ASSERT_TRUE(insert.ok());
  EXPECT_EQ(insert->Run().code(), Code::kBusy);
  ASSERT_TRUE(db_->Exec("COMMIT").ok());
  EXPECT_TRUE(other->Exec("INSERT INTO t (v) VALUES (4)").ok());  // free again
  EXPECT_EQ(*db_->QueryInt("SELECT count(*) FROM t"), 4);
}

}  // namespace
}  // namespace encaisse
