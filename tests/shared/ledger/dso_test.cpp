// Days Sales Outstanding by the count-back method, with worked examples computed by hand.
#include "shared/ledger/dso.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace encaisse {
namespace {

Date D(const char* iso) { return Date::ParseIso(iso).value(); }

Invoice Inv(Id id, const char* issue, int64_t amount, InvoiceStatus status = InvoiceStatus::kOpen) {
  Invoice i;
  i.id = id;
  i.customer_id = 1;
  i.number = "FA-" + std::to_string(id);
  i.issue_date = D(issue);
  i.due_date = i.issue_date.AddDays(30);
  i.amount_minor = amount;
  i.open_minor = amount;
  i.status = status;
  return i;
}

Allocation Paid(Id invoice, int64_t amount, const char* date) { return Allocation{0, invoice, 1, 0, amount, D(date)}; }

// Worked example, end = 2024-06-24 (the current month is partial: 1 to 24 June, 24 days).
//
//   sales by issue month:  June (1-24) 100 000,00   May 80 000,00   April 60 000,00
//   receivables on 24 June: 150 000,00 (June's 100 000 unpaid + 50 000 of May's)
//
//   June:  150 000 > 100 000, so June counts in full:  24 days, 50 000 left
//   May:    50 000 <= 80 000, so May counts pro rata:  31 x 50 000 / 80 000 = 19,375 days
//   DSO = 24 + 19,375 = 43,375, rounded to 0,1 day: 43,4 days.
//
// Amounts below are in minor units (cents). May's sales are 90 000 invoiced less a 10 000
// credit note; of May's invoices, 40 000 was paid on 1 June and 50 000 is open. April was paid
// in full in May. A payment dated after `end` (30 June) does not lower the receivables.
std::vector<Invoice> WorkedInvoices() {
  return {
      Inv(1, "2024-06-10", 10000000),   // June, unpaid on 24 June
      Inv(2, "2024-05-05", 4000000),    // May, paid 1 June
      Inv(3, "2024-05-20", 5000000),    // May, unpaid
      Inv(4, "2024-05-25", -1000000),   // May credit note (unapplied: sales net of it)
      Inv(5, "2024-04-12", 6000000),    // April, paid in May
      Inv(6, "2024-06-25", 7777700),    // issued after `end`: neither sales nor receivables
      Inv(7, "2024-06-03", 5555500, InvoiceStatus::kCancelled),  // cancelled: ignored
  };
}

std::vector<Allocation> WorkedAllocations() {
  return {Paid(2, 4000000, "2024-06-01"), Paid(5, 6000000, "2024-05-15"), Paid(1, 10000000, "2024-06-30")};
}

TEST(CountBackDsoTest, WorkedExample) {
  const DsoResult r = CountBackDso(WorkedInvoices(), WorkedAllocations(), D("2024-06-24"));
  EXPECT_EQ(r.receivables_minor, 15000000);
  EXPECT_DOUBLE_EQ(r.days, 43.4);
  EXPECT_FALSE(r.capped);
}

TEST(CountBackDsoTest, Cases) {
  struct Row {
    const char* name;
    std::vector<Invoice> invoices;
    std::vector<Allocation> allocations;
    const char* end;
    int max_months;
    int64_t receivables;
    double days;
    bool capped;
  };
  const Row rows[] = {
      {"nothing owed", {}, {}, "2024-06-24", 24, 0, 0, false},
      {"everything paid", {Inv(1, "2024-06-01", 1000)}, {Paid(1, 1000, "2024-06-02")}, "2024-06-24", 24, 0, 0, false},
      // Receivables equal to this month's sales: exactly the 24 days of the partial month.
      {"receivables equal to this month's sales", {Inv(1, "2024-06-24", 100000)}, {}, "2024-06-24", 24, 100000, 24.0,
       false},
      // Half of this month's sales: 24 x 1/2 = 12 days.
      {"half of this month's sales", {Inv(1, "2024-06-01", 50000), Inv(2, "2024-06-02", 50000)},
       {Paid(1, 50000, "2024-06-20")}, "2024-06-24", 24, 50000, 12.0, false},
      // A month without sales counts in full: 24 (June) + 31 (May, none) + 30 x 50/100 (April) = 70.
      {"a month without sales counts in full",
       {Inv(1, "2024-06-05", 100000), Inv(2, "2024-04-10", 100000)},
       {Paid(2, 50000, "2024-05-10")}, "2024-06-24", 24, 150000, 70.0, false},
      // End on the last day of a leap February: the first period has 29 days; 29 x 1/3 = 9,666.. -> 9,7.
      {"leap February", {Inv(1, "2024-02-01", 30000)}, {Paid(1, 20000, "2024-02-15")}, "2024-02-29", 24, 10000, 9.7,
       false},
      // Across a year end: 10 (January 1-10) + 31 x 20/40 (December) = 25,5.
      {"across the new year", {Inv(1, "2025-01-05", 30000), Inv(2, "2024-12-05", 40000)},
       {Paid(2, 20000, "2025-01-02")}, "2025-01-10", 24, 50000, 25.5, false},
      // Capped: 3 months looked at (24 June, 31 May, 30 April = 85 days) and a January invoice
      // still open, so receivables (510 000) exceed the sales of those months (10 000).
      {"capped when receivables exceed the months looked at",
       {Inv(1, "2024-01-15", 50000000), Inv(2, "2024-06-10", 1000000)}, {}, "2024-06-24", 3, 51000000, 85.0, true},
      // The same invoices with the default 24 months: 24 + 31 + 30 + 31 (March) + 29 (February)
      // + 31 x 500 000 / 500 000 (January) = 176 days, not capped.
      {"the same account looked at over 24 months",
       {Inv(1, "2024-01-15", 50000000), Inv(2, "2024-06-10", 1000000)}, {}, "2024-06-24", 24, 51000000, 176.0, false},
      // No month looked at: nothing to compare with.
      {"zero months", {Inv(1, "2024-06-10", 1000)}, {}, "2024-06-24", 0, 1000, 0, true},
      {"a negative number of months is no month", {Inv(1, "2024-06-10", 1000)}, {}, "2024-06-24", -3, 1000, 0, true},
  };
  for (const Row& r : rows) {
    SCOPED_TRACE(r.name);
    const DsoResult d = CountBackDso(r.invoices, r.allocations, D(r.end), r.max_months);
    EXPECT_EQ(d.receivables_minor, r.receivables);
    EXPECT_DOUBLE_EQ(d.days, r.days);
    EXPECT_EQ(d.capped, r.capped);
  }
}

}  // namespace
}  // namespace encaisse
