// Sends the day's digest (shared/reports/staff_digest.h) to every active collector, sales rep
// and manager with something to read, once a day: the date sent is kept per user in the
// settings table ("digest_sent:<user id>"), written after the SMTP server accepted it.
#pragma once

#include "server/dunning/channel.h"
#include "shared/store/store.h"

namespace encaisse {

// Returns how many digests went out.
Result<int> SendStaffDigests(Store& store, ChannelSender& email, Date today);

}  // namespace encaisse
