// Multi-row inserts: every row lands, whatever the row count against the batch size; NULLs,
// integers and text are bound as given; a wrong row is refused.
#include "shared/store/batch_insert.h"

#include <gtest/gtest.h>

#include <string>

#include "shared/store/store.h"
#include "tests/shared/test_support.h"

namespace encaisse {
namespace {

class BatchInsertTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = Db::Open(path_.path(), TestOpenOptions());
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_.emplace(std::move(db).value());
    ASSERT_TRUE(db_->Exec("CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER, s TEXT, z)").ok());
  }
  Db& db() { return *db_; }

  ScopedDbPath path_{"batch"};
  std::optional<Db> db_;
};

TEST_F(BatchInsertTest, InsertsEveryRowWhateverTheCount) {
  struct Row {
    int rows;
    int per_batch;
  };
  const Row cases[] = {{0, 64}, {1, 64}, {63, 64}, {64, 64}, {65, 64}, {130, 64}, {200, 64},
                       {10, 3},  {9, 3},  {7, 1},   {5, 10}};
  for (const Row& c : cases) {
    SCOPED_TRACE(std::to_string(c.rows) + " rows, " + std::to_string(c.per_batch) + " per batch");
    ASSERT_TRUE(db().Exec("DELETE FROM t").ok());
    BatchInsert insert(db(), "INSERT INTO t (id, n, s, z)", 4, c.per_batch);
    for (int k = 1; k <= c.rows; ++k) {
      const Status s = insert.Add({int64_t{k}, int64_t{k} * 10, "row " + std::to_string(k), BatchInsert::Value()});
      ASSERT_TRUE(s.ok()) << s.ToString();
    }
    // Full batches are written as they fill; the rest waits for Flush.
    EXPECT_EQ(CountRows(db(), "t"), c.rows / c.per_batch * c.per_batch);
    ASSERT_TRUE(insert.Flush().ok());
    ASSERT_TRUE(insert.Flush().ok());  // nothing left: a no-op
    EXPECT_EQ(CountRows(db(), "t"), c.rows);
    EXPECT_EQ(db().QueryInt("SELECT COALESCE(sum(n), 0) FROM t").value(), int64_t{10} * c.rows * (c.rows + 1) / 2);
    EXPECT_EQ(CountRows(db(), "SELECT 1 FROM t WHERE s = 'row ' || id AND z IS NULL AND n = id * 10"), c.rows);
  }
}

TEST_F(BatchInsertTest, BindsNullsIntegersAndText) {
  BatchInsert insert(db(), "INSERT INTO t (id, n, s, z)", 4, 2);
  ASSERT_TRUE(insert.Add({int64_t{1}, BatchInsert::Value(), std::string(""), std::string("é€")}).ok());
  ASSERT_TRUE(insert.Add({int64_t{2}, int64_t{-9007199254740993}, std::string("it's; DROP TABLE t"), int64_t{0}}).ok());
  ASSERT_TRUE(insert.Add({int64_t{3}, int64_t{INT64_MIN}, BatchInsert::Value(), BatchInsert::Value()}).ok());
  ASSERT_TRUE(insert.Flush().ok());
  EXPECT_EQ(QueryText(db(), "SELECT group_concat(quote(n) || '|' || quote(s) || '|' || quote(z), ';') FROM "
                            "(SELECT * FROM t ORDER BY id)"),
            "NULL|''|'é€';-9007199254740993|'it''s; DROP TABLE t'|0;-9223372036854775808|NULL|NULL");
  EXPECT_EQ(QueryText(db(), "SELECT typeof(s) FROM t WHERE id = 1"), "text");  // empty text, not NULL
}

TEST_F(BatchInsertTest, RefusesAWrongColumnCountAndKeepsTheGoodRows) {
  BatchInsert insert(db(), "INSERT INTO t (id, n)", 2, 4);
  ASSERT_TRUE(insert.Add({int64_t{1}, int64_t{10}}).ok());
  struct Row {
    const char* name;
    Status status;
  };
  const Row rows[] = {
      {"too few", insert.Add({int64_t{2}})},
      {"too many", insert.Add({int64_t{2}, int64_t{20}, int64_t{30}})},
      {"none", insert.Add({})},
  };
  for (const Row& r : rows) {
    SCOPED_TRACE(r.name);
    EXPECT_FALSE(r.status.ok());
    EXPECT_EQ(r.status.code(), Code::kInternal);
    EXPECT_NE(r.status.message().find("INSERT INTO t (id, n)"), std::string::npos) << r.status.message();
  }
  ASSERT_TRUE(insert.Add({int64_t{3}, int64_t{30}}).ok());
  ASSERT_TRUE(insert.Flush().ok());
  EXPECT_EQ(QueryText(db(), "SELECT group_concat(id || ':' || n, ',') FROM (SELECT * FROM t ORDER BY id)"), "1:10,3:30");
}

TEST_F(BatchInsertTest, AConstraintViolationIsAConflict) {
  ASSERT_TRUE(db().Exec("CREATE UNIQUE INDEX t_n ON t(n)").ok());
  BatchInsert insert(db(), "INSERT INTO t (id, n)", 2, 8);
  ASSERT_TRUE(insert.Add({int64_t{1}, int64_t{10}}).ok());
  ASSERT_TRUE(insert.Add({int64_t{2}, int64_t{10}}).ok());
  const Status s = insert.Flush();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), Code::kConflict) << s.ToString();
  EXPECT_EQ(CountRows(db(), "t"), 0);  // one statement: none of its rows
}

TEST(BatchInsertStoreTest, RowsFireTheChangeLogTriggers) {
  ScopedDbPath path("batch_store");
  auto store = Store::Open(path.path(), TestOpenOptions());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  Customer c;
  c.external_id = "C1";
  c.name = "Client";
  const Id customer = store->AddCustomer(c).value();
  const int64_t before = CountRows(store->db(), "change_log");
  {
    auto tx = Transaction::Begin(store->db());
    ASSERT_TRUE(tx.ok());
    BatchInsert notes(store->db(), "INSERT INTO notes (customer_id, date, text)", 3, 16);
    for (int k = 0; k < 37; ++k)
      ASSERT_TRUE(notes.Add({int64_t{customer}, std::string("2024-01-01"), "note " + std::to_string(k)}).ok());
    ASSERT_TRUE(notes.Flush().ok());
    ASSERT_TRUE(tx->Commit().ok());
  }
  EXPECT_EQ(CountRows(store->db(), "notes"), 37);
  EXPECT_EQ(CountRows(store->db(), "change_log") - before, 37);
  EXPECT_EQ(CountRows(store->db(), "SELECT 1 FROM change_log WHERE tbl = 'notes' AND customer_id = " +
                                       std::to_string(customer)),
            37);
}

}  // namespace
}  // namespace encaisse
