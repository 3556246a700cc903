#include "shared/core/date.h"

#include <cstdio>

namespace encaisse {
namespace {

// Howard Hinnant's days_from_civil / civil_from_days (public domain algorithms).
int32_t DaysFromCivil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int>(doe) - 719468;
}

struct Ymd {
  int y;
  unsigned m, d;
};

Ymd CivilFromDays(int32_t z) {
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int y = static_cast<int>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2), m, d};
}

// Parses exactly `len` ASCII digits at text[pos].
// (By hand: every date read from the store comes through here; from_chars took an eighth of
// the tablet's dashboard time in wasm.)
bool Digits(std::string_view text, size_t pos, size_t len, int* out) {
  if (pos + len > text.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + len; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    v = v * 10 + (text[i] - '0');
  }
  *out = v;
  return true;
}

}  // namespace

bool IsLeapYear(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;  // no such month (was an out-of-bounds read)
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

Result<Date> Date::FromYmd(int year, int month, int day) {
  if (year < 1900 || year > 2999) return Status::Invalid("year " + std::to_string(year) + " is out of range 1900-2999");
  if (month < 1 || month > 12) return Status::Invalid("month " + std::to_string(month) + " does not exist");
  if (day < 1 || day > DaysInMonth(year, month)) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
    return Status::Invalid(std::string(buf) + " is not a date");
  }
  return Date(DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)));
}

Result<Date> Date::ParseIso(std::string_view text) {
  int y = 0, m = 0, d = 0;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !Digits(text, 0, 4, &y) ||
      !Digits(text, 5, 2, &m) || !Digits(text, 8, 2, &d))
    return Status::Invalid("'" + std::string(text) + "' is not a date in the form YYYY-MM-DD");
  return FromYmd(y, m, d);
}

Result<Date> Date::Parse(std::string_view text) {
  int y = 0, m = 0, d = 0;
  if (text.size() == 10 && text[2] == '/' && text[5] == '/') {
    if (!Digits(text, 0, 2, &d) || !Digits(text, 3, 2, &m) || !Digits(text, 6, 4, &y))
      return Status::Invalid("'" + std::string(text) + "' is not a date in the form DD/MM/YYYY");
    return FromYmd(y, m, d);
  }
  auto iso = ParseIso(text);
  if (!iso.ok() && (text.size() != 10 || text[4] != '-'))
    return Status::Invalid("'" + std::string(text) + "' is not a date (YYYY-MM-DD or DD/MM/YYYY)");
  return iso;
}

int Date::year() const { return CivilFromDays(days_).y; }
int Date::month() const { return static_cast<int>(CivilFromDays(days_).m); }
int Date::day() const { return static_cast<int>(CivilFromDays(days_).d); }

int Date::weekday() const {
  // 1970-01-01 was a Thursday (ISO 4).
  int w = (days_ % 7 + 7) % 7;  // 0 = Thursday
  return (w + 3) % 7 + 1;
}

std::string Date::ToIso() const {
  const Ymd ymd = CivilFromDays(days_);
  if (ymd.y < 0 || ymd.y > 9999) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", ymd.y, ymd.m, ymd.d);
    return buf;
  }
  // By hand for the usual years: dates are written into every row and page.
  const unsigned y = static_cast<unsigned>(ymd.y);
  const char out[10] = {static_cast<char>('0' + y / 1000), static_cast<char>('0' + y / 100 % 10),
                        static_cast<char>('0' + y / 10 % 10), static_cast<char>('0' + y % 10), '-',
                        static_cast<char>('0' + ymd.m / 10), static_cast<char>('0' + ymd.m % 10), '-',
                        static_cast<char>('0' + ymd.d / 10), static_cast<char>('0' + ymd.d % 10)};
  return std::string(out, sizeof out);
}

Date Date::AddMonthsKeepingDay(int n, int anchor_day) const {
  const Ymd ymd = CivilFromDays(days_);
  int total = ymd.y * 12 + static_cast<int>(ymd.m) - 1 + n;
  int y = total >= 0 ? total / 12 : (total - 11) / 12;
  int m = total - y * 12 + 1;
  int d = anchor_day < 1 ? 1 : anchor_day;
  if (d > DaysInMonth(y, m)) d = DaysInMonth(y, m);
  return Date(DaysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d)));
}

Date Date::HalfYearStart() const {
  const Ymd ymd = CivilFromDays(days_);
  return Date(DaysFromCivil(ymd.y, ymd.m <= 6 ? 1 : 7, 1));
}

Date Date::FirstOfMonth() const {
  const Ymd ymd = CivilFromDays(days_);
  return Date(DaysFromCivil(ymd.y, ymd.m, 1));
}

}  // namespace encaisse
