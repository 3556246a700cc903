// Balances: open amounts and the account summary as of a date, from invoices, payments and
// their allocations (lettrage), with credit notes and overpayments.
#include "shared/ledger/balance.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace encaisse {
namespace {

Date D(const char* iso) { return Date::ParseIso(iso).value(); }

Invoice Inv(Id id, const char* issue, const char* due, int64_t amount,
            InvoiceStatus status = InvoiceStatus::kOpen) {
  Invoice i;
  i.id = id;
  i.customer_id = 1;
  i.number = (amount < 0 ? "AV-" : "FA-") + std::to_string(id);
  i.issue_date = D(issue);
  i.due_date = D(due);
  i.amount_minor = amount;
  i.status = status;
  i.open_minor = amount;
  return i;
}

Payment Pay(Id id, const char* date, int64_t amount) {
  Payment p;
  p.id = id;
  p.customer_id = 1;
  p.date = D(date);
  p.amount_minor = amount;
  return p;
}

Allocation FromPayment(Id payment, Id invoice, int64_t amount, const char* date) {
  return Allocation{0, invoice, payment, 0, amount, D(date)};
}

Allocation FromCreditNote(Id credit_note, Id invoice, int64_t amount, const char* date) {
  return Allocation{0, invoice, 0, credit_note, amount, D(date)};
}

// --- OpenAmounts -------------------------------------------------------------------------------

TEST(OpenAmountsTest, SubtractsAllocationsUpToTheDate) {
  const std::vector<Invoice> invoices = {Inv(1, "2024-01-10", "2024-02-09", 100000),
                                         Inv(2, "2024-01-20", "2024-02-19", 50000),
                                         Inv(3, "2024-01-25", "2024-02-24", -20000)};
  const std::vector<Allocation> allocations = {
      FromPayment(10, 1, 30000, "2024-02-01"),
      FromPayment(11, 1, 20000, "2024-03-01"),     // after the first as-of date below
      FromCreditNote(3, 2, 15000, "2024-02-10"),   // credit note 3 settles part of invoice 2
      FromPayment(12, 99, 5000, "2024-02-01"),     // an invoice not in the list: ignored
  };
  struct Row {
    const char* as_of;
    int64_t open1, open2, open3;
  };
  const Row rows[] = {
      {"2024-01-31", 100000, 50000, -20000},  // nothing allocated yet
      {"2024-02-01", 70000, 50000, -20000},   // an allocation dated the as-of day counts
      {"2024-02-10", 70000, 35000, -5000},
      {"2024-02-29", 70000, 35000, -5000},
      {"2024-03-01", 50000, 35000, -5000},
  };
  for (const Row& r : rows) {
    SCOPED_TRACE(r.as_of);
    const auto open = OpenAmounts(invoices, allocations, D(r.as_of));
    ASSERT_EQ(open.size(), 3u);
    EXPECT_EQ(open.at(1), r.open1);
    EXPECT_EQ(open.at(2), r.open2);
    EXPECT_EQ(open.at(3), r.open3);
  }
}

// --- Summarize ---------------------------------------------------------------------------------

struct SummaryCase {
  const char* name;
  std::vector<Invoice> invoices;
  std::vector<Payment> payments;
  std::vector<Allocation> allocations;
  const char* as_of;
  int64_t open, overdue, credit, balance;
  int32_t open_invoices, overdue_invoices, max_days_late;
};

TEST(SummarizeTest, Accounts) {
  const SummaryCase cases[] = {
      {"empty account", {}, {}, {}, "2024-06-30", 0, 0, 0, 0, 0, 0, 0},
      {"one invoice not yet due",
       {Inv(1, "2024-06-01", "2024-07-01", 120000)}, {}, {},
       "2024-06-30", 120000, 0, 0, 120000, 1, 0, 0},
      {"one invoice due today is not overdue",
       {Inv(1, "2024-05-31", "2024-06-30", 120000)}, {}, {},
       "2024-06-30", 120000, 0, 0, 120000, 1, 0, 0},
      {"partial payments leave the rest open and overdue",
       {Inv(1, "2024-04-01", "2024-05-01", 100000)},
       {Pay(10, "2024-05-10", 30000), Pay(11, "2024-06-01", 25000)},
       {FromPayment(10, 1, 30000, "2024-05-10"), FromPayment(11, 1, 25000, "2024-06-01")},
       "2024-06-30", 45000, 45000, 0, 45000, 1, 1, 60},
      {"an overpayment settles the invoice and leaves an unallocated credit",
       {Inv(1, "2024-04-01", "2024-05-01", 100000, InvoiceStatus::kPaid)},
       {Pay(10, "2024-05-10", 150000)},
       {FromPayment(10, 1, 100000, "2024-05-10")},
       "2024-06-30", 0, 0, 50000, -50000, 0, 0, 0},
      {"an unapplied credit note is a credit",
       {Inv(1, "2024-06-01", "2024-07-01", 100000), Inv(2, "2024-06-05", "2024-06-05", -30000)}, {}, {},
       "2024-06-30", 100000, 0, 30000, 70000, 1, 0, 0},
      {"an applied credit note lowers the invoice and is no longer a credit",
       {Inv(1, "2024-05-01", "2024-05-31", 100000), Inv(2, "2024-06-05", "2024-06-05", -30000, InvoiceStatus::kPaid)},
       {}, {FromCreditNote(2, 1, 30000, "2024-06-05")},
       "2024-06-30", 70000, 70000, 0, 70000, 1, 1, 30},
      {"a credit note applied in part keeps the rest as a credit",
       {Inv(1, "2024-06-01", "2024-07-01", 10000), Inv(2, "2024-06-05", "2024-06-05", -30000)},
       {}, {FromCreditNote(2, 1, 10000, "2024-06-05")},
       "2024-06-30", 0, 0, 20000, -20000, 0, 0, 0},
      {"allocations after the as-of date are not counted",
       {Inv(1, "2024-04-01", "2024-05-01", 100000, InvoiceStatus::kPaid)},
       {Pay(10, "2024-07-15", 100000)},
       {FromPayment(10, 1, 100000, "2024-07-15")},
       "2024-06-30", 100000, 100000, 0, 100000, 1, 1, 60},
      {"an allocation dated the as-of day counts",
       {Inv(1, "2024-04-01", "2024-05-01", 100000, InvoiceStatus::kPaid)},
       {Pay(10, "2024-06-30", 100000)},
       {FromPayment(10, 1, 100000, "2024-06-30")},
       "2024-06-30", 0, 0, 0, 0, 0, 0, 0},
      {"invoices issued after the as-of date are not counted",
       {Inv(1, "2024-06-01", "2024-07-01", 100000), Inv(2, "2024-07-01", "2024-07-31", 40000),
        Inv(3, "2024-07-02", "2024-07-02", -5000)},
       {}, {},
       "2024-06-30", 100000, 0, 0, 100000, 1, 0, 0},
      {"a payment received after the as-of date is not a credit yet",
       {Inv(1, "2024-06-01", "2024-07-01", 100000)}, {Pay(10, "2024-07-02", 20000)}, {},
       "2024-06-30", 100000, 0, 0, 100000, 1, 0, 0},
      {"a cancelled invoice is not owed",
       {Inv(1, "2024-04-01", "2024-05-01", 100000, InvoiceStatus::kCancelled), Inv(2, "2024-06-01", "2024-07-01", 5000)},
       {}, {},
       "2024-06-30", 5000, 0, 0, 5000, 1, 0, 0},
      {"aging boundaries 0, 1, 30, 31, 60, 61, 90, 91 days late",
       // as of 2024-06-30: due 06-30 (0), 06-29 (1), 05-31 (30), 05-30 (31), 05-01 (60),
       // 04-30 (61), 04-01 (90), 03-31 (91)
       {Inv(1, "2024-06-01", "2024-06-30", 1), Inv(2, "2024-06-01", "2024-06-29", 10),
        Inv(3, "2024-05-01", "2024-05-31", 100), Inv(4, "2024-05-01", "2024-05-30", 1000),
        Inv(5, "2024-04-01", "2024-05-01", 10000), Inv(6, "2024-04-01", "2024-04-30", 100000),
        Inv(7, "2024-03-01", "2024-04-01", 1000000), Inv(8, "2024-03-01", "2024-03-31", 10000000)},
       {}, {},
       "2024-06-30", 11111111, 11111110, 0, 11111111, 8, 7, 91},
  };
  for (const SummaryCase& c : cases) {
    SCOPED_TRACE(c.name);
    auto s = Summarize(c.invoices, c.payments, c.allocations, D(c.as_of));
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    EXPECT_EQ(s->open_minor, c.open);
    EXPECT_EQ(s->overdue_minor, c.overdue);
    EXPECT_EQ(s->credit_minor, c.credit);
    EXPECT_EQ(s->balance_minor, c.balance);
    EXPECT_EQ(s->open_invoices, c.open_invoices);
    EXPECT_EQ(s->overdue_invoices, c.overdue_invoices);
    EXPECT_EQ(s->max_days_late, c.max_days_late);
    EXPECT_EQ(s->aging.Total(), c.open);
    EXPECT_EQ(s->aging.Overdue(), c.overdue);
  }
}

TEST(SummarizeTest, AgingBucketsAtTheBoundaries) {
  const std::vector<Invoice> invoices = {
      Inv(1, "2024-06-01", "2024-06-30", 1),       Inv(2, "2024-06-01", "2024-06-29", 10),
      Inv(3, "2024-05-01", "2024-05-31", 100),     Inv(4, "2024-05-01", "2024-05-30", 1000),
      Inv(5, "2024-04-01", "2024-05-01", 10000),   Inv(6, "2024-04-01", "2024-04-30", 100000),
      Inv(7, "2024-03-01", "2024-04-01", 1000000), Inv(8, "2024-03-01", "2024-03-31", 10000000)};
  auto s = Summarize(invoices, {}, {}, D("2024-06-30"));
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->aging.minor[static_cast<size_t>(AgingBucket::kNotDue)], 1);
  EXPECT_EQ(s->aging.minor[static_cast<size_t>(AgingBucket::k1To30)], 110);
  EXPECT_EQ(s->aging.minor[static_cast<size_t>(AgingBucket::k31To60)], 11000);
  EXPECT_EQ(s->aging.minor[static_cast<size_t>(AgingBucket::k61To90)], 1100000);
  EXPECT_EQ(s->aging.minor[static_cast<size_t>(AgingBucket::kOver90)], 10000000);
}

TEST(SummarizeTest, PartialPaymentMovesOnlyTheRestIntoTheBucket) {
  // 1 000,00 due 2024-05-01, 400,00 paid on 2024-05-20: as of 2024-06-15 (45 days late) the
  // 600,00 left is in 31-60; as of 2024-05-10 (9 days late) the whole amount is in 1-30.
  const std::vector<Invoice> invoices = {Inv(1, "2024-04-01", "2024-05-01", 100000)};
  const std::vector<Payment> payments = {Pay(10, "2024-05-20", 40000)};
  const std::vector<Allocation> allocations = {FromPayment(10, 1, 40000, "2024-05-20")};
  auto later = Summarize(invoices, payments, allocations, D("2024-06-15"));
  ASSERT_TRUE(later.ok());
  EXPECT_EQ(later->aging.minor, (std::array<int64_t, kAgingBucketCount>{0, 0, 60000, 0, 0}));
  auto earlier = Summarize(invoices, payments, allocations, D("2024-05-10"));
  ASSERT_TRUE(earlier.ok());
  EXPECT_EQ(earlier->aging.minor, (std::array<int64_t, kAgingBucketCount>{0, 100000, 0, 0, 0}));
  EXPECT_EQ(earlier->max_days_late, 9);
}

TEST(SummarizeTest, RefusesAnInconsistentLedger) {
  struct Row {
    const char* name;
    std::vector<Invoice> invoices;
    std::vector<Payment> payments;
    std::vector<Allocation> allocations;
  };
  const Row rows[] = {
      {"invoice allocated beyond its amount",
       {Inv(1, "2024-04-01", "2024-05-01", 10000)},
       {Pay(10, "2024-05-02", 20000)},
       {FromPayment(10, 1, 15000, "2024-05-02")}},
      {"payment allocated beyond its amount",
       {Inv(1, "2024-04-01", "2024-05-01", 10000), Inv(2, "2024-04-01", "2024-05-01", 10000)},
       {Pay(10, "2024-05-02", 15000)},
       {FromPayment(10, 1, 10000, "2024-05-02"), FromPayment(10, 2, 10000, "2024-05-02")}},
      {"credit note applied beyond its amount",
       {Inv(1, "2024-04-01", "2024-05-01", 10000), Inv(2, "2024-04-01", "2024-05-01", 10000),
        Inv(3, "2024-04-02", "2024-04-02", -5000)},
       {},
       {FromCreditNote(3, 1, 5000, "2024-04-02"), FromCreditNote(3, 2, 5000, "2024-04-02")}},
  };
  for (const Row& r : rows) {
    SCOPED_TRACE(r.name);
    auto s = Summarize(r.invoices, r.payments, r.allocations, D("2024-06-30"));
    ASSERT_FALSE(s.ok()) << "credit " << s->credit_minor << ", open " << s->open_minor;
    EXPECT_EQ(s.status().code(), Code::kInternal);
    EXPECT_NE(s.status().message().find("over-"), std::string::npos) << s.status().message();
  }
}

}  // namespace
}  // namespace encaisse
