// Lettrage: FIFO allocation of a payment to the oldest open invoices, and explicit allocation
// as the payer or the collector asked, with its errors.
#include "shared/ledger/allocation.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace encaisse {
namespace {

Date D(const char* iso) { return Date::ParseIso(iso).value(); }

Currency Usd() { return FindCurrency("USD").value(); }

Invoice Inv(Id id, const char* issue, const char* due, int64_t amount, int64_t open = -1) {
  Invoice i;
  i.id = id;
  i.customer_id = 1;
  i.number = "FA-" + std::to_string(id);
  i.issue_date = D(issue);
  i.due_date = D(due);
  i.amount_minor = amount;
  i.open_minor = open < 0 ? amount : open;
  return i;
}

Payment Pay(int64_t amount, Id id = 500, const char* date = "2024-06-15") {
  Payment p;
  p.id = id;
  p.customer_id = 1;
  p.date = D(date);
  p.amount_minor = amount;
  return p;
}

using Split = std::vector<std::pair<Id, int64_t>>;  // (invoice, amount), in allocation order

Split SplitOf(const AllocationPlan& plan) {
  Split out;
  for (const auto& a : plan.allocations) out.emplace_back(a.invoice_id, a.amount_minor);
  return out;
}

// --- FIFO --------------------------------------------------------------------------------------

// Deliberately listed out of order: FIFO sorts by due date, then issue date, then id.
std::vector<Invoice> OrderingInvoices() {
  return {
      Inv(7, "2024-03-01", "2024-04-30", 1000),  // due 04-30, issued 03-01
      Inv(3, "2024-02-01", "2024-04-30", 2000),  // due 04-30, issued earlier: before 7
      Inv(9, "2024-01-15", "2024-03-31", 4000),  // the oldest due date: first
      Inv(5, "2024-03-01", "2024-04-30", 8000),  // same due and issue as 7, lower id: before 7
      Inv(1, "2024-05-01", "2024-05-31", 16000),  // the newest due date: last
  };
}

TEST(AllocateFifoTest, OldestDueFirstThenIssueDateThenId) {
  struct Row {
    int64_t payment;
    Split split;
    int64_t unallocated;
  };
  const Row rows[] = {
      {1, {{9, 1}}, 0},                                                         // less than the first
      {4000, {{9, 4000}}, 0},                                                   // exactly the first
      {4001, {{9, 4000}, {3, 1}}, 0},                                           // spills onto the next
      {14500, {{9, 4000}, {3, 2000}, {5, 8000}, {7, 500}}, 0},                  // ties: issue date, then id
      {31000, {{9, 4000}, {3, 2000}, {5, 8000}, {7, 1000}, {1, 16000}}, 0},     // exactly everything
      {40000, {{9, 4000}, {3, 2000}, {5, 8000}, {7, 1000}, {1, 16000}}, 9000},  // remainder stays a credit
  };
  const auto invoices = OrderingInvoices();
  for (const Row& r : rows) {
    SCOPED_TRACE(r.payment);
    auto plan = AllocateFifo(Pay(r.payment), invoices);
    ASSERT_TRUE(plan.ok()) << plan.status().ToString();
    EXPECT_EQ(SplitOf(*plan), r.split);
    EXPECT_EQ(plan->unallocated_minor, r.unallocated);
    int64_t total = plan->unallocated_minor;
    for (const auto& a : plan->allocations) total += a.amount_minor;
    EXPECT_EQ(total, r.payment);
  }
}

TEST(AllocateFifoTest, AllocationsCarryThePaymentAndItsDate) {
  auto plan = AllocateFifo(Pay(5000, 77, "2024-06-20"), OrderingInvoices());
  ASSERT_TRUE(plan.ok());
  ASSERT_EQ(plan->allocations.size(), 2u);
  for (const auto& a : plan->allocations) {
    EXPECT_EQ(a.payment_id, 77);
    EXPECT_EQ(a.credit_note_id, 0);
    EXPECT_EQ(a.date, D("2024-06-20"));
    EXPECT_EQ(a.id, 0);
  }
}

TEST(AllocateFifoTest, UsesTheOpenAmountNotTheInvoiceAmount) {
  // Invoice 9 had 3 000 of its 4 000 paid already.
  std::vector<Invoice> invoices = OrderingInvoices();
  for (auto& i : invoices)
    if (i.id == 9) i.open_minor = 1000;
  auto plan = AllocateFifo(Pay(2500), invoices);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(SplitOf(*plan), (Split{{9, 1000}, {3, 1500}}));
}

TEST(AllocateFifoTest, SkipsWhatCannotBeSettled) {
  std::vector<Invoice> invoices;
  Invoice paid = Inv(1, "2024-01-01", "2024-01-31", 1000, 0);
  paid.status = InvoiceStatus::kPaid;
  invoices.push_back(paid);
  Invoice zero_open = Inv(2, "2024-01-01", "2024-01-31", 1000, 0);  // open status but nothing open
  invoices.push_back(zero_open);
  invoices.push_back(Inv(3, "2024-01-01", "2024-01-31", -1000));  // credit note (open -1000)
  Invoice applied_credit_note = Inv(4, "2024-01-01", "2024-01-31", -1000, 0);  // fully applied
  invoices.push_back(applied_credit_note);
  Invoice dollars = Inv(5, "2024-01-01", "2024-01-31", 1000);
  dollars.currency = Usd();
  invoices.push_back(dollars);
  Invoice other_customer = Inv(6, "2024-01-01", "2024-01-31", 1000);
  other_customer.customer_id = 2;
  invoices.push_back(other_customer);
  Invoice cancelled = Inv(7, "2024-01-01", "2024-01-31", 1000);
  cancelled.status = InvoiceStatus::kCancelled;
  invoices.push_back(cancelled);
  invoices.push_back(Inv(8, "2024-05-01", "2024-05-31", 1000));  // the only settleable one

  auto plan = AllocateFifo(Pay(3000), invoices);
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_EQ(SplitOf(*plan), (Split{{8, 1000}}));
  EXPECT_EQ(plan->unallocated_minor, 2000);

  // A dollar payment settles only the dollar invoice.
  Payment usd = Pay(300);
  usd.currency = Usd();
  auto usd_plan = AllocateFifo(usd, invoices);
  ASSERT_TRUE(usd_plan.ok());
  EXPECT_EQ(SplitOf(*usd_plan), (Split{{5, 300}}));
  EXPECT_EQ(usd_plan->unallocated_minor, 0);
}

TEST(AllocateFifoTest, NothingOpenLeavesEverythingUnallocated) {
  auto plan = AllocateFifo(Pay(1234), {});
  ASSERT_TRUE(plan.ok());
  EXPECT_TRUE(plan->allocations.empty());
  EXPECT_EQ(plan->unallocated_minor, 1234);
}

TEST(AllocateFifoTest, RefusesANonPositivePayment) {
  for (int64_t amount : {0, -1, -10000}) {
    SCOPED_TRACE(amount);
    auto plan = AllocateFifo(Pay(amount), OrderingInvoices());
    ASSERT_FALSE(plan.ok());
    EXPECT_EQ(plan.status().code(), Code::kInvalidArgument);
    EXPECT_EQ(plan.status().field(), "amount_minor");
  }
}

// --- Explicit ----------------------------------------------------------------------------------

TEST(AllocateExplicitTest, SettlesExactlyWhatWasAsked) {
  struct Row {
    const char* name;
    int64_t payment;
    std::vector<AllocationRequest> requests;
    Split split;
    int64_t unallocated;
  };
  const Row rows[] = {
      {"newest invoice first, as the payer said", 16000, {{1, 16000}}, {{1, 16000}}, 0},
      {"two invoices in part", 5000, {{5, 3000}, {9, 1500}}, {{5, 3000}, {9, 1500}}, 500},
      {"the same invoice twice adds up, within its open amount", 8000, {{5, 3000}, {5, 5000}},
       {{5, 3000}, {5, 5000}}, 0},
      {"no request leaves the payment unallocated", 700, {}, {}, 700},
  };
  const auto invoices = OrderingInvoices();
  for (const Row& r : rows) {
    SCOPED_TRACE(r.name);
    auto plan = AllocateExplicit(Pay(r.payment, 42, "2024-06-18"), invoices, r.requests);
    ASSERT_TRUE(plan.ok()) << plan.status().ToString();
    EXPECT_EQ(SplitOf(*plan), r.split);
    EXPECT_EQ(plan->unallocated_minor, r.unallocated);
    for (const auto& a : plan->allocations) {
      EXPECT_EQ(a.payment_id, 42);
      EXPECT_EQ(a.date, D("2024-06-18"));
    }
  }
}

TEST(AllocateExplicitTest, Errors) {
  std::vector<Invoice> invoices = OrderingInvoices();
  Invoice paid = Inv(20, "2024-01-01", "2024-01-31", 1000, 0);
  paid.status = InvoiceStatus::kPaid;
  invoices.push_back(paid);
  invoices.push_back(Inv(21, "2024-01-01", "2024-01-31", -1000));  // credit note
  Invoice dollars = Inv(22, "2024-01-01", "2024-01-31", 1000);
  dollars.currency = Usd();
  invoices.push_back(dollars);
  Invoice other_customer = Inv(23, "2024-01-01", "2024-01-31", 1000);
  other_customer.customer_id = 2;
  invoices.push_back(other_customer);

  struct Row {
    const char* name;
    int64_t payment;
    std::vector<AllocationRequest> requests;
    Code code;
    const char* field;  // "" when the field is not reported
    const char* message_part;
  };
  const Row rows[] = {
      {"unknown invoice", 5000, {{9, 100}, {404, 100}}, Code::kNotFound, "", "allocations[1]: invoice 404"},
      {"more than the invoice's open amount", 5000, {{9, 4001}}, Code::kInvalidArgument, "allocations[0]", "4000 open"},
      {"the same invoice twice adding up to more than open", 9000, {{9, 3000}, {9, 1001}}, Code::kInvalidArgument,
       "allocations[1]", "4000 open"},
      {"exceeding the payment", 3000, {{9, 2000}, {5, 1001}}, Code::kInvalidArgument, "allocations[1]", "exceed the payment"},
      {"a zero amount", 3000, {{9, 0}}, Code::kInvalidArgument, "allocations[0]", "positive"},
      {"a negative amount", 3000, {{9, 1000}, {5, -1}}, Code::kInvalidArgument, "allocations[1]", "positive"},
      {"a paid invoice", 3000, {{20, 100}}, Code::kConflict, "", "FA-20"},
      {"a credit note", 3000, {{21, 100}}, Code::kConflict, "", "FA-21"},
      {"another currency", 3000, {{22, 100}}, Code::kConflict, "", "FA-22"},
      {"another customer's invoice", 3000, {{23, 100}}, Code::kConflict, "", "FA-23"},
      {"a non-positive payment", 0, {{9, 100}}, Code::kInvalidArgument, "amount_minor", "positive"},
  };
  for (const Row& r : rows) {
    SCOPED_TRACE(r.name);
    auto plan = AllocateExplicit(Pay(r.payment), invoices, r.requests);
    ASSERT_FALSE(plan.ok()) << SplitOf(*plan).size() << " allocations";
    EXPECT_EQ(plan.status().code(), r.code) << plan.status().ToString();
    EXPECT_EQ(plan.status().field(), r.field) << plan.status().ToString();
    EXPECT_NE(plan.status().message().find(r.message_part), std::string::npos) << plan.status().ToString();
  }
}

}  // namespace
}  // namespace encaisse
