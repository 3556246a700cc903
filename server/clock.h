// The server's only reading of the clock: "today" as a civil date, handed to the domain.
#pragma once

#include "shared/core/date.h"

namespace encaisse {

// Today's date in the machine's local time zone.
Date LocalToday();

}  // namespace encaisse
