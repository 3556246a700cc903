// The count-back rule on totals (CountBackFromSales): the arithmetic CountBackDso applies to
// invoices, fed directly with receivables and sales by period, as the SQL reports do.
#include <gtest/gtest.h>

#include <vector>

#include "shared/ledger/dso.h"

namespace encaisse {
namespace {

Date D(const char* iso) { return Date::ParseIso(iso).value(); }

// CountBackDso's worked example on totals: 24 June, receivables 150 000,00; June (24 days)
// 100 000,00, May (31 days) 80 000,00, April 60 000,00 -> 24 + 31 x 50 000 / 80 000 = 43,375.
TEST(CountBackFromSalesTest, WorkedExampleOnTotals) {
  const std::vector<int64_t> sales = {10000000, 8000000, 6000000};
  const DsoResult r = CountBackFromSales(15000000, sales, D("2024-06-24"));
  EXPECT_EQ(r.receivables_minor, 15000000);
  EXPECT_DOUBLE_EQ(r.days, 43.4);
  EXPECT_FALSE(r.capped);
}

TEST(CountBackFromSalesTest, ReceivablesWithinTheCurrentMonthArePartOfItsDays) {
  // 30 November (30 days), sales 6 000,00, receivables 1 500,00: 30 x 1/4 = 7,5 days.
  const std::vector<int64_t> sales = {600000, 900000};
  const DsoResult r = CountBackFromSales(150000, sales, D("2026-11-30"));
  EXPECT_DOUBLE_EQ(r.days, 7.5);
}

TEST(CountBackFromSalesTest, AMonthWithoutSalesCountsInFull) {
  // 15 March (15 days, no sales), February 2024 (29 days, no sales), January (31 days): 1 000 of
  // 4 000 -> 15 + 29 + 7,75 = 51,75, rounded 51,8.
  const std::vector<int64_t> sales = {0, 0, 400000};
  const DsoResult r = CountBackFromSales(100000, sales, D("2024-03-15"));
  EXPECT_DOUBLE_EQ(r.days, 51.8);
  EXPECT_FALSE(r.capped);
}

TEST(CountBackFromSalesTest, ReceivablesBeyondTheMonthsLookedAtAreCapped) {
  const std::vector<int64_t> sales = {100000, 100000};
  const DsoResult r = CountBackFromSales(500000, sales, D("2026-02-28"));
  EXPECT_TRUE(r.capped);
  EXPECT_DOUBLE_EQ(r.days, 28 + 31);  // every day of the two periods
}

TEST(CountBackFromSalesTest, NothingOwedIsZeroDays) {
  const std::vector<int64_t> sales = {100000};
  EXPECT_DOUBLE_EQ(CountBackFromSales(0, sales, D("2026-02-28")).days, 0);
  EXPECT_FALSE(CountBackFromSales(0, {}, D("2026-02-28")).capped);
  EXPECT_TRUE(CountBackFromSales(1, {}, D("2026-02-28")).capped);
}

TEST(CountBackFromSalesTest, CountBackDsoGivesTheSameAsItsTotals) {
  Invoice a;
  a.id = 1;
  a.issue_date = D("2026-09-15");
  a.amount_minor = 300000;
  Invoice b = a;
  b.id = 2;
  b.issue_date = D("2026-10-10");
  b.amount_minor = 800000;
  Invoice c = a;
  c.id = 3;
  c.issue_date = D("2026-11-05");
  c.amount_minor = 240000;
  const std::vector<Invoice> invoices = {a, b, c};
  const std::vector<Allocation> allocations = {{0, 1, 1, 0, 300000, D("2026-11-10")}, {0, 2, 2, 0, 100000, D("2026-11-20")}};
  const DsoResult direct = CountBackDso(invoices, allocations, D("2026-11-24"), 3);
  const std::vector<int64_t> sales = {240000, 800000, 300000};
  const DsoResult totals = CountBackFromSales(940000, sales, D("2026-11-24"));
  EXPECT_EQ(direct.receivables_minor, 940000);
  EXPECT_DOUBLE_EQ(direct.days, 51.1);  // 24 + 31 x 7 000 / 8 000 = 51,125
  EXPECT_DOUBLE_EQ(totals.days, direct.days);
}

}  // namespace
}  // namespace encaisse
