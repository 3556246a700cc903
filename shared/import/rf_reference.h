// Structured creditor references (ISO 11649, "RF" references): "RF" + 2 check digits + a body
// of 1 to 21 letters and digits, checked like an IBAN (mod 97 = 1). Encaisse issues them with
// the invoice number as the body, so a payment that carries one settles that invoice.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "shared/core/result.h"

namespace encaisse {

// The reference without spaces, in capitals ("rf18 5390 0754 7034" -> "RF18539007547034").
std::string CompactRfReference(std::string_view reference);

// True when the text (spaces allowed, any case) starts with "RF" and two digits: it claims to be
// a structured reference, valid or not.
bool LooksLikeRfReference(std::string_view reference);

// The body of a valid RF reference ("RF18539007547034" -> "539007547034"); nullopt when the
// form or the check digits are wrong.
std::optional<std::string> RfReferenceBody(std::string_view reference);

// The RF reference of an invoice number: its letters and digits (capitals) as the body, with
// the check digits computed. Refused when that leaves nothing or more than 21 characters.
Result<std::string> MakeRfReference(std::string_view invoice_number);

// An invoice number as an RF body: letters and digits only, in capitals ("fa-2024/001" ->
// "FA2024001"). Used to match a reference's body to an invoice.
std::string RfBodyOf(std::string_view invoice_number);

}  // namespace encaisse
