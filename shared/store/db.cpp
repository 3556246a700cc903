#include "shared/store/db.h"

#include "shared/core/text_fold.h"

namespace encaisse {
namespace {

// SQLITE_BUSY after the busy timeout (another connection kept the write lock) is worth a
// retry; any other failure is internal.
Status SqliteError(sqlite3* db, std::string message) {
  const int code = db ? sqlite3_errcode(db) & 0xff : SQLITE_NOMEM;
  if (code == SQLITE_BUSY || code == SQLITE_LOCKED) return Status::Busy(std::move(message));
  return Status::Internal(std::move(message));
}

// fold(text): the text as French users compare it (shared/core/text_fold.h), for a list in
// their order (ORDER BY fold(name)); NULL stays NULL.
void FoldFunction(sqlite3_context* context, int, sqlite3_value** args) {
  if (sqlite3_value_type(args[0]) == SQLITE_NULL) return sqlite3_result_null(context);
  const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(args[0]));
  const std::string folded = FoldText(std::string_view(text ? text : "", static_cast<size_t>(sqlite3_value_bytes(args[0]))));
  sqlite3_result_text(context, folded.data(), static_cast<int>(folded.size()), SQLITE_TRANSIENT);
}

}  // namespace

Status Statement::Error(const char* what) const {
  return SqliteError(db_, std::string(what) + ": " + sqlite3_errmsg(db_) + " in: " +
                              (stmt_ ? sqlite3_sql(stmt_.get()) : ""));
}

Statement& Statement::Bind(int index, int64_t value) {
  bind_failed_ |= sqlite3_bind_int64(stmt_.get(), index, value) != SQLITE_OK;
  return *this;
}

Statement& Statement::BindText(int index, std::string_view value, sqlite3_destructor_type lifetime) {
  // An empty string_view may have no data pointer, which SQLite would store as NULL.
  bind_failed_ |=
      sqlite3_bind_text(stmt_.get(), index, value.data() ? value.data() : "", static_cast<int>(value.size()), lifetime) !=
      SQLITE_OK;
  return *this;
}

Statement& Statement::Bind(int index, std::string_view value) { return BindText(index, value, SQLITE_TRANSIENT); }

Statement& Statement::BindUnowned(int index, std::string_view value) { return BindText(index, value, SQLITE_STATIC); }

Statement& Statement::BindBlob(int index, std::string_view bytes) {
  bind_failed_ |= sqlite3_bind_blob64(stmt_.get(), index, bytes.data() ? bytes.data() : "", bytes.size(),
                                      SQLITE_TRANSIENT) != SQLITE_OK;
  return *this;
}

Statement& Statement::BindNull(int index) {
  bind_failed_ |= sqlite3_bind_null(stmt_.get(), index) != SQLITE_OK;
  return *this;
}

Result<bool> Statement::Step() {
  if (bind_failed_) return Error("bind");
  const int rc = sqlite3_step(stmt_.get());
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  Status status = Error("step");
  sqlite3_reset(stmt_.get());
  if (rc == SQLITE_CONSTRAINT || (rc & 0xff) == SQLITE_CONSTRAINT) return Status::Conflict(status.message());
  return status;
}

Status Statement::Run() {
  auto row = Step();
  Reset();
  if (!row.ok()) return row.status();
  return Status::Ok();
}

void Statement::Reset() {
  sqlite3_reset(stmt_.get());
  sqlite3_clear_bindings(stmt_.get());
  bind_failed_ = false;
}

std::string_view Statement::Text(int col) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_.get(), col));
  return p ? std::string_view(p, static_cast<size_t>(sqlite3_column_bytes(stmt_.get(), col))) : std::string_view();
}

std::string Statement::Blob(int col) const {
  const void* data = sqlite3_column_blob(stmt_.get(), col);
  const int size = sqlite3_column_bytes(stmt_.get(), col);
  return data && size > 0 ? std::string(static_cast<const char*>(data), static_cast<size_t>(size)) : std::string();
}

Result<Db> Db::Open(const std::string& path, const OpenOptions& options) {
  // Before SQLite starts: no global memory statistics, whose one mutex every allocation of
  // every connection took (the server's threads queued on it).
  static const int configured = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  (void)configured;
  sqlite3* handle = nullptr;
  // Each connection is used by one thread at a time (the server opens one per thread, the
  // scheduler its own): SQLite need not lock it around every call.
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (options.create ? SQLITE_OPEN_CREATE : 0);
  const int rc = sqlite3_open_v2(path.c_str(), &handle, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = handle ? sqlite3_errmsg(handle) : "out of memory";
    sqlite3_close_v2(handle);
    return Status::Internal("cannot open database " + path + ": " + message);
  }
  Db db(handle, path);
  if (sqlite3_create_function_v2(handle, "fold", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr, FoldFunction, nullptr,
                                 nullptr, nullptr) != SQLITE_OK)
    return Status::Internal("cannot register fold() on " + path + ": " + sqlite3_errmsg(handle));
  sqlite3_busy_timeout(handle, options.busy_timeout_ms);
  sqlite3_extended_result_codes(handle, 1);
  ENC_RETURN_IF_ERROR(db.Exec("PRAGMA foreign_keys = ON"));
  // Negative cache_size is in KiB; an integer from our own options, not user text.
  ENC_RETURN_IF_ERROR(db.Exec("PRAGMA cache_size = -" + std::to_string(options.cache_kib)));
  if (options.wal) {
    ENC_RETURN_IF_ERROR(db.Exec("PRAGMA journal_mode = WAL"));
    ENC_RETURN_IF_ERROR(db.Exec("PRAGMA synchronous = FULL"));
  } else {
    ENC_RETURN_IF_ERROR(db.Exec("PRAGMA journal_mode = DELETE"));
  }
  return db;
}

Status Db::Exec(const std::string& sql) {
  char* error = nullptr;
  if (sqlite3_exec(handle_.get(), sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message = error ? error : sqlite3_errmsg(handle_.get());
    sqlite3_free(error);
    return SqliteError(handle_.get(), message);
  }
  return Status::Ok();
}

struct Db::CachedStatement {
  explicit CachedStatement(sqlite3_stmt* s) : stmt(s) {}
  ~CachedStatement() { sqlite3_finalize(stmt); }
  sqlite3_stmt* stmt;
  bool lent = false;
};

// Lends a cached statement: released, it is reset for the next borrower (a statement left
// mid-way would hold its read snapshot open).
std::shared_ptr<sqlite3_stmt> Db::Lend(const std::shared_ptr<CachedStatement>& entry) {
  entry->lent = true;
  return std::shared_ptr<sqlite3_stmt>(entry->stmt, [entry](sqlite3_stmt* s) {
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    entry->lent = false;
  });
}

Result<Statement> Db::Prepare(std::string_view sql) {
  std::string key(sql);
  auto it = cache_.find(key);
  if (it != cache_.end() && !it->second->lent) return Statement(handle_.get(), Lend(it->second));
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(handle_.get(), sql.data(), static_cast<int>(sql.size()), &stmt, nullptr) != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return SqliteError(handle_.get(), std::string("prepare: ") + sqlite3_errmsg(handle_.get()) + " in: " + key);
  }
  if (it != cache_.end() || cache_.size() >= kMaxCachedStatements) return Statement(handle_.get(), stmt);
  auto entry = std::make_shared<CachedStatement>(stmt);
  cache_.emplace(std::move(key), entry);
  return Statement(handle_.get(), Lend(entry));
}

Result<int64_t> Db::QueryInt(std::string_view sql) {
  auto stmt = Prepare(sql);
  if (!stmt.ok()) return stmt.status();
  auto row = stmt->Step();
  if (!row.ok()) return row.status();
  if (!*row) return Status::NotFound("no row for: " + std::string(sql));
  return stmt->Int(0);
}

Result<Transaction> Transaction::Begin(Db& db) {
  const bool nested = sqlite3_get_autocommit(db.raw()) == 0;
  ENC_RETURN_IF_ERROR(db.Exec(nested ? "SAVEPOINT nested" : "BEGIN IMMEDIATE"));
  return Transaction(&db, nested);
}

Transaction::~Transaction() {
  if (!db_) return;
  if (nested_) {
    db_->Exec("ROLLBACK TO nested");
    db_->Exec("RELEASE nested");
  } else {
    db_->Exec("ROLLBACK");
  }
}

Status Transaction::Commit() {
  Status status = db_->Exec(nested_ ? "RELEASE nested" : "COMMIT");
  if (status.ok()) db_ = nullptr;  // else the destructor rolls back
  return status;
}

ReadSnapshot::ReadSnapshot(Db& db) {
  if (sqlite3_get_autocommit(db.raw()) != 0 && db.Exec("BEGIN").ok()) db_ = &db;
}

ReadSnapshot::~ReadSnapshot() {
  // Never leave the connection inside a transaction: its next writer could not BEGIN.
  if (db_ && !db_->Exec("COMMIT").ok()) (void)db_->Exec("ROLLBACK");
}

}  // namespace encaisse
