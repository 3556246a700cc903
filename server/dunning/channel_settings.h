// What an admin sets in the back office for the ways out: the SMTP server, the SMS provider
// and the debtor portal's payment gateway. Kept in the settings table under 'channels' (never
// synced to the tablets), the secrets sealed (server/auth/secret_box.h) and never sent back:
// the API answers whether each one is set. A stored value wins over the server's command line
// and environment; an empty one leaves the server's. The dunning re-reads them at each pass
// and the portal at each payment, so a change needs no restart.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "server/auth/secret_box.h"
#include "server/dunning/channel_options.h"
#include "shared/store/db.h"

namespace encaisse {

struct ChannelSettings {
  std::string smtp_url, smtp_user, smtp_password, smtp_from;
  std::string sms_url, sms_api_key, sms_sender;
  std::string gateway;  // "", "sandbox" or "stripe"
  std::string stripe_secret_key, stripe_webhook_secret;
  // Secrets stored under another key (the key file was lost): to be typed again.
  std::vector<std::string> unreadable;
};

// The portal's gateway, from the server's options and then the stored settings.
struct GatewayChoice {
  std::string kind = "sandbox";
  std::string stripe_secret_key;
  std::string stripe_webhook_secret;
  bool operator==(const GatewayChoice&) const = default;
};

Result<ChannelSettings> LoadChannelSettings(Db& db, const SecretBox& box);
Status SaveChannelSettings(Db& db, const SecretBox& box, const ChannelSettings& settings);

// A PUT body onto the stored settings. Text fields replace ("" = the server's own); a secret
// is set by a non-empty string, kept by "" or by leaving it out, cleared by null. An unknown
// field, a wrong type or a malformed value is refused, naming the field.
Result<ChannelSettings> ApplyChannelSettingsJson(ChannelSettings settings, const nlohmann::json& body);

ChannelOptions EffectiveChannelOptions(const ChannelOptions& server, const ChannelSettings& stored);
GatewayChoice EffectiveGateway(const GatewayChoice& server, const ChannelSettings& stored);

// What the back office shows: the stored values, whether each secret is set (stored or by the
// server's environment), what the server's own options say, and what is in effect. Never a secret.
nlohmann::json ChannelSettingsToJson(const ChannelSettings& stored, const ChannelOptions& server,
                                     const GatewayChoice& server_gateway);

}  // namespace encaisse
