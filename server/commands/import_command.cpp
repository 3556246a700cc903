#include "server/commands/import_command.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "server/clock.h"
#include "server/exit_codes.h"
#include "server/http/app.h"
#include "shared/import/import_common.h"

namespace encaisse {
namespace {

struct ImportArgs {
  std::string kind;
  std::string db;
  std::string file;
  std::string today;
  bool dry_run = false;
};

Result<std::string> ReadWholeFile(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return Status::Invalid("no file " + path, "FILE.csv");
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Invalid("cannot read " + path, "FILE.csv");
  std::ostringstream s;
  s << in.rdbuf();
  if (!in.good() && !in.eof()) return Status::Invalid("cannot read " + path, "FILE.csv");
  return s.str();
}

int RunImportCommand(const ImportArgs& a) {
  auto kind = ParseImportKind(a.kind);
  if (!kind.ok()) return ReportStatus(kind.status());
  std::error_code ec;
  if (!std::filesystem::is_regular_file(a.db, ec))
    return ReportStatus(Status::Invalid("no database " + a.db + " (create it with `encaisse user add` or `encaisse demo`)", "--db"));
  ImportOptions options;
  options.dry_run = a.dry_run;
  options.source = std::filesystem::path(a.file).filename().string();
  options.now = NowUtc();
  options.today = LocalToday();
  if (!a.today.empty()) {
    auto today = Date::ParseIso(a.today);
    if (!today.ok()) return ReportStatus(Status::Invalid(today.status().message(), "--today"));
    options.today = *today;
  }
  auto csv = ReadWholeFile(a.file);
  if (!csv.ok()) return ReportStatus(csv.status());
  auto store = Store::Open(a.db, OpenOptions{.create = false});
  if (!store.ok()) return ReportStatus(store.status());
  auto result = RunImport(*store, *kind, *csv, options);
  if (!result.ok()) return ReportStatus(result.status());
  for (const auto& w : result->warnings) std::fprintf(stderr, "warning: %s\n", w.ToString().c_str());
  if (!result->ok()) {
    for (const auto& e : result->errors) std::fprintf(stderr, "%s\n", e.ToString().c_str());
    if (result->errors_not_listed > 0)
      std::fprintf(stderr, "... and %lld more errors\n", static_cast<long long>(result->errors_not_listed));
    std::fprintf(stderr, "encaisse: %lld %s in %s, nothing was imported\n", static_cast<long long>(result->error_count()),
                 result->error_count() == 1 ? "error" : "errors", a.file.c_str());
    return kExitBadInput;
  }
  std::printf("%s\n", FormatImportSummary(*result).c_str());
  return kExitOk;
}

}  // namespace

void AddImportCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<ImportArgs>();
  CLI::App* cmd = app.add_subcommand("import", "Import a CSV file of invoices, customers or payments (all rows or none)");
  cmd->add_option("kind", args->kind, "invoices, customers or payments")
      ->required()
      ->check(CLI::IsMember({"invoices", "customers", "payments"}));
  cmd->add_option("file", args->file, "The CSV file (UTF-8, ';' ',' or tab delimited)")->required();
  cmd->add_option("--db", args->db, "SQLite database file")->required();
  cmd->add_flag("--dry-run", args->dry_run, "Check the file and count what would change, without writing");
  cmd->add_option("--today", args->today, "Pretend today is this date (payments after it are refused), YYYY-MM-DD");
  cmd->callback([args, exit_code] { *exit_code = RunImportCommand(*args); });
}

}  // namespace encaisse
