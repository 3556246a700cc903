// A customer's collection settings at the desk (online: the server applies them and the next
// sync brings them back): the sales rep, the risk class, the payment terms, the reminder
// scenario, a pause of the reminders, collective proceedings; and renewing the personal links
// (the old ones stop working; the next reminder carries a new one).
#include <cstdio>
#include <cstring>

#include "client_wasm/app.h"
#include "client_wasm/test_hooks.h"
#include "client_wasm/ui_style.h"
#include "client_wasm/ui_widgets.h"
#include "shared/core/json_parse.h"

namespace encaisse::client {

namespace {

using nlohmann::json;

constexpr int kTagScenarios = 231;
constexpr int kTagCustomerPatch = 232;
constexpr int kTagLinksRevoke = 233;

const char* kRisks[] = {"low", "medium", "high"};

}  // namespace

void App::OpenSettingsForm() {
  const CustomerDetail& d = *detail_;
  settings_reps_ = ActiveReps();
  settings_reps_.insert(settings_reps_.begin(), {0, T("(aucun)", "(none)")});
  settings_rep_ = 0;
  for (size_t i = 0; i < settings_reps_.size(); ++i)
    if (settings_reps_[i].first == d.customer.rep_id) settings_rep_ = static_cast<int>(i);
  settings_risk_ = static_cast<int>(d.customer.risk);
  settings_terms_ = d.customer.payment_terms_days;
  settings_scenario_ = d.customer.scenario_id;
  std::snprintf(settings_pause_, sizeof settings_pause_, "%s",
                d.extras.reminders_paused_until ? DateText(*d.extras.reminders_paused_until).c_str() : "");
  std::snprintf(settings_insolvency_, sizeof settings_insolvency_, "%s",
                d.customer.insolvency_date ? DateText(*d.customer.insolvency_date).c_str() : "");
  settings_message_.clear();
  http_.Get(kTagScenarios, local_.server + "/api/v1/scenarios", store_.Get("token"));
}

bool App::HandleSettingsReply(const HttpReply& reply) {
  if (reply.tag < kTagScenarios || reply.tag > kTagLinksRevoke) return false;
  json body = ParseJson(reply.body);
  const bool ok = (reply.status == 200 || reply.status == 204) && !body.is_discarded();
  settings_ok_ = ok;
  if (reply.tag == kTagScenarios) {
    if (ok) scenarios_ = body["items"];
    return true;
  }
  if (!ok) {
    settings_message_ = ReplyError(reply, T("Hors ligne : ces réglages demandent le réseau.", "Offline: these settings need the network."));
    return true;
  }
  settings_message_ = reply.tag == kTagCustomerPatch
                          ? T("Réglages enregistrés.", "Settings saved.")
                          : T("Liens personnels renouvelés : les anciens ne marchent plus, la prochaine relance porte un nouveau lien.",
                              "Personal links renewed: the old ones no longer work, the next reminder carries a new one.");
  StartSync();  // the account as the server now has it
  return true;
}

void App::DrawSettingsForm() {
  const CustomerDetail& d = *detail_;
  ImGui::TextUnformatted(T("Commercial", "Sales rep"));
  if (!settings_reps_.empty() && ImGui::BeginCombo("##rep", settings_reps_[settings_rep_].second.c_str())) {
    for (size_t i = 0; i < settings_reps_.size(); ++i)
      if (ImGui::Selectable(settings_reps_[i].second.c_str(), static_cast<int>(i) == settings_rep_)) settings_rep_ = static_cast<int>(i);
    ImGui::EndCombo();
  }
  MarkWidget("settings_rep");
  ImGui::TextUnformatted(T("Classe de risque", "Risk class"));
  const char* risks[] = {T("faible", "low"), T("moyen", "medium"), T("élevé", "high")};
  for (int k = 0; k < 3; ++k) {
    if (ImGui::RadioButton(risks[k], settings_risk_ == k)) settings_risk_ = k;
    MarkWidget("settings_risk_" + std::to_string(k));
    ImGui::SameLine();
  }
  ImGui::NewLine();
  ImGui::TextUnformatted(T("Délai de paiement (jours)", "Payment terms (days)"));
  ImGui::InputInt("##terms", &settings_terms_);
  MarkWidget("settings_terms");
  ImGui::TextUnformatted(T("Scénario de relance", "Reminder scenario"));
  std::string current = T("celui de la classe de risque", "the risk class's");
  for (const auto& s : scenarios_)
    if (s.value("id", Id{0}) == settings_scenario_) current = s.value("name", "");
  if (ImGui::BeginCombo("##scenario", current.c_str())) {
    if (ImGui::Selectable(T("celui de la classe de risque", "the risk class's"), settings_scenario_ == 0)) settings_scenario_ = 0;
    for (const auto& s : scenarios_)
      if (ImGui::Selectable(s.value("name", "").c_str(), s.value("id", Id{0}) == settings_scenario_)) settings_scenario_ = s.value("id", Id{0});
    ImGui::EndCombo();
  }
  MarkWidget("settings_scenario");
  ImGui::TextUnformatted(T("Relances suspendues jusqu'au (vide : actives)", "Reminders paused until (empty: running)"));
  ImGui::InputText("##pause", settings_pause_, sizeof settings_pause_);
  MarkWidget("settings_pause");
  ImGui::TextUnformatted(T("Procédure collective ouverte le (vide : aucune)", "Insolvency proceedings opened on (empty: none)"));
  ImGui::InputText("##insolvency", settings_insolvency_, sizeof settings_insolvency_);
  MarkWidget("settings_insolvency");

  auto date_or_null = [this](const char* text, const char* field, std::string* error) -> json {
    if (!*text) return nullptr;
    auto d = Date::Parse(text);
    if (!d.ok()) *error = std::string(field) + T(" : JJ/MM/AAAA", ": YYYY-MM-DD");
    return d.ok() ? json(d->ToIso()) : json(nullptr);
  };
  if (Button(T("Enregistrer les réglages", "Save the settings"), "form_save", true)) {
    std::string error;
    json patch = {{"rep_id", settings_reps_.empty() || settings_reps_[settings_rep_].first == 0 ? json(nullptr) : json(settings_reps_[settings_rep_].first)},
                  {"risk", kRisks[settings_risk_]},
                  {"payment_terms_days", settings_terms_},
                  {"scenario_id", settings_scenario_},
                  {"reminders_paused_until", date_or_null(settings_pause_, T("Suspension", "Pause"), &error)},
                  {"insolvency_date", date_or_null(settings_insolvency_, T("Procédure", "Proceedings"), &error)}};
    if (!error.empty()) {
      settings_ok_ = false;
      settings_message_ = error;
    } else {
      http_.Patch(kTagCustomerPatch, local_.server + "/api/v1/customers/" + std::to_string(d.customer.id), patch.dump(), store_.Get("token"));
    }
  }
  ImGui::SameLine();
  if (Button(T("Renouveler les liens personnels", "Renew the personal links"), "settings_rotate_links"))
    http_.Post(kTagLinksRevoke, local_.server + "/api/v1/customers/" + std::to_string(d.customer.id) + "/portal-links/revoke", "{}",
               store_.Get("token"));
  if (!settings_message_.empty()) {
    ImGui::PushTextWrapPos(0);
    ColoredText(settings_ok_ ? colors::kOk : colors::kLate, settings_message_);
    ImGui::PopTextWrapPos();
  }
  MarkWidget("settings_message");
}

}  // namespace encaisse::client
