// The admin's reminder scenarios (online: the server keeps them and the run follows them): the
// list, with the risk class each one is the default for; a scenario's steps, each a day offset
// from the due date, a channel, a template and its options; add, remove, save. The shared rule
// (ValidateScenario) checks the steps as they are typed; the server adds its own checks (a
// template for every step's channel) and names the step it refuses.
#include <algorithm>
#include <cstring>

#include "client_wasm/app.h"
#include "client_wasm/reminder_labels.h"
#include "client_wasm/test_hooks.h"
#include "client_wasm/ui_style.h"
#include "client_wasm/ui_widgets.h"
#include "shared/core/json_parse.h"
#include "shared/templates/default_templates.h"

namespace encaisse::client {

namespace {

using nlohmann::json;

constexpr int kTagScenarioList = 281;
constexpr int kTagScenarioSave = 282;

const char* RiskLabel(const std::string& risk, bool en) {
  if (risk == "low") return en ? "low risk" : "risque faible";
  if (risk == "medium") return en ? "medium risk" : "risque moyen";
  if (risk == "high") return en ? "high risk" : "risque élevé";
  return "";
}

}  // namespace

void App::OpenScenarios() {
  screen_ = Screen::kScenarios;
  scen_.message.clear();
  http_.Get(kTagScenarioList, local_.server + "/api/v1/scenarios", store_.Get("token"));
}

void App::SelectScenario(int row) {
  scen_.row = row;
  scen_.editing_new = row < 0;
  scen_.message.clear();
  scen_.steps.clear();
  std::memset(scen_.name, 0, sizeof scen_.name);
  if (row < 0) {  // a new scenario: the standard one's first steps as a start
    std::strncpy(scen_.name, T("Nouveau scénario", "New scenario"), sizeof scen_.name - 1);
    scen_.steps.push_back({-5, Channel::kEmail, "preventive", false, false});
    scen_.steps.push_back({7, Channel::kEmail, "reminder_1", false, false});
    return;
  }
  const json& s = scen_.list[row];
  std::strncpy(scen_.name, s.value("name", "").c_str(), sizeof scen_.name - 1);
  for (const auto& j : s["steps"]) {
    ScenarioStep step;
    step.day_offset = j.value("day_offset", 0);
    auto channel = ParseChannel(j.value("channel", "email"));
    step.channel = channel.ok() ? *channel : Channel::kEmail;
    step.template_id = j.value("template", "");
    step.attach_statement = j.value("attach_statement", false);
    step.include_penalties = j.value("include_penalties", false);
    scen_.steps.push_back(std::move(step));
  }
}

bool App::HandleScenarioReply(const HttpReply& reply) {
  if (reply.tag != kTagScenarioList && reply.tag != kTagScenarioSave) return false;
  json body = ParseJson(reply.body);
  scen_.ok = (reply.status == 200 || reply.status == 201) && body.is_object();
  if (!scen_.ok) {
    scen_.message = ReplyError(reply, T("Hors ligne : les scénarios demandent le réseau.", "Offline: the scenarios need the network."));
    return true;
  }
  if (reply.tag == kTagScenarioList) {
    scen_.list = body["items"];
    if (scen_.row >= static_cast<int>(scen_.list.size())) scen_.row = -1;
    return true;
  }
  scen_.message = std::string(T("Scénario enregistré : ", "Scenario saved: ")) + body.value("name", "");
  const Id saved = body.value("id", Id{0});
  http_.Get(kTagScenarioList, local_.server + "/api/v1/scenarios", store_.Get("token"));
  scen_.saved_id = saved;  // selected again when the list comes back
  return true;
}

void App::DrawScenarios() {
  ImGui::BeginChild("scenarios", ImVec2(0, 0), false);
  DragToScroll();
  // After a save the list is new: find the saved scenario's row again.
  if (scen_.saved_id)
    for (size_t i = 0; i < scen_.list.size(); ++i)
      if (scen_.list[i].value("id", Id{0}) == scen_.saved_id) {
        scen_.row = static_cast<int>(i);
        scen_.saved_id = 0;
      }
  Section(T("Scénarios de relance", "Reminder scenarios"));
  for (size_t i = 0; i < scen_.list.size(); ++i) {
    const json& s = scen_.list[i];
    std::string label = s.value("name", "");
    if (s["default_for"].is_string()) label += std::string(" (") + RiskLabel(s["default_for"].get<std::string>(), english) + ")";
    ImGui::PushID(static_cast<int>(i));
    if (Button(label.c_str(), ("scenario_row_" + std::to_string(i)).c_str(), scen_.row == static_cast<int>(i), ImVec2(0, 44)))
      SelectScenario(static_cast<int>(i));
    ImGui::PopID();
    ImGui::SameLine();
  }
  if (Button(T("+ Nouveau", "+ New"), "scenario_new", false, ImVec2(0, 44))) SelectScenario(-1);
  ImGui::NewLine();
  if (scen_.row < 0 && !scen_.editing_new) {
    ColoredText(colors::kMuted, scen_.list.empty() ? T("Chargement…", "Loading…") : T("Choisissez un scénario.", "Pick a scenario."));
    ImGui::EndChild();
    return;
  }

  ImGui::TextUnformatted(T("Nom", "Name"));
  ImGui::SetNextItemWidth(std::min(420.0f, ImGui::GetContentRegionAvail().x));
  ImGui::InputText("##scenario_name", scen_.name, sizeof scen_.name);
  MarkWidget("scenario_name");
  if (ImGui::BeginTable("steps", 6, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH)) {
    ImGui::TableSetupColumn(T("Jour (0 = échéance)", "Day (0 = due date)"), ImGuiTableColumnFlags_WidthFixed, 170);
    ImGui::TableSetupColumn(T("Canal", "Channel"), ImGuiTableColumnFlags_WidthFixed, 215);  // "Mise en demeure" and the arrow
    ImGui::TableSetupColumn(T("Modèle", "Template"));
    ImGui::TableSetupColumn(T("Relevé joint", "Statement"), ImGuiTableColumnFlags_WidthFixed, 110);
    ImGui::TableSetupColumn(T("Pénalités", "Penalties"), ImGuiTableColumnFlags_WidthFixed, 100);
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, 90);
    ImGui::TableHeadersRow();
    int remove = -1;
    for (size_t k = 0; k < scen_.steps.size(); ++k) {
      ScenarioStep& step = scen_.steps[k];
      const std::string n = std::to_string(k);
      ImGui::TableNextRow(0, 44);
      ImGui::PushID(static_cast<int>(k));
      ImGui::TableNextColumn();
      ImGui::SetNextItemWidth(-1);
      ImGui::InputInt("##offset", &step.day_offset, 0, 0);  // no +/- buttons: the field is the item a tap reaches
      MarkWidget("step_offset_" + n);
      ImGui::TableNextColumn();
      int channel = 0;
      for (int c = 0; c < static_cast<int>(std::size(kChannelLabels)); ++c)
        if (kChannelLabels[c].channel == step.channel) channel = c;
      ImGui::SetNextItemWidth(-1);
      if (ImGui::BeginCombo("##channel", T(kChannelLabels[channel].fr, kChannelLabels[channel].en))) {
        for (const auto& c : kChannelLabels)
          if (ImGui::Selectable(T(c.fr, c.en), c.channel == step.channel)) step.channel = c.channel;
        ImGui::EndCombo();
      }
      MarkWidget("step_channel_" + n);
      ImGui::TableNextColumn();
      char tmpl[64] = "";
      std::strncpy(tmpl, step.template_id.c_str(), sizeof tmpl - 1);
      ImGui::SetNextItemWidth(std::min(220.0f, ImGui::GetContentRegionAvail().x));
      if (ImGui::InputText("##template", tmpl, sizeof tmpl)) step.template_id = tmpl;
      MarkWidget("step_template_" + n);
      // What the id stands for, beside it: "reminder_2" is the "2e relance".
      if (const std::string_view name = TemplateName(step.template_id, english); name != step.template_id) {
        ImGui::SameLine();
        ColoredText(colors::kMuted, std::string(name));
      }
      ImGui::TableNextColumn();
      ImGui::Checkbox("##attach", &step.attach_statement);
      ImGui::TableNextColumn();
      ImGui::Checkbox("##penalties", &step.include_penalties);
      ImGui::TableNextColumn();
      if (Button(T("Retirer", "Remove"), ("step_remove_" + n).c_str())) remove = static_cast<int>(k);
      ImGui::PopID();
    }
    ImGui::EndTable();
    if (remove >= 0) scen_.steps.erase(scen_.steps.begin() + remove);
  }
  if (Button(T("+ Étape", "+ Step"), "step_add", false, ImVec2(0, 44))) {
    const int last = scen_.steps.empty() ? 0 : scen_.steps.back().day_offset;
    scen_.steps.push_back({last + 7, Channel::kEmail, "reminder_1", false, false});
  }
  // The shared rule, as typed: the same words the server would answer.
  Scenario edited{0, scen_.name, scen_.steps};
  const Status check = ValidateScenario(edited);
  scen_.check = check.ok() ? "" : check.message() + (check.field().empty() ? "" : " (" + check.field() + ")");
  if (!check.ok()) ColoredText(colors::kLate, scen_.check);
  ImGui::BeginDisabled(!check.ok());
  if (Button(T("Enregistrer le scénario", "Save the scenario"), "scenario_save", true, ImVec2(0, 48))) {
    json steps = json::array();
    for (const auto& s : scen_.steps)
      steps.push_back({{"day_offset", s.day_offset}, {"channel", ToString(s.channel)}, {"template", s.template_id},
                       {"attach_statement", s.attach_statement}, {"include_penalties", s.include_penalties}});
    const json body = {{"name", scen_.name}, {"steps", steps}};
    if (scen_.row < 0)
      http_.Post(kTagScenarioSave, local_.server + "/api/v1/scenarios", body.dump(), store_.Get("token"));
    else
      http_.Put(kTagScenarioSave, local_.server + "/api/v1/scenarios/" + std::to_string(scen_.list[scen_.row].value("id", Id{0})),
                body.dump(), store_.Get("token"));
    scen_.editing_new = false;
  }
  ImGui::EndDisabled();
  if (!scen_.message.empty()) {
    ImGui::PushTextWrapPos(0);
    ColoredText(scen_.ok ? colors::kOk : colors::kLate, scen_.message);
    ImGui::PopTextWrapPos();
  }
  ImGui::EndChild();
}

json App::ScenarioStateJson() const {
  json list = json::array();
  for (const auto& s : scen_.list) list.push_back({{"id", s.value("id", Id{0})}, {"name", s.value("name", "")}, {"steps", s["steps"].size()}});
  return {{"list", list}, {"row", scen_.row}, {"steps", scen_.steps.size()}, {"check", scen_.check}, {"message", scen_.message}, {"ok", scen_.ok}};
}

}  // namespace encaisse::client
