// The admin's rate tables, under the company's settings (online): the ECB refinancing rate by
// decision date and the legal interest rate by half-year, which French late-payment interest
// uses. The last entries of each can be changed, removed or extended; the server checks the
// whole and names a wrong entry. A warning says when the half-year's legal rate is not entered.
#include <cstdio>

#include "client_wasm/app.h"
#include "client_wasm/test_hooks.h"
#include "client_wasm/ui_style.h"
#include "client_wasm/ui_widgets.h"
#include "shared/core/json_parse.h"
#include "shared/penalties/rates.h"

namespace encaisse::client {

namespace {

using nlohmann::json;

constexpr int kTagRates = 248;
constexpr int kTagRatesSave = 249;
constexpr size_t kShownRows = 6;  // the latest entries; older ones are kept as they are

struct TableView {
  const char* key;
  const char* test_name;
  bool half_years;  // the legal rate: 1 January and 1 July
  const char* fr;
  const char* en;
};
constexpr TableView kViews[] = {
    {"ecb_refi", "ecb", false, "Taux BCE (opérations principales de refinancement), par date d'effet",
     "ECB main refinancing rate, by effective date"},
    {"legal_professional", "legal", true, "Taux de l'intérêt légal (créanciers professionnels), par semestre",
     "Legal interest rate (professional creditors), by half-year"},
};

}  // namespace

void App::LoadRates() {
  rates_.message.clear();
  http_.Get(kTagRates, local_.server + "/api/v1/settings/rates", store_.Get("token"));
}

void App::FillRatesForm(const json& answer) {
  rates_.shown = answer;
  for (size_t t = 0; t < std::size(kViews); ++t) {
    rates_.rows[t].clear();
    for (const json& r : answer.value(kViews[t].key, json::array())) {
      RatesForm::Row row;
      CopyToBuffer(row.from, sizeof row.from, r.value("from", ""));
      row.bps = r.value("bps", 0);
      rates_.rows[t].push_back(row);
    }
  }
}

bool App::HandleRatesReply(const HttpReply& reply) {
  if (reply.tag != kTagRates && reply.tag != kTagRatesSave) return false;
  json body = ParseJson(reply.body);
  rates_.ok = reply.status == 200 && body.is_object();
  if (!rates_.ok) {
    const std::string field = body.is_object() && body.contains("error") ? body["error"].value("field", "") : "";
    rates_.message = (field.empty() ? "" : field + " : ") +
                     ReplyError(reply, T("Hors ligne : les taux demandent le réseau.", "Offline: the rates need the network."));
    return true;
  }
  FillRatesForm(body);
  if (reply.tag == kTagRatesSave) {
    rates_.message = T("Taux enregistrés : les pénalités les appliquent dès maintenant.",
                       "Rates saved: the penalties use them from now on.");
    StartSync();  // the interest shown on this device too
  }
  return true;
}

void App::DrawRates() {
  if (!rates_.shown.is_object()) return;
  Section(T("Taux d'intérêt de retard", "Late-payment interest rates"));
  const json& s = rates_.shown;
  auto rate = [](const json& bps) { return bps.is_number_integer() ? FormatRateFr(bps.get<int32_t>()) : std::string("—"); };
  ColoredText(colors::kMuted, std::string(T("Semestre depuis le ", "Half-year since ")) + s.value("half_year", "") +
                                  T(" : taux BCE appliqué ", ": ECB rate applied ") + rate(s["ecb_in_force_bps"]) +
                                  T(", taux légal ", ", legal rate ") + rate(s["legal_in_force_bps"]));
  if (s.value("legal_missing", false)) {
    ImGui::PushTextWrapPos(std::min(900.0f, ImGui::GetContentRegionAvail().x));
    ColoredText(colors::kLate, std::string(T("Le taux légal du semestre (", "The half-year's legal rate (")) +
                                   s.value("half_year", "") +
                                   T(") n'est pas saisi : le dernier publié s'applique. Ajoutez-le dès sa parution au "
                                     "Journal officiel.",
                                     ") is not entered: the last published one applies. Add it once published."));
    ImGui::PopTextWrapPos();
  }
  MarkWidget("rates_warning");
  for (size_t t = 0; t < std::size(kViews); ++t) {
    const TableView& view = kViews[t];
    std::vector<RatesForm::Row>& rows = rates_.rows[t];
    ImGui::Spacing();
    ImGui::TextUnformatted(T(view.fr, view.en));
    const size_t first = rows.size() > kShownRows ? rows.size() - kShownRows : 0;
    if (first > 0) ColoredText(colors::kMuted, std::to_string(first) + T(" entrées plus anciennes conservées", " older entries kept"));
    for (size_t i = first; i < rows.size(); ++i) {
      ImGui::PushID(static_cast<int>(t * 1000 + i));
      const bool last = i + 1 == rows.size();
      const std::string name = std::string("rates_") + view.test_name + (last ? "_last" : "_" + std::to_string(i));
      ImGui::SetNextItemWidth(150);
      ImGui::InputTextWithHint("##from", "AAAA-MM-JJ", rows[i].from, sizeof rows[i].from);
      MarkWidget(name + "_from");
      ImGui::SameLine();
      ImGui::SetNextItemWidth(110);
      ImGui::InputInt("##bps", &rows[i].bps, 0, 0);
      MarkWidget(name + "_bps");
      ImGui::SameLine();
      ImGui::Text(T("pb = %s", "bp = %s"), FormatRateFr(rows[i].bps).c_str());
      ImGui::SameLine();
      if (Button(T("Retirer", "Remove"), (name + "_remove").c_str())) {
        rows.erase(rows.begin() + static_cast<long>(i));
        ImGui::PopID();
        break;
      }
      ImGui::PopID();
    }
    if (Button(T("+ Ajouter un taux", "+ Add a rate"), (std::string("rates_") + view.test_name + "_add").c_str())) {
      // The next half-year for the legal rate, today for an ECB decision; the last rate as a start.
      RatesForm::Row row;
      auto half_year = Date::ParseIso(s.value("half_year", ""));
      Date from = view.half_years && half_year.ok() ? *half_year : Today();
      if (view.half_years && !rows.empty() && rows.back().from == from.ToIso()) from = from.AddMonths(6);
      CopyToBuffer(row.from, sizeof row.from, from.ToIso());
      row.bps = rows.empty() ? 0 : rows.back().bps;
      rows.push_back(row);
    }
  }
  if (Button(T("Enregistrer les taux", "Save the rates"), "rates_save", true, ImVec2(0, 48))) {
    json put = {{"legal_individual", s.value("legal_individual", json::array())}};  // not edited here
    for (size_t t = 0; t < std::size(kViews); ++t) {
      json list = json::array();
      for (const auto& r : rates_.rows[t]) list.push_back({{"from", r.from}, {"bps", r.bps}});
      put[kViews[t].key] = std::move(list);
    }
    http_.Put(kTagRatesSave, local_.server + "/api/v1/settings/rates", put.dump(), store_.Get("token"));
  }
  if (!rates_.message.empty()) {
    ImGui::PushTextWrapPos(0);
    ColoredText(rates_.ok ? colors::kOk : colors::kLate, rates_.message);
    ImGui::PopTextWrapPos();
  }
  MarkWidget("rates_message");
}

json App::RatesStateJson() const {
  return {{"loaded", rates_.shown.is_object()},
          {"message", rates_.message},
          {"ok", rates_.ok},
          {"legal_missing", rates_.shown.is_object() && rates_.shown.value("legal_missing", false)}};
}

}  // namespace encaisse::client
