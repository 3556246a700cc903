// Civil dates (proleptic Gregorian), stored as days since 1970-01-01. No time of day, no time
// zone, no clock: "today" is always an argument given by the caller.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "shared/core/result.h"

namespace encaisse {

class Date {
 public:
  Date() = default;  // 1970-01-01
  static constexpr Date FromDays(int32_t days) { return Date(days); }
  // Refuses impossible dates (2026-02-30) and years outside 1900..2999.
  static Result<Date> FromYmd(int year, int month, int day);
  // "YYYY-MM-DD".
  static Result<Date> ParseIso(std::string_view text);
  // "YYYY-MM-DD" or "DD/MM/YYYY", as accounting exports write them.
  static Result<Date> Parse(std::string_view text);

  int32_t days() const { return days_; }
  int year() const;
  int month() const;  // 1..12
  int day() const;    // 1..31
  int weekday() const;  // ISO: 1 = Monday .. 7 = Sunday
  std::string ToIso() const;

  Date AddDays(int32_t n) const { return Date(days_ + n); }
  // Adds calendar months; a day that does not exist in the target month is clamped to its
  // last day (Jan 31 + 1 month = Feb 28 or 29).
  Date AddMonths(int n) const { return AddMonthsKeepingDay(n, day()); }
  // Same, with an explicit anchor day, so a monthly series keeps its day: Jan 31, Feb 28,
  // Mar 31, Apr 30 (each computed from the anchor, not from the previous clamped date).
  Date AddMonthsKeepingDay(int n, int anchor_day) const;
  // First day of this date's half-year (1 January or 1 July).
  Date HalfYearStart() const;
  Date FirstOfMonth() const;

  friend int32_t operator-(Date a, Date b) { return a.days_ - b.days_; }
  friend auto operator<=>(Date a, Date b) = default;

 private:
  constexpr explicit Date(int32_t days) : days_(days) {}
  int32_t days_ = 0;
};

int DaysInMonth(int year, int month);  // 0 for a month outside 1..12
bool IsLeapYear(int year);

}  // namespace encaisse
