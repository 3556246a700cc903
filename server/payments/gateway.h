// The online payment gateway the debtor portal sends a debtor to: the company's own account
// at Stripe, or the built-in sandbox for demos and tests. Encaisse never sees card data and
// never holds the money: it opens a checkout for an amount, the debtor pays on the gateway's
// page, and the gateway tells us by a signed webhook. A payment is recorded only from such a
// verified event, once per event id.
//
// Both gateways speak Stripe's format (Checkout Sessions, `checkout.session.*` events, the
// `Stripe-Signature` header), so one verifier and one event reader serve both.
#pragma once

#include <ctime>
#include <string>

#include "shared/core/result.h"
#include "shared/model/entities.h"
#include "shared/payments/gateway_event.h"

namespace encaisse {

struct CheckoutRequest {
  Id attempt_id = 0;  // our payment attempt: Stripe's client_reference_id
  int64_t amount_minor = 0;
  std::string currency;  // ISO 4217, e.g. "EUR"
  std::string description;  // the line the debtor sees: "Factures FA-1, FA-2"
  std::string customer_email;
  std::string success_url;
  std::string cancel_url;
  std::string idempotency_key;  // the same key never opens two checkouts
};

struct CheckoutSession {
  std::string session_id;
  std::string redirect_url;  // where the debtor is sent to pay
};

class PaymentGateway {
 public:
  virtual ~PaymentGateway() = default;
  virtual std::string name() const = 0;  // "sandbox" or "stripe"
  virtual Result<CheckoutSession> CreateCheckout(const CheckoutRequest& request) = 0;
  // Verifies a webhook delivery (signature header, raw body) and reads its event: Invalid for
  // a bad or missing signature, a timestamp out of tolerance or a body that is not an event.
  virtual Result<GatewayEvent> ReadWebhook(const std::string& signature_header, const std::string& body,
                                           std::time_t now) = 0;
};

}  // namespace encaisse
