// Balances: what each invoice still has open, and what the account owes, as of a date.
#pragma once

#include <span>
#include <unordered_map>

#include "shared/ledger/aging.h"
#include "shared/model/entities.h"

namespace encaisse {

// Open amount of every invoice as of `as_of` (allocations dated later are not counted yet).
// A positive invoice's open amount = amount - allocations to it; a credit note's (negative)
// open amount = amount + what it has already settled elsewhere.
std::unordered_map<Id, int64_t> OpenAmounts(std::span<const Invoice> invoices,
                                            std::span<const Allocation> allocations, Date as_of);

struct AccountSummary {
  int64_t open_minor = 0;        // open on invoices (positive)
  int64_t overdue_minor = 0;     // of which past due
  int64_t credit_minor = 0;      // unallocated payments + unapplied credit notes (a positive number)
  int64_t balance_minor = 0;     // open - credit: what the customer owes (negative: we owe them)
  int32_t open_invoices = 0;
  int32_t overdue_invoices = 0;
  int32_t max_days_late = 0;
  Aging aging;
};

// The account as of `as_of`: invoices issued and payments received up to that day.
Result<AccountSummary> Summarize(std::span<const Invoice> invoices, std::span<const Payment> payments,
                                 std::span<const Allocation> allocations, Date as_of);

}  // namespace encaisse
