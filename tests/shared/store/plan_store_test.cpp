// Installment plans in the store: proposals decided by the policy (written, or refused with
// nothing written), a manager's approval or rejection of a pending plan, the queue with each
// customer's history.
#include "shared/store/plan_store.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "shared/store/courtesy_queue.h"
#include "tests/shared/test_support.h"

namespace encaisse {
namespace {

Date D(const char* iso) { return Date::ParseIso(iso).value(); }

class PlanStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = Store::Open(path_.path(), TestOpenOptions());
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_.emplace(std::move(s).value());
    rep_ = store_->AddUser({0, "rep@example.test", "Rémi Rep", Role::kSalesRep, false}).value();
    manager_ = store_->AddUser({0, "daf@example.test", "Marc DAF", Role::kManager, false}).value();
    low_ = AddCustomer("C-LOW", RiskClass::kLow);
    inv1_ = AddInvoice(low_, "FA-1", "2026-10-01", 150000);
    inv2_ = AddInvoice(low_, "FA-2", "2026-10-20", 90000);
    inv3_ = AddInvoice(low_, "FA-3", "2026-12-20", 70000);  // not due yet
  }

  Id AddCustomer(const std::string& ext, RiskClass risk) {
    Customer c;
    c.external_id = ext;
    c.name = "Client " + ext;
    c.risk = risk;
    c.rep_id = rep_;
    return store_->AddCustomer(c).value();
  }

  Id AddInvoice(Id customer, const std::string& number, const char* due, int64_t amount) {
    Invoice i;
    i.customer_id = customer;
    i.number = number;
    i.due_date = D(due);
    i.issue_date = i.due_date.AddDays(-30);
    i.amount_minor = amount;
    return store_->AddInvoice(i).value();
  }

  PlanProposal Proposal(Id customer, int count, const char* first = "2026-12-01") {
    PlanProposal p;
    p.customer_id = customer;
    p.proposed_by = rep_;
    p.count = count;
    p.first_date = D(first);
    return p;
  }

  int64_t PlanRows() {
    return CountRows(db(), "payment_plans") + CountRows(db(), "installments") + CountRows(db(), "plan_invoices");
  }

  Store& store() { return *store_; }
  Db& db() { return store_->db(); }

  ScopedDbPath path_{"plan_store"};
  std::optional<Store> store_;
  Id rep_ = 0, manager_ = 0, low_ = 0, inv1_ = 0, inv2_ = 0, inv3_ = 0;
  const Date today_ = D("2026-11-24");
};

TEST_F(PlanStoreTest, WithinPolicyTheOverdueInvoicesGoOnAnActivePlan) {
  auto p = ProposePlan(store(), Proposal(low_, 3), PlanPolicy{}, today_);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->decision.outcome, PlanOutcome::kAutoApprove);
  EXPECT_EQ(p->status, PlanStatus::kActive);
  EXPECT_EQ(p->total_minor, 240000);
  EXPECT_EQ(p->invoice_ids, (std::vector<Id>{inv1_, inv2_}));
  ASSERT_GT(p->plan_id, 0);
  auto plan = GetPlan(db(), p->plan_id);
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_EQ(plan->plan.status, PlanStatus::kActive);
  EXPECT_EQ(plan->plan.approved, today_);
  EXPECT_EQ(plan->plan.installments.size(), 3u);
  EXPECT_EQ(plan->plan.installments[2].due_date, D("2027-02-01"));
  EXPECT_EQ(plan->plan.invoice_ids, (std::vector<Id>{inv1_, inv2_}));
  EXPECT_EQ(plan->proposed_by, rep_);
  EXPECT_EQ(plan->proposed_by_name, "Rémi Rep");
  EXPECT_EQ(plan->policy_outcome, "auto_approve");
  EXPECT_TRUE(plan->policy_reasons.empty());
  auto history = LoadPlanHistory(db(), low_);
  ASSERT_TRUE(history.ok());
  EXPECT_TRUE(history->active_plan);
  // Approving an active plan is a conflict.
  EXPECT_EQ(ApprovePlan(db(), p->plan_id, manager_, today_, "").status().code(), Code::kConflict);
}

TEST_F(PlanStoreTest, PaymentsOnThePlansInvoicesPayItsInstallmentsOldestFirst) {
  auto p = ProposePlan(store(), Proposal(low_, 3), PlanPolicy{}, today_);  // 240 000 in 3 x 80 000
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  auto paid = [&] {
    std::vector<int64_t> out;
    const PlanRecord record = GetPlan(db(), p->plan_id).value();  // a named copy: the loop must not outlive it
    for (const auto& i : record.plan.installments) out.push_back(i.paid_minor);
    return out;
  };
  auto pay = [&](Id invoice, int64_t amount) {
    Payment pay;
    pay.customer_id = low_;
    pay.date = today_;
    pay.amount_minor = amount;
    pay.currency = Eur();
    pay.method = "transfer";
    const Allocation a{0, invoice, 0, 0, amount, today_};
    auto id = store().RecordPayment(pay, std::span<const Allocation>(&a, 1));
    ASSERT_TRUE(id.ok()) << id.status().ToString();
  };
  pay(inv2_, 50000);
  EXPECT_EQ(paid(), (std::vector<int64_t>{50000, 0, 0})) << "whichever covered invoice the money went to";
  pay(inv1_, 60000);
  EXPECT_EQ(paid(), (std::vector<int64_t>{80000, 30000, 0}));
  pay(inv3_, 70000);  // not covered by the plan: nothing moves
  EXPECT_EQ(paid(), (std::vector<int64_t>{80000, 30000, 0}));
  pay(inv1_, 90000);
  pay(inv2_, 40000);
  EXPECT_EQ(paid(), (std::vector<int64_t>{80000, 80000, 80000}));
  EXPECT_EQ(GetPlan(db(), p->plan_id).value().plan.status, PlanStatus::kCompleted) << "every installment paid";
}

TEST_F(PlanStoreTest, TheDebtorWhoAskedHearsOfTheDecisionStaffProposalsAreAnsweredByStaff) {
  auto decision_mails = [&](const char* tmpl) {
    return db().QueryInt(std::string("SELECT count(*) FROM reminders WHERE kind = 'plan_decision' AND channel = 'email' "
                                     "AND status = 'queued' AND template_id = '") + tmpl + "'").value();
  };
  PlanProposal from_portal = Proposal(low_, 6);
  from_portal.proposed_by = 0;
  auto asked = ProposePlan(store(), from_portal, PlanPolicy{}, today_);
  ASSERT_TRUE(asked.ok()) << asked.status().ToString();
  ASSERT_EQ(asked->status, PlanStatus::kPending);
  auto approved = ApprovePlan(db(), asked->plan_id, manager_, today_, "");
  ASSERT_TRUE(approved.ok()) << approved.status().ToString();
  ASSERT_TRUE(QueuePlanDecision(db(), *approved, today_, "2026-11-24T10:00:00Z").ok());
  EXPECT_EQ(decision_mails("plan_approved"), 1);

  // A rep's proposal, rejected: the rep tells the customer, no email goes out.
  const Id other = AddCustomer("C-OTHER", RiskClass::kLow);
  AddInvoice(other, "FB-1", "2026-10-01", 150000);
  auto by_rep = ProposePlan(store(), Proposal(other, 6), PlanPolicy{}, today_);
  ASSERT_TRUE(by_rep.ok()) << by_rep.status().ToString();
  auto rejected = RejectPlan(db(), by_rep->plan_id, manager_, "Trop long");
  ASSERT_TRUE(rejected.ok());
  ASSERT_TRUE(QueuePlanDecision(db(), *rejected, today_, "2026-11-24T10:00:00Z").ok());
  EXPECT_EQ(decision_mails("plan_rejected"), 0);
  // The same debtor-asked plan rejected instead: the other template.
  PlanProposal again = Proposal(other, 6);
  again.proposed_by = 0;
  auto second = ProposePlan(store(), again, PlanPolicy{}, today_);
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  auto refused = RejectPlan(db(), second->plan_id, manager_, "Note interne");
  ASSERT_TRUE(refused.ok());
  ASSERT_TRUE(QueuePlanDecision(db(), *refused, today_, "2026-11-24T10:00:00Z").ok());
  EXPECT_EQ(decision_mails("plan_rejected"), 1);
}

TEST_F(PlanStoreTest, RefusedWritesNothing) {
  const int64_t rows = PlanRows();
  const int64_t log = CountRows(db(), "change_log");
  auto p = ProposePlan(store(), Proposal(low_, 24), PlanPolicy{}, today_);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->decision.outcome, PlanOutcome::kRefuse);
  EXPECT_EQ(p->plan_id, 0);
  ASSERT_FALSE(p->decision.reasons.empty());
  EXPECT_EQ(p->decision.reasons[0].code, kTooManyInstallments);
  EXPECT_EQ(PlanRows(), rows);
  EXPECT_EQ(CountRows(db(), "change_log"), log);
}

TEST_F(PlanStoreTest, PendingThenApprovedOnceWithTheReasonsKept) {
  auto p = ProposePlan(store(), Proposal(low_, 6), PlanPolicy{}, today_);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->status, PlanStatus::kPending);
  auto pending = GetPlan(db(), p->plan_id);
  ASSERT_TRUE(pending.ok());
  EXPECT_EQ(pending->policy_outcome, "needs_manager");
  ASSERT_EQ(pending->policy_reasons.size(), p->decision.reasons.size());
  EXPECT_EQ(pending->policy_reasons[0].code, p->decision.reasons[0].code);
  EXPECT_EQ(pending->policy_reasons[0].message, p->decision.reasons[0].message);
  EXPECT_FALSE(pending->plan.approved);

  auto approved = ApprovePlan(db(), p->plan_id, manager_, today_, "Bon payeur");
  ASSERT_TRUE(approved.ok()) << approved.status().ToString();
  EXPECT_EQ(approved->plan.status, PlanStatus::kActive);
  EXPECT_EQ(approved->plan.approved, today_);
  EXPECT_EQ(approved->decided_by, manager_);
  EXPECT_EQ(approved->decided_by_name, "Marc DAF");
  EXPECT_EQ(approved->decision_comment, "Bon payeur");
  EXPECT_EQ(ApprovePlan(db(), p->plan_id, manager_, today_, "").status().code(), Code::kConflict);
  EXPECT_EQ(RejectPlan(db(), p->plan_id, manager_, "non").status().code(), Code::kConflict);
  EXPECT_EQ(ApprovePlan(db(), p->plan_id + 100, manager_, today_, "").status().code(), Code::kNotFound);
}

TEST_F(PlanStoreTest, RejectedNeedsAComment) {
  auto p = ProposePlan(store(), Proposal(low_, 6), PlanPolicy{}, today_);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(RejectPlan(db(), p->plan_id, manager_, "").status().field(), "comment");
  auto rejected = RejectPlan(db(), p->plan_id, manager_, "Paiement comptant");
  ASSERT_TRUE(rejected.ok()) << rejected.status().ToString();
  EXPECT_EQ(rejected->plan.status, PlanStatus::kRejected);
  EXPECT_FALSE(rejected->plan.approved);
  EXPECT_EQ(rejected->decision_comment, "Paiement comptant");
  // A rejected plan no longer blocks a new proposal.
  auto history = LoadPlanHistory(db(), low_);
  ASSERT_TRUE(history.ok());
  EXPECT_FALSE(history->active_plan);
}

TEST_F(PlanStoreTest, ApprovalIsRefusedWhenAnotherPlanIsActive) {
  auto p = ProposePlan(store(), Proposal(low_, 6), PlanPolicy{}, today_);
  ASSERT_TRUE(p.ok());
  ASSERT_TRUE(db().Exec("INSERT INTO payment_plans (customer_id, status, frequency, total_minor, currency, created, approved) "
                        "VALUES (" + std::to_string(low_) + ", 'active', 'monthly', 1000, 'EUR', '2026-11-01', '2026-11-01')")
                  .ok());
  EXPECT_EQ(ApprovePlan(db(), p->plan_id, manager_, today_, "").status().code(), Code::kConflict);
  EXPECT_EQ(QueryText(db(), "SELECT status FROM payment_plans WHERE id = " + std::to_string(p->plan_id)), "pending");
}

TEST_F(PlanStoreTest, NamedInvoicesMustBeOpenInvoicesOfTheCustomer) {
  PlanProposal named = Proposal(low_, 2);
  named.invoice_ids = {inv3_, inv3_};  // not yet due is fine when named; duplicates count once
  auto p = ProposePlan(store(), named, PlanPolicy{}, today_);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->total_minor, 70000);
  EXPECT_EQ(p->invoice_ids, std::vector<Id>{inv3_});

  const Id other = AddCustomer("C-OTHER", RiskClass::kLow);
  const Id foreign = AddInvoice(other, "FB-1", "2026-10-01", 50000);
  PlanProposal wrong = Proposal(other, 2);
  wrong.invoice_ids = {inv1_};
  EXPECT_EQ(ProposePlan(store(), wrong, PlanPolicy{}, today_).status().field(), "invoice_ids");
  PlanProposal nothing = Proposal(AddCustomer("C-NONE", RiskClass::kLow), 2);
  EXPECT_EQ(ProposePlan(store(), nothing, PlanPolicy{}, today_).status().code(), Code::kRefused);
  PlanProposal missing = Proposal(low_ + 1000, 2);
  EXPECT_EQ(ProposePlan(store(), missing, PlanPolicy{}, today_).status().code(), Code::kNotFound);
  PlanProposal early = Proposal(other, 2, "2026-11-01");
  EXPECT_EQ(ProposePlan(store(), early, PlanPolicy{}, today_).status().field(), "first_date");
  EXPECT_EQ(CountRows(db(), "SELECT id FROM payment_plans WHERE customer_id = " + std::to_string(other)), 0);
  (void)foreign;
}

TEST_F(PlanStoreTest, TheQueueCarriesEachCustomersHistory) {
  const Id mgr = AddCustomer("C-MED", RiskClass::kMedium);
  const Id a = AddInvoice(mgr, "FM-1", "2026-09-15", 400000);
  AddInvoice(mgr, "FM-2", "2026-10-15", 200000);
  // 1 000,00 paid on FM-1; 500,00 received and not yet allocated (a credit on the account).
  Payment pay;
  pay.customer_id = mgr;
  pay.date = D("2026-11-02");
  pay.amount_minor = 150000;
  const Allocation alloc{0, a, 0, 0, 100000, pay.date};
  ASSERT_TRUE(store().RecordPayment(pay, std::span<const Allocation>(&alloc, 1)).ok());
  const std::string id = std::to_string(mgr);
  ASSERT_TRUE(db().Exec("INSERT INTO promises (customer_id, promised_date, amount_minor, status, created) VALUES "
                        "(" + id + ", '2026-06-01', 1, 'kept', '2026-05-01'), (" + id + ", '2026-07-01', 1, 'broken', '2026-06-01'), "
                        "(" + id + ", '2026-08-01', 1, 'broken', '2026-07-01')")
                  .ok());
  ASSERT_TRUE(db().Exec("INSERT INTO payment_plans (customer_id, status, frequency, total_minor, currency, created, broken) "
                        "VALUES (" + id + ", 'broken', 'monthly', 1000, 'EUR', '2026-01-01', '2026-03-01')")
                  .ok());
  auto p = ProposePlan(store(), Proposal(mgr, 10), PlanPolicy{}, today_);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->status, PlanStatus::kPending);
  EXPECT_EQ(p->total_minor, 500000);
  auto second = ProposePlan(store(), Proposal(low_, 6), PlanPolicy{}, today_);
  ASSERT_TRUE(second.ok());

  auto queue = ListPlans(store(), PlanStatus::kPending, today_, 0, 10);
  ASSERT_TRUE(queue.ok()) << queue.status().ToString();
  ASSERT_EQ(queue->size(), 2u);
  const PlanQueueItem& item = (*queue)[0];
  EXPECT_EQ(item.record.plan.id, p->plan_id);
  EXPECT_EQ(item.record.customer_name, "Client C-MED");
  EXPECT_EQ(item.record.customer_risk, RiskClass::kMedium);
  EXPECT_EQ(item.record.plan.installments.size(), 10u);
  EXPECT_EQ(item.history.overdue_minor, 500000);
  EXPECT_EQ(item.history.balance_minor, 450000);  // 5 000,00 open less 500,00 of credit
  EXPECT_EQ(item.history.overdue_invoices, 2);
  EXPECT_EQ(item.history.broken_plans, 1);
  EXPECT_EQ(item.history.promises_kept, 1);
  EXPECT_EQ(item.history.promises_broken, 2);
  EXPECT_EQ((*queue)[1].history.overdue_minor, 240000);
  // Paging by id.
  auto page = ListPlans(store(), PlanStatus::kPending, today_, p->plan_id, 10);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->size(), 1u);
  EXPECT_EQ((*page)[0].record.plan.id, second->plan_id);
  auto active = ListPlans(store(), PlanStatus::kActive, today_, 0, 10);
  ASSERT_TRUE(active.ok());
  EXPECT_TRUE(active->empty());
}

}  // namespace
}  // namespace encaisse
