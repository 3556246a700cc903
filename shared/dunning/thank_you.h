// The thank-you message: when invoices that were reminded get paid, the customer is thanked
// once, by email, with a receipt of the payments (one message a day listing every such
// invoice). An invoice paid without ever being reminded gets nothing: thanking every payment
// would be noise. Nothing goes to a customer under collective proceedings.
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

}  // namespace encaisse
