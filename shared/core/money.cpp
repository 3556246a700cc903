#include "shared/core/money.h"

#include <algorithm>
#include <array>
#include <cstring>

namespace encaisse {
namespace {

struct CurrencyInfo {
  const char* code;
  int minor_digits;
  const char* symbol;  // what CLDR shows in fr and en for the main currencies
};

constexpr std::array<CurrencyInfo, 10> kCurrencies = {{
    {"EUR", 2, "€"}, {"USD", 2, "$"}, {"GBP", 2, "£"}, {"CHF", 2, "CHF"}, {"JPY", 0, "¥"},
    {"CAD", 2, "CA$"}, {"XOF", 0, "F\u202FCFA"}, {"XPF", 0, "FCFP"}, {"MAD", 2, "MAD"}, {"TND", 3, "TND"},
}};

const CurrencyInfo* Info(std::string_view code) {
  for (const auto& c : kCurrencies)
    if (code == c.code) return &c;
  return nullptr;
}

constexpr std::string_view kNbsp = "\u00A0";
constexpr std::string_view kNarrowNbsp = "\u202F";

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool EndsWith(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
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

// Removes the currency's sign or ISO code before or after the number.
std::string_view StripCurrency(std::string_view s, const CurrencyInfo& info) {
  for (std::string_view mark : {std::string_view(info.symbol), std::string_view(info.code)}) {
    if (StartsWith(s, mark)) return Trim(s.substr(mark.size()));
    if (EndsWith(s, mark)) return Trim(s.substr(0, s.size() - mark.size()));
  }
  return s;
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
  if (tag.size() >= 2) {
    std::string_view lang = tag.substr(0, 2);
    if ((tag.size() == 2 || tag[2] == '-' || tag[2] == '_') && (lang == "fr" || lang == "FR")) return Locale::kFr;
    if ((tag.size() == 2 || tag[2] == '-' || tag[2] == '_') && (lang == "en" || lang == "EN")) return Locale::kEn;
  }
  return Status::Invalid("unsupported language " + Quote(tag) + " (fr or en)", "language");
}

Result<int64_t> ParseAmount(std::string_view text, const Currency& currency) {
  const CurrencyInfo* info = Info(currency.Code());
  if (!info) return Status::Invalid("unknown currency", "currency");
  std::string_view s = Trim(text);
  if (s.empty()) return Status::Invalid("the amount is empty");
  bool negative = false;
  if (s[0] == '-' || s[0] == '+') {
    negative = s[0] == '-';
    s = Trim(s.substr(1));
  }
  s = StripCurrency(s, *info);
  if (!negative && !s.empty() && s[0] == '-') {  // "€-12.00"
    negative = true;
    s = Trim(s.substr(1));
  }
  // Keep digits and the two separators; spaces and apostrophes only group digits.
  std::string compact;
  for (size_t i = 0; i < s.size();) {
    const char c = s[i];
    if ((c >= '0' && c <= '9') || c == ',' || c == '.') {
      compact += c;
      ++i;
    } else if (c == ' ' || c == '\'') {
      ++i;
    } else if (StartsWith(s.substr(i), kNbsp)) {
      i += kNbsp.size();
    } else if (StartsWith(s.substr(i), kNarrowNbsp)) {
      i += kNarrowNbsp.size();
    } else {
      return Status::Invalid(Quote(text) + " is not an amount (unexpected character " + Quote(s.substr(i, 1)) + ")");
    }
  }
  if (compact.empty() || compact.find_first_of("0123456789") == std::string::npos)
    return Status::Invalid(Quote(text) + " is not an amount (no digits)");

  const size_t commas = std::count(compact.begin(), compact.end(), ',');
  const size_t points = std::count(compact.begin(), compact.end(), '.');
  char decimal = 0, group = 0;
  if (commas && points) {
    decimal = compact.find_last_of(',') > compact.find_last_of('.') ? ',' : '.';
    group = decimal == ',' ? '.' : ',';
    if (std::count(compact.begin(), compact.end(), decimal) != 1)
      return Status::Invalid(Quote(text) + " is not an amount (two decimal separators)");
  } else if (commas == 1 || points == 1) {
    decimal = commas ? ',' : '.';
  } else if (commas > 1 || points > 1) {
    group = commas ? ',' : '.';
  }

  std::string_view whole = compact, frac;
  if (decimal) {
    const size_t at = compact.find(decimal);
    whole = std::string_view(compact).substr(0, at);
    frac = std::string_view(compact).substr(at + 1);  // the decimal is the last separator
  }
  if (group) {  // groups of three digits after the first
    size_t prev = std::string_view::npos;
    for (size_t i = 0; i < whole.size(); ++i) {
      if (whole[i] != group) continue;
      if ((prev == std::string_view::npos && i == 0) || (prev != std::string_view::npos && i - prev != 4))
        return Status::Invalid(Quote(text) + " is not an amount (digit groups must have three digits)");
      prev = i;
    }
    if (prev != std::string_view::npos && whole.size() - prev != 4)
      return Status::Invalid(Quote(text) + " is not an amount (digit groups must have three digits)");
  }
  if (static_cast<int>(frac.size()) > info->minor_digits) {
    return Status::Invalid(Quote(text) + " has " + std::to_string(frac.size()) + " decimals but " +
                           std::string(currency.Code()) + " has " + std::to_string(info->minor_digits));
  }
  if (decimal && frac.empty() && whole.empty()) return Status::Invalid(Quote(text) + " is not an amount");

  int64_t value = 0;
  auto push = [&](char c) {
    return !__builtin_mul_overflow(value, 10, &value) && !__builtin_add_overflow(value, c - '0', &value);
  };
  for (char c : whole)
    if (c != group && !push(c)) return Status::Invalid(Quote(text) + " is too large");
  for (int i = 0; i < info->minor_digits; ++i)
    if (!push(i < static_cast<int>(frac.size()) ? frac[i] : '0')) return Status::Invalid(Quote(text) + " is too large");
  return negative ? -value : value;
}

std::string FormatPlain(int64_t minor, const Currency& currency) {
  const int digits = currency.minor_digits;
  const bool negative = minor < 0;
  // Work on the unsigned magnitude so INT64_MIN is representable.
  uint64_t mag = negative ? 0 - static_cast<uint64_t>(minor) : static_cast<uint64_t>(minor);
  std::string s = std::to_string(mag);
  if (digits > 0) {
    if (s.size() <= static_cast<size_t>(digits)) s.insert(0, static_cast<size_t>(digits) - s.size() + 1, '0');
    s.insert(s.size() - static_cast<size_t>(digits), ".");
  }
  return negative ? "-" + s : s;
}

std::string FormatMoney(const Money& money, Locale locale) {
  const CurrencyInfo* info = Info(money.currency.Code());
  const std::string symbol = info ? info->symbol : std::string(money.currency.Code());
  const int digits = money.currency.minor_digits;
  std::string plain = FormatPlain(money.minor, money.currency);
  const bool negative = plain[0] == '-';
  if (negative) plain.erase(0, 1);
  const size_t point = digits > 0 ? plain.find('.') : plain.size();
  const std::string whole = plain.substr(0, point);
  const std::string frac = digits > 0 ? plain.substr(point + 1) : "";

  const std::string group = locale == Locale::kFr ? std::string(kNarrowNbsp) : ",";
  std::string grouped;
  for (size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) grouped += group;
    grouped += whole[i];
  }
  std::string number = grouped;
  if (!frac.empty()) number += (locale == Locale::kFr ? "," : ".") + frac;

  std::string out = negative ? "-" : "";
  if (locale == Locale::kFr) return out + number + std::string(kNbsp) + symbol;
  // CLDR en puts a letter code apart from the number ("CHF 1,234.56"), a sign against it.
  const bool letters = symbol.size() >= 2 && symbol[0] >= 'A' && symbol[0] <= 'Z' && symbol[1] >= 'A';
  return out + symbol + (letters && symbol.find('$') == std::string::npos ? std::string(kNbsp) : "") + number;
}

}  // namespace encaisse
