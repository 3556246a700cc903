// Installment plans in the store: a proposal decided by the plan policy and written with its
// covered invoices and installments (or, when refused, nothing at all), the manager's approval
// or rejection of a pending plan, and the approval queue with each customer's history.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "shared/plans/plan_policy.h"
#include "shared/store/store.h"

namespace encaisse {

struct PlanProposal {
  Id customer_id = 0;
  Id proposed_by = 0;  // the staff member (0: the debtor, from the portal)
  int count = 0;
  Date first_date;
  PlanFrequency frequency = PlanFrequency::kMonthly;
  std::vector<Id> invoice_ids;  // empty: every open overdue invoice of the customer
};

struct ProposedPlan {
  PlanDecision decision;
  Id plan_id = 0;  // 0 when refused: nothing was written
  PlanStatus status = PlanStatus::kPending;  // active when approved at once
  int64_t total_minor = 0;  // the open amount of the covered invoices
  Currency currency;
  std::vector<Id> invoice_ids;
};

// What DecidePlan needs to know of the customer's plans: broken ones (status broken or a
// broken date), and whether one is active or waiting for a manager (a second is refused).
Result<PlanHistory> LoadPlanHistory(Db& db, Id customer_id);

// Decides the proposal with `policy` and, unless refused, writes the plan (pending, or active
// and approved today when within policy), its covered invoices and its installments, with the
// policy outcome and reasons, in one transaction that also covers the reads the decision
// stands on. Errors: NotFound (customer), Invalid (a named invoice that is not an open invoice
// of this customer, mixed currencies, malformed request), Refused (nothing open and overdue).
Result<ProposedPlan> ProposePlan(Store& store, const PlanProposal& proposal, const PlanPolicy& policy, Date today);

struct PlanRecord {
  PaymentPlan plan;  // with its installments and covered invoices
  std::string customer_name;
  RiskClass customer_risk = RiskClass::kMedium;
  Id proposed_by = 0;
  std::string proposed_by_name;
  Id decided_by = 0;
  std::string decided_by_name;
  std::string decision_comment;
  std::string policy_outcome;  // auto_approve | needs_manager ("" for plans from before the policy)
  std::vector<PlanReason> policy_reasons;
};

Result<PlanRecord> GetPlan(Db& db, Id plan_id);

// A manager's decision on a pending plan. Approve: active, approved today (Conflict when the
// customer already has another active plan). Reject: rejected, with a comment (required).
// NotFound without the plan, Conflict when it is not pending.
Result<PlanRecord> ApprovePlan(Db& db, Id plan_id, Id manager_id, Date today, const std::string& comment);
Result<PlanRecord> RejectPlan(Db& db, Id plan_id, Id manager_id, const std::string& comment);

// The customer's record, as a manager weighs a plan request.
struct CustomerHistory {
  int64_t balance_minor = 0;  // what the customer owes today (open less credit)
  int64_t overdue_minor = 0;
  int32_t overdue_invoices = 0;
  int32_t max_days_late = 0;
  int32_t broken_plans = 0;
  int32_t promises_kept = 0;
  int32_t promises_broken = 0;
  int32_t open_disputes = 0;
};
Result<CustomerHistory> LoadCustomerHistory(Store& store, Id customer_id, Date today);

struct PlanQueueItem {
  PlanRecord record;
  CustomerHistory history;
};

// Plans with `status` by id, after `after_id`, at most `limit`, each with its customer's history.
Result<std::vector<PlanQueueItem>> ListPlans(Store& store, PlanStatus status, Date today, Id after_id, int limit);

}  // namespace encaisse
