#include "shared/plans/plan_policy.h"

#include <algorithm>
#include <cstdio>

#include "shared/plans/installments.h"

namespace encaisse {
namespace {

// Dates as a French reader writes them: 31/03/2026.
std::string FrDate(Date d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d/%02d/%04d", d.day(), d.month(), d.year());
  return buf;
}

std::string FrMoney(int64_t minor, const Currency& currency) {
  return FormatMoney(Money{minor, currency}, Locale::kFr);
}

std::string FrRisk(RiskClass risk) {
  switch (risk) {
    case RiskClass::kLow: return "faible";
    case RiskClass::kMedium: return "moyen";
    case RiskClass::kHigh: return "élevé";
  }
  return std::string(ToString(risk));
}

std::string Plural(int n, const char* singular, const char* plural) {
  return std::to_string(n) + " " + (n > 1 ? plural : singular);
}

void Add(std::vector<PlanReason>& reasons, std::string_view code, std::string message) {
  reasons.push_back({std::string(code), std::move(message)});
}

constexpr const char* kManager = " : validation par un responsable.";

}  // namespace

std::string_view ToString(PlanOutcome outcome) {
  switch (outcome) {
    case PlanOutcome::kAutoApprove: return "auto_approve";
    case PlanOutcome::kNeedsManager: return "needs_manager";
    case PlanOutcome::kRefuse: return "refuse";
  }
  return "unknown";
}

Result<PlanDecision> DecidePlan(const PlanRequest& request, const Customer& customer,
                                const PlanHistory& history, const PlanPolicy& policy, Date today) {
  if (request.count < 1 || request.count > kMaxInstallments)
    return Status::Invalid("the number of installments must be between 1 and " +
                               std::to_string(kMaxInstallments),
                           "count");
  if (request.total_minor <= 0) return Status::Invalid("the total must be positive", "total_minor");
  if (request.first_date < today)
    return Status::Invalid("the first installment cannot be before today", "first_date");

  const Currency& cur = request.currency;
  const Date last = ScheduleDates(request.first_date, request.count, request.frequency).back();
  const int32_t days_to_last = last - today;
  // The remainder cents go to the first installments, so the last one is the smallest.
  const int64_t smallest = request.total_minor / request.count;

  std::vector<PlanReason> refuse;
  if (request.count > policy.max_installments)
    Add(refuse, kTooManyInstallments,
        Plural(request.count, "échéance demandée", "échéances demandées") + ", " +
            std::to_string(policy.max_installments) + " au maximum.");
  if (days_to_last > policy.max_days)
    Add(refuse, kPlanTooLong,
        "La dernière échéance (" + FrDate(last) + ") dépasse la durée maximale de " +
            std::to_string(policy.max_days) + " jours (au plus tard le " +
            FrDate(today.AddDays(policy.max_days)) + ").");
  if (request.first_date - today > policy.max_first_delay_days)
    Add(refuse, kFirstInstallmentTooLate,
        "La première échéance (" + FrDate(request.first_date) + ") doit tomber dans les " +
            std::to_string(policy.max_first_delay_days) + " jours (au plus tard le " +
            FrDate(today.AddDays(policy.max_first_delay_days)) + ").");
  if (history.broken_plans >= policy.max_broken_plans)
    Add(refuse, kTooManyBrokenPlans,
        Plural(history.broken_plans, "échéancier précédent non respecté",
               "échéanciers précédents non respectés") +
            " (refus à partir de " + std::to_string(policy.max_broken_plans) + ").");
  if (customer.insolvency_date)
    Add(refuse, kInsolvencyProceedings,
        "Client en procédure collective depuis le " + FrDate(*customer.insolvency_date) +
            " : pas d'échéancier amiable.");
  // A part of 0 is too small whatever the policy says: it is not an installment.
  if (smallest < std::max<int64_t>(policy.min_installment_minor, 1))
    Add(refuse, kInstallmentTooSmall,
        "Échéance de " + FrMoney(smallest, cur) + " inférieure au minimum de " +
            FrMoney(policy.min_installment_minor, cur) + ".");
  if (history.active_plan)
    Add(refuse, kActivePlanExists, "Un échéancier est déjà en cours pour ce client.");

  std::vector<PlanReason> manager;
  if (request.count > policy.auto_max_installments)
    Add(manager, kInstallmentsAboveAuto,
        Plural(request.count, "échéance", "échéances") + ", au-delà de " +
            std::to_string(policy.auto_max_installments) + kManager);
  if (request.total_minor > policy.auto_max_total_minor)
    Add(manager, kTotalAboveAuto,
        "Montant de " + FrMoney(request.total_minor, cur) + ", au-delà de " +
            FrMoney(policy.auto_max_total_minor, cur) + kManager);
  if (days_to_last > policy.auto_max_days)
    Add(manager, kDurationAboveAuto,
        "Dernière échéance le " + FrDate(last) + ", au-delà de " +
            std::to_string(policy.auto_max_days) + " jours" + kManager);
  if (std::find(policy.auto_risk_classes.begin(), policy.auto_risk_classes.end(), customer.risk) ==
      policy.auto_risk_classes.end())
    Add(manager, kRiskClassNotAuto, "Client en classe de risque " + FrRisk(customer.risk) + kManager);
  if (history.broken_plans >= 1)
    Add(manager, kPreviousBrokenPlan,
        Plural(history.broken_plans, "échéancier précédent non respecté",
               "échéanciers précédents non respectés") + kManager);

  PlanDecision decision;
  if (!refuse.empty()) {
    decision.outcome = PlanOutcome::kRefuse;
    decision.reasons = std::move(refuse);
  } else if (!manager.empty()) {
    decision.outcome = PlanOutcome::kNeedsManager;
    decision.reasons = std::move(manager);
  } else {
    decision.outcome = PlanOutcome::kAutoApprove;
  }
  // Fails only when the total cannot give every installment a cent, already refused above.
  auto schedule = BuildSchedule(request.total_minor, request.count, request.first_date,
                                request.frequency);
  if (schedule.ok()) decision.schedule = std::move(schedule).value();
  return decision;
}

}  // namespace encaisse
