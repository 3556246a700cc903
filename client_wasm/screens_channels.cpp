// The admin's channel settings, under the company's (online): the SMTP server, the SMS
// provider and the portal's payment gateway. Secrets are write-only: the form shows whether
// each is set, a typed one is sent once and wiped from the form, "Effacer" removes it. "Send a
// test" goes through the channel as the server has it now and shows the channel's own answer.
#include <cstring>

#include "client_wasm/app.h"
#include "client_wasm/test_hooks.h"
#include "client_wasm/ui_style.h"
#include "client_wasm/ui_widgets.h"
#include "shared/core/json_parse.h"

namespace encaisse::client {

namespace {

using nlohmann::json;

constexpr int kTagChannels = 245;
constexpr int kTagChannelsSave = 246;
constexpr int kTagChannelsTest = 247;

constexpr const char* kGateways[] = {"", "sandbox", "stripe"};

}  // namespace

void App::LoadChannels() {
  chan_.message.clear();
  http_.Get(kTagChannels, local_.server + "/api/v1/settings/channels", store_.Get("token"));
}

void App::FillChannelsForm(const json& s) {
  chan_.shown = s;
  CopyToBuffer(chan_.smtp_url, sizeof chan_.smtp_url, s.value("smtp_url", ""));
  CopyToBuffer(chan_.smtp_user, sizeof chan_.smtp_user, s.value("smtp_user", ""));
  CopyToBuffer(chan_.smtp_from, sizeof chan_.smtp_from, s.value("smtp_from", ""));
  CopyToBuffer(chan_.sms_url, sizeof chan_.sms_url, s.value("sms_url", ""));
  CopyToBuffer(chan_.sms_sender, sizeof chan_.sms_sender, s.value("sms_sender", ""));
  chan_.gateway = 0;
  for (int i = 0; i < 3; ++i)
    if (s.value("gateway", "") == kGateways[i]) chan_.gateway = i;
  // Typed secrets leave the form once the server has them.
  std::memset(chan_.smtp_password, 0, sizeof chan_.smtp_password);
  std::memset(chan_.sms_api_key, 0, sizeof chan_.sms_api_key);
  std::memset(chan_.stripe_secret_key, 0, sizeof chan_.stripe_secret_key);
  std::memset(chan_.stripe_webhook_secret, 0, sizeof chan_.stripe_webhook_secret);
}

bool App::HandleChannelsReply(const HttpReply& reply) {
  if (reply.tag < kTagChannels || reply.tag > kTagChannelsTest) return false;
  json body = ParseJson(reply.body);
  chan_.ok = reply.status == 200 && body.is_object();
  if (!chan_.ok) {
    chan_.message = ReplyError(reply, T("Hors ligne : les canaux demandent le réseau.", "Offline: the channels need the network."));
    return true;
  }
  if (reply.tag == kTagChannelsTest) {
    chan_.message = std::string(T("Message de test remis à ", "Test message handed to ")) + body.value("via", "") +
                    T(" pour ", " for ") + body.value("to", "") + ".";
    return true;
  }
  FillChannelsForm(body);
  if (reply.tag == kTagChannelsSave)
    chan_.message = T("Canaux enregistrés : les prochains envois les utilisent.", "Channels saved: the next messages use them.");
  return true;
}

// A write-only secret: whether it is set, a field to type a new one, and a button to remove it.
void App::SecretField(const char* label, const char* key, char* buffer, size_t size) {
  const bool stored = chan_.shown.value(std::string(key) + "_set", false);
  const bool by_server = chan_.shown["server"].value(std::string(key) + "_set", false);
  ImGui::TextUnformatted(label);
  ImGui::SameLine();
  ColoredText(stored ? colors::kOk : colors::kMuted,
              stored      ? T("(défini, masqué)", "(set, hidden)")
              : by_server ? T("(celui du serveur)", "(the server's)")
                          : T("(non défini)", "(not set)"));
  ImGui::InputTextWithHint((std::string("##") + key).c_str(),
                           stored ? T("taper pour remplacer", "type to replace") : T("taper pour définir", "type to set"),
                           buffer, size, ImGuiInputTextFlags_Password);
  MarkWidget(std::string("chan_") + key);
  if (stored) {
    ImGui::SameLine();
    if (Button(T("Effacer", "Remove"), (std::string("chan_clear_") + key).c_str()))
      http_.Put(kTagChannelsSave, local_.server + "/api/v1/settings/channels", json{{key, nullptr}}.dump(),
                store_.Get("token"));
  }
}

void App::DrawChannels() {
  if (!chan_.shown.is_object()) {
    if (!chan_.message.empty()) ColoredText(colors::kLate, chan_.message);
    return;
  }
  const json& server = chan_.shown["server"];
  const json& effective = chan_.shown["effective"];
  auto text = [](const char* label, const char* id, char* buffer, size_t size, const std::string& hint) {
    ImGui::TextUnformatted(label);
    ImGui::InputTextWithHint((std::string("##") + id).c_str(), hint.c_str(), buffer, size);
    MarkWidget(std::string("chan_") + id);
  };
  ImGui::PushItemWidth(std::min(620.0f, ImGui::GetContentRegionAvail().x));

  Section(T("E-mails (serveur SMTP)", "Emails (SMTP server)"));
  const std::string email = effective.value("email", "");
  ColoredText(email.empty() ? colors::kLate : colors::kMuted,
              email.empty() ? T("Aucun serveur : les e-mails attendent dans la file.", "No server: emails wait in the outbox.")
                            : std::string(T("En service : ", "In use: ")) + email);
  const std::string server_smtp = server.value("smtp_url", "");
  text(T("Serveur (smtp://hôte:587 ou smtps://hôte:465)", "Server (smtp://host:587 or smtps://host:465)"), "smtp_url",
       chan_.smtp_url, sizeof chan_.smtp_url,
       server_smtp.empty() ? "smtps://smtp.example.com:465" : T("vide : ", "empty: ") + server_smtp);
  text(T("Identifiant", "Login"), "smtp_user", chan_.smtp_user, sizeof chan_.smtp_user, "");
  SecretField(T("Mot de passe", "Password"), "smtp_password", chan_.smtp_password, sizeof chan_.smtp_password);
  text(T("Adresse d'expédition", "Sending address"), "smtp_from", chan_.smtp_from, sizeof chan_.smtp_from,
       T("vide : l'e-mail de l'entreprise", "empty: the company's email"));

  Section(T("SMS", "SMS"));
  const std::string sms = effective.value("sms", "");
  ColoredText(sms.empty() ? colors::kLate : colors::kMuted,
              sms.empty() ? T("Aucun fournisseur : les SMS attendent dans la file.", "No provider: SMS wait in the outbox.")
                          : std::string(T("En service : ", "In use: ")) + sms);
  text(T("Adresse du fournisseur (https://…)", "Provider address (https://…)"), "sms_url", chan_.sms_url,
       sizeof chan_.sms_url, "https://api.sms.example.com/send");
  SecretField(T("Clé d'API", "API key"), "sms_api_key", chan_.sms_api_key, sizeof chan_.sms_api_key);
  text(T("Nom d'expéditeur (11 caractères)", "Sender name (11 characters)"), "sms_sender", chan_.sms_sender,
       sizeof chan_.sms_sender, T("vide : la raison sociale", "empty: the company name"));

  Section(T("Paiement en ligne (portail débiteur)", "Online payment (debtor portal)"));
  ColoredText(colors::kMuted, std::string(T("En service : ", "In use: ")) + effective.value("gateway", ""));
  const std::string server_gateway = std::string(T("Celui du serveur (", "The server's (")) + server.value("gateway", "") + ")";
  const char* labels[] = {server_gateway.c_str(), T("Bac à sable (démonstration)", "Sandbox (demo)"), "Stripe"};
  for (int i = 0; i < 3; ++i) {
    if (i > 0) ImGui::SameLine();
    ImGui::RadioButton(labels[i], &chan_.gateway, i);
    MarkWidget(std::string("chan_gateway_") + (i == 0 ? "server" : kGateways[i]));
  }
  SecretField(T("Clé secrète Stripe (sk_…)", "Stripe secret key (sk_…)"), "stripe_secret_key", chan_.stripe_secret_key,
              sizeof chan_.stripe_secret_key);
  SecretField(T("Secret de signature du webhook (whsec_…)", "Webhook signing secret (whsec_…)"),
              "stripe_webhook_secret", chan_.stripe_webhook_secret, sizeof chan_.stripe_webhook_secret);
  ColoredText(colors::kMuted, T("Webhook à déclarer chez Stripe : <adresse du portail>/webhooks/stripe",
                                "Webhook to declare at Stripe: <portal address>/webhooks/stripe"));
  ImGui::PopItemWidth();

  if (Button(T("Enregistrer les canaux", "Save the channels"), "chan_save", true, ImVec2(0, 48))) {
    json put = {{"smtp_url", chan_.smtp_url}, {"smtp_user", chan_.smtp_user}, {"smtp_from", chan_.smtp_from},
                {"sms_url", chan_.sms_url},   {"sms_sender", chan_.sms_sender}, {"gateway", kGateways[chan_.gateway]}};
    // Secrets only when typed: an empty field keeps the stored one.
    const std::pair<const char*, const char*> secrets[] = {{"smtp_password", chan_.smtp_password},
                                                           {"sms_api_key", chan_.sms_api_key},
                                                           {"stripe_secret_key", chan_.stripe_secret_key},
                                                           {"stripe_webhook_secret", chan_.stripe_webhook_secret}};
    for (const auto& [key, value] : secrets)
      if (*value) put[key] = value;
    http_.Put(kTagChannelsSave, local_.server + "/api/v1/settings/channels", put.dump(), store_.Get("token"));
  }

  Section(T("Envoyer un test", "Send a test"));
  ImGui::TextUnformatted(T("Destinataire (e-mail ou numéro de téléphone)", "Recipient (email or phone number)"));
  ImGui::PushItemWidth(std::min(420.0f, ImGui::GetContentRegionAvail().x));
  ImGui::InputTextWithHint("##chan_test_to", "daf@example.com", chan_.test_to, sizeof chan_.test_to);
  MarkWidget("chan_test_to");
  ImGui::PopItemWidth();
  for (const char* channel : {"email", "sms"}) {
    if (channel[0] == 's') ImGui::SameLine();
    const bool is_email = channel[0] == 'e';
    if (Button(is_email ? T("Tester l'e-mail", "Test the email") : T("Tester le SMS", "Test the SMS"),
               is_email ? "chan_test_email" : "chan_test_sms", false, ImVec2(0, 48))) {
      chan_.message = T("Envoi du test…", "Sending the test…");
      http_.Post(kTagChannelsTest, local_.server + "/api/v1/settings/channels/test",
                 json{{"channel", channel}, {"to", chan_.test_to}}.dump(), store_.Get("token"));
    }
  }
  if (!chan_.message.empty()) {
    ImGui::PushTextWrapPos(0);
    ColoredText(chan_.ok ? colors::kOk : colors::kLate, chan_.message);
    ImGui::PopTextWrapPos();
  }
  MarkWidget("chan_message");
}

json App::ChannelsStateJson() const {
  json j = {{"loaded", chan_.shown.is_object()}, {"message", chan_.message}, {"ok", chan_.ok}};
  if (chan_.shown.is_object()) {
    j["effective"] = chan_.shown["effective"];
    j["smtp_password_set"] = chan_.shown.value("smtp_password_set", false);
    j["typed_secret_left"] = chan_.smtp_password[0] != 0;  // must be wiped once saved
  }
  return j;
}

}  // namespace encaisse::client
