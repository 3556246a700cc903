// Helpers shared by the store and demo tests. The shared suite runs natively and in wasm under
// node (MEMFS, no WAL there): tests make their databases under /tmp, which exists in both, and
// open them with TestOpenOptions().
#pragma once

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>

#include "shared/store/db.h"

namespace encaisse {

inline constexpr bool NativeBuild() {
#ifdef __EMSCRIPTEN__
  return false;
#else
  return true;
#endif
}

// Removes a database file and its journals (-wal, -shm, -journal), if they exist.
inline void RemoveDbFiles(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) std::remove((path + suffix).c_str());
}

// A path for a new database file under /tmp, unique in this process and among concurrent
// runs (the pid; under node it is constant, but MEMFS is private to the run). Any stale file
// of that name is removed first.
inline std::string TempDbPath(const std::string& name) {
  static int counter = 0;
  const std::string path = "/tmp/encaisse_test_" + std::to_string(static_cast<long>(::getpid())) + "_" +
                           std::to_string(++counter) + "_" + name + ".db";
  RemoveDbFiles(path);
  return path;
}

// WAL + synchronous=FULL natively (as the server runs), journal_mode=DELETE in wasm (as the
// client runs).
inline OpenOptions TestOpenOptions() { return OpenOptions{.wal = NativeBuild()}; }

// The first column of the first row of a query without parameters, as text ("" when there is
// no row or the query fails: the caller's expectation then fails with the query in the trace).
inline std::string QueryText(Db& db, std::string_view sql) {
  auto st = db.Prepare(sql);
  if (!st.ok()) return "error: " + st.status().ToString();
  auto row = st->Step();
  if (!row.ok()) return "error: " + row.status().ToString();
  return *row ? std::string(st->Text(0)) : std::string();
}

// A file's bytes ("" when it cannot be read): to see that an operation left a database as it was.
inline std::string FileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// count(*) of a table or a query's rows; -1 on error.
inline int64_t CountRows(Db& db, const std::string& table_or_query) {
  const bool query = table_or_query.find(' ') != std::string::npos;
  auto n = db.QueryInt("SELECT count(*) FROM " + (query ? "(" + table_or_query + ")" : table_or_query));
  return n.ok() ? *n : -1;
}

// A TempDbPath that removes its files when the test ends. Declare it before the Store or Db
// that uses it, so that the database is closed first.
class ScopedDbPath {
 public:
  explicit ScopedDbPath(const std::string& name) : path_(TempDbPath(name)) {}
  ~ScopedDbPath() { RemoveDbFiles(path_); }
  ScopedDbPath(const ScopedDbPath&) = delete;
  ScopedDbPath& operator=(const ScopedDbPath&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace encaisse
