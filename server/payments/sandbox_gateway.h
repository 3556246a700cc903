// The built-in sandbox gateway, for demos and tests: it behaves as the company's real gateway
// would, on routes of our own server. Its checkout page looks like a card form (the card
// fields are never submitted); "pay" makes a signed `checkout.session.completed` event and
// delivers it to /webhooks/sandbox exactly as a gateway would (after a configurable delay,
// once or, to exercise retries, twice); a declined card leaves the checkout open; abandoning
// it sends `checkout.session.expired`.
#pragma once

#include <string>

#include "server/payments/gateway.h"

namespace encaisse {

struct SandboxConfig {
  std::string webhook_secret;  // signs the events (random per server start)
  int webhook_delay_ms = 0;    // 0: delivered before the debtor comes back from the checkout
  bool deliver_twice = false;  // a gateway retrying a delivery it thinks was lost
};

class SandboxGateway : public PaymentGateway {
 public:
  explicit SandboxGateway(SandboxConfig config) : config_(std::move(config)) {}
  std::string name() const override { return "sandbox"; }
  // The checkout is a page of ours: /sandbox/checkout/<session id>.
  Result<CheckoutSession> CreateCheckout(const CheckoutRequest& request) override;
  Result<GatewayEvent> ReadWebhook(const std::string& signature_header, const std::string& body, std::time_t now) override;

  const SandboxConfig& config() const { return config_; }

 private:
  SandboxConfig config_;
};

// Posts a signed event to http://host:port/webhooks/sandbox, retrying a failed delivery
// (as gateways do) up to three times; with `delay_ms`, from a background thread.
void DeliverSandboxEvent(const std::string& host, int port, const std::string& secret, const std::string& body,
                         int delay_ms, bool twice);

}  // namespace encaisse
