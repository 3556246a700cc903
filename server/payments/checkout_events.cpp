#include "server/payments/checkout_events.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <nlohmann/json.hpp>

#include "shared/core/json_int.h"

namespace encaisse {
namespace {

using json = nlohmann::json;

std::string Upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::toupper(c); });
  return s;
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::string StringAt(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

GatewayEvent::Kind KindOf(const std::string& type, const std::string& payment_status) {
  using K = GatewayEvent::Kind;
  if (type == "checkout.session.completed") {
    if (payment_status == "paid") return K::kPaid;
    return payment_status == "unpaid" ? K::kPending : K::kIgnored;  // no_payment_required: nothing owed
  }
  if (type == "checkout.session.async_payment_succeeded") return K::kPaid;
  if (type == "checkout.session.async_payment_failed") return K::kFailed;
  if (type == "checkout.session.expired") return K::kExpired;
  return K::kIgnored;
}

}  // namespace

Result<GatewayEvent> ReadCheckoutEvent(const std::string& body) {
  const json j = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return Status::Invalid("the webhook body is not a JSON object", "body");
  GatewayEvent e;
  e.event_id = StringAt(j, "id");
  e.type = StringAt(j, "type");
  if (e.event_id.empty() || e.type.empty()) return Status::Invalid("the event has no id or no type", "body");
  const auto data = j.find("data");
  const json* object = data != j.end() && data->is_object() && data->contains("object") ? &(*data)["object"] : nullptr;
  const bool checkout = e.type.rfind("checkout.session.", 0) == 0;
  if (!checkout) return e;  // another event type: acknowledged, nothing to do
  if (!object || !object->is_object()) return Status::Invalid("a checkout event without data.object", "data.object");
  e.session_id = StringAt(*object, "id");
  e.kind = KindOf(e.type, StringAt(*object, "payment_status"));
  const std::string reference = StringAt(*object, "client_reference_id");
  if (!reference.empty()) {
    const auto [end, ec] = std::from_chars(reference.data(), reference.data() + reference.size(), e.attempt_id);
    if (ec != std::errc() || end != reference.data() + reference.size() || e.attempt_id <= 0)
      return Status::Invalid("client_reference_id '" + reference + "' is not one of our payment attempts",
                             "client_reference_id");
  }
  if (auto amount = object->find("amount_total"); amount != object->end() && IsInt64(*amount))
    e.amount_minor = amount->get<int64_t>();
  e.currency = Upper(StringAt(*object, "currency"));
  if (e.kind == GatewayEvent::Kind::kPaid && (e.attempt_id == 0 || e.amount_minor <= 0 || e.currency.empty()))
    return Status::Invalid("a paid checkout event needs client_reference_id, amount_total and currency",
                           "data.object");
  if (e.kind == GatewayEvent::Kind::kFailed) e.detail = "the bank refused the delayed payment (async_payment_failed)";
  if (e.kind == GatewayEvent::Kind::kExpired) e.detail = "the checkout was abandoned";
  return e;
}

std::string CheckoutEventJson(const std::string& event_id, const std::string& type, const std::string& session_id,
                              Id attempt_id, int64_t amount_minor, const std::string& currency,
                              const std::string& payment_status, std::time_t created) {
  const json session = {{"id", session_id},
                        {"object", "checkout.session"},
                        {"client_reference_id", std::to_string(attempt_id)},
                        {"amount_total", amount_minor},
                        {"currency", Lower(currency)},
                        {"payment_status", payment_status}};
  return json{{"id", event_id},
              {"object", "event"},
              {"type", type},
              {"created", static_cast<long long>(created)},
              {"data", {{"object", session}}}}
      .dump();
}

}  // namespace encaisse
