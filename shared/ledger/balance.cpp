#include "shared/ledger/balance.h"

namespace encaisse {

std::unordered_map<Id, int64_t> OpenAmounts(std::span<const Invoice> invoices,
                                            std::span<const Allocation> allocations, Date as_of) {
  std::unordered_map<Id, int64_t> open;
  open.reserve(invoices.size());
  for (const auto& inv : invoices) open[inv.id] = inv.amount_minor;
  for (const auto& a : allocations) {
    if (a.date > as_of) continue;
    if (auto it = open.find(a.invoice_id); it != open.end()) it->second -= a.amount_minor;
    if (a.credit_note_id != 0)
      if (auto it = open.find(a.credit_note_id); it != open.end()) it->second += a.amount_minor;
  }
  return open;
}

Result<AccountSummary> Summarize(std::span<const Invoice> invoices, std::span<const Payment> payments,
                                 std::span<const Allocation> allocations, Date as_of) {
  AccountSummary s;
  const auto open = OpenAmounts(invoices, allocations, as_of);
  for (const auto& inv : invoices) {
    if (inv.issue_date > as_of || inv.status == InvoiceStatus::kCancelled) continue;
    const int64_t amount = open.at(inv.id);
    if (inv.IsCreditNote()) {
      // Applied beyond its amount, it would count as a negative credit: a broken ledger.
      if (amount > 0) return Status::Internal("credit note " + inv.number + " is over-applied");
      s.credit_minor -= amount;  // an unapplied credit note is money we owe back
      continue;
    }
    if (amount < 0) return Status::Internal("invoice " + inv.number + " is over-allocated");
    if (amount == 0) continue;
    const int32_t late = DaysLate(inv.due_date, as_of);
    s.open_minor += amount;
    ++s.open_invoices;
    s.aging.Add(BucketFor(late), amount);
    if (late > 0) {
      s.overdue_minor += amount;
      ++s.overdue_invoices;
      if (late > s.max_days_late) s.max_days_late = late;
    }
  }
  std::unordered_map<Id, int64_t> unallocated;
  for (const auto& p : payments)
    if (p.date <= as_of) unallocated[p.id] = p.amount_minor;
  for (const auto& a : allocations)
    if (a.payment_id != 0 && a.date <= as_of)
      if (auto it = unallocated.find(a.payment_id); it != unallocated.end()) it->second -= a.amount_minor;
  for (const auto& [id, left] : unallocated) {
    if (left < 0) return Status::Internal("payment " + std::to_string(id) + " is over-allocated");
    s.credit_minor += left;
  }
  s.balance_minor = s.open_minor - s.credit_minor;
  return s;
}

}  // namespace encaisse
