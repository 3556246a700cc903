// The whole portfolio on a date in one pass over the store: open and overdue amounts, aging,
// late interest and recovery fees, per customer and in total. This is the computation the
// credit manager's dashboard and the aging report stand on; it streams the invoices and
// their allocations in id order instead of loading accounts one by one.
#pragma once

#include <map>
#include <vector>

#include "shared/ledger/aging.h"
#include "shared/reports/collection_reports.h"
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

// The same pass in steps, for a screen that spreads it over frames: the tablet's dashboard after
// a sync (~0.2 s at 100 000 invoices in the browser, a dozen frames' worth). It also sums what
// the DSO stands on, so that the dashboard needs no second pass. The store must not change
// between steps; a caller whose data changed begins a new scan.
class PortfolioScan {
 public:
  static Result<PortfolioScan> Begin(Store& store, const CompanySettings& settings, const RateTables& rates, Date today);

  // Looks at up to `invoices` more invoices (credit notes included); true once every one has
  // been looked at.
  Result<bool> Step(int64_t invoices);
  // The portfolio, once Step has returned true (the scan is spent after).
  Portfolio Finish();
  int64_t invoices_seen() const { return seen_; }
  // Sales and payments by day, for SalesByDay::Dso on the same day.
  const SalesByDay& sales() const { return sales_; }

 private:
  PortfolioScan(const CompanySettings& settings, const RateTables& rates, Date today)
      : settings_(settings), rates_(rates), today_(today) {}

  CompanySettings settings_;
  RateTables rates_;
  Date today_;
  std::multimap<Id, FreezeWindow> freezes_;  // of approved plans, by invoice (plans are few)
  Statement invoices_;
  Statement allocations_;  // runs alongside the invoices, both in invoice id order
  bool allocation_ready_ = false;
  bool done_ = false;
  int64_t seen_ = 0;
  Portfolio portfolio_;
  SalesByDay sales_;
  std::map<Id, CustomerPosition> by_customer_;
  std::vector<PrincipalReduction> reductions_;  // the current invoice's, reused
  std::vector<FreezeWindow> windows_;
};

}  // namespace encaisse
