// The server's only reading of the clock: "today" as a civil date, handed to the domain.
#pragma once

#include <ctime>
#include <string>

#include "shared/core/date.h"

namespace encaisse {

// Today's date in the machine's local time zone.
Date LocalToday();

// `t` as a UTC timestamp "YYYY-MM-DDTHH:MM:SSZ" (what the database records).
std::string IsoUtc(std::time_t t);
// The current time, as IsoUtc formats it.
std::string NowUtc();

}  // namespace encaisse
