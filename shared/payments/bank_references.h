// Bank transfer details: IBAN checks and the EPC QR code payload
// (EPC069-12 "BCD") that banking apps scan to prefill a SEPA credit transfer.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "shared/core/result.h"
#include "shared/model/entities.h"

namespace encaisse {

// Spaces removed, upper case, country + check digits valid (ISO 13616 mod 97).
Result<std::string> NormalizeIban(std::string_view iban);
// "FR76 3000 6000 0112 3456 7890 189" for display.
std::string FormatIban(std::string_view iban);

struct EpcTransfer {
  std::string bic;          // optional in version 002
  std::string beneficiary;  // at most 70 characters
  std::string iban;
  int64_t amount_cents = 0;  // EUR 0.01 .. 999 999 999.99
  std::string rf_reference;  // structured remittance, ISO 11649 (shared/import/rf_reference.h), or empty
  std::string text;          // unstructured remittance, used only without an RF reference
};

// The transfer that pays `amount_minor` (what is due without interest and fee) to the company,
// quoting `reference`: as the structured reference when it is a valid RF reference, else as the
// remittance text. nullopt when the company has no IBAN or nothing is due.
std::optional<EpcTransfer> CompanyTransfer(const CompanySettings& company, int64_t amount_minor,
                                           const std::string& reference);

// The QR payload: "BCD\n002\n1\nSCT\n<BIC>\n<name>\n<IBAN>\nEUR123.45\n\n<RF>\n<text>".
Result<std::string> EpcQrPayload(const EpcTransfer& transfer);

}  // namespace encaisse
