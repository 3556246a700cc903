#include "shared/dunning/courtesy_messages.h"

namespace encaisse {

std::optional<DueMessage> DecideThankYou(std::span<const PaidInvoice> paid, bool insolvent, Date today) {
  if (insolvent) return std::nullopt;
  DueMessage m;
  m.channel = Channel::kEmail;
  m.step = kThankYouStep;
  m.template_id = "thank_you";
  for (const PaidInvoice& p : paid)
    if (p.paid_on <= today && p.paid_on >= today.AddDays(-kThankYouWindowDays))
      m.lines.push_back({p.id, kThankYouStep});
  if (m.lines.empty()) return std::nullopt;
  return m;
}

std::optional<DueMessage> DecideRepNotice(std::span<const DueMessage> due_today, std::span<const DueMessage> due_later,
                                          std::span<const SentStep> history) {
  auto announced = [&](Id invoice) {
    for (const SentStep& s : history)
      if (s.invoice_id == invoice && s.step == kRepNoticeStep) return true;
    return false;
  };
  auto escalating = [](std::span<const DueMessage> due, Id invoice) {
    for (const DueMessage& m : due)
      if (m.channel == Channel::kEscalation)
        for (const ReminderLine& l : m.lines)
          if (l.invoice_id == invoice) return true;
    return false;
  };
  DueMessage notice;
  notice.channel = Channel::kEmail;
  notice.step = kRepNoticeStep;
  notice.template_id = "rep_escalation_notice";
  for (const DueMessage& m : due_later)
    if (m.channel == Channel::kEscalation)
      for (const ReminderLine& l : m.lines)
        if (!escalating(due_today, l.invoice_id) && !announced(l.invoice_id))
          notice.lines.push_back({l.invoice_id, kRepNoticeStep});
  if (notice.lines.empty()) return std::nullopt;
  return notice;
}

}  // namespace encaisse
