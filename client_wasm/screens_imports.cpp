// CSV imports at the desk (online: the server's importers decide): pick a file, see the dry
// run (what would be created, updated, left unchanged, and every bad line with its reason),
// then import it, all rows or none; the history of imports below. After an import the next
// sync brings the new invoices into this device's data.
#include "client_wasm/app.h"
#include "client_wasm/browser.h"
#include "client_wasm/test_hooks.h"
#include "client_wasm/ui_style.h"
#include "client_wasm/ui_widgets.h"
#include "shared/core/json_parse.h"

namespace encaisse::client {

namespace {

using nlohmann::json;

constexpr int kTagImportPreview = 201;
constexpr int kTagImportRun = 202;
constexpr int kTagImportHistory = 203;

constexpr const char* kKinds[] = {"invoices", "customers", "payments"};

std::string Percent(const std::string& s) {  // a file name in a query string
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.') out += static_cast<char>(c);
    else out += {'%', hex[c >> 4], hex[c & 15]};
  }
  return out;
}

}  // namespace

void App::OpenImports() {
  screen_ = Screen::kImports;
  http_.Get(kTagImportHistory, local_.server + "/api/v1/imports?limit=20", store_.Get("token"));
}

void App::SendImport(bool dry_run) {
  import_busy_ = true;
  import_message_.clear();
  const std::string url = local_.server + "/api/v1/imports?kind=" + kKinds[import_kind_] + (dry_run ? "&dry_run=1" : "") +
                          "&filename=" + Percent(import_name_);
  http_.Raw("POST", dry_run ? kTagImportPreview : kTagImportRun, url, import_bytes_, "text/csv", store_.Get("token"));
}

bool App::HandleImportReply(const HttpReply& reply) {
  if (reply.tag != kTagImportPreview && reply.tag != kTagImportRun && reply.tag != kTagImportHistory) return false;
  json body = ParseJson(reply.body);
  if (reply.tag == kTagImportHistory) {
    if (reply.status == 200 && body.is_object()) import_history_ = body["items"];
    return true;
  }
  import_busy_ = false;
  if (reply.status == 0) {
    import_message_ = T("Hors ligne : l'import demande le réseau.", "Offline: importing needs the network.");
    return true;
  }
  if (reply.tag == kTagImportPreview) {
    import_preview_ = body.is_object() ? body : json::object();
    import_preview_status_ = reply.status;
    if (reply.status != 200 && reply.status != 400)
      import_message_ = ReplyError(reply, "");
    return true;
  }
  // The import itself.
  if (reply.status == 200) {
    import_message_ = std::string(T("Importé : ", "Imported: ")) + std::to_string(body.value("rows", 0)) + T(" lignes (", " rows (") +
                      std::to_string(body.value("created", 0)) + T(" créées, ", " created, ") + std::to_string(body.value("updated", 0)) +
                      T(" modifiées).", " updated).");
    import_preview_ = json::object();
    import_preview_status_ = 0;
    import_bytes_.clear();
    import_done_ = true;
    OpenImports();  // the history, with this import
    StartSync();    // the new rows, here too
  } else {
    import_preview_ = body.is_object() ? body : json::object();
    import_preview_status_ = reply.status;
    import_message_ = T("Rien n'a été importé.", "Nothing was imported.");
  }
  return true;
}

void App::DrawImports() {
  std::string name, bytes;
  if (TakePickedFile(&name, &bytes)) {
    import_name_ = name;
    import_bytes_ = std::move(bytes);
    import_done_ = false;
    SendImport(true);  // the preview comes first, always
  }
  ImGui::BeginChild("imports", ImVec2(0, 0), false);
  DragToScroll();
  Section(T("Importer un fichier CSV", "Import a CSV file"));
  const char* labels[] = {T("Factures", "Invoices"), T("Clients", "Customers"), T("Paiements", "Payments")};
  for (int k = 0; k < 3; ++k) {
    if (Button(labels[k], ("import_kind_" + std::to_string(k)).c_str(), import_kind_ == k, ImVec2(0, 44)) && import_kind_ != k) {
      import_kind_ = k;
      if (!import_bytes_.empty()) SendImport(true);  // the same file read as this kind
    }
    ImGui::SameLine();
  }
  ImGui::BeginDisabled(import_busy_);
  if (Button(import_bytes_.empty() ? T("Choisir un fichier…", "Choose a file…") : T("Choisir un autre fichier…", "Choose another file…"),
             "import_pick", import_bytes_.empty(), ImVec2(0, 44)))
    PickFile(".csv,text/csv,text/plain");
  ImGui::EndDisabled();
  ImGui::NewLine();
  ColoredText(colors::kMuted, T("Factures : customer_id, customer_name, invoice_number, issue_date, due_date, amount, currency "
                                "(et email, phone, rep_email… en option). Tout le fichier ou rien.",
                                "Invoices: customer_id, customer_name, invoice_number, issue_date, due_date, amount, currency "
                                "(email, phone, rep_email… optional). The whole file or nothing."));
  if (import_busy_) ColoredText(colors::kMuted, T("Lecture du fichier par le serveur…", "The server is reading the file…"));
  if (!import_message_.empty()) ColoredText(import_done_ ? colors::kOk : colors::kLate, import_message_);
  MarkWidget("import_message");

  if (!import_bytes_.empty() && import_preview_status_ == 200) {
    Section((std::string(T("Aperçu de ", "Preview of ")) + import_name_).c_str());
    const json& p = import_preview_;
    ImGui::Text("%d %s · %d %s · %d %s · %d %s", p.value("rows", 0), T("lignes", "rows"), p.value("created", 0), T("nouvelles", "new"),
                p.value("updated", 0), T("modifiées", "updated"), p.value("unchanged", 0), T("inchangées", "unchanged"));
    MarkWidget("import_preview");
    if (p.contains("warnings"))
      for (const auto& w : p["warnings"])
        ColoredText(colors::kWarn, std::string(T("ligne ", "line ")) + std::to_string(w.value("line", 0)) + " : " + w.value("message", ""));
    if (Button(T("Importer ce fichier", "Import this file"), "import_confirm", true, ImVec2(0, 48))) SendImport(false);
  } else if (!import_bytes_.empty() && import_preview_status_ == 400) {
    Section((std::string(T("Erreurs dans ", "Errors in ")) + import_name_).c_str());
    const json& p = import_preview_;
    ColoredText(colors::kLate, T("Rien ne sera importé tant que ces lignes ne sont pas corrigées :",
                                 "Nothing will be imported until these lines are fixed:"));
    if (p.contains("errors"))
      for (const auto& e : p["errors"]) {
        std::string line = std::string(T("ligne ", "line ")) + std::to_string(e.value("line", 0));
        if (!e.value("column", "").empty()) line += ", " + e.value("column", "");
        ColoredText(colors::kLate, line + " : " + e.value("message", ""));
      }
    else if (p.contains("error"))
      ColoredText(colors::kLate, p["error"].value("message", ""));
    MarkWidget("import_errors");
  }

  Section(T("Derniers imports", "Recent imports"));
  if (import_history_.is_array() && ImGui::BeginTable("import_history", 5, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH)) {
    ImGui::TableSetupColumn(T("Date", "Date"));
    ImGui::TableSetupColumn(T("Type", "Kind"));
    ImGui::TableSetupColumn(T("Fichier", "File"));
    ImGui::TableSetupColumn(T("Par", "By"));
    ImGui::TableSetupColumn(T("Lignes", "Rows"));
    ImGui::TableHeadersRow();
    for (const auto& i : import_history_) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(LocalStamp(i.value("created_at", "")).c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(i.value("kind", "").c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(i.value("source", "").c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(i.value("user_email", "").c_str());
      ImGui::TableNextColumn();
      ImGui::Text("%d (+%d, ~%d)", i.value("rows", 0), i.value("created", 0), i.value("updated", 0));
    }
    ImGui::EndTable();
  }
  ImGui::EndChild();
}

json App::ImportStateJson() const {
  json errors = json::array();
  if (import_preview_.is_object() && import_preview_.contains("errors"))
    for (const auto& e : import_preview_["errors"])
      errors.push_back({{"line", e.value("line", 0)}, {"column", e.value("column", "")}, {"message", e.value("message", "")}});
  return {{"file", import_name_},
          {"busy", import_busy_},
          {"preview_status", import_preview_status_},
          {"rows", import_preview_.is_object() ? import_preview_.value("rows", 0) : 0},
          {"created", import_preview_.is_object() ? import_preview_.value("created", 0) : 0},
          {"errors", errors},
          {"message", import_message_},
          {"done", import_done_},
          {"history", import_history_.is_array() ? import_history_.size() : 0}};
}

}  // namespace encaisse::client
