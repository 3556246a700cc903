// Integration tests run the real `encaisse serve` as a child process on a free port over a
// temporary database, and talk HTTP to it with cpp-httplib's client (as cpp-httplib's own
// tests do, but with the real program: signals, exit codes and crashes are real too).
#pragma once

#include <httplib.h>
#include <sys/types.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace encaisse::testing {

using nlohmann::json;

// The path of the encaisse binary under test.
std::string EncaisseBinary();
// The integer a query returns on `db` (-1 when it fails).
int64_t SqlCount(const std::string& db, const std::string& sql);
// The first column of the first row as text ("" without a row); throws on a bad query.
std::string SqlText(const std::string& db, const std::string& sql);
// Runs a statement on the database beside the server (WAL); throws when it fails.
void SqlExec(const std::string& db, const std::string& sql);
// Sets the company's daily dunning time ("00:00": the run is due whatever the hour of the test).
void SetDunningTime(const std::string& db, const std::string& hh_mm);
// The whole file ("" when it cannot be read).
std::string ReadFile(const std::string& path);
// The token of the first personal portal link in a message (after `prefix`), "" without one.
std::string PortalLinkToken(const std::string& text, const std::string& prefix = "/p/");
// The letter fonts ci/bootstrap cuts to the Latin scripts (smaller PDFs).
std::string PrintFontsDir();
// Runs a shell command; returns its exit code and fills `out` with stdout+stderr.
int RunShell(const std::string& command, std::string* out = nullptr);
// A fresh temporary folder (removed at exit of the test binary).
std::string TempDir();
// Runs the encaisse program with `args`, feeding `stdin_text`; returns the exit code and
// fills `out` with stdout+stderr.
int RunEncaisse(const std::vector<std::string>& args, const std::string& stdin_text = "", std::string* out = nullptr);

// A demo database made once per test binary (30 customers, 400 invoices, seed 42, today
// 2026-11-24) and copied for each server, so that tests do not pay the password hashing.
std::string DemoDatabaseCopy();

class ServerProcess {
 public:
  // Starts `encaisse serve --db db --port 0 --today 2026-11-24 extra...` (extra may name another
  // --today); waits until it listens.
  explicit ServerProcess(std::string db, std::vector<std::string> extra = {});
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  int port() const { return port_; }
  const std::string& db() const { return db_; }
  httplib::Client Client() const;
  // Sends SIGTERM (or another signal) and returns the exit status (-signal if killed).
  int Stop(int signal = 15);
  // The server's log so far.
  std::string Log() const;

  // Signs in; returns the bearer token ("" on failure).
  std::string Login(const std::string& email, const std::string& password = "encaisse-demo");

  // JSON requests with an optional bearer token; `status` receives the HTTP status.
  json Get(const std::string& path, const std::string& token, int* status);
  json Post(const std::string& path, const json& body, const std::string& token, int* status,
            const httplib::Headers& headers = {});
  json Patch(const std::string& path, const json& body, const std::string& token, int* status);
  json Put(const std::string& path, const json& body, const std::string& token, int* status);
  json Delete(const std::string& path, const std::string& token, int* status);

 private:
  std::string db_;
  std::string log_path_;
  pid_t pid_ = -1;
  int port_ = 0;
};

}  // namespace encaisse::testing
