#include "shared/plans/installments.h"

#include <gtest/gtest.h>

#include <numeric>
#include <string>
#include <vector>

namespace encaisse {
namespace {

Date D(const char* iso) { return Date::ParseIso(iso).value(); }

std::vector<std::string> Iso(const std::vector<Date>& dates) {
  std::vector<std::string> out;
  for (Date d : dates) out.push_back(d.ToIso());
  return out;
}

// --- SplitAmount -------------------------------------------------------------------------------

struct SplitCase {
  int64_t total;
  int count;
  std::vector<int64_t> parts;
};

TEST(SplitAmount, RemainderGoesToTheFirstInstallments) {
  const SplitCase cases[] = {
      {10000, 3, {3334, 3333, 3333}},
      {10000, 1, {10000}},
      {10001, 2, {5001, 5000}},
      {10002, 4, {2501, 2501, 2500, 2500}},
      {99, 4, {25, 25, 25, 24}},
      {5, 5, {1, 1, 1, 1, 1}},
      {600000, 12, std::vector<int64_t>(12, 50000)},
  };
  for (const SplitCase& c : cases) {
    auto parts = SplitAmount(c.total, c.count);
    ASSERT_TRUE(parts.ok()) << c.total << "/" << c.count << ": " << parts.status().ToString();
    EXPECT_EQ(*parts, c.parts) << c.total << "/" << c.count;
  }
}

TEST(SplitAmount, SumsExactlyAndDiffersByAtMostOneCent) {
  const int64_t totals[] = {120, 999, 1000, 10000, 12345, 99999, 100001, 3333333, 987654321,
                            INT64_C(9000000000000000000)};
  for (int64_t total : totals) {
    for (int count = 1; count <= kMaxInstallments && count <= total; ++count) {
      auto parts = SplitAmount(total, count);
      ASSERT_TRUE(parts.ok()) << total << "/" << count;
      ASSERT_EQ(parts->size(), static_cast<size_t>(count));
      EXPECT_EQ(std::accumulate(parts->begin(), parts->end(), int64_t{0}), total) << total << "/" << count;
      EXPECT_LE(parts->front() - parts->back(), 1) << total << "/" << count;
      EXPECT_TRUE(std::is_sorted(parts->rbegin(), parts->rend())) << total << "/" << count;
      EXPECT_GE(parts->back(), 1);
    }
  }
}

struct SplitError {
  int64_t total;
  int count;
  const char* field;
};

TEST(SplitAmount, RejectsImpossibleSplits) {
  const SplitError cases[] = {
      {10000, 0, "count"},   {10000, -1, "count"},         {10000, 121, "count"},
      {0, 3, "total_minor"}, {-10000, 3, "total_minor"},   {2, 3, "total_minor"},
      {119, 120, "total_minor"},
  };
  for (const SplitError& c : cases) {
    auto parts = SplitAmount(c.total, c.count);
    ASSERT_FALSE(parts.ok()) << c.total << "/" << c.count;
    EXPECT_EQ(parts.status().code(), Code::kInvalidArgument);
    EXPECT_EQ(parts.status().field(), c.field) << c.total << "/" << c.count;
  }
  EXPECT_TRUE(SplitAmount(120, 120).ok());  // the limits themselves are allowed
}

// --- ScheduleDates -----------------------------------------------------------------------------

struct DatesCase {
  const char* first;
  int count;
  PlanFrequency frequency;
  std::vector<std::string> dates;
};

TEST(ScheduleDates, MonthlyKeepsTheAnchorDayAndWeeklyAddsSevenDays) {
  const DatesCase cases[] = {
      // Clamped to the month's end, then back to the 31st: computed from the anchor each time.
      {"2026-01-31", 5, PlanFrequency::kMonthly,
       {"2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30", "2026-05-31"}},
      {"2028-01-31", 3, PlanFrequency::kMonthly, {"2028-01-31", "2028-02-29", "2028-03-31"}},
      {"2026-01-30", 3, PlanFrequency::kMonthly, {"2026-01-30", "2026-02-28", "2026-03-30"}},
      {"2026-01-29", 2, PlanFrequency::kMonthly, {"2026-01-29", "2026-02-28"}},
      {"2028-01-29", 2, PlanFrequency::kMonthly, {"2028-01-29", "2028-02-29"}},
      {"2026-11-15", 3, PlanFrequency::kMonthly, {"2026-11-15", "2026-12-15", "2027-01-15"}},
      {"2026-08-31", 4, PlanFrequency::kMonthly, {"2026-08-31", "2026-09-30", "2026-10-31", "2026-11-30"}},
      {"2026-03-10", 1, PlanFrequency::kMonthly, {"2026-03-10"}},
      {"2026-12-20", 3, PlanFrequency::kWeekly, {"2026-12-20", "2026-12-27", "2027-01-03"}},
      {"2028-02-22", 2, PlanFrequency::kWeekly, {"2028-02-22", "2028-02-29"}},
      {"2026-03-10", 0, PlanFrequency::kWeekly, {}},
  };
  for (const DatesCase& c : cases)
    EXPECT_EQ(Iso(ScheduleDates(D(c.first), c.count, c.frequency)), c.dates)
        << c.first << " x" << c.count << " " << ToString(c.frequency);
}

TEST(BuildSchedule, NumbersInstallmentsAndPairsAmountsWithDates) {
  auto schedule = BuildSchedule(10000, 3, D("2026-01-31"), PlanFrequency::kMonthly);
  ASSERT_TRUE(schedule.ok());
  ASSERT_EQ(schedule->size(), 3u);
  const int64_t amounts[] = {3334, 3333, 3333};
  const char* dates[] = {"2026-01-31", "2026-02-28", "2026-03-31"};
  for (size_t i = 0; i < 3; ++i) {
    const Installment& it = (*schedule)[i];
    EXPECT_EQ(it.seq, static_cast<int32_t>(i + 1));
    EXPECT_EQ(it.amount_minor, amounts[i]);
    EXPECT_EQ(it.due_date.ToIso(), dates[i]);
    EXPECT_EQ(it.paid_minor, 0);
    EXPECT_EQ(it.id, 0);
  }
  EXPECT_EQ(BuildSchedule(10000, 0, D("2026-01-31"), PlanFrequency::kMonthly).status().field(), "count");
  EXPECT_EQ(BuildSchedule(0, 3, D("2026-01-31"), PlanFrequency::kWeekly).status().field(), "total_minor");
}

// --- StateOf -----------------------------------------------------------------------------------

struct StateCase {
  const char* today;
  int64_t paid;
  int grace;
  InstallmentState state;
};

TEST(InstallmentState, EachBoundaryDay) {
  const Installment due{.seq = 1, .due_date = D("2026-03-10"), .amount_minor = 10000};
  const StateCase cases[] = {
      {"2026-03-09", 0, 15, InstallmentState::kUpcoming},
      {"2026-03-10", 0, 15, InstallmentState::kDue},
      {"2026-03-11", 0, 15, InstallmentState::kLate},       // the day after
      {"2026-03-24", 0, 15, InstallmentState::kLate},       // grace - 1
      {"2026-03-25", 0, 15, InstallmentState::kMissed},     // grace
      {"2026-06-01", 0, 15, InstallmentState::kMissed},
      {"2026-03-25", 9999, 15, InstallmentState::kMissed},  // a partial payment does not save it
      {"2026-03-11", 9999, 15, InstallmentState::kLate},
      {"2026-03-25", 10000, 15, InstallmentState::kPaid},
      {"2026-03-01", 10000, 15, InstallmentState::kPaid},   // paid early
      {"2026-03-25", 12000, 15, InstallmentState::kPaid},
      {"2026-03-12", 0, 2, InstallmentState::kMissed},      // grace is a setting
      {"2026-03-11", 0, 2, InstallmentState::kLate},
      {"2026-03-11", 0, 1, InstallmentState::kMissed},
      {"2026-03-10", 0, 0, InstallmentState::kDue},         // grace below 1 counts as 1
      {"2026-03-11", 0, 0, InstallmentState::kMissed},
  };
  for (const StateCase& c : cases) {
    Installment it = due;
    it.paid_minor = c.paid;
    EXPECT_EQ(ToString(StateOf(it, D(c.today), c.grace)), ToString(c.state))
        << c.today << " paid " << c.paid << " grace " << c.grace;
  }
}

TEST(InstallmentState, Names) {
  EXPECT_EQ(ToString(InstallmentState::kPaid), "paid");
  EXPECT_EQ(ToString(InstallmentState::kUpcoming), "upcoming");
  EXPECT_EQ(ToString(InstallmentState::kDue), "due");
  EXPECT_EQ(ToString(InstallmentState::kLate), "late");
  EXPECT_EQ(ToString(InstallmentState::kMissed), "missed");
}

// --- EvaluatePlan ------------------------------------------------------------------------------

// 300,00 EUR in 3 monthly installments from 2026-01-31: Jan 31, Feb 28, Mar 31.
PaymentPlan ThreeMonths(std::vector<int64_t> paid) {
  PaymentPlan plan;
  plan.total_minor = 30000;
  plan.installments = BuildSchedule(30000, 3, D("2026-01-31"), PlanFrequency::kMonthly).value();
  for (size_t i = 0; i < paid.size(); ++i) plan.installments[i].paid_minor = paid[i];
  return plan;
}

struct StandingCase {
  const char* name;
  std::vector<int64_t> paid;
  const char* today;
  bool broken;
  const char* breach;  // "" = none
  int paid_count;
  int64_t paid_minor;
  int64_t remaining;
  const char* next_due;  // "" = none
  bool completed;
};

TEST(EvaluatePlan, BrokenCompletedAndBreachDate) {
  const StandingCase cases[] = {
      {"new", {0, 0, 0}, "2026-01-20", false, "", 0, 0, 30000, "2026-01-31", false},
      {"first late", {0, 0, 0}, "2026-02-14", false, "", 0, 0, 30000, "2026-01-31", false},
      {"first missed", {0, 0, 0}, "2026-02-15", true, "2026-02-15", 0, 0, 30000, "2026-01-31", false},
      {"partial then missed", {5000, 0, 0}, "2026-02-15", true, "2026-02-15", 0, 5000, 25000, "2026-01-31", false},
      {"on track", {10000, 0, 0}, "2026-03-01", false, "", 1, 10000, 20000, "2026-02-28", false},
      {"second missed", {10000, 0, 0}, "2026-03-15", true, "2026-03-15", 1, 10000, 20000, "2026-02-28", false},
      // Two missed: the breach is the first one's.
      {"two missed", {0, 0, 0}, "2026-04-20", true, "2026-02-15", 0, 0, 30000, "2026-01-31", false},
      {"completed", {10000, 10000, 10000}, "2026-04-20", false, "", 3, 30000, 0, "", true},
      {"completed early", {10000, 10000, 10000}, "2026-01-02", false, "", 3, 30000, 0, "", true},
      {"caught up", {10000, 10000, 0}, "2026-03-20", false, "", 2, 20000, 10000, "2026-03-31", false},
  };
  for (const StandingCase& c : cases) {
    const PlanStanding s = EvaluatePlan(ThreeMonths(c.paid), D(c.today), 15);
    EXPECT_EQ(s.broken, c.broken) << c.name;
    EXPECT_EQ(s.breach_date ? s.breach_date->ToIso() : "", c.breach) << c.name;
    EXPECT_EQ(s.paid_count, c.paid_count) << c.name;
    EXPECT_EQ(s.paid_minor, c.paid_minor) << c.name;
    EXPECT_EQ(s.remaining_minor, c.remaining) << c.name;
    EXPECT_EQ(s.next_due ? s.next_due->ToIso() : "", c.next_due) << c.name;
    EXPECT_EQ(s.completed, c.completed) << c.name;
  }
}

TEST(EvaluatePlan, GraceIsASetting) {
  const PlanStanding s = EvaluatePlan(ThreeMonths({0, 0, 0}), D("2026-02-07"), 7);
  EXPECT_TRUE(s.broken);
  EXPECT_EQ(s.breach_date->ToIso(), "2026-02-07");
  EXPECT_FALSE(EvaluatePlan(ThreeMonths({0, 0, 0}), D("2026-02-06"), 7).broken);
}

TEST(EvaluatePlan, EmptyPlanIsNotCompleted) {
  const PlanStanding s = EvaluatePlan(PaymentPlan{}, D("2026-01-01"), 15);
  EXPECT_FALSE(s.completed);
  EXPECT_FALSE(s.broken);
  EXPECT_FALSE(s.next_due.has_value());
}

// --- ApplyPaymentToPlan ------------------------------------------------------------------------

struct ApplyCase {
  const char* name;
  std::vector<int64_t> before;
  int64_t amount;
  std::vector<int64_t> after;
  int64_t left;
};

TEST(ApplyPaymentToPlan, FillsOldestFirstAndReturnsTheLeftover) {
  const ApplyCase cases[] = {
      {"part of the first", {0, 0, 0}, 4000, {4000, 0, 0}, 0},
      {"exactly the first", {0, 0, 0}, 10000, {10000, 0, 0}, 0},
      {"across two", {0, 0, 0}, 15000, {10000, 5000, 0}, 0},
      {"completes a partial one first", {4000, 0, 0}, 8000, {10000, 2000, 0}, 0},
      {"skips paid ones", {10000, 0, 0}, 10000, {10000, 10000, 0}, 0},
      {"everything", {0, 0, 0}, 30000, {10000, 10000, 10000}, 0},
      {"with a leftover", {10000, 2500, 0}, 20000, {10000, 10000, 10000}, 2500},
      {"nothing to pay", {10000, 10000, 10000}, 500, {10000, 10000, 10000}, 500},
  };
  for (const ApplyCase& c : cases) {
    PaymentPlan plan = ThreeMonths(c.before);
    auto left = ApplyPaymentToPlan(plan, c.amount);
    ASSERT_TRUE(left.ok()) << c.name;
    EXPECT_EQ(*left, c.left) << c.name;
    std::vector<int64_t> after;
    for (const Installment& i : plan.installments) after.push_back(i.paid_minor);
    EXPECT_EQ(after, c.after) << c.name;
  }
}

TEST(ApplyPaymentToPlan, FollowsDueDatesNotStorageOrder) {
  PaymentPlan plan = ThreeMonths({0, 0, 0});
  std::swap(plan.installments[0], plan.installments[2]);  // as a store might return them
  ASSERT_EQ(*ApplyPaymentToPlan(plan, 12000), 0);
  EXPECT_EQ(plan.installments[2].seq, 1);
  EXPECT_EQ(plan.installments[2].paid_minor, 10000);
  EXPECT_EQ(plan.installments[1].paid_minor, 2000);
  EXPECT_EQ(plan.installments[0].paid_minor, 0);
}

TEST(ApplyPaymentToPlan, RejectsANonPositiveAmount) {
  PaymentPlan plan = ThreeMonths({0, 0, 0});
  for (int64_t amount : {int64_t{0}, int64_t{-100}}) {
    auto left = ApplyPaymentToPlan(plan, amount);
    ASSERT_FALSE(left.ok());
    EXPECT_EQ(left.status().field(), "amount_minor");
  }
  EXPECT_EQ(plan.installments[0].paid_minor, 0);
}

}  // namespace
}  // namespace encaisse
