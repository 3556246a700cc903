#include "shared/ledger/dso.h"

#include <cmath>
#include <vector>

#include "shared/ledger/balance.h"

namespace encaisse {

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
  int64_t remaining = r.receivables_minor;
  double days = 0;
  for (int k = 0; k < max_months && remaining > 0; ++k) {
    const Date start = first.AddMonths(-k);
    const Date stop = k == 0 ? end : start.AddMonths(1).AddDays(-1);
    const int32_t period_days = stop - start + 1;
    const int64_t s = sales[static_cast<size_t>(k)];
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

}  // namespace encaisse
