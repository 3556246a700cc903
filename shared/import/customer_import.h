// Customer files. Columns (header names, any order, any case):
//   required: customer_id, name
//   optional: email, phone, address, language, rep_email, business, payment_terms (days),
//             credit_limit (an amount in the company currency), risk_score (0-100, the
//             external score credit insurers give: higher is safer), risk_class (low, medium,
//             high; also faible, moyen, élevé)
// A customer is identified by customer_id: new ones are created, known ones updated with the
// non-empty cells of their row (an empty cell keeps the stored value). The risk class is the
// file's risk_class, else the class the company's risk policy gives to risk_score; the payment
// terms are the file's payment_terms, else (for a new customer, or when the row gives a risk
// class or score) the default terms of the risk class in the policy (risk_policy.h).
#pragma once

#include <string_view>

#include "shared/import/import_common.h"

namespace encaisse {

Result<ImportResult> ImportCustomers(Store& store, std::string_view csv, const ImportOptions& options);

}  // namespace encaisse
