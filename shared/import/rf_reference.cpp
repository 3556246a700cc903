#include "shared/import/rf_reference.h"

namespace encaisse {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
char Upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

// The remainder mod 97 of the number written by `text` with letters as 10..35 (A..Z).
int Mod97(std::string_view text) {
  int r = 0;
  for (char c : text) {
    if (IsDigit(c)) {
      r = (r * 10 + (c - '0')) % 97;
    } else {
      const int v = c - 'A' + 10;
      r = (r * 100 + v) % 97;
    }
  }
  return r;
}

bool ValidBody(std::string_view body) {
  if (body.empty() || body.size() > 21) return false;
  for (char c : body)
    if (!IsDigit(c) && !IsUpper(c)) return false;
  return true;
}

}  // namespace

std::string CompactRfReference(std::string_view reference) {
  std::string out;
  out.reserve(reference.size());
  for (char c : reference)
    if (c != ' ' && c != '\t') out += Upper(c);
  return out;
}

bool LooksLikeRfReference(std::string_view reference) {
  const std::string r = CompactRfReference(reference);
  return r.size() >= 4 && r[0] == 'R' && r[1] == 'F' && IsDigit(r[2]) && IsDigit(r[3]);
}

std::optional<std::string> RfReferenceBody(std::string_view reference) {
  const std::string r = CompactRfReference(reference);
  if (!LooksLikeRfReference(r)) return std::nullopt;
  const std::string body = r.substr(4);
  if (!ValidBody(body)) return std::nullopt;
  // ISO 11649: move "RF" and the check digits to the end; the number must be 1 mod 97.
  if (Mod97(body + r.substr(0, 4)) != 1) return std::nullopt;
  return body;
}

std::string RfBodyOf(std::string_view invoice_number) {
  std::string out;
  for (char c : invoice_number) {
    const char u = Upper(c);
    if (IsDigit(u) || IsUpper(u)) out += u;
  }
  return out;
}

Result<std::string> MakeRfReference(std::string_view invoice_number) {
  const std::string body = RfBodyOf(invoice_number);
  if (!ValidBody(body))
    return Status::Invalid("invoice number '" + std::string(invoice_number) +
                               "' cannot be an RF reference (1 to 21 letters and digits are needed)",
                           "invoice_number");
  const int check = 98 - Mod97(body + "RF00");
  std::string out = "RF";
  out += static_cast<char>('0' + check / 10);
  out += static_cast<char>('0' + check % 10);
  return out + body;
}

}  // namespace encaisse
