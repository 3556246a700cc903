#include "shared/messaging/sms.h"

#include <array>
#include <cctype>
#include <utility>

namespace encaisse {
namespace {

// GSM 03.38 basic set (as UTF-8), and the extension set (two septets each).
constexpr std::string_view kBasic[] = {
    "@", "£", "$", "¥", "è", "é", "ù", "ì", "ò", "Ç", "\n", "Ø", "ø", "\r", "Å", "å", "Δ", "_", "Φ", "Γ", "Λ", "Ω",
    "Π", "Ψ", "Σ", "Θ", "Ξ", "Æ", "æ", "ß", "É", " ", "!", "\"", "#", "¤", "%", "&", "'", "(", ")", "*", "+", ",",
    "-", ".", "/", ":", ";", "<", "=", ">", "?", "¡", "Ä", "Ö", "Ñ", "Ü", "§", "¿", "ä", "ö", "ñ", "ü", "à"};
constexpr std::string_view kExtension[] = {"^", "{", "}", "\\", "[", "~", "]", "|", "€"};
constexpr std::pair<std::string_view, std::string_view> kTransliterate[] = {
    {"â", "a"}, {"ê", "e"}, {"î", "i"}, {"ô", "o"}, {"û", "u"}, {"ë", "e"}, {"ï", "i"}, {"ÿ", "y"}, {"ç", "c"},
    {"À", "A"}, {"Â", "A"}, {"È", "E"}, {"Ê", "E"}, {"Ë", "E"}, {"Î", "I"}, {"Ï", "I"}, {"Ô", "O"}, {"Ù", "U"},
    {"Û", "U"}, {"œ", "oe"}, {"Œ", "OE"}, {"’", "'"}, {"‘", "'"}, {"“", "\""}, {"”", "\""}, {"«", "\""},
    {"»", "\""}, {"…", "..."}, {"–", "-"}, {"—", "-"}, {"\u00A0", " "}, {"\u202F", " "}, {"`", "'"}};

size_t Utf8Length(unsigned char lead) { return lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4; }

// Septets of one UTF-8 character: 1 basic, 2 extension, 0 not GSM-7.
int Septets(std::string_view ch) {
  if (ch.size() == 1 && std::isalnum(static_cast<unsigned char>(ch[0]))) return 1;
  for (auto b : kBasic)
    if (b == ch) return 1;
  for (auto e : kExtension)
    if (e == ch) return 2;
  return 0;
}

std::vector<std::string> Split(std::string_view text, bool gsm7) {
  const int single = gsm7 ? 160 : 70, part = gsm7 ? 153 : 67;
  std::vector<std::string> chars;
  int total = 0;
  for (size_t i = 0; i < text.size();) {
    const size_t n = std::min(Utf8Length(static_cast<unsigned char>(text[i])), text.size() - i);
    chars.emplace_back(text.substr(i, n));
    total += gsm7 ? Septets(chars.back()) : (n == 4 ? 2 : 1);  // UCS-2: astral characters take two units
    i += n;
  }
  if (total <= single) return {std::string(text)};
  std::vector<std::string> parts(1);
  int used = 0;
  for (const auto& c : chars) {
    const int w = gsm7 ? Septets(c) : (c.size() == 4 ? 2 : 1);
    if (used + w > part) {
      parts.emplace_back();
      used = 0;
    }
    parts.back() += c;
    used += w;
  }
  return parts;
}

}  // namespace

Result<std::string> NormalizePhone(std::string_view phone, std::string_view default_country) {
  std::string digits;
  bool plus = false;
  for (size_t i = 0; i < phone.size(); ++i) {
    const char c = phone[i];
    if (c == '+' && digits.empty() && !plus) plus = true;
    else if (std::isdigit(static_cast<unsigned char>(c))) digits += c;
    else if (c == '(' && i + 2 < phone.size() && phone[i + 1] == '0' && phone[i + 2] == ')') i += 2;  // "+33 (0)6"
    else if (c != ' ' && c != '.' && c != '-' && c != '(' && c != ')' && c != '/')
      return Status::Invalid("'" + std::string(phone) + "' is not a phone number", "phone");
  }
  if (!plus && digits.rfind("00", 0) == 0) {
    digits.erase(0, 2);
    plus = true;
  }
  if (!plus) {
    if (default_country != "FR" || digits.size() != 10 || digits[0] != '0' || digits[1] == '0')
      return Status::Invalid("'" + std::string(phone) + "' is not a French number (10 digits from 0) nor international (+...)", "phone");
    digits = "33" + digits.substr(1);
  }
  if (digits.rfind("33", 0) == 0 && digits.size() != 11)
    return Status::Invalid("'" + std::string(phone) + "' is not a valid French number", "phone");
  if (digits.size() < 9 || digits.size() > 15 || digits[0] == '0')
    return Status::Invalid("'" + std::string(phone) + "' is not a valid international number", "phone");
  return "+" + digits;
}

SmsText PrepareSms(std::string_view text) {
  SmsText out;
  for (size_t i = 0; i < text.size();) {
    const size_t n = std::min(Utf8Length(static_cast<unsigned char>(text[i])), text.size() - i);
    const std::string_view ch = text.substr(i, n);
    std::string_view replacement = ch;
    for (const auto& [from, to] : kTransliterate)
      if (from == ch) replacement = to;
    out.text += replacement;
    i += n;
  }
  for (size_t i = 0; i < out.text.size();) {
    const size_t n = std::min(Utf8Length(static_cast<unsigned char>(out.text[i])), out.text.size() - i);
    if (Septets(std::string_view(out.text).substr(i, n)) == 0) out.gsm7 = false;
    i += n;
  }
  out.parts = Split(out.text, out.gsm7);
  return out;
}

}  // namespace encaisse
