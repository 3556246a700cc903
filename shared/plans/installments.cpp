#include "shared/plans/installments.h"

#include <algorithm>
#include <numeric>
#include <string>

namespace encaisse {
namespace {

int EffectiveGrace(int grace_days) { return std::max(grace_days, 1); }

int64_t Unpaid(const Installment& i) { return std::max<int64_t>(i.amount_minor - i.paid_minor, 0); }

// Indices of the installments, oldest first: the order payments fill them in.
std::vector<size_t> OldestFirst(const std::vector<Installment>& items) {
  std::vector<size_t> order(items.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (items[a].due_date != items[b].due_date) return items[a].due_date < items[b].due_date;
    return items[a].seq < items[b].seq;
  });
  return order;
}

}  // namespace

Result<std::vector<int64_t>> SplitAmount(int64_t total_minor, int count) {
  if (count < 1 || count > kMaxInstallments)
    return Status::Invalid("the number of installments must be between 1 and " +
                               std::to_string(kMaxInstallments) + ", not " + std::to_string(count),
                           "count");
  if (total_minor <= 0) return Status::Invalid("the total must be positive", "total_minor");
  if (total_minor < count)
    return Status::Invalid("a total of " + std::to_string(total_minor) + " minor units cannot make " +
                               std::to_string(count) + " non-zero installments",
                           "total_minor");
  const int64_t base = total_minor / count;
  const int64_t extra = total_minor % count;  // one more cent for each of the first `extra` parts
  std::vector<int64_t> parts(static_cast<size_t>(count), base);
  for (int64_t i = 0; i < extra; ++i) ++parts[static_cast<size_t>(i)];
  return parts;
}

std::vector<Date> ScheduleDates(Date first, int count, PlanFrequency frequency) {
  std::vector<Date> dates;
  if (count < 1) return dates;
  dates.reserve(static_cast<size_t>(count));
  const int anchor = first.day();
  for (int i = 0; i < count; ++i)
    dates.push_back(frequency == PlanFrequency::kMonthly ? first.AddMonthsKeepingDay(i, anchor)
                                                         : first.AddDays(7 * i));
  return dates;
}

Result<std::vector<Installment>> BuildSchedule(int64_t total_minor, int count, Date first,
                                               PlanFrequency frequency) {
  auto parts = SplitAmount(total_minor, count);
  if (!parts.ok()) return parts.status();
  const std::vector<Date> dates = ScheduleDates(first, count, frequency);
  std::vector<Installment> schedule(static_cast<size_t>(count));
  for (size_t i = 0; i < schedule.size(); ++i) {
    schedule[i].seq = static_cast<int32_t>(i + 1);
    schedule[i].due_date = dates[i];
    schedule[i].amount_minor = (*parts)[i];
  }
  return schedule;
}

std::string_view ToString(InstallmentState state) {
  switch (state) {
    case InstallmentState::kPaid: return "paid";
    case InstallmentState::kUpcoming: return "upcoming";
    case InstallmentState::kDue: return "due";
    case InstallmentState::kLate: return "late";
    case InstallmentState::kMissed: return "missed";
  }
  return "unknown";
}

InstallmentState StateOf(const Installment& installment, Date today, int grace_days) {
  if (installment.paid_minor >= installment.amount_minor) return InstallmentState::kPaid;
  const int32_t days_late = today - installment.due_date;
  if (days_late < 0) return InstallmentState::kUpcoming;
  if (days_late == 0) return InstallmentState::kDue;
  if (days_late >= EffectiveGrace(grace_days)) return InstallmentState::kMissed;
  return InstallmentState::kLate;
}

PlanStanding EvaluatePlan(const PaymentPlan& plan, Date today, int grace_days) {
  PlanStanding s;
  for (const Installment& i : plan.installments) {
    s.paid_minor += i.paid_minor;
    s.remaining_minor += Unpaid(i);
    const InstallmentState state = StateOf(i, today, grace_days);
    if (state == InstallmentState::kPaid) {
      ++s.paid_count;
      continue;
    }
    if (!s.next_due || i.due_date < *s.next_due) s.next_due = i.due_date;
    if (state == InstallmentState::kMissed) {
      s.broken = true;
      const Date breach = i.due_date.AddDays(EffectiveGrace(grace_days));
      if (!s.breach_date || breach < *s.breach_date) s.breach_date = breach;
    }
  }
  s.completed = !plan.installments.empty() &&
                s.paid_count == static_cast<int>(plan.installments.size());
  return s;
}

std::optional<Installment> NextUnpaid(const PaymentPlan& plan) {
  for (size_t index : OldestFirst(plan.installments))
    if (Unpaid(plan.installments[index]) > 0) return plan.installments[index];
  return std::nullopt;
}

std::optional<Installment> NextActiveInstallment(std::span<const PaymentPlan> plans) {
  for (const PaymentPlan& plan : plans)
    if (plan.status == PlanStatus::kActive)
      if (auto next = NextUnpaid(plan)) return next;
  return std::nullopt;
}

Result<int64_t> ApplyPaymentToPlan(PaymentPlan& plan, int64_t amount_minor) {
  if (amount_minor <= 0) return Status::Invalid("the payment must be positive", "amount_minor");
  int64_t left = amount_minor;
  for (size_t index : OldestFirst(plan.installments)) {
    if (left == 0) break;
    Installment& i = plan.installments[index];
    const int64_t take = std::min(left, Unpaid(i));
    i.paid_minor += take;
    left -= take;
  }
  return left;
}

}  // namespace encaisse
