// Dated rate tables for French late-payment interest. They are settings, not code: the defaults
// below are the published values, and an administrator adds each new decision as it comes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "shared/core/date.h"
#include "shared/core/result.h"

namespace encaisse {

struct DatedRate {
  Date from;    // in force from this day on, until the next entry
  int32_t bps;  // 1215 = 12,15 %
};

struct RateTables {
  // ECB main refinancing operations rate, by decision effective date.
  std::vector<DatedRate> ecb_refi;
  // Taux de l'intérêt légal, "tous les autres cas" (creditor acting for professional needs),
  // one entry per half-year (1 January, 1 July).
  std::vector<DatedRate> legal_professional;
  // Taux de l'intérêt légal for creditors who are natural persons not acting for professional
  // needs. Kept for completeness: a company creditor never uses it.
  std::vector<DatedRate> legal_individual;

  // The published values from 2023 to the first half of 2026.
  static RateTables FrenchDefaults();
};

// The rate of the latest entry with from <= on (entries in any order); NotFound if none.
Result<int32_t> RateInForce(const std::vector<DatedRate>& table, Date on);

// French display: 1215 -> "12,15 %" with a no-break space (U+00A0) before '%'.
std::string FormatRateFr(int32_t bps);

}  // namespace encaisse
