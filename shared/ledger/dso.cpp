#include "shared/ledger/dso.h"

#include <cmath>
#include <vector>

#include "shared/ledger/balance.h"

namespace encaisse {

DsoResult CountBackFromSales(int64_t receivables_minor, std::span<const int64_t> sales_by_period, Date end) {
  DsoResult r;
  r.receivables_minor = receivables_minor;
  const Date first = end.FirstOfMonth();
  int64_t remaining = receivables_minor;
  double days = 0;
  for (size_t k = 0; k < sales_by_period.size() && remaining > 0; ++k) {
    const Date start = first.AddMonths(-static_cast<int>(k));
    const Date stop = k == 0 ? end : start.AddMonths(1).AddDays(-1);
    const int32_t period_days = stop - start + 1;
    const int64_t s = sales_by_period[k];
    if (s > 0 && remaining <= s) {
      days += period_days * static_cast<double>(remaining) / static_cast<double>(s);
      remaining = 0;
    } else {
      days += period_days;
      if (s > 0) remaining -= s;
    }
  }
  r.capped = remaining > 0;
  r.days = std::round(days * 10) / 10;
  return r;
}

DsoResult CountBackDso(std::span<const Invoice> invoices, std::span<const Allocation> allocations, Date end,
                       int max_months) {
  DsoResult r;
  if (max_months < 0) max_months = 0;  // no month looked at (and no vector of size -1)
  const auto open = OpenAmounts(invoices, allocations, end);
  // Period k: k = 0 is [first of end's month, end], then whole months before it.
  std::vector<int64_t> sales(static_cast<size_t>(max_months), 0);
  const Date first = end.FirstOfMonth();
  const Date oldest = first.AddMonths(-(max_months - 1));
  for (const auto& inv : invoices) {
    if (inv.issue_date > end || inv.status == InvoiceStatus::kCancelled) continue;
    if (!inv.IsCreditNote()) {
      const int64_t o = open.at(inv.id);
      if (o > 0) r.receivables_minor += o;
    }
    if (inv.issue_date < oldest) continue;
    const int months_back = (first.year() - inv.issue_date.year()) * 12 + first.month() - inv.issue_date.month();
    sales[static_cast<size_t>(months_back)] += inv.amount_minor;
  }
  return CountBackFromSales(r.receivables_minor, sales, end);
}

}  // namespace encaisse
