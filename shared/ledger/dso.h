// Days Sales Outstanding by the count-back method: how many days of the most recent sales
// the receivables on `end` represent. Counting back month by month from `end`, each month
// whose sales the remaining receivables exceed counts in full; the last one counts pro rata.
// Unlike the averaging formula, it does not swing with seasonal sales.
#pragma once

#include <span>

#include "shared/model/entities.h"

namespace encaisse {

struct DsoResult {
  int64_t receivables_minor = 0;  // open on `end`
  double days = 0;                // rounded to 0.1 day
  bool capped = false;            // receivables exceed the sales of the months looked at
};

// Receivables are the invoices issued up to `end` less allocations dated up to `end`; sales
// are invoices (net of credit notes) by issue month. The first period runs from the first of
// end's month to `end` inclusive.
DsoResult CountBackDso(std::span<const Invoice> invoices, std::span<const Allocation> allocations, Date end,
                       int max_months = 24);

// The count-back rule alone, for callers that total receivables and sales themselves (the
// reports add them up in SQL): `sales_by_period[k]` are the sales of period k, k = 0 being the
// first of end's month to `end`, k >= 1 the whole k-th month before it; as many periods are
// looked at as there are entries. CountBackDso is this applied to the invoices' totals.
DsoResult CountBackFromSales(int64_t receivables_minor, std::span<const int64_t> sales_by_period, Date end);

}  // namespace encaisse
