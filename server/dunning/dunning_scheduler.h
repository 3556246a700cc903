// The daily dunning of `encaisse serve`: a background thread that wakes every `interval`
// seconds, runs the day's reminders once after the company's dunning time (local time, the
// process runs in the company's time zone) and then drains the outbox to the channels.
// The date of the last run is kept in the settings table ("dunning_last_run"), so a
// restart the same day does not run it again (RunDunning is idempotent per day anyway).
// The channels are those of the server's options with the back office's stored settings on
// top, read again at each pass: an admin's new SMTP server is used from the next pass on.
#pragma once

#include <chrono>
#include <ctime>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "server/auth/secret_box.h"
#include "server/dunning/channels.h"
#include "server/dunning/outbox_worker.h"
#include "shared/store/store.h"

namespace encaisse {

class DunningScheduler {
 public:
  DunningScheduler(std::string db_path, ChannelOptions server_channels, SecretBox secrets, std::function<Date()> today,
                   int interval_seconds);
  ~DunningScheduler();
  DunningScheduler(const DunningScheduler&) = delete;
  DunningScheduler& operator=(const DunningScheduler&) = delete;

  void Start();
  void Stop();  // wakes the thread and joins it

 private:
  void Loop();
  void Tick(Store& store);
  // The channels as now configured; rebuilt when the stored settings changed.
  Channels& CurrentChannels(Store& store);

  std::string db_path_;
  ChannelOptions server_channels_;
  SecretBox secrets_;
  ChannelOptions in_use_;
  std::unique_ptr<Channels> channels_;
  std::function<Date()> today_;
  std::chrono::seconds interval_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

// "HH:MM" past at local time `now`? A malformed time counts as 08:00.
bool DunningTimePassed(const std::string& hh_mm, std::time_t now);

}  // namespace encaisse
