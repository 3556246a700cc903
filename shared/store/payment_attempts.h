// The debtor's online payments: one attempt per pay form (its one-time key makes a double
// submit, a reload or the back button find the same attempt, never open a second checkout),
// the checkout the gateway opened for it, and the gateway's verified events applied to it,
// each once. The money is recorded only from an event saying it is in: a payment allocated to
// the invoices the debtor chose (oldest first when they chose none), what is left over stays
// as a credit on the account (the debtor also paid by transfer meanwhile: nothing is settled
// twice, the overpayment shows).
#pragma once

#include <string>
#include <vector>

#include "shared/payments/gateway_event.h"
#include "shared/store/store.h"

namespace encaisse {

struct PaymentAttempt {
  Id id = 0;
  Id customer_id = 0;
  std::string form_key;
  std::string gateway;
  int64_t amount_minor = 0;
  std::string currency;
  std::vector<Id> invoice_ids;  // chosen by the debtor, in their order; empty = oldest first
  std::string status;  // created | open | pending | paid | failed | expired
  std::string checkout_id;
  std::string checkout_url;
  std::string detail;
  Id payment_id = 0;
  std::string created_at;
  std::string updated_at;
};

// Stores the attempt of a pay form (status created), or returns the one its form_key already
// made: then `created` is false and the caller sends the debtor to that attempt's checkout.
struct AttemptOrExisting {
  PaymentAttempt attempt;
  bool created = false;
};
Result<AttemptOrExisting> CreateAttempt(Db& db, const PaymentAttempt& attempt);
Result<PaymentAttempt> GetAttempt(Db& db, Id id);  // NotFound("no such payment")
// The customer's attempts, newest first.
Result<std::vector<PaymentAttempt>> CustomerAttempts(Db& db, Id customer_id, int limit);
// The gateway opened the checkout (status open), or could not (status failed, detail).
Status SetCheckout(Db& db, Id attempt_id, const std::string& checkout_id, const std::string& url, const std::string& now);
Status FailAttempt(Db& db, Id attempt_id, const std::string& detail, const std::string& now);

struct EventOutcome {
  bool duplicate = false;   // this event was applied before: nothing done
  std::string outcome;      // paid, pending, failed, expired, ignored, already_paid, unknown_attempt
  Id attempt_id = 0;
  Id customer_id = 0;
  Id payment_id = 0;        // paid: the payment recorded
  std::vector<Id> settled;  // paid: the invoices it settled in full
};

// Applies a verified event in one transaction with its gateway_events row: a re-delivery of
// the same event id changes nothing. `today` dates the payment.
Result<EventOutcome> ApplyGatewayEvent(Store& store, const std::string& gateway, const GatewayEvent& event, Date today,
                                       const std::string& now);

}  // namespace encaisse
