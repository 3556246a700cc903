// Do customers keep their word? Of the promises to pay and the payment plans that came to an
// end (kept or broken; pending and active ones are not counted yet) over a period, the share
// kept. A collector's "promise" is only worth what this rate says.
#pragma once

#include <cstdint>
#include <optional>

#include "shared/core/date.h"
#include "shared/store/db.h"

namespace encaisse {

struct KeepingRate {
  int64_t kept = 0;
  int64_t broken = 0;
  std::optional<double> rate() const {  // none when nothing came to an end
    const int64_t n = kept + broken;
    return n ? std::optional<double>(static_cast<double>(kept) / static_cast<double>(n)) : std::nullopt;
  }
};

struct KeepingRates {
  Date from, to;
  KeepingRate promises;  // by promised date in [from, to]: kept / broken
  KeepingRate plans;     // by creation date in [from, to]: completed / broken
};

Result<KeepingRates> ComputeKeepingRates(Db& db, Date from, Date to);

}  // namespace encaisse
