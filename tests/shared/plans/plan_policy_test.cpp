#include "shared/plans/plan_policy.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "shared/plans/installments.h"

namespace encaisse {
namespace {

Date D(const char* iso) { return Date::ParseIso(iso).value(); }

const Date kToday = D("2026-03-01");

// What a debtor asks for in the portal: 1 500,00 EUR in 3 monthly installments from 15/03,
// last one 15/05 (75 days away). Within the default policy: approved at once.
struct Scenario {
  PlanRequest request{150000, 3, D("2026-03-15"), PlanFrequency::kMonthly};
  Customer customer;
  PlanHistory history;
  PlanPolicy policy;
};

std::vector<std::string> Codes(const PlanDecision& d) {
  std::vector<std::string> codes;
  for (const PlanReason& r : d.reasons) codes.push_back(r.code);
  return codes;
}

struct RuleCase {
  const char* name;
  std::function<void(Scenario&)> change;
  PlanOutcome outcome;
  std::vector<std::string> codes;
};

void Check(const RuleCase& c) {
  Scenario s;
  c.change(s);
  auto d = DecidePlan(s.request, s.customer, s.history, s.policy, kToday);
  ASSERT_TRUE(d.ok()) << c.name << ": " << d.status().ToString();
  EXPECT_EQ(ToString(d->outcome), ToString(c.outcome)) << c.name;
  EXPECT_EQ(Codes(*d), c.codes) << c.name;
  for (const PlanReason& r : d->reasons) EXPECT_FALSE(r.message.empty()) << c.name << " " << r.code;
}

TEST(PlanPolicy, WithinPolicyIsApprovedAtOnce) {
  const RuleCase cases[] = {
      {"default request", [](Scenario&) {}, PlanOutcome::kAutoApprove, {}},
      {"3 installments", [](Scenario& s) { s.request.count = 3; }, PlanOutcome::kAutoApprove, {}},
      {"total at the auto limit", [](Scenario& s) { s.request.total_minor = 500000; }, PlanOutcome::kAutoApprove, {}},
      {"last date at 90 days", [](Scenario& s) { s.request.first_date = D("2026-03-30"); }, PlanOutcome::kAutoApprove, {}},
      {"first date today", [](Scenario& s) { s.request.first_date = kToday; }, PlanOutcome::kAutoApprove, {}},
      {"installment at the minimum", [](Scenario& s) { s.request.total_minor = 15000; }, PlanOutcome::kAutoApprove, {}},
      {"low risk", [](Scenario& s) { s.customer.risk = RiskClass::kLow; }, PlanOutcome::kAutoApprove, {}},
      {"single payment", [](Scenario& s) { s.request.count = 1; }, PlanOutcome::kAutoApprove, {}},
  };
  for (const RuleCase& c : cases) Check(c);
}

TEST(PlanPolicy, EachManagerRuleOnItsOwn) {
  const RuleCase cases[] = {
      {"4 weekly installments", [](Scenario& s) { s.request.count = 4; s.request.frequency = PlanFrequency::kWeekly; },
       PlanOutcome::kNeedsManager, {"installments_above_auto_limit"}},
      {"total above 5 000 EUR", [](Scenario& s) { s.request.total_minor = 500001; },
       PlanOutcome::kNeedsManager, {"total_above_auto_limit"}},
      {"last date at 91 days", [](Scenario& s) { s.request.first_date = D("2026-03-31"); },
       PlanOutcome::kNeedsManager, {"duration_above_auto_limit"}},
      {"high risk", [](Scenario& s) { s.customer.risk = RiskClass::kHigh; },
       PlanOutcome::kNeedsManager, {"risk_class_not_auto"}},
      {"one broken plan", [](Scenario& s) { s.history.broken_plans = 1; },
       PlanOutcome::kNeedsManager, {"previous_broken_plan"}},
      {"medium risk when only low is automatic",
       [](Scenario& s) { s.policy.auto_risk_classes = {RiskClass::kLow}; },
       PlanOutcome::kNeedsManager, {"risk_class_not_auto"}},
  };
  for (const RuleCase& c : cases) Check(c);
}

TEST(PlanPolicy, EachRefuseRuleOnItsOwn) {
  const RuleCase cases[] = {
      // 13 weekly: 84 days, 115,38 EUR each, so only the count is wrong.
      {"13 installments", [](Scenario& s) { s.request.count = 13; s.request.frequency = PlanFrequency::kWeekly; },
       PlanOutcome::kRefuse, {"too_many_installments"}},
      {"last date beyond max_days",
       [](Scenario& s) { s.policy.max_days = 180; s.request.count = 8; s.request.total_minor = 400000; },
       PlanOutcome::kRefuse, {"plan_too_long"}},
      {"first date in 31 days", [](Scenario& s) { s.request.first_date = D("2026-04-01"); s.request.count = 1; },
       PlanOutcome::kRefuse, {"first_installment_too_late"}},
      {"two broken plans", [](Scenario& s) { s.history.broken_plans = 2; },
       PlanOutcome::kRefuse, {"too_many_broken_plans"}},
      {"one broken plan when one is the limit",
       [](Scenario& s) { s.history.broken_plans = 1; s.policy.max_broken_plans = 1; },
       PlanOutcome::kRefuse, {"too_many_broken_plans"}},
      {"insolvency proceedings", [](Scenario& s) { s.customer.insolvency_date = D("2026-01-15"); },
       PlanOutcome::kRefuse, {"insolvency_proceedings"}},
      {"installment of 49,99 EUR", [](Scenario& s) { s.request.total_minor = 14997; },
       PlanOutcome::kRefuse, {"installment_too_small"}},
      {"remainder does not save the last one", [](Scenario& s) { s.request.total_minor = 14999; },
       PlanOutcome::kRefuse, {"installment_too_small"}},
      {"parts of 0 with no minimum", [](Scenario& s) { s.request.total_minor = 2; s.policy.min_installment_minor = 0; },
       PlanOutcome::kRefuse, {"installment_too_small"}},
      {"active plan", [](Scenario& s) { s.history.active_plan = true; },
       PlanOutcome::kRefuse, {"active_plan_exists"}},
  };
  for (const RuleCase& c : cases) Check(c);
}

TEST(PlanPolicy, ListsEveryReasonOfTheOutcome) {
  const RuleCase cases[] = {
      {"every manager rule",
       [](Scenario& s) {
         s.request.count = 6;  // monthly: last 15/08, 167 days
         s.request.total_minor = 600000;
         s.customer.risk = RiskClass::kHigh;
         s.history.broken_plans = 1;
       },
       PlanOutcome::kNeedsManager,
       {"installments_above_auto_limit", "total_above_auto_limit", "duration_above_auto_limit",
        "risk_class_not_auto", "previous_broken_plan"}},
      // Refused: the manager reasons are not listed, nobody can approve it.
      {"every refuse rule",
       [](Scenario& s) {
         s.request.count = 20;
         s.request.first_date = D("2026-04-15");
         s.request.total_minor = 20000;
         s.customer.risk = RiskClass::kHigh;
         s.customer.insolvency_date = D("2026-02-01");
         s.history = {.broken_plans = 3, .active_plan = true};
       },
       PlanOutcome::kRefuse,
       {"too_many_installments", "plan_too_long", "first_installment_too_late", "too_many_broken_plans",
        "insolvency_proceedings", "installment_too_small", "active_plan_exists"}},
      {"one refuse reason wins over manager reasons",
       [](Scenario& s) {
         s.request.total_minor = 900000;
         s.customer.risk = RiskClass::kHigh;
         s.history.active_plan = true;
       },
       PlanOutcome::kRefuse, {"active_plan_exists"}},
  };
  for (const RuleCase& c : cases) Check(c);
}

TEST(PlanPolicy, MessagesAreInFrench) {
  Scenario s;
  s.request.count = 13;
  s.request.total_minor = 64974;  // 49,98 EUR each
  s.request.frequency = PlanFrequency::kWeekly;
  auto d = DecidePlan(s.request, s.customer, s.history, s.policy, kToday);
  ASSERT_TRUE(d.ok());
  ASSERT_EQ(d->reasons.size(), 2u);
  EXPECT_EQ(d->reasons[0].message, "13 échéances demandées, 12 au maximum.");
  EXPECT_EQ(d->reasons[1].message,
            "Échéance de 49,98\u00a0€ inférieure au minimum de 50,00\u00a0€.");

  s = Scenario{};
  s.customer.insolvency_date = D("2026-01-15");
  d = DecidePlan(s.request, s.customer, s.history, s.policy, kToday);
  ASSERT_TRUE(d.ok());
  EXPECT_NE(d->reasons[0].message.find("15/01/2026"), std::string::npos) << d->reasons[0].message;
}

TEST(PlanPolicy, DecisionCarriesTheSchedule) {
  Scenario s;
  s.request.total_minor = 10000;
  s.request.first_date = D("2026-03-31");
  s.customer.risk = RiskClass::kHigh;
  auto d = DecidePlan(s.request, s.customer, s.history, s.policy, kToday);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->outcome, PlanOutcome::kRefuse);  // 33,33 EUR installments
  ASSERT_EQ(d->schedule.size(), 3u);
  EXPECT_EQ(d->schedule[0].amount_minor, 3334);
  EXPECT_EQ(d->schedule[1].due_date.ToIso(), "2026-04-30");
  EXPECT_EQ(d->schedule[2].due_date.ToIso(), "2026-05-31");
  EXPECT_EQ(d->schedule[2].seq, 3);

  s.request.total_minor = 2;  // cannot be split in 3: refused, no schedule
  d = DecidePlan(s.request, s.customer, s.history, s.policy, kToday);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->outcome, PlanOutcome::kRefuse);
  EXPECT_TRUE(d->schedule.empty());
}

struct MalformedCase {
  const char* name;
  std::function<void(PlanRequest&)> change;
  const char* field;
};

TEST(PlanPolicy, MalformedRequestIsAnError) {
  const MalformedCase cases[] = {
      {"no installment", [](PlanRequest& r) { r.count = 0; }, "count"},
      {"negative count", [](PlanRequest& r) { r.count = -2; }, "count"},
      {"absurd count", [](PlanRequest& r) { r.count = 121; }, "count"},
      {"zero total", [](PlanRequest& r) { r.total_minor = 0; }, "total_minor"},
      {"negative total", [](PlanRequest& r) { r.total_minor = -100; }, "total_minor"},
      {"first date yesterday", [](PlanRequest& r) { r.first_date = D("2026-02-28"); }, "first_date"},
  };
  for (const MalformedCase& c : cases) {
    Scenario s;
    c.change(s.request);
    auto d = DecidePlan(s.request, s.customer, s.history, s.policy, kToday);
    ASSERT_FALSE(d.ok()) << c.name;
    EXPECT_EQ(d.status().code(), Code::kInvalidArgument) << c.name;
    EXPECT_EQ(d.status().field(), c.field) << c.name;
  }
}

TEST(PlanPolicy, OutcomeNames) {
  EXPECT_EQ(ToString(PlanOutcome::kAutoApprove), "auto_approve");
  EXPECT_EQ(ToString(PlanOutcome::kNeedsManager), "needs_manager");
  EXPECT_EQ(ToString(PlanOutcome::kRefuse), "refuse");
}

}  // namespace
}  // namespace encaisse
