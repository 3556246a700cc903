#include "shared/dunning/thank_you.h"

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

}  // namespace encaisse
