// The outbox at the desk (online: the server sends): what went out, what waits, what failed and
// why, with retry and cancel; and the reminder calendar, the run's own dry run for any of the
// next 30 days (what it would send, to whom, at which step), so a collector sees tomorrow's
// letters before they leave.
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

constexpr int kTagOutboxChange = 222;
constexpr int kTagCalendar = 223;
constexpr int kTagOutboxList = 224;  // + the filter's chip: a list answers for the filter it was asked for
constexpr int kCalendarDays = 30;

struct StatusChip {
  const char* status;  // the API's filter ("" = all)
  const char* fr;
  const char* en;
};
constexpr StatusChip kChips[] = {{"", "Tous", "All"},
                                 {"queued", "En attente", "Waiting"},
                                 {"failed", "Échecs", "Failed"},
                                 {"sent", "Envoyés", "Sent"},
                                 {"cancelled", "Annulés", "Cancelled"}};

}  // namespace

void App::OpenOutbox() {
  screen_ = Screen::kOutbox;
  const std::string status = kChips[outbox_chip_].status;
  http_.Get(kTagOutboxList + outbox_chip_, local_.server + "/api/v1/outbox?limit=100" + (status.empty() ? "" : "&status=" + status), store_.Get("token"));
  http_.Get(kTagCalendar, local_.server + "/api/v1/dunning/calendar?date=" + Today().AddDays(calendar_offset_).ToIso(), store_.Get("token"));
}

bool App::HandleOutboxReply(const HttpReply& reply) {
  const int list_chip = reply.tag - kTagOutboxList;
  const bool list = list_chip >= 0 && list_chip < static_cast<int>(std::size(kChips));
  if (!list && reply.tag != kTagOutboxChange && reply.tag != kTagCalendar) return false;
  json body = ParseJson(reply.body);
  const bool ok = reply.status == 200 && body.is_object();
  if (!ok)
    outbox_message_ = ReplyError(reply, T("Hors ligne : la boîte d'envoi demande le réseau.", "Offline: the outbox needs the network."));
  if (list && list_chip == outbox_chip_) {  // an answer for a filter since left is dropped
    if (ok) outbox_ = body["items"];
    outbox_loaded_ = true;  // or failed: the message above says why
  }
  if (reply.tag == kTagCalendar && ok) calendar_ = body;
  if (reply.tag == kTagOutboxChange && ok) {
    outbox_message_ = std::string(T("Message ", "Message ")) + std::to_string(body.value("id", 0)) + " : " +
                      ReminderStatusText(body.value("status", ""), english);
    OpenOutbox();
  }
  return true;
}

void App::DrawOutbox() {
  ImGui::BeginChild("outbox", ImVec2(0, 0), false);
  DragToScroll();
  Section(T("Boîte d'envoi", "Outbox"));
  for (int k = 0; k < static_cast<int>(std::size(kChips)); ++k) {
    if (Button(T(kChips[k].fr, kChips[k].en), ("outbox_filter_" + std::to_string(k)).c_str(), outbox_chip_ == k, ImVec2(0, 44))) {
      outbox_chip_ = k;
      outbox_ = json::array();  // not the last filter's messages under this one's chip
      outbox_loaded_ = false;
      OpenOutbox();
    }
    ImGui::SameLine();
  }
  ImGui::NewLine();
  if (!outbox_message_.empty()) ColoredText(colors::kBrand, outbox_message_);
  if (ImGui::BeginTable("outbox_table", 7, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH)) {
    ImGui::TableSetupColumn(T("Date", "Date"), ImGuiTableColumnFlags_WidthFixed, 110);
    ImGui::TableSetupColumn(T("Client", "Customer"), ImGuiTableColumnFlags_WidthStretch, 2.0f);
    ImGui::TableSetupColumn(T("Canal", "Channel"), ImGuiTableColumnFlags_WidthFixed, 150);  // Mise en demeure
    ImGui::TableSetupColumn(T("Modèle", "Template"), ImGuiTableColumnFlags_WidthFixed, 185);  // rep_escalation_notice
    ImGui::TableSetupColumn(T("État", "State"), ImGuiTableColumnFlags_WidthFixed, 110);
    ImGui::TableSetupColumn(T("Erreur", "Error"), ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, 230);
    ImGui::TableHeadersRow();
    for (size_t i = 0; i < outbox_.size(); ++i) {
      const json& m = outbox_[i];
      const std::string status = m.value("status", "");
      ImGui::TableNextRow(0, 40);
      ImGui::PushID(static_cast<int>(i));
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(IsoDateText(m.value("date", "")).c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(m["customer"].value("name", "").c_str());
      ImGui::TableNextColumn();
      const std::string channel = m.value("channel", "");
      const std::string_view channel_text = ChannelText(channel, english);
      ImGui::TextUnformatted(channel_text.data(), channel_text.data() + channel_text.size());
      ImGui::TableNextColumn();
      const std::string template_text(TemplateName(m.value("template_id", ""), english));  // a company's own: the id
      ImGui::TextUnformatted(template_text.c_str());
      ImGui::TableNextColumn();
      ColoredText(status == "failed" ? colors::kLate : status == "sent" ? colors::kOk : colors::kMuted, ReminderStatusText(status, english));
      ImGui::TableNextColumn();
      ImGui::TextWrapped("%s", m.value("last_error", "").c_str());
      ImGui::TableNextColumn();
      const int64_t id = m.value("id", int64_t{0});
      if (status == "failed") {
        if (Button(T("Réessayer", "Retry"), ("outbox_retry_" + std::to_string(i)).c_str()))
          http_.Post(kTagOutboxChange, local_.server + "/api/v1/outbox/" + std::to_string(id) + "/retry", "{}", store_.Get("token"));
        ImGui::SameLine();
      }
      if ((status == "failed" || status == "queued") && Button(T("Annuler", "Cancel"), ("outbox_cancel_" + std::to_string(i)).c_str()))
        http_.Post(kTagOutboxChange, local_.server + "/api/v1/outbox/" + std::to_string(id) + "/cancel", "{}", store_.Get("token"));
      ImGui::PopID();
    }
    ImGui::EndTable();
  }
  if (!outbox_loaded_) ColoredText(colors::kMuted, T("Chargement…", "Loading…"));
  else if (outbox_.empty()) ColoredText(colors::kMuted, T("Aucun message.", "No message."));

  Section(T("Calendrier des relances", "Reminder calendar"));
  ImGui::BeginDisabled(calendar_offset_ <= 0);
  if (Button("«", "cal_prev", false, ImVec2(52, 44))) {
    --calendar_offset_;
    OpenOutbox();
  }
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  ImGui::Text("%s", DateText(Today().AddDays(calendar_offset_)).c_str());
  ImGui::SameLine();
  ImGui::BeginDisabled(calendar_offset_ >= kCalendarDays);
  if (Button("»", "cal_next", false, ImVec2(52, 44))) {
    ++calendar_offset_;
    OpenOutbox();
  }
  ImGui::EndDisabled();
  if (calendar_.is_object()) {
    ColoredText(colors::kMuted, std::to_string(calendar_.value("messages", 0)) + T(" messages prévus ce jour-là, ", " messages planned that day, ") +
                                    std::to_string(calendar_.value("invoice_lines", 0)) + T(" factures", " invoices"));
    for (const auto& item : calendar_["items"]) {
      const std::string channel(ChannelText(item.value("channel", ""), english));
      const std::string name(TemplateName(item.value("template_id", ""), english));
      ImGui::Text("%s  ·  %s  ·  %s (%s %d)  ·  %zu %s", item["customer"].value("name", "").c_str(), channel.c_str(), name.c_str(),
                  T("étape", "step"), item.value("step", 0), item["invoices"].size(), T("facture(s)", "invoice(s)"));
    }
  }
  ImGui::EndChild();
}

json App::OutboxStateJson() const {
  json ids = json::array();
  for (const auto& m : outbox_)
    ids.push_back({{"id", m.value("id", int64_t{0})},
                   {"status", m.value("status", "")},
                   {"template", TemplateName(m.value("template_id", ""), english)}});  // as shown
  return {{"messages", ids},
          {"filter", kChips[outbox_chip_].status},
          {"loaded", outbox_loaded_},  // the messages are the filter's
          {"message", outbox_message_},
          {"calendar_date", Today().AddDays(calendar_offset_).ToIso()},
          {"calendar_messages", calendar_.is_object() ? calendar_.value("messages", 0) : -1}};
}

}  // namespace encaisse::client
