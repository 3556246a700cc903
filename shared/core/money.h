// Money: integer minor units with an ISO 4217 currency. Never a floating-point number.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "shared/core/result.h"

namespace encaisse {

// An ISO 4217 code and what the core knows of it.
struct Currency {
  char code[4] = "EUR";
  int minor_digits = 2;  // EUR 2, JPY 0
  std::string_view Code() const { return std::string_view(code, 3); }
  friend bool operator==(const Currency& a, const Currency& b) { return a.Code() == b.Code(); }
};

// Known currencies: EUR, USD, GBP, CHF, JPY, CAD, XOF, XPF, MAD, TND.
Result<Currency> FindCurrency(std::string_view code);
inline Currency Eur() { return Currency{}; }

struct Money {
  int64_t minor = 0;
  Currency currency;

  // Checked arithmetic: a different currency or an overflow is an error, never a wrong number.
  static Result<Money> Add(const Money& a, const Money& b);
  static Result<Money> Sub(const Money& a, const Money& b);
  friend bool operator==(const Money& a, const Money& b) = default;
};

enum class Locale { kFr, kEn };
Result<Locale> ParseLocale(std::string_view tag);  // "fr", "fr-FR", "en", "en-GB"...

// Parses an amount typed by a person or written by an accounting export, in either form:
// "1 234,56" / "1234,56" (French) or "1,234.56" / "1234.56" (English). Rules:
//  - spaces (also U+00A0, U+202F) and apostrophes (also U+2019) group digits;
//  - when both ',' and '.' appear, the last one is the decimal separator and appears once;
//  - a single ',' or '.' is the decimal separator; repeated, it groups thousands (by 3);
//    for a currency without decimals (JPY), a single one followed by three digits groups
//    ("¥1,234", as FormatMoney writes it in en);
//  - digit groups: the first has 1 to 3 digits, the others exactly 3; one kind of group
//    separator per amount ("1,23,456", "1234,567.00" and "1 234.567,00" are refused);
//  - an optional leading '-', U+2212 or '+', before or after an optional currency sign (fr or
//    en, "$US" or "$") or ISO code around the number, when it is the expected currency;
//  - more decimals than the currency has is an error, never rounded away;
//  - the result fits int64_t (INT64_MIN included), else an error.
Result<int64_t> ParseAmount(std::string_view text, const Currency& currency);

// Formats as CLDR 48 does: fr "1 234,56 €" (U+202F between groups, U+00A0 before the sign),
// "1 234,56 $US"; en "€1,234.56", "CHF 1,234.56" (U+00A0 after a letter symbol); negatives
// with a leading '-'. ParseAmount reads every output back.
std::string FormatMoney(const Money& money, Locale locale);
// The same text appended to `out`: a page listing many amounts builds no string for each.
void AppendMoney(std::string& out, const Money& money, Locale locale);
// A count grouped as FormatMoney groups amounts: fr "228 132" (U+202F), en "228,132".
std::string FormatCount(int64_t count, Locale locale);
// The bare number, "1234.56" (no grouping): for CSV and JSON exports.
std::string FormatPlain(int64_t minor, const Currency& currency);

}  // namespace encaisse
