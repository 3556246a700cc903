// Aging buckets: days late and the bucket boundaries credit managers use (1-30, 31-60, ...).
#include "shared/ledger/aging.h"

#include <gtest/gtest.h>

#include <string>

namespace encaisse {
namespace {

Date D(const char* iso) { return Date::ParseIso(iso).value(); }

TEST(AgingBucketTest, BoundariesFallInTheRightBucket) {
  struct Row {
    int32_t days_late;
    AgingBucket bucket;
  };
  const Row rows[] = {
      {-400, AgingBucket::kNotDue}, {-1, AgingBucket::kNotDue},  {0, AgingBucket::kNotDue},
      {1, AgingBucket::k1To30},     {2, AgingBucket::k1To30},    {30, AgingBucket::k1To30},
      {31, AgingBucket::k31To60},   {60, AgingBucket::k31To60},  {61, AgingBucket::k61To90},
      {90, AgingBucket::k61To90},   {91, AgingBucket::kOver90},  {365, AgingBucket::kOver90},
      {100000, AgingBucket::kOver90},
  };
  for (const Row& r : rows) {
    SCOPED_TRACE(r.days_late);
    EXPECT_EQ(BucketFor(r.days_late), r.bucket) << ToString(BucketFor(r.days_late));
  }
}

TEST(AgingBucketTest, NamesAreTheStoredOnes) {
  struct Row {
    AgingBucket bucket;
    const char* name;
  };
  const Row rows[] = {{AgingBucket::kNotDue, "not_due"},
                      {AgingBucket::k1To30, "1_30"},
                      {AgingBucket::k31To60, "31_60"},
                      {AgingBucket::k61To90, "61_90"},
                      {AgingBucket::kOver90, "over_90"}};
  static_assert(std::size(rows) == kAgingBucketCount);
  for (const Row& r : rows) EXPECT_EQ(ToString(r.bucket), r.name);
}

TEST(DaysLateTest, CountsCalendarDaysAfterTheDueDate) {
  struct Row {
    const char* due;
    const char* today;
    int32_t late;
  };
  const Row rows[] = {
      {"2024-03-31", "2024-03-01", 0},    // not yet due
      {"2024-03-31", "2024-03-31", 0},    // due today is not late
      {"2024-03-31", "2024-04-01", 1},    // the day after
      {"2024-01-31", "2024-03-01", 30},   // across February of a leap year (29 days)
      {"2023-01-31", "2023-03-02", 30},   // same dates, common year
      {"2023-12-31", "2024-01-30", 30},   // across the new year
      {"2023-12-31", "2024-01-31", 31},
      {"2024-02-28", "2024-04-28", 60},
      {"2024-02-28", "2024-04-29", 61},
      {"2024-01-01", "2024-03-31", 90},
      {"2024-01-01", "2024-04-01", 91},
      {"2020-02-29", "2024-02-29", 1461},  // four years with one leap day
  };
  for (const Row& r : rows) {
    SCOPED_TRACE(std::string(r.due) + " -> " + r.today);
    EXPECT_EQ(DaysLate(D(r.due), D(r.today)), r.late);
  }
}

TEST(AgingTest, AddsPerBucketAndSplitsOverdue) {
  Aging a;
  EXPECT_EQ(a.Total(), 0);
  EXPECT_EQ(a.Overdue(), 0);
  a.Add(AgingBucket::kNotDue, 10000);
  a.Add(AgingBucket::k1To30, 2500);
  a.Add(AgingBucket::k1To30, 500);
  a.Add(AgingBucket::k61To90, 700);
  a.Add(AgingBucket::kOver90, 1);
  EXPECT_EQ(a.minor[0], 10000);
  EXPECT_EQ(a.minor[1], 3000);
  EXPECT_EQ(a.minor[2], 0);
  EXPECT_EQ(a.minor[3], 700);
  EXPECT_EQ(a.minor[4], 1);
  EXPECT_EQ(a.Total(), 13701);
  EXPECT_EQ(a.Overdue(), 3701);
}

TEST(AgingTest, BucketOfEachBoundaryDayFromDates) {
  // The same boundaries, from a due date and "today", as the ledger computes them.
  const Date due = D("2024-05-15");
  struct Row {
    int32_t days_after_due;
    AgingBucket bucket;
  };
  const Row rows[] = {{0, AgingBucket::kNotDue},  {1, AgingBucket::k1To30},   {30, AgingBucket::k1To30},
                      {31, AgingBucket::k31To60}, {60, AgingBucket::k31To60}, {61, AgingBucket::k61To90},
                      {90, AgingBucket::k61To90}, {91, AgingBucket::kOver90}};
  Aging a;
  for (const Row& r : rows) {
    SCOPED_TRACE(r.days_after_due);
    const AgingBucket b = BucketFor(DaysLate(due, due.AddDays(r.days_after_due)));
    EXPECT_EQ(b, r.bucket);
    a.Add(b, 100);
  }
  EXPECT_EQ(a.minor, (std::array<int64_t, kAgingBucketCount>{100, 200, 200, 200, 100}));
}

}  // namespace
}  // namespace encaisse
