// The CFO's cash forecast: what should come in each week of the next 13, from what is already
// known. Each customer pays as late as they usually do, so each source is shifted by the
// customer's observed delay:
//   - promises to pay still ahead: their amount on their date (a commitment, not shifted); the
//     customer's open invoices count that much less, oldest first;
//   - installments of active plans: what is left of each, at its due date plus the delay (the
//     invoices a plan covers are not counted again);
//   - other open invoices (not disputed, customer not in insolvency proceedings): what is open,
//     at the due date plus the delay.
// An invoice whose expected day has already passed (the customer is later than their habit) is
// not spread over the weeks: it is reported apart as uncertain. The observed delay is the
// amount-weighted mean of (last payment day - due date) over the invoices paid in the last 365
// days, never below 0; a customer without history gets the company's.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "shared/core/date.h"
#include "shared/core/money.h"
#include "shared/store/db.h"

namespace encaisse {

struct ForecastWeek {
  Date start;  // Monday (today for the first week)
  Date end;    // Sunday
  int64_t invoices_minor = 0;
  int64_t installments_minor = 0;
  int64_t promises_minor = 0;
  int64_t total_minor() const { return invoices_minor + installments_minor + promises_minor; }
};

struct CashForecast {
  Date today;
  std::vector<ForecastWeek> weeks;
  int64_t later_minor = 0;      // expected after the last week
  int64_t uncertain_minor = 0;  // overdue beyond the customer's usual delay
  double company_delay_days = 0;
  int64_t total_minor() const;  // the weeks only
};

inline constexpr int kForecastWeeks = 13;

Result<CashForecast> ForecastCollections(Db& db, const Currency& currency, Date today, int weeks = kForecastWeeks);

}  // namespace encaisse
