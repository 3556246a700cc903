#include "server/payments/stripe_gateway.h"

#include <cctype>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "server/http/http_post.h"
#include "server/payments/checkout_events.h"
#include "server/payments/webhook_signature.h"

namespace encaisse {
namespace {

std::string FromEnv(const std::string& configured, const char* variable) {
  if (!configured.empty()) return configured;
  const char* v = std::getenv(variable);
  return v ? v : "";
}

// Stripe takes form-encoded bodies with bracketed keys for nested fields.
class Form {
 public:
  void Add(const std::string& key, const std::string& value) {
    body_ += (body_.empty() ? "" : "&") + FormEscape(key) + "=" + FormEscape(value);
  }
  const std::string& body() const { return body_; }

 private:
  std::string body_;
};

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

Result<CheckoutSession> StripeGateway::CreateCheckout(const CheckoutRequest& r) {
  if (r.amount_minor <= 0) return Status::Invalid("the amount must be positive", "amount");
  if (config_.secret_key.empty()) return Status::Refused("no Stripe secret key configured");
  Form form;
  form.Add("mode", "payment");
  form.Add("client_reference_id", std::to_string(r.attempt_id));
  form.Add("success_url", r.success_url);
  form.Add("cancel_url", r.cancel_url);
  form.Add("line_items[0][quantity]", "1");
  form.Add("line_items[0][price_data][currency]", Lower(r.currency));
  form.Add("line_items[0][price_data][unit_amount]", std::to_string(r.amount_minor));
  form.Add("line_items[0][price_data][product_data][name]", r.description);
  form.Add("metadata[encaisse_attempt]", std::to_string(r.attempt_id));
  if (!r.customer_email.empty()) form.Add("customer_email", r.customer_email);
  std::vector<std::string> headers = {"Authorization: Bearer " + config_.secret_key};
  if (!r.idempotency_key.empty()) headers.push_back("Idempotency-Key: " + r.idempotency_key);
  auto answer = HttpPost(config_.api_base + "/v1/checkout/sessions", headers, form.body(), "stripe", 30);
  if (!answer.ok()) return answer.status();
  const auto j = nlohmann::json::parse(answer->body, nullptr, /*allow_exceptions=*/false);
  if (answer->status < 200 || answer->status >= 300) {
    std::string message = "stripe answered " + std::to_string(answer->status);
    if (j.is_object() && j.contains("error") && j["error"].is_object() && j["error"].contains("message") &&
        j["error"]["message"].is_string())
      message += ": " + j["error"]["message"].get<std::string>();
    return Status::Internal(message);
  }
  if (!j.is_object() || !j.contains("id") || !j["id"].is_string() || !j.contains("url") || !j["url"].is_string())
    return Status::Internal("stripe answered a checkout session without id or url");
  return CheckoutSession{j["id"].get<std::string>(), j["url"].get<std::string>()};
}

Result<GatewayEvent> StripeGateway::ReadWebhook(const std::string& signature_header, const std::string& body,
                                                std::time_t now) {
  ENC_RETURN_IF_ERROR(VerifySignature(signature_header, body, config_.webhook_secret, now));
  return ReadCheckoutEvent(body);
}

std::string StripeSecretKey(const std::string& configured) {
  return FromEnv(configured, "ENCAISSE_STRIPE_SECRET_KEY");
}

std::string StripeWebhookSecret(const std::string& configured) {
  return FromEnv(configured, "ENCAISSE_STRIPE_WEBHOOK_SECRET");
}

}  // namespace encaisse
