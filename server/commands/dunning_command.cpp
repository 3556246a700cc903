#include "server/commands/dunning_command.h"

#include <cstdio>
#include <memory>

#include "server/clock.h"
#include "server/dunning/outbox_worker.h"
#include "server/dunning/staff_digests.h"
#include "server/dunning/channel_settings.h"
#include "server/dunning/channels.h"
#include "server/exit_codes.h"
#include "server/http/app.h"
#include "shared/store/dunning_run.h"

namespace encaisse {
namespace {

struct DunningArgs {
  std::string db;
  std::string date;
  bool dry_run = false;
  ChannelOptions channels;
};

int Run(const DunningArgs& a) {
  Date today = LocalToday();
  if (!a.date.empty()) {
    auto d = Date::ParseIso(a.date);
    if (!d.ok()) return ReportStatus(Status::Invalid(d.status().message(), "--date"));
    today = *d;
  }
  auto store = Store::Open(a.db, OpenOptions{.create = false});
  if (!store.ok()) return ReportStatus(store.status());
  auto result = RunDunning(*store, today, NowUtc(), a.dry_run);
  if (!result.ok()) return ReportStatus(result.status());
  for (const auto& p : result->planned) {
    std::printf("%s\t%s\t%s\t%s\t%zu invoice(s)%s\n", today.ToIso().c_str(), p.customer_name.c_str(),
                std::string(ToString(p.message.channel)).c_str(), p.message.template_id.c_str(), p.message.lines.size(),
                p.message.installments.empty() ? "" : (" + " + std::to_string(p.message.installments.size()) + " installment notice(s)").c_str());
  }
  std::printf("%s %s: %d customers looked at, %d messages (%d invoice lines)%s\n", a.dry_run ? "dry run" : "dunning run",
              today.ToIso().c_str(), result->customers, result->messages, result->lines,
              result->already_done ? (", " + std::to_string(result->already_done) + " already written today").c_str() : "");
  if (result->claim_tasks > 0)
    std::printf("%d insolvency claim(s) to declare to the mandataire: collector tasks created\n", result->claim_tasks);
  if (a.dry_run) return kExitOk;
  // Hand what is due to the configured channels. Phone calls and escalations become
  // collector tasks; the messages of a channel not configured here stay queued for `serve`.
  // The server's options, then what an admin stored in the back office.
  auto secrets = SecretBox::ForDatabase(a.db);
  if (!secrets.ok()) return ReportStatus(secrets.status());
  auto stored = LoadChannelSettings(store->db(), *secrets);
  if (!stored.ok()) return ReportStatus(stored.status());
  for (const std::string& field : stored->unreadable)
    std::fprintf(stderr, "warning: the stored %s was sealed under another key; type it again in the back office\n",
                 field.c_str());
  Channels channels(EffectiveChannelOptions(WithEnvironmentSecrets(a.channels), *stored));
  OutboxWorker worker(*store, channels.senders(), channels.fonts());
  Status recovered = worker.RecoverInterrupted();
  if (!recovered.ok()) return ReportStatus(recovered);
  auto drained = worker.DrainOnce(today, std::time(nullptr), 100000);
  if (!drained.ok()) return ReportStatus(drained.status());
  std::printf("outbox: %d handed over, %d waiting for a channel, %d failed, %d refused\n", drained->sent,
              drained->waiting, drained->failed, drained->refused);
  Status batch = channels.AfterDrain(today);
  if (!batch.ok()) return ReportStatus(batch);
  if (ChannelSender* email = channels.senders().email) {
    auto digests = SendStaffDigests(*store, *email, today);
    if (!digests.ok()) return ReportStatus(digests.status());
    std::printf("staff digests: %d sent\n", *digests);
  }
  return kExitOk;
}

}  // namespace

void AddDunningCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<DunningArgs>();
  CLI::App* dunning = app.add_subcommand("dunning", "Reminders");
  dunning->require_subcommand(1);
  CLI::App* run = dunning->add_subcommand("run", "Write the day's reminders to the outbox (or list them with --dry-run)");
  run->add_option("--db", args->db, "SQLite database file")->required()->check(CLI::ExistingFile);
  run->add_option("--date", args->date, "The company's local date to run for (default: today)");
  run->add_flag("--dry-run", args->dry_run, "List what would be sent, write nothing");
  AddChannelOptions(run, &args->channels);
  run->callback([args, exit_code] { *exit_code = Run(*args); });
}

}  // namespace encaisse
