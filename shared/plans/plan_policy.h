// The plan policy: whether a requested installment plan is approved at once, waits for a
// manager, or is refused, and why. The same rules run on the server, on the debtor portal and
// offline on the tablets, so a rep can tell the customer the answer before syncing.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "shared/core/date.h"
#include "shared/core/money.h"
#include "shared/core/result.h"
#include "shared/model/entities.h"

namespace encaisse {

// Configurable per company; the defaults are what a French SME would use.
struct PlanPolicy {
  int auto_max_installments = 3;
  int max_installments = 12;
  int64_t auto_max_total_minor = 500000;  // 5 000 EUR
  int auto_max_days = 90;                 // from today to the last installment
  int max_days = 365;
  int max_first_delay_days = 30;  // the first installment within 30 days
  std::vector<RiskClass> auto_risk_classes = {RiskClass::kLow, RiskClass::kMedium};
  int max_broken_plans = 2;  // refused at or above; one broken plan -> manager
  int64_t min_installment_minor = 5000;  // 50 EUR
};

struct PlanRequest {
  int64_t total_minor = 0;
  int count = 0;
  Date first_date;
  PlanFrequency frequency = PlanFrequency::kMonthly;
  Currency currency;  // only to write amounts in the reasons
};

// What the store knows of the customer's plans.
struct PlanHistory {
  int broken_plans = 0;
  bool active_plan = false;
};

enum class PlanOutcome { kAutoApprove, kNeedsManager, kRefuse };
std::string_view ToString(PlanOutcome outcome);  // "auto_approve", "needs_manager", "refuse"

struct PlanReason {
  std::string code;     // stable, for the API and tests: "too_many_installments"
  std::string message;  // in French, for the debtor and the manager
};

struct PlanDecision {
  PlanOutcome outcome = PlanOutcome::kRefuse;
  // Every reason of the outcome: the refuse reasons when refused, the reasons a manager must
  // look at otherwise, none when approved at once.
  std::vector<PlanReason> reasons;
  // The plan as requested; empty when it cannot be built (installments below one cent).
  std::vector<Installment> schedule;
};

// Refuse reason codes.
inline constexpr std::string_view kTooManyInstallments = "too_many_installments";
inline constexpr std::string_view kPlanTooLong = "plan_too_long";
inline constexpr std::string_view kFirstInstallmentTooLate = "first_installment_too_late";
inline constexpr std::string_view kTooManyBrokenPlans = "too_many_broken_plans";
inline constexpr std::string_view kInsolvencyProceedings = "insolvency_proceedings";
inline constexpr std::string_view kInstallmentTooSmall = "installment_too_small";
inline constexpr std::string_view kActivePlanExists = "active_plan_exists";
// Manager reason codes.
inline constexpr std::string_view kInstallmentsAboveAuto = "installments_above_auto_limit";
inline constexpr std::string_view kTotalAboveAuto = "total_above_auto_limit";
inline constexpr std::string_view kDurationAboveAuto = "duration_above_auto_limit";
inline constexpr std::string_view kRiskClassNotAuto = "risk_class_not_auto";
inline constexpr std::string_view kPreviousBrokenPlan = "previous_broken_plan";

// Errors (kInvalidArgument, with the field) for a malformed request: count outside
// 1..kMaxInstallments, total <= 0, first date before today. Any refuse reason wins over the
// manager reasons; the decision carries all the reasons of its outcome.
Result<PlanDecision> DecidePlan(const PlanRequest& request, const Customer& customer,
                                const PlanHistory& history, const PlanPolicy& policy, Date today);

}  // namespace encaisse
