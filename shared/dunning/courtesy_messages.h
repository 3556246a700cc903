// Messages beside the scenario. The thank-you message: when invoices that were reminded get paid, the customer is
// thanked once, by email, with a receipt of the payments (one message a day listing every such invoice). An invoice
// paid without ever being reminded gets nothing: thanking every payment would be noise. Nothing goes to a customer
// under collective proceedings.
#pragma once

#include <optional>
#include <span>

#include "shared/dunning/dunning_decide.h"

namespace encaisse {

// A paid invoice that was reminded and not yet thanked for.
struct PaidInvoice {
  Id id = 0;
  Date paid_on;  // the date of the payment that settled it
};

// The step recorded on a thank-you line (each invoice is thanked once: the outbox's line
// is unique per invoice and step).
inline constexpr int kThankYouStep = -2;
// Payments older than this (before the run had a chance, or before go-live) are not thanked.
inline constexpr int kThankYouWindowDays = 7;

std::optional<DueMessage> DecideThankYou(std::span<const PaidInvoice> paid, bool insolvent, Date today);

// The notice to the customer's sales rep a few days before the account escalates, so that
// the rep can still save the relationship: the invoices whose escalation step will be due in
// kRepNoticeDays but is not due today. Each invoice is announced once (step kRepNoticeStep).
inline constexpr int kRepNoticeStep = -3;
// The step recorded on the answer to a plan the debtor asked for (shared/store/courtesy_queue.h).
inline constexpr int kPlanDecisionStep = -4;
// The step recorded on a statement a collector sends at once (shared/store/courtesy_queue.h).
inline constexpr int kStatementNowStep = -5;
inline constexpr int kRepNoticeDays = 5;
// `history`: the customer's sent lines (any scenario); an invoice announced before is skipped.
std::optional<DueMessage> DecideRepNotice(std::span<const DueMessage> due_today, std::span<const DueMessage> due_later,
                                          std::span<const SentStep> history);

}  // namespace encaisse
