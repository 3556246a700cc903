// Civil dates: construction, parsing, formatting, calendar arithmetic. Reference values (day
// numbers, weekdays) were checked against JavaScript's Date.UTC.
#include "shared/core/date.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <iterator>
#include <string>
#include <string_view>

namespace encaisse {
namespace {

Date D(std::string_view iso) {
  auto d = Date::ParseIso(iso);
  EXPECT_TRUE(d.ok()) << iso << ": " << d.status().ToString();
  return d.ok() ? *d : Date();
}

// The result as one comparable string: the ISO date, or the error's code and message.
std::string Show(const Result<Date>& r) { return r.ok() ? r->ToIso() : r.status().ToString(); }

TEST(DateTest, DefaultIsTheEpoch) {
  EXPECT_EQ(Date().days(), 0);
  EXPECT_EQ(Date().ToIso(), "1970-01-01");
  EXPECT_EQ(Date::FromDays(0), Date());
}

TEST(DateTest, IsoTextRoundTripsAndPadsEveryYear) {
  for (const char* iso : {"1900-01-01", "2999-12-31", "2026-10-05"}) {
    SCOPED_TRACE(iso);
    EXPECT_EQ(Show(Date::ParseIso(iso)), iso);
  }
  EXPECT_EQ(Date::FromDays(-719162).ToIso(), "0001-01-01");
  EXPECT_EQ(Date::FromDays(2932896).ToIso(), "9999-12-31");
  EXPECT_EQ(Date::FromDays(2932897).ToIso(), "10000-01-01");
  EXPECT_FALSE(Date::ParseIso("2026-1a-05").ok());
  EXPECT_FALSE(Date::ParseIso("2026-10-0").ok());
}

TEST(DateTest, FromYmdGivesDaysSinceEpoch) {
  struct Row { int y, m, d; int32_t days; const char* iso; };
  const Row rows[] = {
      {1970, 1, 1, 0, "1970-01-01"},       {1969, 12, 31, -1, "1969-12-31"},
      {1900, 1, 1, -25567, "1900-01-01"},  {2000, 3, 1, 11017, "2000-03-01"},
      {2024, 2, 29, 19782, "2024-02-29"},  {2026, 11, 24, 20781, "2026-11-24"},
      {2999, 12, 31, 376199, "2999-12-31"}, {2000, 2, 29, 11016, "2000-02-29"},
  };
  for (const Row& r : rows) {
    SCOPED_TRACE(r.iso);
    auto d = Date::FromYmd(r.y, r.m, r.d);
    EXPECT_EQ(Show(d), r.iso);
    if (!d.ok()) continue;
    EXPECT_EQ(d->days(), r.days);
    EXPECT_EQ(d->year(), r.y);
    EXPECT_EQ(d->month(), r.m);
    EXPECT_EQ(d->day(), r.d);
  }
}

TEST(DateTest, FromYmdRefusesImpossibleDates) {
  struct Row { int y, m, d; const char* in_message; };
  const Row rows[] = {
      {2026, 2, 30, "2026-02-30 is not a date"},
      {2026, 2, 29, "2026-02-29 is not a date"},  // not a leap year
      {1900, 2, 29, "1900-02-29 is not a date"},  // divisible by 100, not by 400
      {2100, 2, 29, "2100-02-29 is not a date"},
      {2026, 4, 31, "2026-04-31 is not a date"},
      {2026, 1, 0, "2026-01-00 is not a date"},
      {2026, 1, 32, "2026-01-32 is not a date"},
      {2026, 1, -1, "is not a date"},
      {2026, 13, 1, "month 13 does not exist"},
      {2026, 0, 1, "month 0 does not exist"},
      {2026, -1, 1, "month -1 does not exist"},
      {1899, 12, 31, "year 1899 is out of range"},
      {3000, 1, 1, "year 3000 is out of range"},
  };
  for (const Row& r : rows) {
    SCOPED_TRACE(testing::Message() << r.y << "-" << r.m << "-" << r.d);
    const std::string shown = Show(Date::FromYmd(r.y, r.m, r.d));
    EXPECT_EQ(shown.rfind("invalid_argument: ", 0), 0u) << shown;
    EXPECT_NE(shown.find(r.in_message), std::string::npos) << shown;
  }
}

TEST(DateTest, ParseIsoAcceptsValidDates) {
  for (const char* iso : {"1900-01-01", "1970-01-01", "2024-02-29", "2026-01-31", "2026-12-31", "2999-12-31"}) {
    SCOPED_TRACE(iso);
    EXPECT_EQ(Show(Date::ParseIso(iso)), iso);
  }
}

TEST(DateTest, ParseIsoRefusesBadText) {
  const char* rows[] = {
      "2026-02-30", "2026-13-01", "2026-00-10", "2026-1-01",  "2026-01-1",  "",
      "abcd-ef-gh", "2026/01/01", "26-01-01",   "2026-01-011", " 2026-01-01", "2026-01-01 ",
      "+026-01-01", "2026-+1-01", "2026-01-0a", "2026_01_01", "31/01/2026", "1899-12-31",
      "3000-01-01", "2026-02-29", "--------- ",
  };
  for (const char* text : rows) {
    SCOPED_TRACE(text);
    const std::string shown = Show(Date::ParseIso(text));
    EXPECT_EQ(shown.rfind("invalid_argument: ", 0), 0u) << shown;
  }
  // The message quotes the text when the form is wrong, and names the date when it does not exist.
  EXPECT_EQ(Date::ParseIso("2026-1-01").status().message(), "'2026-1-01' is not a date in the form YYYY-MM-DD");
  EXPECT_EQ(Date::ParseIso("2026-02-30").status().message(), "2026-02-30 is not a date");
  EXPECT_EQ(Date::ParseIso("2026-13-01").status().message(), "month 13 does not exist");
}

TEST(DateTest, ParseAcceptsIsoAndFrenchForms) {
  struct Row { const char* text; const char* iso; };
  const Row rows[] = {
      {"2026-12-31", "2026-12-31"}, {"31/12/2026", "2026-12-31"}, {"01/02/2026", "2026-02-01"},
      {"29/02/2024", "2024-02-29"}, {"01/01/1900", "1900-01-01"}, {"31/12/2999", "2999-12-31"},
  };
  for (const Row& r : rows) {
    SCOPED_TRACE(r.text);
    EXPECT_EQ(Show(Date::Parse(r.text)), r.iso);
  }
}

TEST(DateTest, ParseRefusesBadText) {
  struct Row { const char* text; const char* message; };
  const Row rows[] = {
      {"", "'' is not a date (YYYY-MM-DD or DD/MM/YYYY)"},
      {"abcd-ef-gh", "'abcd-ef-gh' is not a date in the form YYYY-MM-DD"},
      {"2026-02-30", "2026-02-30 is not a date"},
      {"2026-13-01", "month 13 does not exist"},
      {"2026-1-01", "'2026-1-01' is not a date (YYYY-MM-DD or DD/MM/YYYY)"},
      {"30/02/2026", "2026-02-30 is not a date"},  // DD/MM: the day comes first
      {"29/02/2026", "2026-02-29 is not a date"},
      {"01/13/2026", "month 13 does not exist"},   // not the US order
      {"aa/bb/cccc", "'aa/bb/cccc' is not a date in the form DD/MM/YYYY"},
      {"1/2/2026", "'1/2/2026' is not a date (YYYY-MM-DD or DD/MM/YYYY)"},
      {"31-12-2026", "'31-12-2026' is not a date (YYYY-MM-DD or DD/MM/YYYY)"},
      {"2026/12/31", "'2026/12/31' is not a date (YYYY-MM-DD or DD/MM/YYYY)"},
      {"31/12/26", "'31/12/26' is not a date (YYYY-MM-DD or DD/MM/YYYY)"},
  };
  for (const Row& r : rows) {
    SCOPED_TRACE(r.text);
    EXPECT_EQ(Show(Date::Parse(r.text)), "invalid_argument: " + std::string(r.message));
  }
}

TEST(DateTest, WeekdayIsIso) {
  struct Row { const char* iso; int weekday; };
  const Row rows[] = {
      {"2026-11-23", 1}, {"2026-11-24", 2}, {"2026-11-25", 3}, {"2026-11-26", 4},
      {"2026-11-27", 5}, {"2026-11-28", 6}, {"2026-11-29", 7}, {"1970-01-01", 4},
      {"1969-12-31", 3}, {"1900-01-01", 1}, {"2000-01-01", 6}, {"2999-12-31", 2},
      {"2024-02-29", 4},
  };
  for (const Row& r : rows) {
    SCOPED_TRACE(r.iso);
    EXPECT_EQ(D(r.iso).weekday(), r.weekday);
  }
}

TEST(DateTest, WeekdayCyclesOneToSevenAcrossTheEpoch) {
  const Date monday = D("1969-12-01");
  ASSERT_EQ(monday.weekday(), 1);
  for (int i = 0; i < 400; ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(monday.AddDays(i).weekday(), i % 7 + 1);
  }
}

TEST(DateTest, AddDays) {
  struct Row { const char* from; int32_t n; const char* to; };
  const Row rows[] = {
      {"2026-12-31", 1, "2027-01-01"},  {"2027-01-01", -1, "2026-12-31"}, {"2024-02-28", 1, "2024-02-29"},
      {"2023-02-28", 1, "2023-03-01"},  {"2026-01-31", 30, "2026-03-02"}, {"2026-03-01", -1, "2026-02-28"},
      {"2024-01-01", 366, "2025-01-01"}, {"2026-05-10", 0, "2026-05-10"},  {"1970-01-01", -1, "1969-12-31"},
      {"2026-11-24", 45, "2027-01-08"},
  };
  for (const Row& r : rows) {
    SCOPED_TRACE(testing::Message() << r.from << " + " << r.n);
    EXPECT_EQ(D(r.from).AddDays(r.n).ToIso(), r.to);
    EXPECT_EQ(D(r.from).AddDays(r.n) - D(r.from), r.n);
  }
}

TEST(DateTest, AddMonthsClampsToTheMonthEnd) {
  struct Row { const char* from; int n; const char* to; };
  const Row rows[] = {
      {"2026-01-31", 1, "2026-02-28"},   {"2028-01-31", 1, "2028-02-29"},  {"2026-01-31", 2, "2026-03-31"},
      {"2026-01-31", 3, "2026-04-30"},   {"2026-03-31", -1, "2026-02-28"}, {"2026-05-31", -3, "2026-02-28"},
      {"2026-01-15", -1, "2025-12-15"},  {"2026-12-15", 1, "2027-01-15"},  {"2026-01-31", -13, "2024-12-31"},
      {"2026-01-01", -12, "2025-01-01"}, {"2026-03-10", -27, "2023-12-10"}, {"2026-01-15", 24, "2028-01-15"},
      {"2024-02-29", 12, "2025-02-28"},  {"2024-02-29", 48, "2028-02-29"}, {"2024-02-29", -12, "2023-02-28"},
      {"2026-08-31", 1, "2026-09-30"},   {"2026-06-20", 0, "2026-06-20"},  {"2000-12-31", -1200, "1900-12-31"},
  };
  for (const Row& r : rows) {
    SCOPED_TRACE(testing::Message() << r.from << " + " << r.n << " months");
    EXPECT_EQ(D(r.from).AddMonths(r.n).ToIso(), r.to);
  }
}

TEST(DateTest, AddMonthsKeepingDayKeepsTheAnchorAcrossShortMonths) {
  const Date start = D("2026-01-31");
  const char* expected[] = {"2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30", "2026-05-31",
                            "2026-06-30", "2026-07-31", "2026-08-31", "2026-09-30", "2026-10-31",
                            "2026-11-30", "2026-12-31", "2027-01-31", "2027-02-28"};
  for (int i = 0; i < static_cast<int>(std::size(expected)); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(start.AddMonthsKeepingDay(i, 31).ToIso(), expected[i]);
  }
  // From a clamped date, the anchor brings the day back; AddMonths keeps the clamped day.
  EXPECT_EQ(D("2026-02-28").AddMonthsKeepingDay(1, 31).ToIso(), "2026-03-31");
  EXPECT_EQ(D("2026-02-28").AddMonths(1).ToIso(), "2026-03-28");
  // A leap year series from the 29th of January.
  EXPECT_EQ(D("2028-01-29").AddMonthsKeepingDay(1, 29).ToIso(), "2028-02-29");
  EXPECT_EQ(D("2027-01-29").AddMonthsKeepingDay(1, 29).ToIso(), "2027-02-28");
}

TEST(DateTest, AddMonthsKeepingDayNormalizesTheAnchor) {
  struct Row { const char* from; int n; int anchor; const char* to; };
  const Row rows[] = {
      {"2026-01-10", 1, 0, "2026-02-01"},    {"2026-01-10", 1, -5, "2026-02-01"},
      {"2026-01-10", 1, 40, "2026-02-28"},   {"2026-01-10", -1, 31, "2025-12-31"},
      {"2026-01-10", -2, 31, "2025-11-30"},  {"2026-01-10", -11, 30, "2025-02-28"},
      {"2026-01-10", -23, 29, "2024-02-29"}, {"2026-01-10", 0, 31, "2026-01-31"},
  };
  for (const Row& r : rows) {
    SCOPED_TRACE(testing::Message() << r.from << " + " << r.n << " anchor " << r.anchor);
    EXPECT_EQ(D(r.from).AddMonthsKeepingDay(r.n, r.anchor).ToIso(), r.to);
  }
}

TEST(DateTest, HalfYearStartAndFirstOfMonth) {
  struct Row { const char* iso; const char* half; const char* first; };
  const Row rows[] = {
      {"2026-01-01", "2026-01-01", "2026-01-01"}, {"2026-02-14", "2026-01-01", "2026-02-01"},
      {"2026-06-30", "2026-01-01", "2026-06-01"}, {"2026-07-01", "2026-07-01", "2026-07-01"},
      {"2026-07-31", "2026-07-01", "2026-07-01"}, {"2026-12-31", "2026-07-01", "2026-12-01"},
      {"2024-02-29", "2024-01-01", "2024-02-01"}, {"1900-03-15", "1900-01-01", "1900-03-01"},
      {"1969-12-31", "1969-07-01", "1969-12-01"},
  };
  for (const Row& r : rows) {
    SCOPED_TRACE(r.iso);
    EXPECT_EQ(D(r.iso).HalfYearStart().ToIso(), r.half);
    EXPECT_EQ(D(r.iso).FirstOfMonth().ToIso(), r.first);
  }
}

TEST(DateTest, DifferencesAcrossLeapYears) {
  struct Row { const char* a; const char* b; int32_t days; };
  const Row rows[] = {
      {"2024-03-01", "2024-02-28", 2},     {"2023-03-01", "2023-02-28", 1},
      {"2100-03-01", "2100-02-28", 1},     {"2000-03-01", "2000-02-28", 2},
      {"2025-01-01", "2024-01-01", 366},   {"2026-01-01", "2025-01-01", 365},
      {"2000-01-01", "1900-01-01", 36524}, {"2100-01-01", "2000-01-01", 36525},
      {"2024-01-01", "2028-01-01", -1461}, {"2026-11-24", "2026-11-24", 0},
      {"2999-12-31", "1900-01-01", 401766},
  };
  for (const Row& r : rows) {
    SCOPED_TRACE(testing::Message() << r.a << " - " << r.b);
    EXPECT_EQ(D(r.a) - D(r.b), r.days);
    EXPECT_EQ(D(r.b) - D(r.a), -r.days);
  }
}

TEST(DateTest, Comparisons) {
  EXPECT_LT(D("2026-01-31"), D("2026-02-01"));
  EXPECT_GT(D("2027-01-01"), D("2026-12-31"));
  EXPECT_EQ(D("2026-02-01"), D("2026-01-31").AddDays(1));
  EXPECT_NE(D("2026-02-01"), D("2026-02-02"));
  EXPECT_LE(D("1969-12-31"), Date());
}

TEST(DateTest, LeapYearsAndMonthLengths) {
  struct Leap { int year; bool leap; };
  for (const Leap& r : {Leap{1900, false}, Leap{2000, true}, Leap{2024, true}, Leap{2026, false},
                        Leap{2100, false}, Leap{2400, true}, Leap{1996, true}}) {
    SCOPED_TRACE(r.year);
    EXPECT_EQ(IsLeapYear(r.year), r.leap);
  }
  const int kLengths2026[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  for (int m = 1; m <= 12; ++m) {
    SCOPED_TRACE(m);
    EXPECT_EQ(DaysInMonth(2026, m), kLengths2026[m - 1]);
    EXPECT_EQ(DaysInMonth(2024, m), m == 2 ? 29 : kLengths2026[m - 1]);
  }
  EXPECT_EQ(DaysInMonth(2026, 0), 0);  // no month 0 or 13: no read past the table
  EXPECT_EQ(DaysInMonth(2026, 13), 0);
  EXPECT_EQ(DaysInMonth(2026, -7), 0);
}

// Every 97th day from 1900-01-01 to 2999-12-31: days -> ISO -> days, both parsers, and the
// calendar fields agree with FromYmd and advance one day at a time.
TEST(DateTest, RoundTripEvery97thDayFrom1900To2999) {
  const Date first = D("1900-01-01"), last = D("2999-12-31");
  int checked = 0;
  for (int32_t days = first.days(); days <= last.days(); days += 97, ++checked) {
    const Date d = Date::FromDays(days);
    const std::string iso = d.ToIso();
    SCOPED_TRACE(iso);
    auto parsed = Date::ParseIso(iso);
    ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
    EXPECT_EQ(parsed->days(), days);
    auto ymd = Date::FromYmd(d.year(), d.month(), d.day());
    ASSERT_TRUE(ymd.ok()) << ymd.status().ToString();
    EXPECT_EQ(*ymd, d);
    char french[16];
    std::snprintf(french, sizeof french, "%02d/%02d/%04d", d.day(), d.month(), d.year());
    auto fr = Date::Parse(french);
    ASSERT_TRUE(fr.ok()) << fr.status().ToString();
    EXPECT_EQ(*fr, d);
    // The next day is the next calendar day, and the weekday follows.
    const Date next = d.AddDays(1);
    if (d.day() < DaysInMonth(d.year(), d.month())) {
      EXPECT_EQ(next.day(), d.day() + 1);
    } else {
      EXPECT_EQ(next.day(), 1);
      EXPECT_EQ(next.FirstOfMonth(), next);
    }
    EXPECT_EQ(next.weekday(), d.weekday() % 7 + 1);
  }
  EXPECT_EQ(checked, 4142);
}

}  // namespace
}  // namespace encaisse
