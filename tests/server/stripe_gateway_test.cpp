// The Stripe adapter without the network: the Stripe-Signature scheme against a known HMAC
// answer and its failure cases, the checkout events read into our terms, and Checkout Session
// creation against a local stand-in for api.stripe.com that checks what a real one would.
#include <gtest/gtest.h>
#include <httplib.h>

#include <cstdlib>
#include <thread>

#include "server/payments/checkout_events.h"
#include "server/payments/stripe_gateway.h"
#include "server/payments/webhook_signature.h"

namespace encaisse {
namespace {

TEST(WebhookSignature, HmacMatchesTheRfc4231Answer) {
  EXPECT_EQ(HmacSha256Hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(WebhookSignature, AcceptsTheRightSignatureWithinTheTolerance) {
  const std::string body = R"({"id":"evt_1"})";
  const std::time_t t = 1'800'000'000;
  EXPECT_TRUE(VerifySignature(SignatureHeader("whsec_a", t, body), body, "whsec_a", t).ok());
  EXPECT_TRUE(VerifySignature(SignatureHeader("whsec_a", t, body), body, "whsec_a", t + 300).ok());
  EXPECT_TRUE(VerifySignature(SignatureHeader("whsec_a", t, body), body, "whsec_a", t - 300).ok()) << "clock skew";
  // A secret being rolled: Stripe signs with both, either one verifies; spaces are tolerated.
  const std::string rolled = "t=" + std::to_string(t) + ", v1=" + HmacSha256Hex("whsec_old", std::to_string(t) + "." + body) +
                             ", v1=" + HmacSha256Hex("whsec_a", std::to_string(t) + "." + body) + ",v0=ignored";
  EXPECT_TRUE(VerifySignature(rolled, body, "whsec_a", t).ok());
  EXPECT_TRUE(VerifySignature(rolled, body, "whsec_old", t).ok());
}

TEST(WebhookSignature, RefusesEachKindOfBadHeaderWithItsReason) {
  const std::string body = R"({"id":"evt_1"})";
  const std::time_t t = 1'800'000'000;
  const std::string good = SignatureHeader("whsec_a", t, body);
  struct Case {
    std::string header, payload, secret;
    std::time_t now;
    std::string reason;
  };
  const Case cases[] = {
      {good, body, "whsec_a", t + 301, "tolerance"},
      {good, body, "whsec_a", t - 301, "tolerance"},
      {good, body + " ", "whsec_a", t, "does not match"},
      {good, body, "whsec_b", t, "does not match"},
      {good, body, "", t, "no webhook secret"},
      {"", body, "whsec_a", t, "missing"},
      {"v1=" + HmacSha256Hex("whsec_a", std::to_string(t) + "." + body), body, "whsec_a", t, "timestamp"},
      {"t=12x,v1=00", body, "whsec_a", t, "timestamp"},
      {"t=" + std::to_string(t), body, "whsec_a", t, "without a v1"},
      {"t=" + std::to_string(t) + ",v1=" + std::string(64, '0'), body, "whsec_a", t, "does not match"},
      {"t=" + std::to_string(t) + ",v1=abc", body, "whsec_a", t, "does not match"},
  };
  for (const Case& c : cases) {
    const Status s = VerifySignature(c.header, c.payload, c.secret, c.now);
    EXPECT_FALSE(s.ok()) << c.header;
    EXPECT_NE(s.message().find(c.reason), std::string::npos) << c.header << ": " << s.message();
    EXPECT_EQ(s.field(), "Stripe-Signature");
  }
}

// Found by tests/fuzz/webhook_signature_fuzz: `now - t` overflowed on the smallest timestamp.
TEST(WebhookSignature, AnExtremeTimestampIsOutsideTheTolerance) {
  for (const char* header : {"t=-9223372036854775808,v1=ab", "t=9223372036854775807,v1=ab"}) {
    const Status s = VerifySignature(header, "{}", "whsec_a", 1'800'000'000);
    EXPECT_FALSE(s.ok()) << header;
    EXPECT_NE(s.message().find("tolerance"), std::string::npos) << s.message();
  }
}

TEST(CheckoutEvents, ReadsEachCheckoutOutcome) {
  using K = GatewayEvent::Kind;
  struct Case {
    const char* type;
    const char* payment_status;
    K kind;
  };
  const Case cases[] = {
      {"checkout.session.completed", "paid", K::kPaid},
      {"checkout.session.completed", "unpaid", K::kPending},  // a SEPA debit still on its way
      {"checkout.session.async_payment_succeeded", "paid", K::kPaid},
      {"checkout.session.async_payment_failed", "unpaid", K::kFailed},
      {"checkout.session.expired", "unpaid", K::kExpired},
      {"checkout.session.completed", "no_payment_required", K::kIgnored},
  };
  for (const Case& c : cases) {
    auto e = ReadCheckoutEvent(CheckoutEventJson("evt_9", c.type, "cs_9", 42, 12'345, "EUR", c.payment_status, 1));
    ASSERT_TRUE(e.ok()) << c.type << ": " << e.status().message();
    EXPECT_EQ(e->kind, c.kind) << c.type << " " << c.payment_status;
    EXPECT_EQ(e->event_id, "evt_9");
    EXPECT_EQ(e->type, c.type);
    EXPECT_EQ(e->attempt_id, 42);
    EXPECT_EQ(e->session_id, "cs_9");
    EXPECT_EQ(e->amount_minor, 12'345);
    EXPECT_EQ(e->currency, "EUR") << "Stripe's lower case read as ISO";
  }
  auto failed = ReadCheckoutEvent(CheckoutEventJson("evt_f", "checkout.session.async_payment_failed", "cs", 1, 5, "eur", "unpaid", 1));
  ASSERT_TRUE(failed.ok());
  EXPECT_FALSE(failed->detail.empty()) << "the debtor and the collectors are told why";
}

TEST(CheckoutEvents, OtherEventsAreAcknowledgedAndBadBodiesRefused) {
  auto other = ReadCheckoutEvent(R"({"id":"evt_2","type":"charge.refunded","data":{"object":{"id":"ch_1"}}})");
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(other->kind, GatewayEvent::Kind::kIgnored);
  const char* bad[] = {
      "not json",
      "[1,2]",
      R"({"type":"checkout.session.completed"})",
      R"({"id":"evt_3","type":"checkout.session.completed"})",
      R"({"id":"evt_3","type":"checkout.session.completed","data":{"object":{"id":"cs","client_reference_id":"7x","amount_total":5,"currency":"eur","payment_status":"paid"}}})",
      R"({"id":"evt_3","type":"checkout.session.completed","data":{"object":{"id":"cs","amount_total":5,"currency":"eur","payment_status":"paid"}}})",
      R"({"id":"evt_3","type":"checkout.session.completed","data":{"object":{"id":"cs","client_reference_id":"7","currency":"eur","payment_status":"paid"}}})",
  };
  for (const char* body : bad) EXPECT_FALSE(ReadCheckoutEvent(body).ok()) << body;
}

// A local stand-in for api.stripe.com's POST /v1/checkout/sessions.
class StripeStandIn {
 public:
  StripeStandIn() {
    server_.Post("/v1/checkout/sessions", [this](const httplib::Request& req, httplib::Response& res) {
      last_ = req;
      if (req.get_header_value("Authorization") != "Bearer sk_test_x") {
        res.status = 401;
        res.set_content(R"({"error":{"message":"Invalid API Key provided"}})", "application/json");
        return;
      }
      res.set_content(R"({"id":"cs_test_a1","object":"checkout.session","url":"https://checkout.stripe.com/c/pay/cs_test_a1"})",
                      "application/json");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    // bound and listening already: a request made now waits in the backlog
  }
  ~StripeStandIn() {
    server_.stop();
    thread_.join();
  }
  std::string base() const { return "http://127.0.0.1:" + std::to_string(port_); }
  const httplib::Request& last() const { return last_; }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  httplib::Request last_;
};

CheckoutRequest Request() {
  CheckoutRequest r;
  r.attempt_id = 77;
  r.amount_minor = 150'050;
  r.currency = "EUR";
  r.description = "Factures FA-1 & FA-2";
  r.customer_email = "compta@client.test";
  r.success_url = "https://pay.demo.test/portal/payments/77";
  r.cancel_url = "https://pay.demo.test/portal";
  r.idempotency_key = "attempt-77";
  return r;
}

TEST(StripeGateway, CreatesACheckoutSessionForOurAttempt) {
  StripeStandIn stripe;
  StripeGateway gateway({stripe.base(), "sk_test_x", "whsec_x"});
  auto session = gateway.CreateCheckout(Request());
  ASSERT_TRUE(session.ok()) << session.status().message();
  EXPECT_EQ(session->session_id, "cs_test_a1");
  EXPECT_EQ(session->redirect_url, "https://checkout.stripe.com/c/pay/cs_test_a1");
  const httplib::Request& r = stripe.last();
  EXPECT_EQ(r.get_header_value("Idempotency-Key"), "attempt-77");
  EXPECT_EQ(r.get_param_value("mode"), "payment");
  EXPECT_EQ(r.get_param_value("client_reference_id"), "77");
  EXPECT_EQ(r.get_param_value("line_items[0][price_data][unit_amount]"), "150050");
  EXPECT_EQ(r.get_param_value("line_items[0][price_data][currency]"), "eur");
  EXPECT_EQ(r.get_param_value("line_items[0][price_data][product_data][name]"), "Factures FA-1 & FA-2")
      << "form values are escaped";
  EXPECT_EQ(r.get_param_value("success_url"), "https://pay.demo.test/portal/payments/77");
  EXPECT_EQ(r.get_param_value("customer_email"), "compta@client.test");
}

TEST(StripeGateway, SaysWhyStripeRefused) {
  StripeStandIn stripe;
  StripeGateway gateway({stripe.base(), "sk_test_wrong", "whsec_x"});
  auto session = gateway.CreateCheckout(Request());
  ASSERT_FALSE(session.ok());
  EXPECT_NE(session.status().message().find("401"), std::string::npos) << session.status().message();
  EXPECT_NE(session.status().message().find("Invalid API Key"), std::string::npos) << session.status().message();
  StripeGateway down({"http://127.0.0.1:1", "sk_test_x", "whsec_x"});
  EXPECT_FALSE(down.CreateCheckout(Request()).ok());
  StripeGateway keyless({stripe.base(), "", "whsec_x"});
  EXPECT_FALSE(keyless.CreateCheckout(Request()).ok());
}

TEST(StripeGateway, VerifiesItsWebhooksWithTheEndpointSecret) {
  StripeGateway gateway({"http://127.0.0.1:1", "sk_test_x", "whsec_endpoint"});
  const std::string body = CheckoutEventJson("evt_1", "checkout.session.completed", "cs_1", 5, 100, "EUR", "paid", 1);
  const std::time_t now = 1'800'000'000;
  auto ok = gateway.ReadWebhook(SignatureHeader("whsec_endpoint", now, body), body, now);
  ASSERT_TRUE(ok.ok()) << ok.status().message();
  EXPECT_EQ(ok->kind, GatewayEvent::Kind::kPaid);
  EXPECT_FALSE(gateway.ReadWebhook(SignatureHeader("whsec_other", now, body), body, now).ok());
}

TEST(StripeGateway, SecretsComeFromTheConfigElseTheEnvironment) {
  setenv("ENCAISSE_STRIPE_WEBHOOK_SECRET", "whsec_env", 1);
  EXPECT_EQ(StripeWebhookSecret(""), "whsec_env");
  EXPECT_EQ(StripeWebhookSecret("whsec_cfg"), "whsec_cfg");
  unsetenv("ENCAISSE_STRIPE_WEBHOOK_SECRET");
  EXPECT_EQ(StripeWebhookSecret(""), "");
}

}  // namespace
}  // namespace encaisse
