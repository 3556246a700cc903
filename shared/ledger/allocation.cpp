#include "shared/ledger/allocation.h"

#include <algorithm>
#include <unordered_map>

namespace encaisse {
namespace {

Status CheckPayment(const Payment& p) {
  if (p.amount_minor <= 0) return Status::Invalid("the payment amount must be positive", "amount_minor");
  return Status::Ok();
}

bool Settleable(const Invoice& inv, const Payment& p) {
  return !inv.IsCreditNote() && inv.status == InvoiceStatus::kOpen && inv.open_minor > 0 &&
         inv.currency == p.currency && inv.customer_id == p.customer_id;
}

}  // namespace

Result<AllocationPlan> AllocateFifo(const Payment& payment, std::span<const Invoice> invoices) {
  ENC_RETURN_IF_ERROR(CheckPayment(payment));
  std::vector<const Invoice*> order;
  for (const auto& inv : invoices)
    if (Settleable(inv, payment)) order.push_back(&inv);
  std::sort(order.begin(), order.end(), [](const Invoice* a, const Invoice* b) {
    if (a->due_date != b->due_date) return a->due_date < b->due_date;
    if (a->issue_date != b->issue_date) return a->issue_date < b->issue_date;
    return a->id < b->id;
  });
  AllocationPlan plan;
  int64_t left = payment.amount_minor;
  for (const Invoice* inv : order) {
    if (left == 0) break;
    const int64_t take = std::min(left, inv->open_minor);
    plan.allocations.push_back({0, inv->id, payment.id, 0, take, payment.date});
    left -= take;
  }
  plan.unallocated_minor = left;
  return plan;
}

Result<AllocationPlan> AllocateExplicit(const Payment& payment, std::span<const Invoice> invoices,
                                        std::span<const AllocationRequest> requests) {
  ENC_RETURN_IF_ERROR(CheckPayment(payment));
  std::unordered_map<Id, const Invoice*> by_id;
  for (const auto& inv : invoices) by_id[inv.id] = &inv;
  std::unordered_map<Id, int64_t> asked;  // the same invoice may appear twice: add up
  AllocationPlan plan;
  int64_t left = payment.amount_minor;
  for (size_t i = 0; i < requests.size(); ++i) {
    const auto& r = requests[i];
    const std::string field = "allocations[" + std::to_string(i) + "]";
    auto it = by_id.find(r.invoice_id);
    if (it == by_id.end()) return Status::NotFound(field + ": invoice " + std::to_string(r.invoice_id) + " is not on this account");
    const Invoice& inv = *it->second;
    if (r.amount_minor <= 0) return Status::Invalid("the amount must be positive", field);
    if (!Settleable(inv, payment))
      return Status::Conflict(field + ": invoice " + inv.number + " cannot be settled (paid, a credit note, or another currency)");
    asked[inv.id] += r.amount_minor;
    if (asked[inv.id] > inv.open_minor)
      return Status::Invalid("more than the " + std::to_string(inv.open_minor) + " open on invoice " + inv.number, field);
    if (r.amount_minor > left) return Status::Invalid("the allocations exceed the payment", field);
    left -= r.amount_minor;
    plan.allocations.push_back({0, inv.id, payment.id, 0, r.amount_minor, payment.date});
  }
  plan.unallocated_minor = left;
  return plan;
}

}  // namespace encaisse
