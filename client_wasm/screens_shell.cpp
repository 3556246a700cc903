// The frame: sign-in, then the top bar (who, sync state), the navigation chosen by role, and the
// current screen; the sync screen (pending and rejected actions) lives here too.
#include <algorithm>
#include <cstring>

#include "client_wasm/app.h"
#include "client_wasm/browser.h"
#include "client_wasm/test_hooks.h"
#include "client_wasm/ui_style.h"
#include "client_wasm/ui_widgets.h"

namespace encaisse::client {

namespace {
constexpr double kAutoSyncMs = 60000;
}  // namespace

void App::Frame() {
  ++frames;
  HandleNetwork();
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->Pos);
  ImGui::SetNextWindowSize(vp->Size);
  ImGui::Begin("##root", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                   ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoSavedSettings);
  if (!ready_) {
    ColoredText(colors::kLate, T("Impossible d'ouvrir les données locales : ", "The local data could not be opened: ") + start_error_);
  } else if (screen_ == Screen::kLogin) {
    DrawLogin();
  } else {
    // Keep in step without anyone pressing a button: every minute, and at once when actions wait.
    if (!sync_.running() && NowMs() - sync_.started_ms() > kAutoSyncMs) StartSync();
    DrawShell();
  }
  ImGui::End();
}

void App::DrawLogin() {
  const float width = std::min(520.0f, ImGui::GetContentRegionAvail().x);
  ImGui::SetCursorPosX((ImGui::GetWindowWidth() - width) * 0.5f);
  ImGui::BeginChild("login", ImVec2(width, 0), false);
  ImGui::Dummy(ImVec2(0, 30));
  if (TitleFont()) ImGui::PushFont(TitleFont());
  ColoredText(colors::kBrand, "Encaisse");
  if (TitleFont()) ImGui::PopFont();
  ColoredText(colors::kMuted, T("Vos comptes clients, même sans réseau.", "Your customer accounts, even offline."));
  ImGui::Dummy(ImVec2(0, 10));
  ImGui::PushItemWidth(-1);
  ImGui::TextUnformatted(T("Adresse du serveur", "Server address"));
  ImGui::InputTextWithHint("##server", "https://encaisse.example.fr", server_, sizeof server_);
  MarkWidget("login_server");
  ImGui::TextUnformatted(T("E-mail", "Email"));
  ImGui::InputText("##email", email_, sizeof email_);
  MarkWidget("login_email");
  ImGui::TextUnformatted(T("Mot de passe", "Password"));
  const bool enter = ImGui::InputText("##password", password_, sizeof password_,
                                      ImGuiInputTextFlags_Password | ImGuiInputTextFlags_EnterReturnsTrue);
  MarkWidget("login_password");
  ImGui::TextUnformatted(T("Nom de cet appareil", "This device's name"));
  ImGui::InputText("##device", device_, sizeof device_);
  MarkWidget("login_device");
  ImGui::PopItemWidth();
  ImGui::Dummy(ImVec2(0, 6));
  ImGui::BeginDisabled(login_busy_ || !*email_ || !*password_);
  if (Button(login_busy_ ? T("Connexion…", "Signing in…") : T("Se connecter", "Sign in"), "login_submit", true, ImVec2(-1, 52)) ||
      (enter && *email_ && *password_ && !login_busy_))
    SubmitLogin();
  ImGui::EndDisabled();
  if (!login_error_.empty()) {
    ImGui::PushTextWrapPos(0);
    ColoredText(colors::kLate, login_error_);
    ImGui::PopTextWrapPos();
  }
  ImGui::EndChild();
}

// A UTC stamp (the server's, or the tablet's own record of an action) on the tablet's clock and
// time zone: "05/12/2026 10:30" ("2026-12-05 10:30" in English); the stamp as is if the browser
// cannot read it.
std::string App::LocalStamp(const std::string& utc) const {
  const std::string local = LocalDateTime(utc);  // "2026-12-05 10:30"
  return local.size() == 16 ? IsoDateText(local.substr(0, 10)) + local.substr(10) : utc;
}

// When the last sync was: "à 10:30" today, "le 05/12/2026 10:30" another day.
std::string App::SyncedWhen() const {
  const std::string local = LocalDateTime(local_.last_sync);
  if (local.size() == 16 && local.compare(0, 10, LocalDateIso()) == 0) return T("à ", "at ") + local.substr(11, 5);
  return T("le ", "on ") + LocalStamp(local_.last_sync);
}

void App::DrawShell() {
  // Top bar.
  if (TitleFont()) ImGui::PushFont(TitleFont());
  ColoredText(colors::kBrand, "Encaisse");
  if (TitleFont()) ImGui::PopFont();
  ImGui::SameLine();
  ColoredText(colors::kMuted, "  " + local_.user_name);
  const int pending = local_.pending;
  std::string status;
  if (sync_.running()) {
    const bool first = sync_.expected_rows() > 0;
    status = std::string(T("Synchronisation… ", "Syncing… ")) + Count(first ? sync_.first_sync_rows() : sync_.rows_this_sync());
    if (first) status += " / " + Count(sync_.expected_rows());
    status += T(" lignes", " rows");
  } else if (!online_) {
    status = T("Hors ligne", "Offline");
  } else {
    status = local_.last_sync.empty() ? T("Jamais synchronisé", "Never synced") : T("Synchronisé ", "Synced ") + SyncedWhen();
  }
  if (pending) status += " · " + std::to_string(pending) + T(" en attente", " pending");
  const float right = ImGui::GetWindowWidth() - 190 - ImGui::CalcTextSize(status.c_str()).x;
  ImGui::SameLine(std::max(right, ImGui::GetCursorPosX() + 20));
  ImGui::AlignTextToFramePadding();
  ColoredText(online_ ? colors::kMuted : colors::kWarn, status);
  ImGui::SameLine();
  ImGui::BeginDisabled(sync_.running() || !replica_ready_);
  if (Button(T("Synchroniser", "Sync now"), "sync_now", true)) StartSync();
  ImGui::EndDisabled();
  if (sync_.running() && sync_.expected_rows() > 0) {  // a first sync: how far its copy is
    const double done = static_cast<double>(sync_.first_sync_rows()) / static_cast<double>(sync_.expected_rows());
    ImGui::ProgressBar(static_cast<float>(std::min(1.0, done)), ImVec2(-1, 6), "");
  }

  // Navigation by role.
  const bool manager = local_.role == "manager" || local_.role == "admin";
  const bool desk = local_.role != "sales_rep";
  // A tab shows its screen; an online screen also asks the server for its data (`open`).
  auto tab = [&](const char* label, const char* name, Screen target, void (App::*open)() = nullptr) {
    const bool current = screen_ == target || (target == Screen::kAccounts && screen_ == Screen::kAccount) ||
                         (target == Screen::kWorklist && screen_ == Screen::kTask);
    // A second row when the screen is too narrow for every tab (an admin on a tablet).
    const float width = ImGui::CalcTextSize(label, nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2;
    if (ImGui::GetCursorPosX() + width > ImGui::GetWindowContentRegionMax().x) ImGui::NewLine();
    if (Button(label, name, current, ImVec2(0, 48))) {
      screen_ = target;
      form_ = Form::kNone;
      notice_.clear();
      if (open) (this->*open)();
    }
    ImGui::SameLine();
  };
  if (desk) tab(T("À traiter", "Worklist"), "nav_worklist", Screen::kWorklist);
  tab(T("Tableau de bord", "Dashboard"), "nav_dashboard", Screen::kDashboard);
  tab(T("Comptes", "Accounts"), "nav_accounts", Screen::kAccounts);
  if (manager) {
    const std::string label = std::string(T("Validations", "Approvals")) + " (" + std::to_string(plans_.size() - decided_offline_.size()) + ")###plans";
    tab(label.c_str(), "nav_plans", Screen::kPlans);
  }
  if (desk) tab(T("Litiges", "Disputes"), "nav_disputes", Screen::kDisputes, &App::ReloadDisputes);
  if (desk) tab(T("Rapports", "Reports"), "nav_reports", Screen::kReports);
  if (AtDesk()) tab(T("Imports", "Imports"), "nav_imports", Screen::kImports, &App::OpenImports);
  if (desk) tab(T("Envois", "Outbox"), "nav_outbox", Screen::kOutbox, &App::OpenOutbox);
  if (local_.role == "admin") {
    tab(T("Scénarios", "Scenarios"), "nav_scenarios", Screen::kScenarios, &App::OpenScenarios);
    tab(T("Modèles", "Templates"), "nav_templates", Screen::kTemplates, &App::OpenTemplates);
    tab(T("Entreprise", "Company"), "nav_company", Screen::kCompany, &App::OpenCompany);
    tab(T("Équipe", "Team"), "nav_users", Screen::kUsers, &App::OpenUsers);
  }
  const std::string sync_label = std::string(T("Synchronisation", "Sync")) + (pending ? " (" + std::to_string(pending) + ")" : "") + "###sync";
  tab(sync_label.c_str(), "nav_sync", Screen::kSync);
  ImGui::NewLine();
  if (!notice_.empty()) {
    ImGui::PushTextWrapPos(0);
    ColoredText(colors::kBrand, notice_);
    ImGui::PopTextWrapPos();
  }
  ImGui::Separator();

  if (!replica_ready_ && screen_ != Screen::kDashboard) {  // every other screen reads the replica
    ColoredText(colors::kMuted, T("Chargement des comptes…", "Loading the accounts…"));
    return;
  }
  switch (screen_) {
    case Screen::kDashboard: DrawDashboard(); break;
    case Screen::kAccounts: DrawAccounts(); break;
    case Screen::kAccount: DrawAccount(); break;
    case Screen::kPlans: DrawPlans(); break;
    case Screen::kSync: DrawSync(); break;
    case Screen::kWorklist: DrawWorklist(); break;
    case Screen::kTask: DrawTask(); break;
    case Screen::kImports: DrawImports(); break;
    case Screen::kReports: DrawReports(); break;
    case Screen::kTemplates: DrawTemplates(); break;
    case Screen::kOutbox: DrawOutbox(); break;
    case Screen::kCompany: DrawCompany(); break;
    case Screen::kUsers: DrawUsers(); break;
    case Screen::kDisputes: DrawDisputes(); break;
    case Screen::kScenarios: DrawScenarios(); break;
    case Screen::kLogin: break;
  }
}

void App::DrawSync() {
  ImGui::BeginChild("sync", ImVec2(0, 0), false);
  DragToScroll();
  Section(T("Synchronisation", "Sync"));
  ImGui::Text("%s %s", T("Dernière synchronisation :", "Last sync:"),
              local_.last_sync.empty() ? T("jamais", "never") : LocalStamp(local_.last_sync).c_str());
  ImGui::Text("%s %s", T("Serveur :", "Server:"), local_.server.c_str());
  if (sync_.pages_this_sync())
    ImGui::Text(T("Dernier échange : %lld lignes en %d pages, appliquées en %.0f ms", "Last exchange: %lld rows in %d pages, applied in %.0f ms"),
                static_cast<long long>(sync_.rows_this_sync()), sync_.pages_this_sync(), sync_.apply_ms());
  if (!sync_.last_error().empty() && sync_.last_error() != "offline") ColoredText(colors::kLate, sync_.last_error());

  auto list = [&](const char* state, const char* title, ImU32 color) {
    std::vector<const PendingAction*> actions;
    for (const auto& a : local_.actions)
      if (a.state == state) actions.push_back(&a);
    Section(title);
    if (actions.empty()) {
      ColoredText(colors::kMuted, T("Aucune.", "None."));
      return;
    }
    if (ImGui::BeginTable(state, 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH)) {
      ImGui::TableSetupColumn(T("Saisie", "Recorded"), ImGuiTableColumnFlags_WidthFixed, 200);
      ImGui::TableSetupColumn(T("Action", "Action"));
      ImGui::TableSetupColumn(T("Réponse du serveur", "Server's answer"));
      ImGui::TableHeadersRow();
      for (const PendingAction* a : actions) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(LocalStamp(a->created_at).c_str());
        ImGui::TableNextColumn();
        ImGui::TextWrapped("%s", a->summary.c_str());
        ImGui::TableNextColumn();
        ImGui::PushStyleColor(ImGuiCol_Text, color);
        ImGui::TextWrapped("%s", a->reason.empty() ? T("en attente d'envoi", "waiting to be sent") : a->reason.c_str());
        ImGui::PopStyleColor();
      }
      ImGui::EndTable();
    }
  };
  list("pending", T("Actions en attente", "Pending actions"), colors::kWarn);
  list("rejected", T("Actions refusées par le serveur", "Actions the server rejected"), colors::kLate);
  ImGui::Dummy(ImVec2(0, 20));
  if (Button(T("Se déconnecter et effacer les données de cet appareil", "Sign out and erase this device's data"), "sign_out"))
    ImGui::OpenPopup("confirm_sign_out");
  if (ImGui::BeginPopupModal("confirm_sign_out", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
    const int pending = local_.pending;
    if (pending)
      ColoredText(colors::kLate, std::to_string(pending) + T(" action(s) pas encore envoyée(s) seront perdues.", " action(s) not sent yet will be lost."));
    ImGui::TextUnformatted(T("Effacer les données de cet appareil ?", "Erase this device's data?"));
    if (Button(T("Effacer", "Erase"), "sign_out_confirm", true)) {
      SignOut();
      ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (Button(T("Annuler", "Cancel"), "sign_out_cancel")) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
  }
  ImGui::EndChild();
}

}  // namespace encaisse::client
