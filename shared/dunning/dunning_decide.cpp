#include "shared/dunning/dunning_decide.h"

#include <algorithm>
#include <climits>

namespace encaisse {
namespace {

bool WasSent(std::span<const SentStep> history, Id invoice, int step) {
  return std::any_of(history.begin(), history.end(), [&](const SentStep& s) { return s.invoice_id == invoice && s.step == step; });
}

// The highest step index already sent for the invoice (-1 if none).
int LastSentStep(std::span<const SentStep> history, Id invoice) {
  int last = -1;
  for (const auto& s : history)
    if (s.invoice_id == invoice) last = std::max(last, s.step);
  return last;
}

DueMessage& MessageFor(std::vector<DueMessage>& messages, Channel channel) {
  for (auto& m : messages)
    if (m.channel == channel) return m;
  messages.push_back({});
  messages.back().channel = channel;
  return messages.back();
}

bool NoticeSent(std::span<const SentInstallmentNotice> history, const DunningInstallment& i, InstallmentNotice n) {
  return std::any_of(history.begin(), history.end(),
                     [&](const SentInstallmentNotice& s) { return s.plan_id == i.plan_id && s.seq == i.seq && s.notice == n; });
}

}  // namespace

bool PromisePending(std::span<const Promise> promises, Date today) {
  return std::any_of(promises.begin(), promises.end(),
                     [&](const Promise& p) { return p.status == PromiseStatus::kPending && p.promised_date >= today; });
}

std::vector<DueMessage> DecideReminders(const DunningInput& in, const Scenario& scenario, Date today) {
  std::vector<DueMessage> messages;
  if (in.insolvent) return messages;  // claims go to the mandataire, not to the debtor
  if (in.paused_until && *in.paused_until >= today) return messages;

  if (!PromisePending(in.promises, today)) {
    for (const auto& inv : in.invoices) {
      if (inv.open_minor <= 0 || inv.disputed || inv.in_active_plan) continue;
      if (inv.paused_until && *inv.paused_until >= today) continue;
      const int32_t days = today - inv.due_date;
      // The most advanced offset reached today; earlier ones missed during a gap are skipped.
      int offset = INT_MIN;
      for (const auto& step : scenario.steps)
        if (step.day_offset <= days) offset = std::max(offset, step.day_offset);
      if (offset == INT_MIN) continue;
      const int last_sent = LastSentStep(in.history, inv.id);
      for (int i = 0; i < static_cast<int>(scenario.steps.size()); ++i) {
        const ScenarioStep& step = scenario.steps[static_cast<size_t>(i)];
        if (step.day_offset != offset || WasSent(in.history, inv.id, i)) continue;
        // Never step back: a later step already went out for this invoice.
        if (last_sent >= 0 && scenario.steps[static_cast<size_t>(last_sent)].day_offset > offset) continue;
        DueMessage& m = MessageFor(messages, step.channel);
        m.lines.push_back({inv.id, i});
        if (i > m.step) {
          m.step = i;
          m.template_id = step.template_id;
          m.attach_statement = step.attach_statement;
          m.include_penalties = step.include_penalties;
        }
      }
    }
  }

  // Installment notices: by email, 3 days before each installment and the day after a miss.
  // A promise does not hold these: the plan itself is the customer's commitment.
  for (const auto& inst : in.installments) {
    if (inst.paid_minor >= inst.amount_minor) continue;
    const int32_t days = today - inst.due_date;
    std::optional<InstallmentNotice> notice;
    if (days >= -kInstallmentNoticeDaysBefore && days <= 0) notice = InstallmentNotice::kUpcoming;
    if (days >= 1) notice = InstallmentNotice::kMissed;
    if (!notice || NoticeSent(in.installment_history, inst, *notice)) continue;
    // Once missed, the "upcoming" notice is moot; once sent, "upcoming" is not sent again.
    DueMessage& m = MessageFor(messages, Channel::kEmail);
    m.installments.push_back({inst.plan_id, inst.seq, *notice});
    if (m.template_id.empty()) m.template_id = *notice == InstallmentNotice::kMissed ? "installment_missed" : "installment_upcoming";
  }
  return messages;
}

}  // namespace encaisse
