// The desk's disputes, from the replica (offline too): every open dispute, oldest first, with the
// customer, the invoice and how long it has been waiting, or the resolved ones with what was
// decided. "Resolve" opens the account with the resolution form; the resolution goes through
// the sync push like any action, and the server resumes the invoice's reminders.
#include <cstring>

#include "client_wasm/app.h"
#include "client_wasm/test_hooks.h"
#include "client_wasm/ui_style.h"
#include "client_wasm/ui_widgets.h"
#include "shared/store/action_store.h"

namespace encaisse::client {

namespace {
constexpr int kMaxDisputes = 2000;
}  // namespace

void App::ReloadDisputes() {
  auto list = ListDisputes(store_.replica().db(), disputes_resolved_ ? DisputeStatus::kResolved : DisputeStatus::kOpen, 0, kMaxDisputes);
  disputes_.clear();
  if (!list.ok()) {
    notice_ = list.status().message();
    return;
  }
  disputes_ = std::move(*list);
  // Open ones: the longest waiting first. Resolved ones: the latest decision first.
  std::stable_sort(disputes_.begin(), disputes_.end(), [this](const DisputeListItem& a, const DisputeListItem& b) {
    if (disputes_resolved_) return a.dispute.resolved.value_or(Date()) > b.dispute.resolved.value_or(Date());
    return a.dispute.opened < b.dispute.opened;
  });
}

void App::StartResolve(Id customer_id, Id dispute_id) {
  if (!detail_ || detail_->customer.id != customer_id) OpenAccount(customer_id);
  screen_ = Screen::kAccount;
  form_ = Form::kResolve;
  resolve_dispute_ = dispute_id;
  resolve_kind_ = 0;
  form_error_.clear();
  std::memset(form_text_, 0, sizeof form_text_);
  ImGui::SetScrollY(0);  // the form opens at the top of the account
}

void App::DrawDisputes() {
  ImGui::BeginChild("disputes", ImVec2(0, 0), false);
  DragToScroll();
  Section(T("Litiges", "Disputes"));
  if (Button(T("Ouverts", "Open"), "disputes_open", !disputes_resolved_, ImVec2(0, 44))) {
    disputes_resolved_ = false;
    ReloadDisputes();
  }
  ImGui::SameLine();
  if (Button(T("Clos", "Resolved"), "disputes_resolved", disputes_resolved_, ImVec2(0, 44))) {
    disputes_resolved_ = true;
    ReloadDisputes();
  }
  int64_t blocked = 0;
  for (const auto& d : disputes_) blocked += d.invoice_open_minor;
  if (!disputes_resolved_) {
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ColoredText(colors::kMuted, std::to_string(disputes_.size()) + T(" litiges ouverts bloquent ", " open disputes hold back ") + Money(blocked));
  }
  if (disputes_.empty()) ColoredText(colors::kMuted, T("Aucun litige.", "No dispute."));
  if (!disputes_.empty() && ImGui::BeginTable("disputes_table", 6, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH)) {
    ImGui::TableSetupColumn(T("Ouvert le", "Opened"), ImGuiTableColumnFlags_WidthFixed, 150);
    ImGui::TableSetupColumn(T("Client", "Customer"));
    ImGui::TableSetupColumn(T("Facture", "Invoice"), ImGuiTableColumnFlags_WidthFixed, 130);
    ImGui::TableSetupColumn(T("Reste dû", "Open"), ImGuiTableColumnFlags_WidthFixed, 120);
    ImGui::TableSetupColumn(disputes_resolved_ ? T("Motif et décision", "Reason and decision") : T("Motif", "Reason"));
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, 110);
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(disputes_.size()), 44);
    while (clipper.Step()) {
      for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
        const DisputeListItem& d = disputes_[i];
        ImGui::TableNextRow(0, 44);
        ImGui::PushID(i);
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(DateText(d.dispute.opened).c_str());
        if (!disputes_resolved_) {
          const int64_t days = Today() - d.dispute.opened;
          ColoredText(days > 30 ? colors::kLate : colors::kMuted, std::to_string(days) + T(" jours", " days"));
        }
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(d.customer_name.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(d.invoice_number.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(Money(d.invoice_open_minor).c_str());
        ImGui::TableNextColumn();
        ImGui::TextWrapped("%s", d.dispute.reason.c_str());
        if (disputes_resolved_) ColoredText(colors::kOk, d.dispute.resolution);
        ImGui::TableNextColumn();
        const char* label = AtDesk() && !disputes_resolved_ ? T("Traiter", "Resolve") : T("Compte", "Account");
        if (Button(label, ("dispute_open_" + std::to_string(i)).c_str())) {
          if (AtDesk() && !disputes_resolved_) {
            StartResolve(d.dispute.customer_id, d.dispute.id);
          } else {
            OpenAccount(d.dispute.customer_id);
            screen_ = Screen::kAccount;
          }
        }
        ImGui::PopID();
      }
    }
    ImGui::EndTable();
  }
  ImGui::EndChild();
}

}  // namespace encaisse::client
