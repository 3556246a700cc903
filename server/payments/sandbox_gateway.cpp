#include "server/payments/sandbox_gateway.h"

#include <httplib.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <thread>

#include "server/auth/tokens.h"
#include "server/payments/checkout_events.h"
#include "server/payments/webhook_signature.h"

namespace encaisse {
namespace {

bool PostOnce(const std::string& host, int port, const std::string& secret, const std::string& body) {
  httplib::Client client(host, port);
  client.set_connection_timeout(5);
  client.set_read_timeout(10);
  const httplib::Headers headers = {{"Stripe-Signature", SignatureHeader(secret, std::time(nullptr), body)}};
  for (int attempt = 0; attempt < 3; ++attempt) {
    auto res = client.Post("/webhooks/sandbox", headers, body, "application/json");
    if (res && res->status / 100 == 2) return true;
    spdlog::warn("sandbox webhook delivery {} failed: {}", attempt + 1,
                 res ? std::to_string(res->status) : httplib::to_string(res.error()));
    std::this_thread::sleep_for(std::chrono::milliseconds(200 << attempt));
  }
  return false;
}

}  // namespace

Result<CheckoutSession> SandboxGateway::CreateCheckout(const CheckoutRequest& request) {
  if (request.amount_minor <= 0) return Status::Invalid("the amount must be positive", "amount");
  CheckoutSession s;
  s.session_id = "cs_sandbox_" + NewToken("").substr(0, 24);
  s.redirect_url = "/sandbox/checkout/" + s.session_id;
  return s;
}

Result<GatewayEvent> SandboxGateway::ReadWebhook(const std::string& signature_header, const std::string& body,
                                                 std::time_t now) {
  ENC_RETURN_IF_ERROR(VerifySignature(signature_header, body, config_.webhook_secret, now));
  return ReadCheckoutEvent(body);
}

void DeliverSandboxEvent(const std::string& host, int port, const std::string& secret, const std::string& body,
                         int delay_ms, bool twice) {
  auto deliver = [=] {
    if (delay_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    PostOnce(host, port, secret, body);
    if (twice) PostOnce(host, port, secret, body);
  };
  if (delay_ms == 0) return deliver();
  std::thread(deliver).detach();  // a gateway answers in its own time; the debtor does not wait
}

}  // namespace encaisse
