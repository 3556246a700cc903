// The admin's team screen (online: accounts live on the server): who may sign in and with which
// role, a new colleague, a new password (write-only: typed here, never shown or sent back), a
// disabled account; and every signed-in device, which an admin can sign out (a lost tablet).
// The server signs a person out of all devices when their role or password changes.
#include <cstring>

#include "client_wasm/app.h"
#include "client_wasm/test_hooks.h"
#include "client_wasm/ui_style.h"
#include "client_wasm/ui_widgets.h"
#include "shared/core/json_parse.h"

namespace encaisse::client {

namespace {

using nlohmann::json;

constexpr int kTagUsers = 251;
constexpr int kTagSessions = 252;
constexpr int kTagUserSave = 253;
constexpr int kTagSessionRevoke = 254;

struct RoleChoice {
  const char* role;
  const char* fr;
  const char* en;
};
constexpr RoleChoice kRoles[] = {{"sales_rep", "Commercial", "Sales rep"},
                                 {"collector", "Recouvrement", "Collector"},
                                 {"manager", "Manager (DAF)", "Manager (CFO)"},
                                 {"admin", "Administrateur", "Administrator"}};

int RoleIndex(const std::string& role) {
  for (int i = 0; i < static_cast<int>(std::size(kRoles)); ++i)
    if (role == kRoles[i].role) return i;
  return 0;
}

}  // namespace

void App::OpenUsers() {
  screen_ = Screen::kUsers;
  staff_.message.clear();
  http_.Get(kTagUsers, local_.server + "/api/v1/users", store_.Get("token"));
  http_.Get(kTagSessions, local_.server + "/api/v1/sessions", store_.Get("token"));
}

void App::EditUser(int row) {
  staff_.edit = row;
  staff_.message.clear();
  std::memset(staff_.password, 0, sizeof staff_.password);
  if (row < 0) {  // a new colleague
    std::memset(staff_.email, 0, sizeof staff_.email);
    std::memset(staff_.name, 0, sizeof staff_.name);
    staff_.role = 0;
    staff_.disabled = false;
    return;
  }
  const json& u = staff_.users[row];
  CopyToBuffer(staff_.email, sizeof staff_.email, u.value("email", ""));
  CopyToBuffer(staff_.name, sizeof staff_.name, u.value("name", ""));
  staff_.role = RoleIndex(u.value("role", ""));
  staff_.disabled = u.value("disabled", false);
}

bool App::HandleUsersReply(const HttpReply& reply) {
  if (reply.tag < kTagUsers || reply.tag > kTagSessionRevoke) return false;
  json body = ParseJson(reply.body);
  staff_.ok = reply.status >= 200 && reply.status < 300;
  if (!staff_.ok) {
    staff_.message = ReplyError(reply, T("Hors ligne : l'équipe demande le réseau.", "Offline: the team needs the network."));
    return true;
  }
  if (reply.tag == kTagUsers && body.is_object()) staff_.users = body["items"];
  if (reply.tag == kTagSessions && body.is_object()) staff_.sessions = body["items"];
  if (reply.tag == kTagUserSave) {
    staff_.editing = false;
    http_.Get(kTagUsers, local_.server + "/api/v1/users", store_.Get("token"));
    http_.Get(kTagSessions, local_.server + "/api/v1/sessions", store_.Get("token"));  // a new role signs out
    staff_.message = std::string(T("Enregistré : ", "Saved: ")) + body.value("name", "") + " (" + body.value("email", "") + ")";
  }
  if (reply.tag == kTagSessionRevoke) {
    staff_.message = T("Appareil déconnecté : ses données locales seront effacées à sa prochaine synchronisation.",
                       "Device signed out: its local data is erased at its next sync.");
    http_.Get(kTagSessions, local_.server + "/api/v1/sessions", store_.Get("token"));
  }
  return true;
}

void App::DrawUserForm() {
  const bool creating = staff_.edit < 0;
  Section(creating ? T("Nouvelle personne", "New colleague") : T("Modifier", "Edit"));
  ImGui::PushItemWidth(std::min(420.0f, ImGui::GetContentRegionAvail().x));
  ImGui::TextUnformatted(T("E-mail de connexion", "Sign-in email"));
  ImGui::BeginDisabled(!creating);  // the email is the sign-in name: a new account for a new one
  ImGui::InputText("##user_email", staff_.email, sizeof staff_.email);
  ImGui::EndDisabled();
  MarkWidget("user_email");
  ImGui::TextUnformatted(T("Nom", "Name"));
  ImGui::InputText("##user_name", staff_.name, sizeof staff_.name);
  MarkWidget("user_name");
  ImGui::TextUnformatted(T("Rôle", "Role"));
  for (int i = 0; i < static_cast<int>(std::size(kRoles)); ++i) {
    if (Button(T(kRoles[i].fr, kRoles[i].en), ("user_role_" + std::string(kRoles[i].role)).c_str(), staff_.role == i, ImVec2(0, 44)))
      staff_.role = i;
    ImGui::SameLine();
  }
  ImGui::NewLine();
  ImGui::TextUnformatted(creating ? T("Mot de passe (10 caractères au moins)", "Password (at least 10 characters)")
                                  : T("Nouveau mot de passe (vide : inchangé)", "New password (empty: unchanged)"));
  ImGui::InputText("##user_password", staff_.password, sizeof staff_.password, ImGuiInputTextFlags_Password);
  MarkWidget("user_password");
  if (!creating) {
    ImGui::Checkbox(T("Compte désactivé (ne peut plus se connecter)", "Account disabled (can no longer sign in)"), &staff_.disabled);
    MarkWidget("user_disabled");
  }
  ImGui::PopItemWidth();
  if (Button(creating ? T("Créer le compte", "Create the account") : T("Enregistrer", "Save"), "user_save", true, ImVec2(0, 48))) {
    json body = {{"name", staff_.name}, {"role", kRoles[staff_.role].role}};
    if (*staff_.password) body["password"] = staff_.password;
    if (creating) {
      body["email"] = staff_.email;
      http_.Post(kTagUserSave, local_.server + "/api/v1/users", body.dump(), store_.Get("token"));
    } else {
      body["disabled"] = staff_.disabled;
      const std::string id = std::to_string(staff_.users[staff_.edit].value("id", Id{0}));
      http_.Patch(kTagUserSave, local_.server + "/api/v1/users/" + id, body.dump(), store_.Get("token"));
    }
    std::memset(staff_.password, 0, sizeof staff_.password);  // not kept in memory longer than needed
  }
  ImGui::SameLine();
  if (Button(T("Fermer", "Close"), "user_close", false, ImVec2(0, 48))) staff_.editing = false;
}

void App::DrawUsers() {
  ImGui::BeginChild("users", ImVec2(0, 0), false);
  DragToScroll();
  Section(T("L'équipe", "The team"));
  if (!staff_.message.empty()) {
    ImGui::PushTextWrapPos(0);
    ColoredText(staff_.ok ? colors::kOk : colors::kLate, staff_.message);
    ImGui::PopTextWrapPos();
  }
  std::map<Id, std::string> names;
  if (ImGui::BeginTable("users_table", 5, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH)) {
    ImGui::TableSetupColumn(T("Nom", "Name"));
    ImGui::TableSetupColumn(T("E-mail", "Email"));
    ImGui::TableSetupColumn(T("Rôle", "Role"), ImGuiTableColumnFlags_WidthFixed, 170);
    ImGui::TableSetupColumn(T("État", "State"), ImGuiTableColumnFlags_WidthFixed, 110);
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, 130);
    ImGui::TableHeadersRow();
    for (size_t i = 0; i < staff_.users.size(); ++i) {
      const json& u = staff_.users[i];
      names[u.value("id", Id{0})] = u.value("name", "");
      const bool disabled = u.value("disabled", false);
      ImGui::TableNextRow(0, 40);
      ImGui::PushID(static_cast<int>(i));
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(u.value("name", "").c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(u.value("email", "").c_str());
      ImGui::TableNextColumn();
      const RoleChoice& role = kRoles[RoleIndex(u.value("role", ""))];
      ImGui::TextUnformatted(T(role.fr, role.en));
      ImGui::TableNextColumn();
      ColoredText(disabled ? colors::kLate : colors::kOk, disabled ? T("désactivé", "disabled") : T("actif", "active"));
      ImGui::TableNextColumn();
      if (Button(T("Modifier", "Edit"), ("user_edit_" + std::to_string(i)).c_str())) {
        EditUser(static_cast<int>(i));
        staff_.editing = true;
      }
      ImGui::PopID();
    }
    ImGui::EndTable();
  }
  if (!staff_.editing && Button(T("+ Nouvelle personne", "+ New colleague"), "user_new", false, ImVec2(0, 48))) {
    EditUser(-1);
    staff_.editing = true;
  }
  if (staff_.editing) DrawUserForm();

  Section(T("Appareils connectés", "Signed-in devices"));
  if (ImGui::BeginTable("sessions_table", 6, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH)) {
    ImGui::TableSetupColumn(T("Personne", "Person"));
    ImGui::TableSetupColumn(T("Appareil", "Device"));
    ImGui::TableSetupColumn(T("Connecté le", "Signed in"), ImGuiTableColumnFlags_WidthFixed, 130);
    ImGui::TableSetupColumn(T("Vu le", "Last seen"), ImGuiTableColumnFlags_WidthFixed, 170);
    ImGui::TableSetupColumn(T("État", "State"), ImGuiTableColumnFlags_WidthFixed, 110);
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, 130);
    ImGui::TableHeadersRow();
    for (size_t i = 0; i < staff_.sessions.size(); ++i) {
      const json& s = staff_.sessions[i];
      const bool revoked = s.value("revoked", false);
      ImGui::TableNextRow(0, 40);
      ImGui::PushID(static_cast<int>(i));
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(names[s.value("user_id", Id{0})].c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(s.value("device_name", "").c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(LocalStamp(s.value("created_at", "")).substr(0, 10).c_str());  // the day
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(LocalStamp(s.value("last_seen_at", "")).c_str());
      ImGui::TableNextColumn();
      ColoredText(revoked ? colors::kMuted : colors::kOk, revoked ? T("déconnecté", "signed out") : T("actif", "active"));
      ImGui::TableNextColumn();
      if (s.value("current", false))  // signing out here is the shell's "Déconnexion"
        ColoredText(colors::kBrand, T("cet appareil", "this device"));
      else if (!revoked && Button(T("Déconnecter", "Sign out"), ("session_revoke_" + std::to_string(i)).c_str()))
        http_.Delete(kTagSessionRevoke, local_.server + "/api/v1/sessions/" + std::to_string(s.value("id", Id{0})), store_.Get("token"));
      ImGui::PopID();
    }
    ImGui::EndTable();
  }
  ImGui::EndChild();
}

json App::UsersStateJson() const {
  json users = json::array();
  for (const auto& u : staff_.users)
    users.push_back({{"email", u.value("email", "")}, {"role", u.value("role", "")}, {"disabled", u.value("disabled", false)}});
  json sessions = json::array();
  for (const auto& s : staff_.sessions)
    sessions.push_back({{"id", s.value("id", Id{0})}, {"user_id", s.value("user_id", Id{0})}, {"device", s.value("device_name", "")},
                        {"revoked", s.value("revoked", false)}});
  return {{"users", users}, {"sessions", sessions}, {"message", staff_.message}, {"ok", staff_.ok}, {"editing", staff_.editing}};
}

}  // namespace encaisse::client
