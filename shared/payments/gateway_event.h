// What a payment gateway's verified webhook says about a checkout, in our terms: the server
// reads it from the gateway's format (server/payments/), the store applies it
// (shared/store/payment_attempts.h).
#pragma once

#include <cstdint>
#include <string>

#include "shared/model/entities.h"

namespace encaisse {

struct GatewayEvent {
  enum class Kind {
    kPaid,     // the money is in (completed with payment_status paid, or async succeeded)
    kPending,  // completed but not paid yet (a delayed method such as SEPA debit)
    kFailed,   // async payment failed
    kExpired,  // the checkout was abandoned
    kIgnored,  // another event type: acknowledged, nothing to do
  };
  std::string event_id;  // unique per event; a re-delivery repeats it
  std::string type;      // "checkout.session.completed", ...
  Kind kind = Kind::kIgnored;
  Id attempt_id = 0;     // client_reference_id (0 when absent)
  std::string session_id;
  int64_t amount_minor = 0;  // amount_total
  std::string currency;      // upper case
  std::string detail;        // why it failed, for the debtor and the collectors
};

}  // namespace encaisse
