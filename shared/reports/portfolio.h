// The whole portfolio on a date in one pass over the store: open and overdue amounts, aging,
// late interest and recovery fees, per customer and in total. This is the computation the
// credit manager's dashboard and the aging report stand on; it streams the invoices and
// their allocations in id order instead of loading accounts one by one.
#pragma once

#include <vector>

#include "shared/ledger/aging.h"
#include "shared/penalties/penalties.h"
#include "shared/store/store.h"

namespace encaisse {

struct CustomerPosition {
  Id customer_id = 0;
  int64_t open_minor = 0;
  int64_t overdue_minor = 0;
  int64_t interest_minor = 0;
  int64_t fee_minor = 0;
  int32_t max_days_late = 0;
};

struct Portfolio {
  int64_t invoices = 0;       // invoices looked at
  int64_t open_invoices = 0;
  int64_t open_minor = 0;
  int64_t overdue_minor = 0;
  int64_t interest_minor = 0;
  int64_t fee_minor = 0;
  Aging aging;
  std::vector<CustomerPosition> customers;  // those with something open or due, by id
};

// Invoices issued up to `today`, allocations dated up to `today`, in the company's currency.
Result<Portfolio> ComputePortfolio(Store& store, const CompanySettings& settings, const RateTables& rates, Date today);

}  // namespace encaisse
