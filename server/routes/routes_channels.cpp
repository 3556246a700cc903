// The ways out, set by an admin in the back office: the SMTP server, the SMS provider and the
// portal's payment gateway (server/dunning/channel_settings.h). Secrets go in, never out: the
// answer says whether each is set. "Send a test" hands one message to the channel as it is
// configured now and answers with the channel's own words when it refuses, so a typo in the
// server's address shows here and not in tomorrow's outbox.
#include <spdlog/spdlog.h>

#include "server/auth/tokens.h"
#include "server/dunning/channel_settings.h"
#include "server/dunning/channels.h"
#include "server/dunning/mime_message.h"
#include "server/http/json_io.h"
#include "server/routes/routes.h"
#include "shared/templates/template_render.h"

namespace encaisse {
namespace {

Access Admins() { return Access::Roles({Role::kAdmin}); }

GatewayChoice ServerGateway(const ServeOptions& o) { return {o.gateway, o.stripe_secret_key, o.stripe_webhook_secret}; }

void GetChannelsRoute(ApiCall& c) {
  auto stored = LoadChannelSettings(c.store.db(), c.app.secrets());
  if (!stored.ok()) return SendStatus(c.res, stored.status());
  SendJson(c.res, 200, ChannelSettingsToJson(*stored, c.app.options().channels, ServerGateway(c.app.options())));
}

void PutChannelsRoute(ApiCall& c) {
  auto body = ParseJsonObject(c.req);
  if (!body.ok()) return SendStatus(c.res, body.status());
  auto tx = Transaction::Begin(c.store.db());
  if (!tx.ok()) return SendStatus(c.res, tx.status());
  auto stored = LoadChannelSettings(c.store.db(), c.app.secrets());
  if (!stored.ok()) return SendStatus(c.res, stored.status());
  auto applied = ApplyChannelSettingsJson(*stored, *body);
  if (!applied.ok()) return SendStatus(c.res, applied.status());
  // Stripe takes the payments only with both of its secrets: without the webhook's, no
  // payment would ever be recorded.
  const GatewayChoice gateway = EffectiveGateway(ServerGateway(c.app.options()), *applied);
  if (gateway.kind == "stripe" && gateway.stripe_secret_key.empty())
    return SendError(c.res, 422, "refused", "Stripe needs its secret key (sk_live_... or sk_test_...)", "stripe_secret_key");
  if (gateway.kind == "stripe" && gateway.stripe_webhook_secret.empty())
    return SendError(c.res, 422, "refused",
                     "Stripe needs the webhook's signing secret (whsec_...): without it no payment is recorded",
                     "stripe_webhook_secret");
  if (Status s = SaveChannelSettings(c.store.db(), c.app.secrets(), *applied); !s.ok()) return SendStatus(c.res, s);
  if (Status s = tx->Commit(); !s.ok()) return SendStatus(c.res, s);
  spdlog::info("channel settings changed by user {}", c.user.user_id);
  SendJson(c.res, 200, ChannelSettingsToJson(*applied, c.app.options().channels, ServerGateway(c.app.options())));
}

ComposedMessage TestMessage(const CompanySettings& company, const std::string& via) {
  ComposedMessage m;
  m.subject = "Encaisse : message de test / test message";
  m.text = "Ce message de test a été envoyé par Encaisse pour " + company.name + " via " + via +
           ". Les relances partiront par ce même chemin.\n\nThis test message was sent by Encaisse for " +
           company.name + " through " + via + ". Reminders will leave the same way.\n";
  m.html = "<!DOCTYPE html><html><body><p>Ce message de test a été envoyé par Encaisse pour <b>" +
           EscapeHtml(company.name) + "</b> via " + EscapeHtml(via) +
           ". Les relances partiront par ce même chemin.</p><p>This test message was sent by Encaisse for <b>" +
           EscapeHtml(company.name) + "</b> through " + EscapeHtml(via) +
           ". Reminders will leave the same way.</p></body></html>";
  return m;
}

void TestChannelRoute(ApiCall& c) {
  auto body = ParseJsonObject(c.req);
  if (!body.ok()) return SendStatus(c.res, body.status());
  auto channel = RequiredString(*body, "channel", 10);
  if (!channel.ok()) return SendStatus(c.res, channel.status());
  auto to = RequiredString(*body, "to", 254);
  if (!to.ok()) return SendStatus(c.res, to.status());
  if (*channel != "email" && *channel != "sms")
    return SendError(c.res, 400, "invalid_argument", "channel is email or sms", "channel");
  auto stored = LoadChannelSettings(c.store.db(), c.app.secrets());
  if (!stored.ok()) return SendStatus(c.res, stored.status());
  auto company = c.store.LoadSettings();
  if (!company.ok()) return SendStatus(c.res, company.status());
  const ChannelOptions options = EffectiveChannelOptions(c.app.options().channels, *stored);
  const bool email = *channel == "email";
  if (email && options.smtp_url.empty())
    return SendError(c.res, 422, "refused", "no SMTP server is set: fill in its address first", "smtp_url");
  if (!email && options.sms_url.empty() && options.sms_file.empty())
    return SendError(c.res, 422, "refused", "no SMS provider is set: fill in its address first", "sms_url");
  const std::string via = email ? options.smtp_url : !options.sms_url.empty() ? options.sms_url : options.sms_file;

  Channels channels(options);
  OutgoingMessage m;
  m.channel = email ? Channel::kEmail : Channel::kSms;
  m.message_id = "<test-" + NewToken("").substr(0, 16) + "@" + MessageIdDomain(company->email) + ">";
  m.customer.name = *to;
  (email ? m.customer.email : m.customer.phone) = *to;
  m.company = *company;
  m.today = c.today;
  m.content = TestMessage(*company, via);
  if (!email) m.content.text = "Encaisse : SMS de test pour " + company->name + ". Test SMS.";
  Status sent = (email ? channels.senders().email : channels.senders().sms)->Send(m);
  if (!sent.ok()) {
    spdlog::warn("test {} to {} via {}: {}", *channel, *to, via, sent.ToString());
    // A bad address is the admin's to fix (422); the channel's own refusal or silence is 502.
    if (sent.code() == Code::kInvalidArgument) return SendError(c.res, 422, "refused", sent.message(), "to");
    return SendError(c.res, 502, "channel_failed", sent.message(), email ? "smtp_url" : "sms_url");
  }
  spdlog::info("test {} sent to {} via {} by user {}", *channel, *to, via, c.user.user_id);
  SendJson(c.res, 200, {{"sent", true}, {"channel", *channel}, {"to", *to}, {"via", via}});
}

}  // namespace

void RegisterChannelRoutes(App& app) {
  using M = App::Method;
  app.Api(M::kGet, "/api/v1/settings/channels", Admins(), GetChannelsRoute);
  app.Api(M::kPut, "/api/v1/settings/channels", Admins(), PutChannelsRoute);
  app.Api(M::kPost, "/api/v1/settings/channels/test", Admins(), TestChannelRoute);
}

}  // namespace encaisse
