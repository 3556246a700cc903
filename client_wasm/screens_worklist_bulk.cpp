// Bulk actions on the worklist's selected accounts (online: the server applies them, the next
// sync brings them back): pause their reminders until a date, assign them to a sales rep, send
// each its statement now. One request per account; the bar reports how many succeeded and the
// first refusal in the server's words. Each request is safe to repeat: a pause or an assignment
// sets a value, and the statement goes at most once a day per account.
#include <cstdio>
#include <cstring>

#include "client_wasm/app.h"
#include "client_wasm/test_hooks.h"
#include "client_wasm/ui_style.h"
#include "client_wasm/ui_widgets.h"

namespace encaisse::client {

namespace {
constexpr int kTagBulk = 261;
constexpr int kDefaultPauseDays = 14;
}  // namespace

std::vector<std::pair<Id, std::string>> App::ActiveReps() {
  std::vector<std::pair<Id, std::string>> reps;
  auto st = store_.replica().db().Prepare("SELECT id, name FROM users WHERE role = 'sales_rep' AND disabled = 0 ORDER BY name");
  if (!st.ok()) return reps;
  while (true) {
    auto row = st->Step();
    if (!row.ok() || !*row) break;
    reps.push_back({st->Int(0), std::string(st->Text(1))});
  }
  return reps;
}

void App::StartBulk(const char* method, const std::string& suffix, const std::string& body, const std::string& done) {
  bulk_.waiting = static_cast<int>(bulk_.selected.size());
  bulk_.succeeded = 0;
  bulk_.failed = 0;
  bulk_.first_error.clear();
  bulk_.message.clear();
  bulk_.done = done;
  for (Id id : bulk_.selected) {
    const std::string url = local_.server + "/api/v1/customers/" + std::to_string(id) + suffix;
    if (std::strcmp(method, "PATCH") == 0) http_.Patch(kTagBulk, url, body, store_.Get("token"));
    else http_.Post(kTagBulk, url, body, store_.Get("token"));
  }
}

bool App::HandleBulkReply(const HttpReply& reply) {
  if (reply.tag != kTagBulk) return false;
  --bulk_.waiting;
  if (reply.status >= 200 && reply.status < 300) {
    ++bulk_.succeeded;
  } else {
    ++bulk_.failed;
    if (bulk_.first_error.empty()) bulk_.first_error = ReplyError(reply, T("hors ligne", "offline"));
  }
  if (bulk_.waiting > 0) return true;
  bulk_.message = std::to_string(bulk_.succeeded) + " " + bulk_.done;
  if (bulk_.failed)
    bulk_.message += " · " + std::to_string(bulk_.failed) + T(" refusé(s) : ", " refused: ") + bulk_.first_error;
  bulk_.selected.clear();
  StartSync();  // the accounts as the server now has them
  return true;
}

void App::DrawWorklistBulk() {
  if (!bulk_.message.empty()) {
    ImGui::PushTextWrapPos(0);
    ColoredText(bulk_.failed ? colors::kWarn : colors::kOk, bulk_.message);
    ImGui::PopTextWrapPos();
  }
  if (bulk_.selected.empty()) return;
  if (!*bulk_.pause_until) std::snprintf(bulk_.pause_until, sizeof bulk_.pause_until, "%s", DateText(Today().AddDays(kDefaultPauseDays)).c_str());
  ImGui::BeginDisabled(bulk_.waiting > 0);
  ImGui::AlignTextToFramePadding();
  ImGui::Text(T("%d compte(s) sélectionné(s) :", "%d account(s) selected:"), static_cast<int>(bulk_.selected.size()));
  ImGui::SameLine();
  if (Button(T("Suspendre les relances jusqu'au", "Pause reminders until"), "bulk_pause", false, ImVec2(0, 44))) {
    auto until = Date::Parse(bulk_.pause_until);
    if (!until.ok() || *until <= Today()) {
      bulk_.failed = 1;
      bulk_.message = T("Date de fin : JJ/MM/AAAA, après aujourd'hui.", "End date: YYYY-MM-DD, after today.");
    } else {
      StartBulk("POST", "/reminders/pause", nlohmann::json({{"until", until->ToIso()}}).dump(),
                std::string(T("compte(s) suspendu(s) jusqu'au ", "account(s) paused until ")) + DateText(*until));
    }
  }
  ImGui::SameLine();
  ImGui::SetNextItemWidth(130);
  ImGui::InputText("##bulk_until", bulk_.pause_until, sizeof bulk_.pause_until);
  MarkWidget("bulk_until");
  ImGui::SameLine();
  if (Button(T("Envoyer le relevé maintenant", "Send the statement now"), "bulk_send", false, ImVec2(0, 44)))
    StartBulk("POST", "/reminders/send-now", "{}", T("relevé(s) envoyé(s) aujourd'hui", "statement(s) sent today"));
  ImGui::SameLine();
  if (Button(T("Désélectionner", "Clear"), "bulk_clear", false, ImVec2(0, 44))) bulk_.selected.clear();
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(T("Attribuer à :", "Assign to:"));
  const auto& reps = bulk_.reps;
  for (size_t i = 0; i < reps.size(); ++i) {
    ImGui::SameLine();
    ImGui::PushID(static_cast<int>(i));  // two reps may share a name
    if (Button(reps[i].second.c_str(), ("bulk_rep_" + std::to_string(i)).c_str(), false, ImVec2(0, 44)))
      StartBulk("PATCH", "", nlohmann::json({{"rep_id", reps[i].first}}).dump(),
                std::string(T("compte(s) attribué(s) à ", "account(s) assigned to ")) + reps[i].second);
    ImGui::PopID();
  }
  ImGui::EndDisabled();
  if (bulk_.waiting > 0) ColoredText(colors::kMuted, T("Envoi…", "Sending…"));
}

nlohmann::json App::BulkStateJson() const {
  return {{"selected", bulk_.selected.size()}, {"waiting", bulk_.waiting}, {"message", bulk_.message},
          {"succeeded", bulk_.succeeded}, {"failed", bulk_.failed}};
}

}  // namespace encaisse::client
