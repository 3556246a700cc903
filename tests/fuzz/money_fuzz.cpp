// Feeds ParseAmount an amount as typed (first byte: the currency; the rest: the text); an
// amount read formats (fr, en, plain) and reads back to the same number.
#include <cstdint>
#include <cstring>
#include <string>

#include "shared/core/money.h"
#include "tests/fuzz/fuzz_check.h"

using namespace encaisse;

namespace {

constexpr const char* kCodes[] = {"EUR", "USD", "GBP", "CHF", "JPY", "CAD", "XOF", "XPF", "MAD", "TND"};

void CheckRoundTrip(int64_t minor, const Currency& c) {
  for (Locale locale : {Locale::kFr, Locale::kEn}) {
    auto back = ParseAmount(FormatMoney({minor, c}, locale), c);
    FUZZ_CHECK(back.ok() && *back == minor);
  }
  auto plain = ParseAmount(FormatPlain(minor, c), c);
  FUZZ_CHECK(plain.ok() && *plain == minor);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const Currency currency = FindCurrency(kCodes[data[0] % 10]).value();
  const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  (void)ParseLocale(text);
  auto amount = ParseAmount(text, currency);
  if (amount.ok()) CheckRoundTrip(*amount, currency);
  if (size >= 9) {  // any int64_t formats to something ParseAmount reads back
    int64_t minor = 0;
    std::memcpy(&minor, data + 1, sizeof minor);
    CheckRoundTrip(minor, currency);
  }
  return 0;
}
