// The rep's morning: the portfolio's figures and aging, the accounts to see today; then the
// accounts list (search, sort, filters) over every account of the replica, drawn with ImGui's
// list clipper so that 100 000 rows cost what the visible ones cost.
#include <algorithm>
#include <cstdio>

#include "client_wasm/app.h"
#include "client_wasm/test_hooks.h"
#include "client_wasm/ui_style.h"
#include "client_wasm/ui_widgets.h"

namespace encaisse::client {

void App::DrawDashboard() {
  ImGui::BeginChild("dashboard", ImVec2(0, 0), false);
  DragToScroll();
  // Before the replica is read, the saved figures (App::Start) and their count of accounts.
  const int64_t accounts = replica_ready_ ? static_cast<int64_t>(rows_.size()) : dashboard_accounts_;
  if (!portfolio_ || accounts == 0) {
    Section(T("Bienvenue", "Welcome"));
    ColoredText(colors::kMuted, !replica_ready_    ? T("Chargement des comptes…", "Loading the accounts…")
                                : sync_.running()  ? T("Première synchronisation en cours…", "First sync running…")
                                : dashboard_scan_  ? T("Calcul des chiffres du portefeuille…", "Computing the portfolio's figures…")
                                                   : T("Aucun compte sur cet appareil : synchronisez.", "No account on this device: sync."));
    ImGui::EndChild();
    return;
  }
  const Portfolio& p = *portfolio_;
  Section(T("Mon portefeuille", "My portfolio"));
  if (dashboard_scan_) {  // the figures before the last sync, for the few frames of the new ones
    ImGui::SameLine();
    ColoredText(colors::kMuted, T("  mise à jour…", "  updating…"));
  }
  Figure(T("Total dû", "Total due"), Money(p.open_minor));
  ImGui::SameLine(0, 48);
  Figure(T("Échu", "Overdue"), Money(p.overdue_minor), p.overdue_minor > 0 ? colors::kLate : colors::kOk);
  ImGui::SameLine(0, 48);
  Figure(T("Pénalités exigibles", "Penalties due"), Money(p.interest_minor + p.fee_minor), colors::kWarn);
  ImGui::SameLine(0, 48);
  if (dso_days_) {
    char dso[32];
    std::snprintf(dso, sizeof dso, english ? "%.1f d" : "%.1f j", *dso_days_);
    if (!english) std::replace(std::begin(dso), std::end(dso), '.', ',');  // "95,9 j"
    Figure(T("DSO", "DSO"), dso);
    ImGui::SameLine(0, 48);
  }
  Figure(T("Comptes", "Accounts"), Count(accounts));
  figures_drawn = true;

  // Aging: one bar per bucket, as wide as its share of the total.
  Section(T("Balance âgée", "Aging"));
  const char* labels[kAgingBucketCount] = {T("non échu", "not due"), T("1-30 j", "1-30 d"), T("31-60 j", "31-60 d"),
                                           T("61-90 j", "61-90 d"), T("> 90 j", "> 90 d")};
  const int64_t total = std::max<int64_t>(1, p.aging.Total());
  const float width = ImGui::GetContentRegionAvail().x - 330;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  for (int b = 0; b < kAgingBucketCount; ++b) {
    ImGui::TextUnformatted(labels[b]);
    ImGui::SameLine(110);
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const float w = std::max(2.0f, width * static_cast<float>(p.aging.minor[b]) / static_cast<float>(total));
    draw->AddRectFilled(at, ImVec2(at.x + w, at.y + ImGui::GetTextLineHeight()), colors::kAging[b], 4);
    ImGui::Dummy(ImVec2(width, ImGui::GetTextLineHeight()));
    ImGui::SameLine();
    ImGui::TextUnformatted(Money(p.aging.minor[b]).c_str());
  }

  Section(T("À voir aujourd'hui", "To see today"));
  if (!replica_ready_) ColoredText(colors::kMuted, T("Chargement des comptes…", "Loading the accounts…"));
  else if (today_list_.empty()) ColoredText(colors::kMuted, T("Rien d'urgent.", "Nothing urgent."));
  for (size_t i = 0; i < today_list_.size(); ++i) {
    const auto& [name, why] = today_list_[i];
    ImGui::PushID(static_cast<int>(i));
    if (ImGui::Selectable(name.c_str(), false, 0, ImVec2(320, 0))) {
      for (const auto& r : rows_)
        if (r.name == name) OpenAccount(r.id);
    }
    MarkWidget("today_" + std::to_string(i));
    ImGui::SameLine(340);
    ColoredText(colors::kMuted, why);
    ImGui::PopID();
  }
  ImGui::EndChild();
}

void App::DrawAccounts() {
  bool changed = false;
  ImGui::SetNextItemWidth(std::min(420.0f, ImGui::GetContentRegionAvail().x * 0.45f));
  changed |= ImGui::InputTextWithHint("##search", T("Rechercher un nom, un code client…", "Search a name, a customer code…"), search_,
                                      sizeof search_);
  MarkWidget("accounts_search");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(210);
  const char* sorts[] = {T("Solde décroissant", "Highest balance"), T("Retard décroissant", "Most days late"), T("Nom", "Name")};
  int sort = static_cast<int>(sort_);
  if (ImGui::Combo("##sort", &sort, sorts, 3)) {
    sort_ = static_cast<AccountSort>(sort);
    changed = true;
  }
  MarkWidget("accounts_sort");
  ImGui::SameLine();
  changed |= ImGui::Checkbox(T("Échus", "Overdue"), &only_overdue_);
  MarkWidget("filter_overdue");
  ImGui::SameLine();
  changed |= ImGui::Checkbox(T("En litige", "Disputed"), &only_disputed_);
  MarkWidget("filter_disputed");
  ImGui::SameLine();
  changed |= ImGui::Checkbox(T("Sous échéancier", "On a plan"), &only_plan_);
  MarkWidget("filter_plan");
  if (changed) ApplyListView();
  ColoredText(colors::kMuted, Count(static_cast<int64_t>(view_.size())) + T(" comptes", " accounts"));

  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY;
  if (ImGui::BeginTable("accounts", 5, flags)) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(T("Client", "Customer"), ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn(T("Solde", "Balance"), ImGuiTableColumnFlags_WidthFixed, 150);
    ImGui::TableSetupColumn(T("Échu", "Overdue"), ImGuiTableColumnFlags_WidthFixed, 150);
    ImGui::TableSetupColumn(T("Retard", "Late"), ImGuiTableColumnFlags_WidthFixed, 90);
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, 170);
    ImGui::TableHeadersRow();
    DragToScroll();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(view_.size()));
    while (clipper.Step()) {
      for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
        const AccountRow& r = rows_[view_[i]];
        ImGui::TableNextRow(0, 44);
        ImGui::TableNextColumn();
        ImGui::PushID(view_[i]);
        if (ImGui::Selectable(r.name.c_str(), false, ImGuiSelectableFlags_SpanAllColumns, ImVec2(0, 36))) OpenAccount(r.id);
        if (i < 8) MarkWidget("account_row_" + std::to_string(i));
        ImGui::PopID();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(Money(r.balance).c_str());
        ImGui::TableNextColumn();
        if (r.overdue > 0) ColoredText(colors::kLate, Money(r.overdue)); else ColoredText(colors::kMuted, "—");
        ImGui::TableNextColumn();
        if (r.days_late > 0) ImGui::Text(T("%d j", "%d d"), r.days_late);
        ImGui::TableNextColumn();
        if (r.disputed) { ColoredText(colors::kWarn, T("litige", "dispute")); ImGui::SameLine(); }
        if (r.on_plan) ColoredText(colors::kBrand, T("échéancier", "plan"));
      }
    }
    ImGui::EndTable();
  }
}

}  // namespace encaisse::client
