#include "shared/core/money.h"

#include <algorithm>
#include <array>
#include <cstring>

namespace encaisse {
namespace {

struct CurrencyInfo {
  const char* code;
  int minor_digits;
  // What CLDR 48 shows in each locale ("$US" in fr, "$" in en); the parser accepts both.
  const char* fr_symbol;
  const char* en_symbol;
  const char* alias;  // another spelling people type, or nullptr
};

constexpr std::array<CurrencyInfo, 10> kCurrencies = {{
    {"EUR", 2, "€", "€", nullptr},
    {"USD", 2, "$US", "$", nullptr},
    {"GBP", 2, "£GB", "£", nullptr},
    {"CHF", 2, "CHF", "CHF", nullptr},
    {"JPY", 0, "JPY", "¥", nullptr},
    {"CAD", 2, "$CA", "CA$", nullptr},
    {"XOF", 0, "F\u202FCFA", "F\u202FCFA", "FCFA"},
    {"XPF", 0, "FCFP", "CFPF", nullptr},
    {"MAD", 2, "MAD", "MAD", nullptr},
    {"TND", 3, "TND", "TND", nullptr},
}};

const CurrencyInfo* Info(std::string_view code) {
  for (const auto& c : kCurrencies)
    if (code == c.code) return &c;
  return nullptr;
}

constexpr std::string_view kNbsp = "\u00A0";
constexpr std::string_view kNarrowNbsp = "\u202F";
constexpr std::string_view kRightQuote = "\u2019";  // the Swiss group separator (1’234.56)
constexpr std::string_view kMinusSign = "\u2212";   // typographic minus

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool EndsWith(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

// The length of the space-like character at the start of `s` (0 if none): the characters that
// may stand between the digit groups of a number.
size_t GroupSpace(std::string_view s) {
  if (!s.empty() && (s[0] == ' ' || s[0] == '\'')) return 1;
  for (std::string_view sp : {kNbsp, kNarrowNbsp, kRightQuote})
    if (StartsWith(s, sp)) return sp.size();
  return 0;
}

std::string_view Trim(std::string_view s) {
  auto is_space = [](std::string_view t, size_t* n) {
    if (!t.empty() && (t[0] == ' ' || t[0] == '\t')) return *n = 1, true;
    if (StartsWith(t, kNbsp)) return *n = kNbsp.size(), true;
    if (StartsWith(t, kNarrowNbsp)) return *n = kNarrowNbsp.size(), true;
    return false;
  };
  size_t n = 0;
  while (is_space(s, &n)) s.remove_prefix(n);
  while (!s.empty()) {
    if (s.back() == ' ' || s.back() == '\t') s.remove_suffix(1);
    else if (EndsWith(s, kNbsp)) s.remove_suffix(kNbsp.size());
    else if (EndsWith(s, kNarrowNbsp)) s.remove_suffix(kNarrowNbsp.size());
    else break;
  }
  return s;
}

// Removes the currency's sign (either locale's) or ISO code before or after the number. The
// longest mark is tried first, so "$US" is not taken for "$" followed by letters.
std::string_view StripCurrency(std::string_view s, const CurrencyInfo& info) {
  std::array<std::string_view, 4> marks = {info.fr_symbol, info.en_symbol, info.code,
                                           info.alias ? info.alias : ""};
  std::sort(marks.begin(), marks.end(), [](auto a, auto b) { return a.size() > b.size(); });
  for (std::string_view mark : marks) {
    if (mark.empty()) continue;
    if (StartsWith(s, mark)) return Trim(s.substr(mark.size()));
    if (EndsWith(s, mark)) return Trim(s.substr(0, s.size() - mark.size()));
  }
  return s;
}

// The whole UTF-8 character at the start of `s`, so an error message never cuts one in two.
std::string_view FirstChar(std::string_view s) {
  if (s.empty()) return s;
  const auto lead = static_cast<unsigned char>(s[0]);
  const size_t n = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
  return s.substr(0, n);
}

std::string Quote(std::string_view text) { return "'" + std::string(text) + "'"; }

}  // namespace

Result<Currency> FindCurrency(std::string_view code) {
  const CurrencyInfo* info = Info(code);
  if (!info) return Status::Invalid("unknown currency " + Quote(code) + " (expected an ISO 4217 code such as EUR)", "currency");
  Currency c;
  std::memcpy(c.code, info->code, 4);
  c.minor_digits = info->minor_digits;
  return c;
}

Result<Money> Money::Add(const Money& a, const Money& b) {
  if (!(a.currency == b.currency))
    return Status::Invalid("cannot add " + std::string(a.currency.Code()) + " and " + std::string(b.currency.Code()));
  Money r{0, a.currency};
  if (__builtin_add_overflow(a.minor, b.minor, &r.minor)) return Status::Invalid("amount overflow");
  return r;
}

Result<Money> Money::Sub(const Money& a, const Money& b) {
  if (!(a.currency == b.currency))
    return Status::Invalid("cannot subtract " + std::string(b.currency.Code()) + " from " + std::string(a.currency.Code()));
  Money r{0, a.currency};
  if (__builtin_sub_overflow(a.minor, b.minor, &r.minor)) return Status::Invalid("amount overflow");
  return r;
}

Result<Locale> ParseLocale(std::string_view tag) {
  // Language tags are case-insensitive (BCP 47): "fr", "FR", "fr-FR", "fr_CA", "En-gb".
  if (tag.size() == 2 || (tag.size() > 2 && (tag[2] == '-' || tag[2] == '_'))) {
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    const std::string lang = {lower(tag[0]), lower(tag[1])};
    if (lang == "fr") return Locale::kFr;
    if (lang == "en") return Locale::kEn;
  }
  return Status::Invalid("unsupported language " + Quote(tag) + " (fr or en)", "language");
}

Result<int64_t> ParseAmount(std::string_view text, const Currency& currency) {
  const CurrencyInfo* info = Info(currency.Code());
  if (!info) return Status::Invalid("unknown currency", "currency");
  const int minor_digits = info->minor_digits;
  auto not_amount = [&](std::string_view why) {
    return Status::Invalid(Quote(text) + " is not an amount (" + std::string(why) + ")");
  };
  std::string_view s = Trim(text);
  if (s.empty()) return Status::Invalid("the amount is empty");
  // One sign, before or after the currency: "-12,00 €", "-€12.00", "€-12.00".
  bool negative = false, signed_ = false;
  auto take_sign = [&] {
    if (s.empty()) return;
    if (s[0] == '-' || s[0] == '+') {
      negative = s[0] == '-';
      s.remove_prefix(1);
    } else if (StartsWith(s, kMinusSign)) {
      negative = true;
      s.remove_prefix(kMinusSign.size());
    } else {
      return;
    }
    signed_ = true;
    s = Trim(s);
  };
  take_sign();
  s = StripCurrency(s, *info);
  if (!signed_) take_sign();

  // Keep digits and the two separators; the space-like characters (' ', U+00A0, U+202F,
  // apostrophes) are digit-group separators, kept as ' ' to check where they stand.
  std::string compact;
  for (size_t i = 0; i < s.size();) {
    const char c = s[i];
    if ((c >= '0' && c <= '9') || c == ',' || c == '.') {
      compact += c;
      ++i;
    } else if (const size_t n = GroupSpace(s.substr(i))) {
      compact += ' ';
      i += n;
    } else {
      return not_amount("unexpected character " + Quote(FirstChar(s.substr(i))));
    }
  }
  if (compact.find_first_of("0123456789") == std::string::npos) return not_amount("no digits");

  const size_t commas = std::count(compact.begin(), compact.end(), ',');
  const size_t points = std::count(compact.begin(), compact.end(), '.');
  char decimal = 0, group = 0;
  if (commas && points) {
    decimal = compact.find_last_of(',') > compact.find_last_of('.') ? ',' : '.';
    group = decimal == ',' ? '.' : ',';
    if (std::count(compact.begin(), compact.end(), decimal) != 1) return not_amount("two decimal separators");
  } else if (commas == 1 || points == 1) {
    const char sep = commas ? ',' : '.';
    const size_t after = compact.size() - compact.find(sep) - 1;
    // A currency without decimals has no decimal separator: "¥1,234" (as CLDR en writes it)
    // groups thousands. Anything but three digits after it stays a (refused) decimal part.
    const bool three_digits = after == 3 && compact.find(' ', compact.find(sep)) == std::string::npos;
    if (minor_digits == 0 && three_digits && compact.find(sep) > 0) group = sep;
    else decimal = sep;
  } else if (commas > 1 || points > 1) {
    group = commas ? ',' : '.';
  }

  std::string_view whole = compact, frac;
  if (decimal) {
    const size_t at = compact.find(decimal);
    whole = std::string_view(compact).substr(0, at);
    frac = std::string_view(compact).substr(at + 1);  // the decimal is the last separator
  }
  if (frac.find(' ') != std::string_view::npos) return not_amount("space in the decimals");
  if (group && whole.find(' ') != std::string_view::npos) return not_amount("mixed digit-group separators");
  // Digit groups: the first has 1 to 3 digits, every other exactly 3 ("1 234 567", not
  // "1,23,456" nor "1234,567"); a separator never starts or ends the whole part.
  if (whole.find_first_of(group ? std::string{' ', group} : std::string{' '}) != std::string_view::npos) {
    size_t start = 0;
    for (size_t i = 0; i <= whole.size(); ++i) {
      if (i < whole.size() && whole[i] != ' ' && whole[i] != group) continue;
      const size_t len = i - start;
      if (start == 0 ? (len < 1 || len > 3) : len != 3)
        return not_amount("digit groups must have three digits");
      start = i + 1;
    }
  }
  if (static_cast<int>(frac.size()) > minor_digits) {
    auto places = [](size_t n) { return std::to_string(n) + (n == 1 ? " decimal place" : " decimal places"); };
    return Status::Invalid(Quote(text) + " has " + places(frac.size()) + " but " + std::string(currency.Code()) +
                           " has " + (minor_digits ? std::to_string(minor_digits) : std::string("none")));
  }
  if (whole.empty() && frac.empty()) return not_amount("no digits");

  // The magnitude, up to 2^63 for a negative amount (INT64_MIN) and 2^63 - 1 otherwise.
  const uint64_t limit = negative ? uint64_t{1} << 63 : (uint64_t{1} << 63) - 1;
  uint64_t value = 0;
  auto push = [&](char c) {
    const auto digit = static_cast<uint64_t>(c - '0');
    if (value > (limit - digit) / 10) return false;
    value = value * 10 + digit;
    return true;
  };
  for (char c : whole)
    if (c != group && c != ' ' && !push(c)) return Status::Invalid(Quote(text) + " is too large");
  for (int i = 0; i < minor_digits; ++i)
    if (!push(i < static_cast<int>(frac.size()) ? frac[i] : '0')) return Status::Invalid(Quote(text) + " is too large");
  return negative ? static_cast<int64_t>(0 - value) : static_cast<int64_t>(value);
}

namespace {

// The digits of |minor|, least significant first, with zeros added so that at least one comes
// before the decimal point; returns how many. Unsigned, so INT64_MIN has a magnitude too.
int MagnitudeDigits(int64_t minor, int frac, char (&digits)[24]) {
  uint64_t mag = minor < 0 ? 0 - static_cast<uint64_t>(minor) : static_cast<uint64_t>(minor);
  int n = 0;
  do {
    digits[n++] = static_cast<char>('0' + mag % 10);
    mag /= 10;
  } while (mag != 0);
  while (n <= frac) digits[n++] = '0';
  return n;
}

// The first `whole` of the `n` digits (least significant first in `digits`), grouped by three.
void AppendWholeDigits(std::string& out, const char (&digits)[24], int n, int whole, Locale locale) {
  const std::string_view group = locale == Locale::kFr ? kNarrowNbsp : ",";
  for (int i = 0; i < whole; ++i) {
    if (i > 0 && (whole - i) % 3 == 0) out.append(group);
    out += digits[n - 1 - i];
  }
}

}  // namespace

std::string FormatPlain(int64_t minor, const Currency& currency) {
  const int frac = currency.minor_digits;
  char digits[24];
  const int n = MagnitudeDigits(minor, frac, digits);
  std::string out = minor < 0 ? "-" : "";
  for (int i = n - 1; i >= 0; --i) {
    out += digits[i];
    if (i == frac && frac > 0) out += '.';
  }
  return out;
}

void AppendMoney(std::string& out, const Money& money, Locale locale) {
  const bool fr = locale == Locale::kFr;
  const CurrencyInfo* info = Info(money.currency.Code());
  const std::string_view symbol = !info ? money.currency.Code() : fr ? info->fr_symbol : info->en_symbol;
  // The digits into one buffer, then straight into `out`: a portal page or a reminder writes
  // dozens of amounts, and the strings this was built from once were a tenth of a page.
  const int frac = money.currency.minor_digits;
  char digits[24];
  const int n = MagnitudeDigits(money.minor, frac, digits);
  const int whole = n - frac;

  if (money.minor < 0) out += '-';
  if (!fr) {
    // CLDR currency spacing: en puts U+00A0 between the number and a symbol that ends with a
    // letter ("CHF 1,234.56", "F CFA 1,235"), none after a sign ("CA$1,234.56", "€1,234.56").
    const auto last = static_cast<unsigned char>(symbol.empty() ? '\0' : symbol.back());
    out.append(symbol);
    if ((last >= 'A' && last <= 'Z') || (last >= 'a' && last <= 'z')) out.append(kNbsp);
  }
  AppendWholeDigits(out, digits, n, whole, locale);
  if (frac > 0) out += fr ? ',' : '.';
  for (int i = whole; i < n; ++i) out += digits[n - 1 - i];
  if (fr) out.append(kNbsp).append(symbol);
}

std::string FormatCount(int64_t count, Locale locale) {
  char digits[24];
  const int n = MagnitudeDigits(count, 0, digits);
  std::string out = count < 0 ? "-" : "";
  AppendWholeDigits(out, digits, n, n, locale);
  return out;
}

std::string FormatMoney(const Money& money, Locale locale) {
  std::string out;
  AppendMoney(out, money, locale);
  return out;
}

}  // namespace encaisse
