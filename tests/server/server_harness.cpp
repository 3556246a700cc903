#include "tests/server/server_harness.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "shared/store/store.h"

extern char** environ;

namespace encaisse::testing {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string PortalLinkToken(const std::string& text, const std::string& prefix) {
  const auto at = text.find(prefix);
  if (at == std::string::npos) return "";
  size_t end = at + prefix.size();
  while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '-' || text[end] == '_'))
    ++end;
  return text.substr(at + prefix.size(), end - at - prefix.size());
}

namespace {

pid_t Spawn(const std::vector<std::string>& args, const std::string& stdin_path, const std::string& out_path) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, stdin_path.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  std::vector<char*> argv;
  std::string bin = EncaisseBinary();
  argv.push_back(bin.data());
  std::vector<std::string> copy = args;
  for (auto& a : copy) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, bin.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("cannot start " + bin);
  return pid;
}

int ExitStatus(int status) { return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status); }

json Parse(const httplib::Result& r, int* status) {
  if (!r) {
    *status = -1;
    return json();
  }
  *status = r->status;
  json j = json::parse(r->body, nullptr, false);
  return j.is_discarded() ? json(r->body) : j;
}

httplib::Headers Auth(const std::string& token, httplib::Headers extra = {}) {
  if (!token.empty()) extra.emplace("Authorization", "Bearer " + token);
  return extra;
}

}  // namespace

int64_t SqlCount(const std::string& db, const std::string& sql) {
  auto store = Store::Open(db, OpenOptions{.create = false});
  if (!store.ok()) return -1;
  auto n = store->db().QueryInt(sql);
  return n.ok() ? *n : -1;
}

std::string SqlText(const std::string& db_path, const std::string& sql) {
  auto db = Db::Open(db_path, OpenOptions{.create = false});
  if (!db.ok()) throw std::runtime_error(db.status().ToString());
  auto st = db->Prepare(sql);
  if (!st.ok()) throw std::runtime_error(st.status().ToString() + " in " + sql);
  auto row = st->Step();
  if (!row.ok()) throw std::runtime_error(row.status().ToString() + " in " + sql);
  return *row ? std::string(st->Text(0)) : std::string();
}

void SqlExec(const std::string& db_path, const std::string& sql) {
  auto db = Db::Open(db_path, OpenOptions{.create = false});
  if (!db.ok()) throw std::runtime_error(db.status().ToString());
  Status s = db->Exec(sql);
  if (!s.ok()) throw std::runtime_error(s.ToString() + " in " + sql);
}

void SetDunningTime(const std::string& db, const std::string& hh_mm) {
  auto store = Store::Open(db, OpenOptions{.create = false});
  if (!store.ok()) throw std::runtime_error(store.status().ToString());
  auto settings = store->LoadSettings();
  if (!settings.ok()) throw std::runtime_error(settings.status().ToString());
  settings->dunning_time = hh_mm;
  Status saved = store->SaveSettings(*settings);
  if (!saved.ok()) throw std::runtime_error(saved.ToString());
}

std::string PrintFontsDir() { return ENCAISSE_PRINT_FONTS; }

int RunShell(const std::string& command, std::string* out) {
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return -1;
  std::string text;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) text.append(buf, n);
  const int status = pclose(pipe);
  if (out) *out = std::move(text);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string EncaisseBinary() {
  const char* env = std::getenv("ENCAISSE_BIN");
  return env ? env : ENCAISSE_BIN;
}

std::string TempDir() {
  // One root per test process, removed when it exits.
  struct Root {
    std::string path;
    Root() {
      char tmpl[] = "/tmp/encaisse-test-XXXXXX";
      path = mkdtemp(tmpl);
    }
    ~Root() { std::filesystem::remove_all(path); }
  };
  static const Root root_dir;
  const std::string& root = root_dir.path;
  static int n = 0;
  std::string dir = root + "/" + std::to_string(++n);
  mkdir(dir.c_str(), 0755);
  return dir;
}

int RunEncaisse(const std::vector<std::string>& args, const std::string& stdin_text, std::string* out) {
  const std::string dir = TempDir();
  std::ofstream(dir + "/stdin") << stdin_text;
  const pid_t pid = Spawn(args, dir + "/stdin", dir + "/out");
  int status = 0;
  waitpid(pid, &status, 0);
  if (out) *out = ReadFile(dir + "/out");
  return ExitStatus(status);
}

std::string DemoDatabaseCopy() {
  static const std::string demo = [] {
    const std::string path = TempDir() + "/demo.db";
    std::string out;
    const int rc = RunEncaisse({"demo", "--db", path, "--customers", "30", "--invoices", "400", "--seed", "42",
                                "--today", "2026-11-24"}, "", &out);
    if (rc != 0) throw std::runtime_error("demo failed: " + out);
    return path;
  }();
  const std::string copy = TempDir() + "/test.db";
  std::ofstream(copy, std::ios::binary) << ReadFile(demo);  // demo closed cleanly: no WAL left
  return copy;
}

ServerProcess::ServerProcess(std::string db, std::vector<std::string> extra) : db_(std::move(db)) {
  const std::string dir = TempDir();
  log_path_ = dir + "/server.log";
  std::ofstream(dir + "/stdin") << "";
  std::vector<std::string> args = {"serve", "--db", db_, "--port", "0"};
  if (std::find(extra.begin(), extra.end(), "--today") == extra.end()) args.insert(args.end(), {"--today", "2026-11-24"});
  args.insert(args.end(), extra.begin(), extra.end());
  pid_ = Spawn(args, dir + "/stdin", log_path_);
  static const std::regex kListening(R"(listening on http://[^:]+:(\d+))");
  for (int i = 0; i < 400 && port_ == 0; ++i) {
    std::smatch m;
    const std::string log = ReadFile(log_path_);
    if (std::regex_search(log, m, kListening)) port_ = std::stoi(m[1]);
    else std::this_thread::sleep_for(std::chrono::milliseconds(25));
    int status = 0;
    if (port_ == 0 && waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("the server exited at start: " + ReadFile(log_path_));
    }
  }
  if (port_ == 0) throw std::runtime_error("the server did not start: " + ReadFile(log_path_));
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) Stop(SIGKILL);
}

int ServerProcess::Stop(int signal) {
  if (pid_ <= 0) return -1;
  kill(pid_, signal);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return ExitStatus(status);
}

std::string ServerProcess::Log() const { return ReadFile(log_path_); }

httplib::Client ServerProcess::Client() const {
  httplib::Client c("127.0.0.1", port_);
  c.set_connection_timeout(5);
  c.set_read_timeout(30);
  return c;
}

std::string ServerProcess::Login(const std::string& email, const std::string& password) {
  int status = 0;
  json r = Post("/api/v1/sessions", {{"email", email}, {"password", password}, {"device_name", "test"}}, "", &status);
  return status == 201 ? r.value("token", "") : "";
}

json ServerProcess::Get(const std::string& path, const std::string& token, int* status) {
  auto c = Client();
  return Parse(c.Get(path.c_str(), Auth(token)), status);
}

json ServerProcess::Post(const std::string& path, const json& body, const std::string& token, int* status,
                         const httplib::Headers& headers) {
  auto c = Client();
  return Parse(c.Post(path.c_str(), Auth(token, headers), body.dump(), "application/json"), status);
}

json ServerProcess::Patch(const std::string& path, const json& body, const std::string& token, int* status) {
  auto c = Client();
  return Parse(c.Patch(path.c_str(), Auth(token), body.dump(), "application/json"), status);
}

json ServerProcess::Put(const std::string& path, const json& body, const std::string& token, int* status) {
  auto c = Client();
  return Parse(c.Put(path.c_str(), Auth(token), body.dump(), "application/json"), status);
}

json ServerProcess::Delete(const std::string& path, const std::string& token, int* status) {
  auto c = Client();
  return Parse(c.Delete(path.c_str(), Auth(token)), status);
}

}  // namespace encaisse::testing
