// A thin layer over SQLite: a connection, prepared statements, transactions. Prepared
// statements only: values are always bound, never spliced into SQL text.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "shared/core/result.h"

namespace encaisse {

struct OpenOptions {
  // Native servers: WAL + synchronous=FULL (a committed write survives a power cut).
  // The wasm client's IndexedDB-backed files have no shared memory for WAL: it asks for
  // journal_mode=DELETE instead.
  bool wal = true;
  bool create = true;
  int busy_timeout_ms = 5000;
  int cache_kib = 65536;  // page cache limit; it grows only as pages are read
};

class Statement {
 public:
  Statement() = default;
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt, &sqlite3_finalize) {}
  // A statement lent by the connection's cache: the owner resets it instead of finalizing.
  Statement(sqlite3* db, std::shared_ptr<sqlite3_stmt> stmt) : db_(db), stmt_(std::move(stmt)) {}

  // Binds by 1-based index; chainable.
  Statement& Bind(int index, int64_t value);
  Statement& Bind(int index, int value) { return Bind(index, static_cast<int64_t>(value)); }
  Statement& Bind(int index, std::string_view value);
  Statement& Bind(int index, const char* value) { return Bind(index, std::string_view(value)); }
  Statement& Bind(int index, const std::string& value) { return Bind(index, std::string_view(value)); }
  // Text SQLite reads in place instead of copying: the bytes must stay as they are until the
  // statement is reset (Run and Reset clear every binding).
  Statement& BindUnowned(int index, std::string_view value);
  Statement& BindNull(int index);
  Statement& BindBlob(int index, std::string_view bytes);  // stored as a BLOB, not text
  template <typename T>
  Statement& Bind(int index, const std::optional<T>& value) {
    return value ? Bind(index, *value) : BindNull(index);
  }

  // One step: true when a row is ready, false when done.
  Result<bool> Step();
  // Steps a statement that returns no rows, then resets it for reuse.
  Status Run();
  void Reset();

  int64_t Int(int col) const { return sqlite3_column_int64(stmt_.get(), col); }
  std::string_view Text(int col) const;
  std::string Blob(int col) const;  // a copy of the bytes ("" for NULL)
  bool IsNull(int col) const { return sqlite3_column_type(stmt_.get(), col) == SQLITE_NULL; }
  sqlite3_stmt* raw() const { return stmt_.get(); }

 private:
  // Bind and BindUnowned: SQLite copies the text (SQLITE_TRANSIENT) or reads it in place.
  Statement& BindText(int index, std::string_view value, sqlite3_destructor_type lifetime);
  Status Error(const char* what) const;
  sqlite3* db_ = nullptr;
  std::shared_ptr<sqlite3_stmt> stmt_;
  bool bind_failed_ = false;
};

class Db {
 public:
  // Every connection has the SQL function fold(text): the text lower case and without accents
  // (shared/core/text_fold.h), so that ORDER BY fold(name) lists names as French users read them.
  static Result<Db> Open(const std::string& path, const OpenOptions& options = {});
  Db(Db&&) = default;
  Db& operator=(Db&&) = default;

  Status Exec(const std::string& sql);  // trusted SQL from the code (schema, pragmas), no values
  Result<Statement> Prepare(std::string_view sql);
  // A single integer from a query without parameters ("SELECT count(*) FROM invoices").
  Result<int64_t> QueryInt(std::string_view sql);
  int64_t LastInsertId() const { return sqlite3_last_insert_rowid(handle_.get()); }
  int Changes() const { return sqlite3_changes(handle_.get()); }
  sqlite3* raw() const { return handle_.get(); }
  const std::string& path() const { return path_; }

 private:
  Db(sqlite3* handle, std::string path) : handle_(handle, &sqlite3_close_v2), path_(std::move(path)) {}
  std::unique_ptr<sqlite3, int (*)(sqlite3*)> handle_;
  std::string path_;
  // Prepared statements kept by SQL text and lent again once released (reset, bindings
  // cleared): parsing the SQL was half the time of a portal page. A text already lent out is
  // prepared afresh; dynamic SQL beyond kMaxCachedStatements texts is not kept. Declared
  // after handle_, so destroyed (finalized) before the connection closes.
  struct CachedStatement;
  static std::shared_ptr<sqlite3_stmt> Lend(const std::shared_ptr<CachedStatement>& entry);
  static constexpr size_t kMaxCachedStatements = 256;
  std::unordered_map<std::string, std::shared_ptr<CachedStatement>> cache_;
};

// A write transaction (BEGIN IMMEDIATE: takes the write lock at once, so two writers never
// deadlock half-way). Rolls back unless Commit() succeeded. Begun inside another transaction
// it is a savepoint of it: its writes stand or fall with the outer one, and a failure rolls
// back its own part only (so a store write can be one step of a larger transaction).
class Transaction {
 public:
  static Result<Transaction> Begin(Db& db);
  Transaction(Transaction&& other) noexcept : db_(other.db_), nested_(other.nested_) { other.db_ = nullptr; }
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();
  Status Commit();

 private:
  Transaction(Db* db, bool nested) : db_(db), nested_(nested) {}
  Db* db_;
  bool nested_;
};

// A read transaction: the statements run inside it see one snapshot of the database (a page
// built from several queries is consistent) and take the read lock once. Not for writes (a
// write inside would have to upgrade the lock). Inside another transaction it does nothing.
class ReadSnapshot {
 public:
  explicit ReadSnapshot(Db& db);
  ~ReadSnapshot();
  ReadSnapshot(const ReadSnapshot&) = delete;
  ReadSnapshot& operator=(const ReadSnapshot&) = delete;

 private:
  Db* db_ = nullptr;  // null when nested or when BEGIN failed
};

}  // namespace encaisse
