// Feeds Date::Parse and Date::ParseIso a date as written in a file or a request; a date read
// writes back as the same text (ISO, or DD/MM/YYYY via FormatDate) and its parts rebuild it.
#include <algorithm>
#include <cstdint>
#include <string>

#include "shared/core/date.h"
#include "shared/dunning/message_compose.h"
#include "tests/fuzz/fuzz_check.h"

using namespace encaisse;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto iso = Date::ParseIso(text);
  if (iso.ok()) FUZZ_CHECK(iso->ToIso() == text);
  auto d = Date::Parse(text);
  if (iso.ok()) FUZZ_CHECK(d.ok() && *d == *iso);
  if (!d.ok()) return 0;
  FUZZ_CHECK(iso.ok() ? d->ToIso() == text : FormatDate(*d, Locale::kFr) == text);
  auto rebuilt = Date::FromYmd(d->year(), d->month(), d->day());
  FUZZ_CHECK(rebuilt.ok() && *rebuilt == *d);
  FUZZ_CHECK(d->weekday() >= 1 && d->weekday() <= 7);
  FUZZ_CHECK(d->AddDays(1) - *d == 1 && d->FirstOfMonth().day() == 1 && d->HalfYearStart() <= *d);
  // A monthly series keeps its anchor day, clamped to the month's length.
  const int months = static_cast<int>(d->days() % 241) - 120;
  const Date later = d->AddMonthsKeepingDay(months, d->day());
  FUZZ_CHECK(later.day() == std::min(d->day(), DaysInMonth(later.year(), later.month())));
  return 0;
}
