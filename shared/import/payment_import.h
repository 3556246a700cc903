// Payment files (bank statements, lettrage exports). Columns (header names, any order, any case):
//   required: date, amount (positive), currency, customer_id, reference
//   optional: invoice_number, method (transfer, card, cheque, direct_debit, cash; default transfer)
// The customer must exist. Which invoices a payment settles, in this order:
//   1. the invoice named in invoice_number (it must be one of the customer's invoices);
//   2. else the invoice whose number is the reference (exactly, or ignoring case, spaces and
//      punctuation);
//   3. else, for a structured creditor reference (ISO 11649 "RF" + 2 check digits + body) with
//      valid check digits, the invoice whose number is the body (letters and digits);
// that invoice takes up to its open amount, and the rest (or the whole payment when no invoice
// is named) settles the customer's oldest open invoices first (FIFO by due date, disputed
// invoices left out). What remains is a credit on the account. Payments are applied in date
// order. A payment is identified by (customer, date, amount, reference): one already recorded
// is left unchanged, so importing the same file twice records each payment once.
#pragma once

#include <string_view>

#include "shared/import/import_common.h"

namespace encaisse {

Result<ImportResult> ImportPayments(Store& store, std::string_view csv, const ImportOptions& options);

}  // namespace encaisse
