#include "shared/payments/bank_references.h"

#include <cctype>

#include "shared/import/rf_reference.h"

namespace encaisse {
namespace {

std::string Compact(std::string_view s) {
  std::string out;
  for (char c : s)
    if (c != ' ' && c != '-') out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

bool Alnum(std::string_view s) {
  for (char c : s)
    if (!std::isalnum(static_cast<unsigned char>(c))) return false;
  return true;
}

// Letters as numbers (A = 10 .. Z = 35), then the whole number mod 97, digit by digit.
int Mod97(std::string_view s) {
  int r = 0;
  for (char c : s) {
    if (std::isdigit(static_cast<unsigned char>(c))) {
      r = (r * 10 + (c - '0')) % 97;
    } else {
      const int v = c - 'A' + 10;
      r = (r * 100 + v) % 97;
    }
  }
  return r;
}

}  // namespace

Result<std::string> NormalizeIban(std::string_view iban) {
  const std::string s = Compact(iban);
  if (s.size() < 15 || s.size() > 34 || !Alnum(s) || !std::isalpha(static_cast<unsigned char>(s[0])) ||
      !std::isalpha(static_cast<unsigned char>(s[1])) || !std::isdigit(static_cast<unsigned char>(s[2])) ||
      !std::isdigit(static_cast<unsigned char>(s[3])))
    return Status::Invalid("'" + std::string(iban) + "' is not an IBAN", "iban");
  if (Mod97(s.substr(4) + s.substr(0, 4)) != 1)
    return Status::Invalid("the IBAN " + std::string(iban) + " has wrong check digits (a typing error?)", "iban");
  return s;
}

std::string FormatIban(std::string_view iban) {
  std::string out;
  for (size_t i = 0; i < iban.size(); ++i) {
    if (i > 0 && i % 4 == 0) out += ' ';
    out += iban[i];
  }
  return out;
}

Result<std::string> EpcQrPayload(const EpcTransfer& t) {
  std::string iban;
  auto normalized = NormalizeIban(t.iban);
  if (!normalized.ok()) return normalized.status();
  iban = *normalized;
  if (t.beneficiary.empty() || t.beneficiary.size() > 70) return Status::Invalid("the beneficiary name has 1 to 70 characters", "beneficiary");
  if (t.amount_cents < 1 || t.amount_cents > 99'999'999'999) return Status::Invalid("the amount must be between 0.01 and 999999999.99 EUR", "amount");
  if (!t.bic.empty() && (t.bic.size() != 8 && t.bic.size() != 11)) return Status::Invalid("a BIC has 8 or 11 characters", "bic");
  if (!t.rf_reference.empty() && !RfReferenceBody(t.rf_reference)) return Status::Invalid("not a valid RF reference", "rf_reference");
  if (t.text.size() > 140) return Status::Invalid("the remittance text has at most 140 characters", "text");
  const std::string cents = std::to_string(t.amount_cents % 100);
  const std::string amount = "EUR" + std::to_string(t.amount_cents / 100) + "." + (cents.size() == 1 ? "0" : "") + cents;
  std::string payload = "BCD\n002\n1\nSCT\n" + t.bic + "\n" + t.beneficiary + "\n" + iban + "\n" + amount + "\n\n";
  // Structured and unstructured remittance are exclusive.
  payload += t.rf_reference.empty() ? "\n" + t.text : CompactRfReference(t.rf_reference) + "\n";
  while (!payload.empty() && payload.back() == '\n') payload.pop_back();
  return payload;
}

std::optional<EpcTransfer> CompanyTransfer(const CompanySettings& company, int64_t amount_minor,
                                           const std::string& reference) {
  if (company.iban.empty() || amount_minor <= 0) return std::nullopt;
  // A customer whose id makes no RF reference (too long, no letters or digits) is quoted as
  // plain text: the payment still arrives, matched by hand instead of automatically.
  const bool structured = RfReferenceBody(reference).has_value();
  return EpcTransfer{company.bic,   company.name.substr(0, 70),          company.iban, amount_minor,
                     structured ? reference : "", structured ? "" : reference.substr(0, 140)};
}

}  // namespace encaisse
