// Undoing a payment's allocation: the invoice is open again, the payment keeps the amount as a
// credit, the ledger still adds up, a plan it completed is active again; a credit note's
// allocation is refused, nothing written.
#include "shared/store/allocation_undo.h"

#include <gtest/gtest.h>

#include <optional>

#include "shared/store/plan_store.h"
#include "tests/shared/test_support.h"

namespace encaisse {
namespace {

Date D(const char* iso) { return Date::ParseIso(iso).value(); }

class AllocationUndoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = Store::Open(path_.path(), TestOpenOptions());
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_.emplace(std::move(s).value());
    Customer c;
    c.external_id = "C-UNDO";
    c.name = "Client à délettrer";
    customer_ = store_->AddCustomer(c).value();
    Invoice i;
    i.customer_id = customer_;
    i.number = "FA-U-1";
    i.issue_date = D("2026-09-01");
    i.due_date = D("2026-10-01");
    i.amount_minor = 50000;
    invoice_ = store_->AddInvoice(i).value();
  }
  int64_t Open() { return store_->GetInvoice(invoice_).value().open_minor; }

  ScopedDbPath path_{"allocation_undo"};
  std::optional<Store> store_;
  Id customer_ = 0, invoice_ = 0;
};

TEST_F(AllocationUndoTest, TheInvoiceReopensAndThePaymentStaysAsACredit) {
  ASSERT_TRUE(MarkInvoicePaid(*store_, invoice_, D("2026-11-20"), "cheque", "CHQ 12").ok());
  EXPECT_EQ(store_->GetInvoice(invoice_).value().status, InvoiceStatus::kPaid);
  auto listed = ListPaymentAllocations(store_->db(), customer_, 20);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].invoice_number, "FA-U-1");
  EXPECT_EQ((*listed)[0].reference, "CHQ 12");
  EXPECT_EQ((*listed)[0].method, "cheque");

  auto undone = UndoPaymentAllocation(store_->db(), (*listed)[0].allocation.id, 0, D("2026-11-24"));
  ASSERT_TRUE(undone.ok()) << undone.status().ToString();
  EXPECT_EQ(undone->invoice_open_minor, 50000);
  EXPECT_EQ(Open(), 50000);
  EXPECT_EQ(store_->GetInvoice(invoice_).value().status, InvoiceStatus::kOpen);
  EXPECT_TRUE(ListPaymentAllocations(store_->db(), customer_, 20)->empty());
  EXPECT_EQ(CountRows(store_->db(), "payments"), 1) << "the money was received: the payment stays";
  EXPECT_EQ(CountRows(store_->db(), "notes"), 1);
  EXPECT_TRUE(store_->VerifyLedger().ok());
  EXPECT_EQ(UndoPaymentAllocation(store_->db(), undone->allocation.id, 0, D("2026-11-24")).status().code(), Code::kNotFound);
}

TEST_F(AllocationUndoTest, APlanTheAllocationCompletedIsActiveAgain) {
  PlanProposal proposal;
  proposal.customer_id = customer_;
  proposal.count = 2;
  proposal.first_date = D("2026-12-01");
  auto plan = ProposePlan(*store_, proposal, PlanPolicy{}, D("2026-11-24"));
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  if (plan->status == PlanStatus::kPending) {
    ASSERT_TRUE(ApprovePlan(store_->db(), plan->plan_id, 0, D("2026-11-24"), "").ok());
  }
  ASSERT_TRUE(MarkInvoicePaid(*store_, invoice_, D("2026-11-25"), "transfer", "VIR 1").ok());
  ASSERT_EQ(GetPlan(store_->db(), plan->plan_id)->plan.status, PlanStatus::kCompleted);

  const Id allocation = ListPaymentAllocations(store_->db(), customer_, 20)->at(0).allocation.id;
  ASSERT_TRUE(UndoPaymentAllocation(store_->db(), allocation, 0, D("2026-11-26")).ok());
  const PaymentPlan after = GetPlan(store_->db(), plan->plan_id)->plan;
  EXPECT_EQ(after.status, PlanStatus::kActive);
  for (const Installment& i : after.installments) EXPECT_EQ(i.paid_minor, 0) << i.seq;
}

TEST_F(AllocationUndoTest, ACreditNotesAllocationIsRefusedAndNothingChanges) {
  ASSERT_TRUE(AddCreditNote(*store_, invoice_, 10000, "AV-1", "remise", 0, D("2026-11-20")).ok());
  const Id allocation = store_->db().QueryInt("SELECT id FROM allocations").value();
  const int64_t notes = CountRows(store_->db(), "notes");
  auto undone = UndoPaymentAllocation(store_->db(), allocation, 0, D("2026-11-24"));
  EXPECT_EQ(undone.status().code(), Code::kRefused);
  EXPECT_EQ(Open(), 40000);
  EXPECT_EQ(CountRows(store_->db(), "allocations"), 1);
  EXPECT_EQ(CountRows(store_->db(), "notes"), notes);
}

}  // namespace
}  // namespace encaisse
