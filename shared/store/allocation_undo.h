// Undoing a payment's allocation (lettrage) that a collector got wrong: the invoice takes its
// amount back as open (paid again becomes open), and the payment keeps it as unallocated credit,
// to be allocated again by hand; a plan it had completed is active again, its installment unpaid.
// A note on the account says who undid what. Credit notes are
// not undone here: a credit note is a document, cancelled by another one.
#pragma once

#include <string>

#include "shared/model/entities.h"
#include "shared/store/customer_queries.h"
#include "shared/store/db.h"

namespace encaisse {

struct UndoneAllocation {
  Allocation allocation;
  Id customer_id = 0;
  std::string invoice_number;
  int64_t invoice_open_minor = 0;  // after the undo
};

// NotFound without the allocation; Refused for a credit note's. One transaction.
Result<UndoneAllocation> UndoPaymentAllocation(Db& db, Id allocation_id, Id author_id, Date today);

// The payment allocations of a customer, newest first (what the desk may undo).
Result<std::vector<AllocationView>> ListPaymentAllocations(Db& db, Id customer_id, int limit);

}  // namespace encaisse
