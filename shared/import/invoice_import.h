// Invoice files. Columns (header names, any order, any case):
//   required: customer_id (the customer's code in the accounting system), customer_name,
//             invoice_number, issue_date, due_date, amount, currency
//   optional: email, phone, address, language, rep_email (a sales_rep's sign-in email),
//             business (1/0, true/false, oui/non, B2B/B2C)
// A negative amount is a credit note. A customer that does not exist is created from its first
// row (risk class medium, payment terms of that class in the risk policy); an existing one is
// left as it is (the customers file is where accounts are edited). An invoice is identified by
// (customer, invoice_number): the same values leave it unchanged; other dates or amount update
// it, but an amount can no longer change once payments or credit notes are allocated to the
// invoice, or an installment plan covers it, and the currency never changes.
#pragma once

#include <string_view>

#include "shared/import/import_common.h"

namespace encaisse {

Result<ImportResult> ImportInvoices(Store& store, std::string_view csv, const ImportOptions& options);

}  // namespace encaisse
