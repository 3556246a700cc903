// The company's own Stripe account as the portal's gateway: a Checkout Session is created
// through Stripe's HTTP API (libcurl, the secret key as Bearer, our payment attempt as
// client_reference_id, an Idempotency-Key so that a retried request never opens two sessions),
// the debtor pays on Stripe's page, and Stripe's signed webhooks say when the money is in.
#pragma once

#include <string>

#include "server/payments/gateway.h"

namespace encaisse {

struct StripeConfig {
  std::string api_base = "https://api.stripe.com";  // a local stand-in in tests
  std::string secret_key;                            // sk_live_... / sk_test_...
  std::string webhook_secret;                        // whsec_... of the webhook endpoint
};

class StripeGateway : public PaymentGateway {
 public:
  explicit StripeGateway(StripeConfig config) : config_(std::move(config)) {}
  std::string name() const override { return "stripe"; }
  Result<CheckoutSession> CreateCheckout(const CheckoutRequest& request) override;
  Result<GatewayEvent> ReadWebhook(const std::string& signature_header, const std::string& body, std::time_t now) override;

 private:
  StripeConfig config_;
};

// The configured value, else the environment (ENCAISSE_STRIPE_SECRET_KEY,
// ENCAISSE_STRIPE_WEBHOOK_SECRET): secrets stay out of command lines and files when wanted.
std::string StripeSecretKey(const std::string& configured);
std::string StripeWebhookSecret(const std::string& configured);

}  // namespace encaisse
