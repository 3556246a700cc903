#include "server/commands/demo_command.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <memory>

#include "server/auth/passwords.h"
#include "server/clock.h"
#include "server/exit_codes.h"
#include "shared/demo/demo_generator.h"

namespace encaisse {
namespace {

constexpr const char* kDemoPassword = "encaisse-demo";

struct DemoArgs {
  std::string db;
  std::string today;
  DemoOptions options;
};

int RunDemo(const DemoArgs& args) {
  DemoOptions options = args.options;
  options.today = LocalToday();
  if (!args.today.empty()) {
    auto today = Date::ParseIso(args.today);
    if (!today.ok()) return ReportStatus(Status::Invalid(today.status().message(), "--today"));
    options.today = *today;
  }
  const auto start = std::chrono::steady_clock::now();
  auto store = Store::Open(args.db);
  if (!store.ok()) return ReportStatus(store.status());
  auto summary = GenerateDemo(*store, options);
  if (!summary.ok()) return ReportStatus(summary.status());
  // Demo databases only: every demo user signs in with the published password.
  auto users = store->ListUsers();
  if (!users.ok()) return ReportStatus(users.status());
  auto set = store->db().Prepare("UPDATE users SET password_hash = ? WHERE id = ? AND is_demo = 1");
  if (!set.ok()) return ReportStatus(set.status());
  for (const auto& u : *users) {
    auto hash = HashPassword(kDemoPassword);
    if (!hash.ok()) return ReportStatus(hash.status());
    Status s = set->Bind(1, *hash).Bind(2, u.id).Run();
    if (!s.ok()) return ReportStatus(s);
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  spdlog::info("demo database {}: {} customers, {} invoices, {} payments, {} disputes, {} promises, {} plans ({:.2f} s, today {})",
               args.db, summary->customers, summary->invoices, summary->payments, summary->disputes, summary->promises,
               summary->plans, seconds, options.today.ToIso());
  return kExitOk;
}

}  // namespace

void AddDemoCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<DemoArgs>();
  CLI::App* cmd = app.add_subcommand("demo", "Create a deterministic demo database (same seed, same data)");
  cmd->add_option("--db", args->db, "SQLite database file to create")->required();
  cmd->add_option("--customers", args->options.customers, "Number of customers")->check(CLI::Range(1, 10'000'000));
  cmd->add_option("--invoices", args->options.invoices, "Number of invoices")->check(CLI::Range(0, 100'000'000));
  cmd->add_option("--seed", args->options.seed, "Random seed");
  cmd->add_option("--today", args->today, "The demo's today, YYYY-MM-DD (default: the local date)");
  cmd->callback([args, exit_code] { *exit_code = RunDemo(*args); });
}

}  // namespace encaisse
