// Lettrage: which invoices a payment settles. FIFO by default (oldest due first), or as the
// payer or the collector said. What is not allocated stays on the account as a credit.
#pragma once

#include <span>
#include <vector>

#include "shared/model/entities.h"

namespace encaisse {

struct AllocationRequest {
  Id invoice_id = 0;
  int64_t amount_minor = 0;
};

struct AllocationPlan {
  std::vector<Allocation> allocations;  // payment_id left 0: the store sets it
  int64_t unallocated_minor = 0;        // stays as a credit on the account
};

// Settles the open invoices of the payment's currency, oldest due date first (then oldest
// issue date, then id). `invoices` carry their current open_minor; credit notes and closed
// invoices are skipped. The caller leaves out the invoices that must not be settled
// automatically (disputed ones).
Result<AllocationPlan> AllocateFifo(const Payment& payment, std::span<const Invoice> invoices);

// Settles exactly what was asked: each request names one of `invoices`, is positive, not
// more than its open amount, and together they do not exceed the payment.
Result<AllocationPlan> AllocateExplicit(const Payment& payment, std::span<const Invoice> invoices,
                                        std::span<const AllocationRequest> requests);

}  // namespace encaisse
