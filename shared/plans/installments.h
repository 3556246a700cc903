// Installment plans (échéanciers): how a total is split, when each installment falls due, what
// state each one is in on a given day, and how a payment fills them. Pure functions: "today" and
// the grace period are arguments.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "shared/core/date.h"
#include "shared/core/result.h"
#include "shared/model/entities.h"

namespace encaisse {

// Ten years of monthly installments: beyond that a request is malformed, not a plan.
inline constexpr int kMaxInstallments = 120;

// Splits a total into `count` parts that sum to it exactly; the remainder cents go to the first
// parts (100,00 in 3 -> 33,34 / 33,33 / 33,33). Errors: count outside 1..kMaxInstallments,
// total <= 0, or total < count (a part would be 0).
Result<std::vector<int64_t>> SplitAmount(int64_t total_minor, int count);

// The due dates of `count` installments starting at `first`. Monthly keeps the day of `first`
// and clamps it to the month's end (Jan 31, Feb 28, Mar 31, Apr 30); weekly adds 7 days.
// count < 1 gives no dates.
std::vector<Date> ScheduleDates(Date first, int count, PlanFrequency frequency);

// SplitAmount + ScheduleDates as installments numbered 1..count (ids 0: not stored yet).
Result<std::vector<Installment>> BuildSchedule(int64_t total_minor, int count, Date first,
                                               PlanFrequency frequency);

enum class InstallmentState { kPaid, kUpcoming, kDue, kLate, kMissed };
std::string_view ToString(InstallmentState state);  // "paid", "upcoming", "due", "late", "missed"

// Paid when fully paid; otherwise upcoming before its date, due on it, late from the day after,
// missed once today - due_date >= grace_days (CompanySettings.installment_grace_days). A grace
// below 1 counts as 1: the due date itself is never "missed".
InstallmentState StateOf(const Installment& installment, Date today, int grace_days);

struct PlanStanding {
  bool broken = false;              // an installment is missed
  std::optional<Date> breach_date;  // first missed installment's due date + grace
  int paid_count = 0;
  int64_t paid_minor = 0;
  int64_t remaining_minor = 0;
  std::optional<Date> next_due;  // oldest unpaid installment's due date (may be past)
  bool completed = false;        // every installment paid
};

// The plan as its installments say today. It does not read plan.status: the caller records the
// transition (active -> broken/completed) and keeps it, even if a missed installment is paid later.
PlanStanding EvaluatePlan(const PaymentPlan& plan, Date today, int grace_days);

// The oldest unpaid installment (by due date, then seq), the one to pay next; nullopt when all are paid.
std::optional<Installment> NextUnpaid(const PaymentPlan& plan);
// The next installment of the active plan among `plans` (a customer has at most one).
std::optional<Installment> NextActiveInstallment(std::span<const PaymentPlan> plans);

// Fills the unpaid installments oldest first (by due date, then seq) and returns what is left
// over once all are paid. Does not change plan.status. Error: amount <= 0.
Result<int64_t> ApplyPaymentToPlan(PaymentPlan& plan, int64_t amount_minor);

}  // namespace encaisse
