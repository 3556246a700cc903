#include "shared/core/text_fold.h"

namespace encaisse {
namespace {

// U+00C0..U+00FF, folded ("" where the code point is not a letter: kept as it is).
constexpr const char* kLatin1[64] = {
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",   // À..Ï
    "d", "n", "o", "o", "o", "o", "o", "",  "o", "u", "u", "u", "u", "y", "th", "ss",  // Ð..ß (× kept)
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",   // à..ï
    "d", "n", "o", "o", "o", "o", "o", "",  "o", "u", "u", "u", "u", "y", "th", "y",   // ð..ÿ (÷ kept)
};

}  // namespace

std::string FoldText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
      continue;
    }
    const auto next = i + 1 < text.size() ? static_cast<unsigned char>(text[i + 1]) : 0;
    const char* folded = nullptr;
    if (c == 0xC3 && next >= 0x80 && next <= 0xBF) folded = kLatin1[next - 0x80];  // U+00C0..U+00FF
    else if (c == 0xC5 && (next == 0x92 || next == 0x93)) folded = "oe";             // Œ œ
    else if (c == 0xC5 && next == 0xB8) folded = "y";                                 // Ÿ
    if (folded && *folded) {
      out += folded;
      ++i;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

}  // namespace encaisse
