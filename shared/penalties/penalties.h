// French late-payment penalties (Code de commerce L441-10, Code civil 1231-6): the late interest
// and the fixed recovery fee of one invoice, for any "today" given by the caller.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "shared/core/date.h"
#include "shared/core/result.h"
#include "shared/model/entities.h"
#include "shared/penalties/rates.h"

namespace encaisse {

// A payment or credit note allocated to the invoice: lowers the principal from the next day.
struct PrincipalReduction {
  Date date;
  int64_t amount_minor;
};

// An approved payment plan: no interest accrues after `from` (the approval) until `until` (the
// breach); no `until` = plan kept, frozen for good.
struct FreezeWindow {
  Date from;
  std::optional<Date> until;
};

struct PenaltyInput {
  Date due_date;
  int64_t amount_minor = 0;  // <= 0: a credit note, never penalties
  bool business = true;      // B2B: L441-10; false: a consumer
  std::optional<int32_t> contract_rate_bps;        // the customer's own late rate
  std::span<const PrincipalReduction> reductions;  // any order
  std::optional<Date> formal_notice_date;          // consumers: interest from the mise en demeure
  std::span<const FreezeWindow> freezes;
};

// Interest on `principal_minor` over the days (from, to]: to - from days at rate_bps.
struct InterestPeriod {
  Date from;
  Date to;
  int32_t days;
  int64_t principal_minor;
  int32_t rate_bps;
};

struct Penalties {
  int64_t interest_minor = 0;
  int64_t fee_minor = 0;
  bool late = false;  // some principal was still open after the due date
};

// Hot path: does not allocate (except to build an error Status).
Result<Penalties> ComputePenalties(const PenaltyInput& in, const CompanySettings& settings,
                                   const RateTables& rates, Date today);
// Same, also listing the accruing periods (adjacent periods with the same principal and rate
// are merged; frozen days are not listed). `periods` is cleared first; may be null.
Result<Penalties> ComputePenaltiesDetailed(const PenaltyInput& in, const CompanySettings& settings,
                                           const RateTables& rates, Date today,
                                           std::vector<InterestPeriod>* periods);

// L441-10: a late rate agreed between professionals may not be below three times the legal
// rate ("tous les autres cas") in force on `on`. Refused on field "contract_late_rate".
Status ValidateContractRate(int32_t bps, const RateTables& rates, Date on);

}  // namespace encaisse
