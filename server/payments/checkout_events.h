// Stripe's `checkout.session.*` events, read into our GatewayEvent (and written, for the
// sandbox gateway and the tests). Only the fields we act on are read: the event id (a delivery
// is applied once per id), the type, and the session's client_reference_id (our payment
// attempt), amount_total, currency and payment_status.
#pragma once

#include <ctime>
#include <string>

#include "shared/core/result.h"
#include "shared/payments/gateway_event.h"

namespace encaisse {

// Invalid when the body is not a JSON event, or a checkout event lacks what we need.
Result<GatewayEvent> ReadCheckoutEvent(const std::string& body);

// A `checkout.session.*` event as Stripe writes it (currency in lower case).
std::string CheckoutEventJson(const std::string& event_id, const std::string& type, const std::string& session_id,
                              Id attempt_id, int64_t amount_minor, const std::string& currency,
                              const std::string& payment_status, std::time_t created);

}  // namespace encaisse
