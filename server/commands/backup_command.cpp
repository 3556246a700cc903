#include "server/commands/backup_command.h"

#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <memory>

#include "server/exit_codes.h"
#include "shared/store/backup.h"

namespace encaisse {
namespace {

struct BackupArgs {
  std::string db;
  std::string to;
};

struct RestoreArgs {
  std::string from;
  std::string db;
  bool force = false;
};

bool Exists(const std::string& path) {
  struct stat st {};
  return stat(path.c_str(), &st) == 0;
}

void RemoveFiles(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) std::remove((path + suffix).c_str());
}

// Written under a temporary name, checked, then renamed: the backup's name never holds a
// half-written or unchecked copy.
int RunBackup(const BackupArgs& args) {
  if (Exists(args.to)) return ReportStatus(Status::Conflict(args.to + " exists: choose a new name for the backup"));
  const auto start = std::chrono::steady_clock::now();
  auto source = Db::Open(args.db, OpenOptions{.create = false});
  if (!source.ok()) return ReportStatus(source.status());
  const std::string tmp = args.to + ".partial";
  RemoveFiles(tmp);
  Status s = BackupDatabase(*source, tmp);
  if (s.ok()) s = CheckBackup(tmp);
  if (s.ok() && std::rename(tmp.c_str(), args.to.c_str()) != 0) s = Status::Internal("cannot rename " + tmp + " to " + args.to);
  RemoveFiles(tmp);
  if (!s.ok()) return ReportStatus(s);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  spdlog::info("backup of {} written to {} and checked ({:.2f} s)", args.db, args.to, seconds);
  return kExitOk;
}

int RunRestore(const RestoreArgs& args) {
  if (Exists(args.db) && !args.force)
    return ReportStatus(Status::Conflict(args.db + " exists: stop the server, then restore with --force to replace it"));
  Status s = RestoreDatabase(args.from, args.db);
  if (!s.ok()) return ReportStatus(s);
  spdlog::info("{} restored from {}", args.db, args.from);
  return kExitOk;
}

}  // namespace

void AddBackupCommands(CLI::App& app, int* exit_code) {
  auto backup = std::make_shared<BackupArgs>();
  CLI::App* b = app.add_subcommand("backup", "Copy the database, consistently, while the server runs");
  b->add_option("--db", backup->db, "The live database")->required();
  b->add_option("--to", backup->to, "The backup file to create (must not exist)")->required();
  b->callback([backup, exit_code] { *exit_code = RunBackup(*backup); });

  auto restore = std::make_shared<RestoreArgs>();
  CLI::App* r = app.add_subcommand("restore", "Replace a database by a checked backup (stop the server first)");
  r->add_option("--from", restore->from, "The backup file")->required();
  r->add_option("--db", restore->db, "The database to restore")->required();
  r->add_flag("--force", restore->force, "Replace an existing database");
  r->callback([restore, exit_code] { *exit_code = RunRestore(*restore); });
}

}  // namespace encaisse
