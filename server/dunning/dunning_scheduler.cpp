#include "server/dunning/dunning_scheduler.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <ctime>

#include "server/dunning/channel_settings.h"
#include "server/dunning/outbox_worker.h"
#include "server/dunning/staff_digests.h"
#include "server/http/app.h"
#include "shared/store/dunning_run.h"
#include "shared/store/store.h"

namespace encaisse {
namespace {

Result<std::string> LastRun(Db& db) {
  auto st = db.Prepare("SELECT value FROM settings WHERE key = 'dunning_last_run'");
  if (!st.ok()) return st.status();
  auto row = st->Step();
  if (!row.ok()) return row.status();
  return *row ? std::string(st->Text(0)) : std::string();
}

Status SetLastRun(Db& db, const std::string& date) {
  auto st = db.Prepare(
      "INSERT INTO settings (key, value) VALUES ('dunning_last_run', ?) "
      "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
  if (!st.ok()) return st.status();
  return st->Bind(1, date).Run();
}

}  // namespace

bool DunningTimePassed(const std::string& hh_mm, std::time_t now) {
  int h = 8, m = 0;
  if (hh_mm.size() == 5 && hh_mm[2] == ':' && std::isdigit(static_cast<unsigned char>(hh_mm[0])) &&
      std::isdigit(static_cast<unsigned char>(hh_mm[1])) && std::isdigit(static_cast<unsigned char>(hh_mm[3])) &&
      std::isdigit(static_cast<unsigned char>(hh_mm[4]))) {
    h = (hh_mm[0] - '0') * 10 + (hh_mm[1] - '0');
    m = (hh_mm[3] - '0') * 10 + (hh_mm[4] - '0');
  }
  std::tm local{};
  localtime_r(&now, &local);
  return local.tm_hour * 60 + local.tm_min >= h * 60 + m;
}

DunningScheduler::DunningScheduler(std::string db_path, ChannelOptions server_channels, SecretBox secrets,
                                   std::function<Date()> today, int interval_seconds)
    : db_path_(std::move(db_path)),
      server_channels_(std::move(server_channels)),
      secrets_(secrets),
      today_(std::move(today)),
      interval_(std::max(1, interval_seconds)) {}

DunningScheduler::~DunningScheduler() { Stop(); }

void DunningScheduler::Start() { thread_ = std::thread([this] { Loop(); }); }

void DunningScheduler::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void DunningScheduler::Loop() {
  auto store = Store::Open(db_path_, OpenOptions{.create = false});
  if (!store.ok()) {
    spdlog::error("dunning scheduler: {}", store.status().ToString());
    return;
  }
  Status recovered = OutboxWorker(*store, ChannelSenders{}).RecoverInterrupted();
  if (!recovered.ok()) spdlog::error("dunning scheduler: {}", recovered.ToString());
  // The first look comes one interval after the start: a restart serves requests at once.
  std::unique_lock<std::mutex> lock(mu_);
  while (!cv_.wait_for(lock, interval_, [this] { return stop_; })) {
    lock.unlock();
    Tick(*store);
    lock.lock();
  }
}

Channels& DunningScheduler::CurrentChannels(Store& store) {
  auto stored = LoadChannelSettings(store.db(), secrets_);
  if (!stored.ok()) {
    spdlog::error("channel settings: {}", stored.status().ToString());
  } else {
    for (const std::string& field : stored->unreadable)
      spdlog::warn("channel settings: {} was sealed under another key; type it again in the back office", field);
    const ChannelOptions wanted = EffectiveChannelOptions(server_channels_, *stored);
    if (!channels_ || !(wanted == in_use_)) {
      const bool changed = channels_ != nullptr;
      channels_ = std::make_unique<Channels>(wanted);
      in_use_ = wanted;
      if (changed) {  // what waited for a channel goes now, not in five minutes
        Status woken = OutboxWorker(store, channels_->senders()).WakeWaiting(std::time(nullptr));
        if (!woken.ok()) spdlog::error("outbox: {}", woken.ToString());
      }
      spdlog::info("channels: email {}, SMS {}", wanted.smtp_url.empty() ? "not configured" : wanted.smtp_url,
                   !wanted.sms_url.empty() ? wanted.sms_url : !wanted.sms_file.empty() ? wanted.sms_file : "not configured");
    }
  }
  if (!channels_) channels_ = std::make_unique<Channels>(server_channels_);
  return *channels_;
}

void DunningScheduler::Tick(Store& store) {
  const Date today = today_();
  const std::time_t now = std::time(nullptr);
  auto settings = store.LoadSettings();
  if (!settings.ok()) {
    spdlog::error("dunning scheduler: {}", settings.status().ToString());
    return;
  }
  auto last = LastRun(store.db());
  if (!last.ok()) {
    spdlog::error("dunning scheduler: {}", last.status().ToString());
    return;
  }
  if (*last != today.ToIso() && DunningTimePassed(settings->dunning_time, now)) {
    auto result = RunDunning(store, today, IsoUtc(now), false);
    if (!result.ok()) {
      spdlog::error("dunning run {}: {}", today.ToIso(), result.status().ToString());
    } else {
      spdlog::info("dunning run {}: {} customers looked at, {} messages", today.ToIso(), result->customers,
                   result->messages);
      Status saved = SetLastRun(store.db(), today.ToIso());
      if (!saved.ok()) spdlog::error("dunning scheduler: {}", saved.ToString());
    }
  }
  Channels& channels = CurrentChannels(store);
  OutboxWorker worker(store, channels.senders(), channels.fonts());
  auto drained = worker.DrainOnce(today, now);
  if (!drained.ok()) {
    spdlog::error("outbox: {}", drained.status().ToString());
  } else if (drained->sent || drained->failed || drained->refused) {
    spdlog::info("outbox: {} sent, {} failed, {} refused, {} waiting for a channel", drained->sent, drained->failed,
                 drained->refused, drained->waiting);
  }
  Status batch = channels.AfterDrain(today);
  if (!batch.ok()) spdlog::error("letters: {}", batch.ToString());
  // The staff's morning email, once the day's reminders are written.
  auto ran = LastRun(store.db());
  if (channels.senders().email && ran.ok() && *ran == today.ToIso()) {
    auto digests = SendStaffDigests(store, *channels.senders().email, today);
    if (!digests.ok()) spdlog::error("staff digests: {}", digests.status().ToString());
    else if (*digests > 0) spdlog::info("staff digests: {} sent", *digests);
  }
}

}  // namespace encaisse
