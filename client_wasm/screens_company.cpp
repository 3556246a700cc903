// The admin's company settings (online: the server checks and keeps them, and the tablets get
// them at their next sync): identity and letterhead, bank details for transfers, penalties,
// reminder hour and time zone, the portal's address, colour and logo. A refused value is shown
// with the server's words, naming the field. The rate tables and the channels follow
// (screens_rates.cpp, screens_channels.cpp).
#include <cctype>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string_view>

#include "client_wasm/app.h"
#include "client_wasm/browser.h"
#include "client_wasm/test_hooks.h"
#include "client_wasm/ui_style.h"
#include "client_wasm/ui_widgets.h"
#include "shared/core/json_parse.h"

namespace encaisse::client {

namespace {

using nlohmann::json;

constexpr int kTagCompany = 241;
constexpr int kTagCompanySave = 242;
constexpr int kTagLogo = 243;

// "#1d4e89" or "1d4e89" as red, green and blue in 0..1; nullopt for anything else.
std::optional<ImVec4> HexColor(std::string_view text) {
  if (!text.empty() && text[0] == '#') text.remove_prefix(1);
  if (text.size() != 6) return std::nullopt;
  int v[6];
  for (size_t i = 0; i < 6; ++i) {
    const char c = static_cast<char>(std::tolower(static_cast<unsigned char>(text[i])));
    if (c >= '0' && c <= '9') v[i] = c - '0';
    else if (c >= 'a' && c <= 'f') v[i] = c - 'a' + 10;
    else return std::nullopt;
  }
  return ImVec4(static_cast<float>(v[0] * 16 + v[1]) / 255.0f, static_cast<float>(v[2] * 16 + v[3]) / 255.0f,
                static_cast<float>(v[4] * 16 + v[5]) / 255.0f, 1.0f);
}

// The text fields of the form, by their JSON name.
struct TextField {
  const char* key;
  const char* fr;
  const char* en;
  bool multiline;
};
constexpr TextField kTextFields[] = {
    {"name", "Raison sociale (signe les relances)", "Company name (signs the reminders)", false},
    {"email", "E-mail d'expédition et de réponse", "Sending and reply-to email", false},
    {"phone", "Téléphone", "Phone", false},
    {"address", "Adresse (en-tête des courriers)", "Address (letterhead)", true},
    {"iban", "IBAN (virements et QR code)", "IBAN (transfers and QR code)", false},
    {"bic", "BIC", "BIC", false},
    {"currency", "Devise (ISO 4217)", "Currency (ISO 4217)", false},
    {"timezone", "Fuseau horaire", "Time zone", false},
    {"dunning_time", "Heure des relances (HH:MM)", "Reminder time (HH:MM)", false},
    {"portal_url", "Adresse du portail débiteur", "Debtor portal address", false},
};

}  // namespace

void App::OpenCompany() {
  screen_ = Screen::kCompany;
  company_message_.clear();
  http_.Get(kTagCompany, local_.server + "/api/v1/settings/company", store_.Get("token"));
  LoadRates();
  LoadChannels();
}

void App::FillCompanyForm(const json& s) {
  company_ = s;
  company_text_.clear();
  for (const auto& f : kTextFields) {
    std::vector<char> buffer(f.multiline ? 1024 : 256, 0);
    const std::string v = s.value(f.key, "");
    std::memcpy(buffer.data(), v.data(), std::min(v.size(), buffer.size() - 1));
    company_text_[f.key] = std::move(buffer);
  }
  company_legal_rate_ = s["late_rate_bps"].is_null();
  company_late_rate_ = s["late_rate_bps"].is_number_integer() ? s["late_rate_bps"].get<int>() : 1215;
  company_margin_ = s.value("ecb_margin_bps", 1000);
  company_fee_ = static_cast<int>(s.value("recovery_fee_minor", int64_t{4000}) / 100);
  company_link_days_ = s.value("portal_link_days", 60);
  company_grace_ = s.value("installment_grace_days", 15);
  company_thank_you_ = s.value("thank_you", true);
  company_digest_ = s.value("staff_digest", true);
  std::snprintf(company_color_, sizeof company_color_, "%s", s.value("brand_color", "#1d4e89").c_str());
}

bool App::HandleCompanyReply(const HttpReply& reply) {
  if (reply.tag < kTagCompany || reply.tag > kTagLogo) return false;
  json body = ParseJson(reply.body);
  company_ok_ = reply.status == 200 && body.is_object();
  if (!company_ok_) {
    company_message_ = ReplyError(reply, T("Hors ligne : les réglages demandent le réseau.", "Offline: the settings need the network."));
    return true;
  }
  if (reply.tag == kTagCompany) {
    FillCompanyForm(body);
  } else if (reply.tag == kTagCompanySave) {
    FillCompanyForm(body);
    company_message_ = T("Réglages de l'entreprise enregistrés.", "Company settings saved.");
    StartSync();  // the penalties and the currency of this device too
  } else {
    company_message_ = std::string(T("Logo enregistré (", "Logo saved (")) + body.value("logo_mime", "") + ").";
    http_.Get(kTagCompany, local_.server + "/api/v1/settings/company", store_.Get("token"));
  }
  return true;
}

void App::DrawCompany() {
  std::string name, bytes;
  if (TakePickedFile(&name, &bytes))
    http_.Raw("PUT", kTagLogo, local_.server + "/api/v1/settings/logo", std::move(bytes), "application/octet-stream",
              store_.Get("token"));
  ImGui::BeginChild("company", ImVec2(0, 0), false);
  DragToScroll();
  if (!company_.is_object()) {
    ColoredText(colors::kMuted, company_message_.empty() ? T("Chargement…", "Loading…") : company_message_);
    ImGui::EndChild();
    return;
  }
  Section(T("L'entreprise", "The company"));
  ImGui::PushItemWidth(std::min(620.0f, ImGui::GetContentRegionAvail().x));
  for (const auto& f : kTextFields) {
    ImGui::TextUnformatted(T(f.fr, f.en));
    std::vector<char>& buffer = company_text_[f.key];
    const std::string id = std::string("##") + f.key;
    if (f.multiline) ImGui::InputTextMultiline(id.c_str(), buffer.data(), buffer.size(), ImVec2(0, 80));
    else ImGui::InputText(id.c_str(), buffer.data(), buffer.size());
    MarkWidget(std::string("company_") + f.key);
  }
  // The brand's colour as companies know it, in hex, with a swatch of what was typed (a colour
  // picker would add 8 KB to every tablet's download for one admin field).
  ImGui::TextUnformatted(T("Couleur du portail (#RRGGBB)", "Portal colour (#RRGGBB)"));
  ImGui::SetNextItemWidth(160);
  ImGui::InputText("##color", company_color_, sizeof company_color_, ImGuiInputTextFlags_CharsNoBlank);
  MarkWidget("company_color");
  ImGui::SameLine();
  if (const auto rgb = HexColor(company_color_)) {
    const float side = ImGui::GetFrameHeight();
    ImGui::ColorButton("##swatch", ImVec4(rgb->x, rgb->y, rgb->z, 1.0f), ImGuiColorEditFlags_NoTooltip, ImVec2(side * 2, side));
  } else {
    ColoredText(colors::kWarn, T("six chiffres hexadécimaux, par exemple #1d4e89", "six hex digits, for example #1d4e89"));
  }

  Section(T("Pénalités de retard", "Late penalties"));
  ImGui::Checkbox(T("Taux légal : taux BCE + marge", "Legal rate: ECB rate + margin"), &company_legal_rate_);
  MarkWidget("company_legal_rate");
  if (company_legal_rate_) {
    ImGui::InputInt(T("marge (points de base, 1000 = 10 points)", "margin (basis points, 1000 = 10 points)"), &company_margin_);
  } else {
    ImGui::InputInt(T("taux des CGV (points de base, 1215 = 12,15 %)", "rate of the terms of sale (basis points)"), &company_late_rate_);
  }
  ImGui::InputInt(T("indemnité forfaitaire de recouvrement (€)", "fixed recovery fee (€)"), &company_fee_);
  ImGui::InputInt(T("délai de grâce des échéances (jours)", "installment grace (days)"), &company_grace_);
  ImGui::InputInt(T("validité des liens personnels (jours)", "personal links valid for (days)"), &company_link_days_);
  ImGui::Checkbox(T("Remercier le client une fois payé", "Thank the customer once paid"), &company_thank_you_);
  ImGui::Checkbox(T("E-mail du matin aux équipes", "Morning email to the staff"), &company_digest_);
  ImGui::PopItemWidth();

  if (Button(T("Enregistrer", "Save"), "company_save", true, ImVec2(0, 48))) {
    json put = json::object();
    for (const auto& f : kTextFields) put[f.key] = std::string(company_text_[f.key].data());
    // "#" added when left out; anything else wrong, the server refuses naming the field.
    std::string color = company_color_;
    if (!color.empty() && color[0] != '#') color.insert(0, "#");
    for (char& c : color) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    put["brand_color"] = color;
    put["late_rate_bps"] = company_legal_rate_ ? json(nullptr) : json(company_late_rate_);
    put["ecb_margin_bps"] = company_margin_;
    put["recovery_fee_minor"] = static_cast<int64_t>(company_fee_) * 100;
    put["installment_grace_days"] = company_grace_;
    put["portal_link_days"] = company_link_days_;
    put["thank_you"] = company_thank_you_;
    put["staff_digest"] = company_digest_;
    http_.Put(kTagCompanySave, local_.server + "/api/v1/settings/company", put.dump(), store_.Get("token"));
  }
  if (!company_message_.empty()) {
    ImGui::PushTextWrapPos(0);
    ColoredText(company_ok_ ? colors::kOk : colors::kLate, company_message_);
    ImGui::PopTextWrapPos();
  }
  MarkWidget("company_message");

  Section(T("Logo", "Logo"));
  const std::string mime = company_.value("logo_mime", "");
  ColoredText(colors::kMuted, mime.empty() ? T("Pas de logo : le portail affiche la raison sociale.", "No logo: the portal shows the name.")
                                           : std::string(T("Logo en place (", "Logo in place (")) + mime + ")");
  if (Button(T("Choisir un logo (PNG ou JPEG, 256 Ko au plus)…", "Choose a logo (PNG or JPEG, 256 KiB at most)…"), "company_logo"))
    PickFile(".png,.jpg,.jpeg,image/png,image/jpeg");
  DrawRates();
  DrawChannels();
  ImGui::EndChild();
}

json App::CompanyStateJson() const {
  return {{"loaded", company_.is_object()},
          {"message", company_message_},
          {"ok", company_ok_},
          {"logo_mime", company_.is_object() ? company_.value("logo_mime", "") : ""}};
}

}  // namespace encaisse::client
