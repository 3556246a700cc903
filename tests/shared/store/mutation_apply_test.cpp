// Pushed actions applied once: retries answered as duplicates with the first answer, scope and
// role checked, a rejection leaving nothing behind, plan decisions and disputes doing what the
// API's do (the debtor's email, the collector's review task).
#include "shared/store/mutation_apply.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "shared/store/action_store.h"
#include "shared/store/plan_store.h"
#include "tests/shared/test_support.h"

namespace encaisse {
namespace {

using nlohmann::json;

Date D(const char* iso) { return Date::ParseIso(iso).value(); }
const char* kNow = "2026-11-24T10:00:00Z";

class MutationApplyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = Store::Open(path_.path(), TestOpenOptions());
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_.emplace(std::move(s).value());
    rep_ = store_->AddUser({0, "rep@example.test", "Rémi Rep", Role::kSalesRep, false}).value();
    other_rep_ = store_->AddUser({0, "rep2@example.test", "Rose Rep", Role::kSalesRep, false}).value();
    manager_ = store_->AddUser({0, "daf@example.test", "Marc DAF", Role::kManager, false}).value();
    mine_ = AddCustomer("C-MINE", rep_);
    theirs_ = AddCustomer("C-THEIRS", other_rep_);
    invoice_ = AddInvoice(mine_, "FA-1", 150000);
    their_invoice_ = AddInvoice(theirs_, "FB-1", 90000);
  }

  Id AddCustomer(const std::string& ext, Id rep) {
    Customer c;
    c.external_id = ext;
    c.name = "Client " + ext;
    c.risk = RiskClass::kLow;
    c.rep_id = rep;
    return store_->AddCustomer(c).value();
  }
  Id AddInvoice(Id customer, const std::string& number, int64_t amount) {
    Invoice i;
    i.customer_id = customer;
    i.number = number;
    i.issue_date = D("2026-09-01");
    i.due_date = D("2026-10-01");
    i.amount_minor = amount;
    return store_->AddInvoice(i).value();
  }

  Mutation Make(const std::string& id, const char* kind, json args, const char* created = "2026-11-23T16:00:00Z") {
    auto m = ParseMutation({{"id", id}, {"kind", kind}, {"args", std::move(args)}, {"created_at", created}});
    EXPECT_TRUE(m.ok()) << m.status().ToString();
    return m.ok() ? *m : Mutation{};
  }
  MutationResult Apply(const SyncActor& actor, const Mutation& m) {
    auto r = ApplyMutation(*store_, actor, m, today_, kNow);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : MutationResult{};
  }

  Db& db() { return store_->db(); }

  ScopedDbPath path_{"mutation_apply"};
  std::optional<Store> store_;
  Id rep_ = 0, other_rep_ = 0, manager_ = 0, mine_ = 0, theirs_ = 0, invoice_ = 0, their_invoice_ = 0;
  const Date today_ = D("2026-11-24");
};

TEST_F(MutationApplyTest, TheSameActionPushedThreeTimesIsAppliedOnce) {
  const SyncActor actor{rep_, Role::kSalesRep, "tablet-1"};
  const Mutation note = Make("11111111-1111-4111-8111-111111111111", "add_note", {{"customer_id", mine_}, {"text", "Vu sur place"}});
  MutationResult first = Apply(actor, note);
  EXPECT_EQ(first.status, MutationStatus::kApplied);
  EXPECT_GT(first.record_id, 0);
  const int64_t log = CountRows(db(), "change_log");
  for (int retry = 0; retry < 2; ++retry) {
    MutationResult again = Apply(actor, note);
    EXPECT_EQ(again.status, MutationStatus::kDuplicate);
    EXPECT_EQ(again.original, MutationStatus::kApplied);
    EXPECT_EQ(again.record_id, first.record_id);
  }
  EXPECT_EQ(CountRows(db(), "notes"), 1);
  EXPECT_EQ(CountRows(db(), "change_log"), log) << "a duplicate writes nothing";
  EXPECT_EQ(QueryText(db(), "SELECT date FROM notes"), "2026-11-23") << "the day it was written on the tablet";
}

TEST_F(MutationApplyTest, AnotherRepsCustomerIsRejectedWithNothingWrittenAndTheRejectionStays) {
  const SyncActor actor{rep_, Role::kSalesRep, "tablet-1"};
  const int64_t log = CountRows(db(), "change_log");
  const Mutation promise = Make("22222222-2222-4222-8222-222222222222", "add_promise",
                                {{"customer_id", theirs_}, {"date", "2026-12-10"}, {"amount_minor", 90000}});
  MutationResult r = Apply(actor, promise);
  EXPECT_EQ(r.status, MutationStatus::kRejected);
  EXPECT_EQ(r.reason, "no such customer");
  const Mutation dispute = Make("33333333-3333-4333-8333-333333333333", "open_dispute", {{"invoice_id", their_invoice_}, {"reason", "x"}});
  EXPECT_EQ(Apply(actor, dispute).status, MutationStatus::kRejected);
  EXPECT_EQ(CountRows(db(), "promises") + CountRows(db(), "disputes"), 0);
  EXPECT_EQ(CountRows(db(), "change_log"), log);
  MutationResult retried = Apply(actor, promise);
  EXPECT_EQ(retried.status, MutationStatus::kDuplicate);
  EXPECT_EQ(retried.original, MutationStatus::kRejected);
  EXPECT_EQ(retried.original_reason, "no such customer");
  // The same id from another user is that user's own action (ids are per user).
  const SyncActor manager{manager_, Role::kManager, "desk"};
  EXPECT_EQ(Apply(manager, promise).status, MutationStatus::kApplied);
}

TEST_F(MutationApplyTest, OnlyManagersDecidePlansAndTheDebtorHearsOfIt) {
  PlanProposal asked;
  asked.customer_id = mine_;
  asked.count = 6;  // beyond the auto-approval limit: waits for a manager
  asked.first_date = D("2026-12-01");
  auto plan = ProposePlan(*store_, asked, PlanPolicy{}, today_);
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  ASSERT_EQ(plan->status, PlanStatus::kPending);
  const json args = {{"plan_id", plan->plan_id}, {"comment", "OK vu l'historique"}};
  MutationResult by_rep = Apply({rep_, Role::kSalesRep, "tablet-1"}, Make("44444444-4444-4444-8444-444444444444", "approve_plan", args));
  EXPECT_EQ(by_rep.status, MutationStatus::kRejected);
  EXPECT_EQ(QueryText(db(), "SELECT status FROM payment_plans"), "pending");
  MutationResult by_manager =
      Apply({manager_, Role::kManager, "tablet-daf"}, Make("55555555-5555-4555-8555-555555555555", "approve_plan", args));
  EXPECT_EQ(by_manager.status, MutationStatus::kApplied);
  EXPECT_EQ(QueryText(db(), "SELECT status FROM payment_plans"), "active");
  EXPECT_EQ(QueryText(db(), "SELECT decided_by FROM payment_plans"), std::to_string(manager_));
  EXPECT_EQ(CountRows(db(), "SELECT id FROM reminders WHERE kind = 'plan_decision' AND template_id = 'plan_approved'"), 1);
  // Deciding it again (another tablet, offline meanwhile) is a conflict, not a second decision.
  MutationResult late = Apply({manager_, Role::kManager, "tablet-2"},
                              Make("66666666-6666-4666-8666-666666666666", "reject_plan", {{"plan_id", plan->plan_id}, {"comment", "Non"}}));
  EXPECT_EQ(late.status, MutationStatus::kRejected);
  EXPECT_EQ(QueryText(db(), "SELECT status FROM payment_plans"), "active");
}

TEST_F(MutationApplyTest, ARepsPlanIsDecidedByThePolicyRefusedOnesLeaveNothing) {
  const SyncActor actor{rep_, Role::kSalesRep, "tablet-1"};
  MutationResult refused = Apply(actor, Make("77777777-7777-4777-8777-777777777777", "propose_plan",
                                             {{"customer_id", mine_}, {"installments", 24}, {"first_date", "2026-12-01"}}));
  EXPECT_EQ(refused.status, MutationStatus::kRejected);
  EXPECT_NE(refused.reason.find("politique"), std::string::npos) << refused.reason;
  EXPECT_EQ(CountRows(db(), "payment_plans") + CountRows(db(), "installments"), 0);
  MutationResult ok = Apply(actor, Make("88888888-8888-4888-8888-888888888888", "propose_plan",
                                        {{"customer_id", mine_}, {"installments", 3}, {"first_date", "2026-12-01"}}));
  EXPECT_EQ(ok.status, MutationStatus::kApplied);
  EXPECT_EQ(QueryText(db(), "SELECT proposed_by FROM payment_plans WHERE id = " + std::to_string(ok.record_id)), std::to_string(rep_));
  EXPECT_EQ(CountRows(db(), "installments"), 3);
}

TEST_F(MutationApplyTest, ARepsDisputeWaitsForACollectorAndVisitsAndPromisesAreRecorded) {
  const SyncActor actor{rep_, Role::kSalesRep, "tablet-1"};
  MutationResult d = Apply(actor, Make("99999999-9999-4999-8999-999999999999", "open_dispute",
                                       {{"invoice_id", invoice_}, {"reason", "Marchandise abîmée"}}));
  EXPECT_EQ(d.status, MutationStatus::kApplied);
  EXPECT_EQ(CountRows(db(), "SELECT id FROM tasks WHERE kind = 'dispute_review' AND status = 'open'"), 1);
  MutationResult twice = Apply(actor, Make("aaaaaaaa-9999-4999-8999-999999999999", "open_dispute",
                                           {{"invoice_id", invoice_}, {"reason", "Encore"}}));
  EXPECT_EQ(twice.status, MutationStatus::kRejected) << "one open dispute per invoice";
  EXPECT_EQ(Apply(actor, Make("bbbbbbbb-9999-4999-8999-999999999999", "log_visit",
                              {{"customer_id", mine_}, {"date", "2026-11-23"}, {"outcome", "Promesse obtenue"}}))
                .status,
            MutationStatus::kApplied);
  MutationResult past = Apply(actor, Make("cccccccc-9999-4999-8999-999999999999", "add_promise",
                                          {{"customer_id", mine_}, {"date", "2027-06-01"}, {"amount_minor", 1000}}));
  EXPECT_EQ(past.status, MutationStatus::kRejected) << "more than 90 days ahead";
  EXPECT_EQ(CountRows(db(), "visits"), 1);
  EXPECT_EQ(CountRows(db(), "promises"), 0);
  MutationResult stale = Apply(actor, Make("eeeeeeee-9999-4999-8999-999999999999", "add_promise",
                                           {{"customer_id", mine_}, {"date", "1970-02-01"}, {"amount_minor", 1000}},
                                           "1970-01-01T00:00:00Z"));
  EXPECT_EQ(stale.status, MutationStatus::kRejected) << "a tablet clock in 1970 does not make 1970 promises";
  EXPECT_NE(stale.reason.find("60 days"), std::string::npos) << stale.reason;
  EXPECT_EQ(CountRows(db(), "promises"), 0);
}

TEST_F(MutationApplyTest, ACollectorsCallOutcomeClosesTheTaskWithItsPromiseOnce) {
  const Id collector = store_->AddUser({0, "recouvrement@example.test", "Chloé Coll", Role::kCollector, false}).value();
  ASSERT_TRUE(db().Exec("INSERT INTO tasks (id, customer_id, kind, due_date, status, created_at) VALUES (40, " +
                        std::to_string(mine_) + ", 'phone_call', '2026-11-24', 'open', 'x'), (41, " + std::to_string(mine_) +
                        ", 'escalation', '2026-11-24', 'open', 'x')").ok());
  const SyncActor desk{collector, Role::kCollector, "desk-1"};
  const Mutation call = Make("44444444-4444-4444-8444-444444444444", "task_outcome",
                             {{"task_id", 40}, {"outcome", "promise"}, {"note", "Le comptable paie vendredi"},
                              {"promise", {{"date", "2026-11-27"}, {"amount_minor", 150000}}}});
  EXPECT_EQ(Apply(desk, call).status, MutationStatus::kApplied);
  EXPECT_EQ(Apply(desk, call).status, MutationStatus::kDuplicate);
  EXPECT_EQ(QueryText(db(), "SELECT status || ' ' || outcome FROM tasks WHERE id = 40"), "done promise");
  EXPECT_EQ(CountRows(db(), "SELECT 1 FROM promises WHERE amount_minor = 150000"), 1);
  EXPECT_EQ(CountRows(db(), "SELECT 1 FROM notes WHERE text = 'Le comptable paie vendredi'"), 1);

  const MutationResult no_answer = Apply(desk, Make("55555555-5555-4555-8555-555555555555", "task_outcome",
                                                    {{"task_id", 41}, {"outcome", "no_answer"}, {"next_try", "2026-11-20"}}));
  EXPECT_EQ(no_answer.status, MutationStatus::kRejected) << "a next try in the past";
  EXPECT_NE(no_answer.reason.find("next_try"), std::string::npos) << no_answer.reason;
  EXPECT_EQ(QueryText(db(), "SELECT status || ' ' || due_date FROM tasks WHERE id = 41"), "open 2026-11-24");
  const SyncActor other{other_rep_, Role::kSalesRep, "tablet-2"};
  EXPECT_EQ(Apply(other, Make("66666666-6666-4666-8666-666666666666", "task_outcome", {{"task_id", 41}, {"outcome", "reached"}})).status,
            MutationStatus::kRejected)
      << "another rep's customer's task";
}

TEST_F(MutationApplyTest, ACollectorRecordsAPaymentAllocatedByHandAndResolvesADispute) {
  const Id collector = store_->AddUser({0, "recouvrement@example.test", "Chloé Coll", Role::kCollector, false}).value();
  const Id second = AddInvoice(mine_, "FA-2", 50000);
  const SyncActor desk{collector, Role::kCollector, "desk-1"};
  const json pay = {{"customer_id", mine_}, {"amount_minor", 80000}, {"currency", "EUR"}, {"date", "2026-11-23"},
                    {"method", "cheque"}, {"reference", "CHQ 42"},
                    {"allocations", {{{"invoice_id", second}, {"amount_minor", 50000}}, {{"invoice_id", invoice_}, {"amount_minor", 20000}}}}};
  const MutationResult paid = Apply(desk, Make("77777777-7777-4777-8777-777777777777", "record_payment", pay));
  ASSERT_EQ(paid.status, MutationStatus::kApplied) << paid.reason;
  EXPECT_EQ(Apply(desk, Make("77777777-7777-4777-8777-777777777777", "record_payment", pay)).status, MutationStatus::kDuplicate);
  EXPECT_EQ(CountRows(db(), "payments"), 1);
  EXPECT_EQ(QueryText(db(), "SELECT status FROM invoices WHERE id = " + std::to_string(second)), "paid");
  EXPECT_EQ(QueryText(db(), "SELECT open_minor FROM invoices WHERE id = " + std::to_string(invoice_)), "130000");
  EXPECT_EQ(QueryText(db(), "SELECT sum(amount_minor) FROM allocations"), "70000") << "10 000 left as a credit";

  json too_much = pay;
  too_much["allocations"] = {{{"invoice_id", second}, {"amount_minor", 1}}};  // already paid
  EXPECT_EQ(Apply(desk, Make("88888888-8888-4888-8888-888888888888", "record_payment", too_much)).status,
            MutationStatus::kRejected);
  EXPECT_EQ(CountRows(db(), "payments"), 1) << "a refused allocation records no payment";
  const SyncActor rep{rep_, Role::kSalesRep, "tablet-1"};
  const MutationResult by_rep = Apply(rep, Make("99999999-9999-4999-8999-999999999999", "record_payment", pay));
  EXPECT_EQ(by_rep.status, MutationStatus::kRejected);
  EXPECT_NE(by_rep.reason.find("collector"), std::string::npos) << by_rep.reason;

  const Id dispute = OpenDispute(db(), invoice_, D("2026-11-20"), "Prix").value().id;
  EXPECT_EQ(Apply(desk, Make("aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa", "resolve_dispute",
                             {{"dispute_id", dispute}, {"resolution", "Avoir : remise de 5 %"}})).status,
            MutationStatus::kApplied);
  EXPECT_EQ(QueryText(db(), "SELECT status || ' ' || resolution FROM disputes WHERE id = " + std::to_string(dispute)),
            "resolved Avoir : remise de 5 %");
}

TEST_F(MutationApplyTest, AMalformedActionWithAnIdIsRememberedAsRejected) {
  const SyncActor actor{rep_, Role::kSalesRep, "tablet-1"};
  auto r = RejectMalformed(db(), actor, "dddddddd-9999-4999-8999-999999999999", "add_note", "args.text: text is required", kNow);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, MutationStatus::kRejected);
  auto again = RejectMalformed(db(), actor, "dddddddd-9999-4999-8999-999999999999", "add_note", "other", kNow);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->status, MutationStatus::kDuplicate);
  EXPECT_EQ(again->original_reason, "args.text: text is required");
}

}  // namespace
}  // namespace encaisse
