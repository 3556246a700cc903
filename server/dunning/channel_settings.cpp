#include "server/dunning/channel_settings.h"

#include <cctype>

#include "server/dunning/mime_message.h"

namespace encaisse {
namespace {

using nlohmann::json;

struct TextField {
  const char* name;
  std::string ChannelSettings::*member;
};
constexpr TextField kTextFields[] = {
    {"smtp_url", &ChannelSettings::smtp_url},     {"smtp_user", &ChannelSettings::smtp_user},
    {"smtp_from", &ChannelSettings::smtp_from},   {"sms_url", &ChannelSettings::sms_url},
    {"sms_sender", &ChannelSettings::sms_sender}, {"gateway", &ChannelSettings::gateway},
};
constexpr TextField kSecretFields[] = {
    {"smtp_password", &ChannelSettings::smtp_password},
    {"sms_api_key", &ChannelSettings::sms_api_key},
    {"stripe_secret_key", &ChannelSettings::stripe_secret_key},
    {"stripe_webhook_secret", &ChannelSettings::stripe_webhook_secret},
};

bool StartsWith(const std::string& s, std::string_view prefix) { return s.rfind(prefix, 0) == 0; }

bool HasSpaceOrControl(const std::string& s) {
  for (unsigned char c : s)
    if (c <= ' ' || c == 0x7f) return true;
  return false;
}

Status Check(const ChannelSettings& s) {
  if (!s.smtp_url.empty() && (!(StartsWith(s.smtp_url, "smtp://") || StartsWith(s.smtp_url, "smtps://")) ||
                              HasSpaceOrControl(s.smtp_url) || s.smtp_url.size() < 9))
    return Status::Invalid("an SMTP server is written smtp://host:587 (STARTTLS) or smtps://host:465", "smtp_url");
  if (!s.smtp_from.empty() && !PlainAddress(s.smtp_from))  // the rule the From header is built with
    return Status::Invalid("the sending address must be an email address (name@domain)", "smtp_from");
  if (HasSpaceOrControl(s.smtp_user)) return Status::Invalid("the SMTP login has no spaces", "smtp_user");
  if (!s.sms_url.empty() && (!(StartsWith(s.sms_url, "https://") || StartsWith(s.sms_url, "http://")) ||
                             HasSpaceOrControl(s.sms_url)))
    return Status::Invalid("the SMS provider's address is an https:// URL", "sms_url");
  if (s.sms_sender.size() > 11)
    return Status::Invalid("a phone shows 11 characters of the sender name at most", "sms_sender");
  for (unsigned char c : s.sms_sender)
    if (!std::isalnum(c) && c != ' ')
      return Status::Invalid("the SMS sender name takes letters, digits and spaces only", "sms_sender");
  if (!s.gateway.empty() && s.gateway != "sandbox" && s.gateway != "stripe")
    return Status::Invalid("the gateway is sandbox or stripe", "gateway");
  if (!s.stripe_secret_key.empty() && !StartsWith(s.stripe_secret_key, "sk_") && !StartsWith(s.stripe_secret_key, "rk_"))
    return Status::Invalid("a Stripe secret key starts with sk_ (or rk_ for a restricted key)", "stripe_secret_key");
  if (!s.stripe_webhook_secret.empty() && !StartsWith(s.stripe_webhook_secret, "whsec_"))
    return Status::Invalid("a Stripe webhook signing secret starts with whsec_", "stripe_webhook_secret");
  return Status::Ok();
}

const std::string& Pick(const std::string& stored, const std::string& server) { return stored.empty() ? server : stored; }

}  // namespace

Result<ChannelSettings> LoadChannelSettings(Db& db, const SecretBox& box) {
  ChannelSettings s;
  auto st = db.Prepare("SELECT value FROM settings WHERE key = 'channels'");
  if (!st.ok()) return st.status();
  auto row = st->Step();
  if (!row.ok()) return row.status();
  if (!*row) return s;
  const json stored = json::parse(st->Text(0), nullptr, false);
  if (!stored.is_object()) return Status::Internal("the stored channel settings are not JSON");
  for (const auto& f : kTextFields)
    if (auto it = stored.find(f.name); it != stored.end() && it->is_string()) s.*f.member = it->get<std::string>();
  for (const auto& f : kSecretFields) {
    auto it = stored.find(f.name);
    if (it == stored.end() || !it->is_string()) continue;
    auto plain = box.Open(it->get<std::string>());
    if (plain.ok()) s.*f.member = std::move(*plain);
    else s.unreadable.push_back(f.name);
  }
  return s;
}

Status SaveChannelSettings(Db& db, const SecretBox& box, const ChannelSettings& s) {
  json stored = json::object();
  for (const auto& f : kTextFields)
    if (!(s.*f.member).empty()) stored[f.name] = s.*f.member;
  for (const auto& f : kSecretFields)
    if (!(s.*f.member).empty()) stored[f.name] = box.Seal(s.*f.member);
  auto st = db.Prepare(
      "INSERT INTO settings (key, value) VALUES ('channels', ?) "
      "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
  if (!st.ok()) return st.status();
  return st->Bind(1, stored.dump()).Run();
}

Result<ChannelSettings> ApplyChannelSettingsJson(ChannelSettings s, const json& body) {
  for (const auto& [key, value] : body.items()) {
    bool known = false;
    for (const auto& f : kTextFields) {
      if (key != f.name) continue;
      known = true;
      if (!value.is_string()) return Status::Invalid(key + " must be a string", key);
      if (value.get_ref<const std::string&>().size() > 500) return Status::Invalid(key + " is too long", key);
      s.*f.member = value.get<std::string>();
    }
    for (const auto& f : kSecretFields) {
      if (key != f.name) continue;
      known = true;
      if (value.is_null()) {
        (s.*f.member).clear();
      } else if (!value.is_string()) {
        return Status::Invalid(key + " must be a string, or null to clear it", key);
      } else if (!value.get_ref<const std::string&>().empty()) {
        if (value.get_ref<const std::string&>().size() > 4096) return Status::Invalid(key + " is too long", key);
        if (HasSpaceOrControl(value.get<std::string>()) && key != "smtp_password")
          return Status::Invalid(key + " has no spaces", key);
        s.*f.member = value.get<std::string>();
      }
      std::erase(s.unreadable, key);  // typed again, or cleared
    }
    if (!known) return Status::Invalid("unknown field " + key, key);
  }
  ENC_RETURN_IF_ERROR(Check(s));
  return s;
}

ChannelOptions EffectiveChannelOptions(const ChannelOptions& server, const ChannelSettings& stored) {
  ChannelOptions o = server;
  if (!stored.smtp_url.empty()) {  // another SMTP server: the server's login is not for it
    o.smtp_url = stored.smtp_url;
    o.smtp_user = stored.smtp_user;
    o.smtp_password = stored.smtp_password;
  } else {
    o.smtp_user = Pick(stored.smtp_user, server.smtp_user);
    o.smtp_password = Pick(stored.smtp_password, server.smtp_password);
  }
  o.smtp_from = Pick(stored.smtp_from, server.smtp_from);
  if (!stored.sms_url.empty()) {  // a provider chosen here replaces the server's file or provider
    o.sms_url = stored.sms_url;
    o.sms_api_key = stored.sms_api_key;
    o.sms_file.clear();
  } else {
    o.sms_api_key = Pick(stored.sms_api_key, server.sms_api_key);
  }
  o.sms_sender = Pick(stored.sms_sender, server.sms_sender);
  return o;
}

GatewayChoice EffectiveGateway(const GatewayChoice& server, const ChannelSettings& stored) {
  return {Pick(stored.gateway, server.kind), Pick(stored.stripe_secret_key, server.stripe_secret_key),
          Pick(stored.stripe_webhook_secret, server.stripe_webhook_secret)};
}

json ChannelSettingsToJson(const ChannelSettings& stored, const ChannelOptions& server,
                           const GatewayChoice& server_gateway) {
  const ChannelOptions o = EffectiveChannelOptions(server, stored);
  const GatewayChoice g = EffectiveGateway(server_gateway, stored);
  json j = json::object();
  for (const auto& f : kTextFields) j[f.name] = stored.*f.member;
  for (const auto& f : kSecretFields) j[std::string(f.name) + "_set"] = !(stored.*f.member).empty();
  j["unreadable"] = stored.unreadable;
  j["server"] = {{"smtp_url", server.smtp_url},
                 {"smtp_password_set", !server.smtp_password.empty()},
                 {"sms_url", server.sms_url},
                 {"sms_file", server.sms_file},
                 {"sms_api_key_set", !server.sms_api_key.empty()},
                 {"gateway", server_gateway.kind},
                 {"stripe_secret_key_set", !server_gateway.stripe_secret_key.empty()},
                 {"stripe_webhook_secret_set", !server_gateway.stripe_webhook_secret.empty()}};
  j["effective"] = {{"email", o.smtp_url.empty() ? "" : o.smtp_url},
                    {"sms", !o.sms_url.empty() ? o.sms_url : !o.sms_file.empty() ? "file:" + o.sms_file : ""},
                    {"gateway", g.kind == "stripe" && g.stripe_secret_key.empty() ? "sandbox" : g.kind}};
  return j;
}

}  // namespace encaisse
