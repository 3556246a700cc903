// Inserts many rows with multi-row INSERT statements (64 rows each by default). A statement
// that fires triggers runs inside its own statement journal; batching rows shares one
// journal among many rows, which makes bulk loads (demo data, imports) several times faster.
#pragma once

#include <initializer_list>
#include <string>
#include <variant>
#include <vector>

#include "shared/store/db.h"

namespace encaisse {

class BatchInsert {
 public:
  using Value = std::variant<std::monostate, int64_t, std::string>;  // NULL, integer, text

  // `head` is "INSERT INTO table (a, b, c)"; the VALUES part is generated.
  BatchInsert(Db& db, std::string head, int columns, int rows_per_batch = 64)
      : db_(db), head_(std::move(head)), columns_(columns), rows_per_batch_(rows_per_batch) {}

  // Queues one row (exactly `columns` values); flushes when a batch is full.
  Status Add(std::initializer_list<Value> row);
  // Writes the queued rows. Call before reading the table, and at the end.
  Status Flush();

 private:
  Result<Statement*> StatementFor(int rows);
  Db& db_;
  std::string head_;
  int columns_;
  int rows_per_batch_;
  std::vector<Value> pending_;
  Statement full_;  // prepared once for a full batch
  bool full_ready_ = false;
  Statement partial_;
};

}  // namespace encaisse
