// Drains the outbox: claims due messages (queued, or failed and due for a retry), composes
// each from the account as it is now, mints its personal link, hands it to its channel and
// records the attempt. A message is marked sent only after its channel accepted it; a
// message claimed by a process that died is claimed again after a restart (the channel sees
// the same Message-ID, so a receiver can drop the duplicate). Retries back off: 1 min, 5 min,
// 30 min, 2 h, 12 h; after 8 attempts the message stays failed for a person to look at.
#pragma once

#include <ctime>

#include "server/clock.h"
#include "server/dunning/channel.h"
#include "server/letters/pdf_writer.h"
#include "shared/store/store.h"

namespace encaisse {

struct DrainStats {
  int sent = 0;
  int failed = 0;     // will be retried
  int refused = 0;    // final: needs a person (no address, bad number, out of attempts)
  int waiting = 0;    // channel not configured: left queued
};

class OutboxWorker {
 public:
  static constexpr int kMaxAttempts = 8;
  // `fonts`: for the statement PDF attached to emails.
  OutboxWorker(Store& store, ChannelSenders senders, PdfFonts fonts = DejaVuFonts())
      : store_(store), senders_(senders), fonts_(std::move(fonts)) {}

  // Messages left "sending" by a process that died go back to the queue.
  Status RecoverInterrupted();
  // Messages set aside for a channel that was not configured, due again at once: the
  // channels just changed (those still missing a channel are set aside again).
  Status WakeWaiting(std::time_t now);
  // One pass over what is due at `now`; `today` is the company's local date.
  Result<DrainStats> DrainOnce(Date today, std::time_t now, int batch = 200);

 private:
  Status Process(Id reminder_id, Date today, std::time_t now, DrainStats* stats);
  Store& store_;
  ChannelSenders senders_;
  PdfFonts fonts_;
};

}  // namespace encaisse
