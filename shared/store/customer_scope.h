// Who may see which customer: a sales rep only the customers assigned to them (customers.rep_id),
// every other staff role all of them. Checked on the server for every route that names a
// customer or one of its records; the answer for a customer out of scope is the same NotFound
// as for a customer that does not exist, so a rep learns nothing about other reps' accounts.
#pragma once

#include "shared/model/entities.h"
#include "shared/store/db.h"

namespace encaisse {

// Ok when `user_id` with `role` may see the customer; NotFound("no such customer") when the
// customer does not exist or is assigned to someone else (for a sales rep).
Status CheckCustomerVisible(Db& db, Id customer_id, Role role, Id user_id);

// The customer of an invoice the user may see; NotFound("no such invoice") when the invoice
// does not exist or its customer is out of the user's scope.
Result<Id> VisibleInvoiceCustomer(Db& db, Id invoice_id, Role role, Id user_id);

}  // namespace encaisse
