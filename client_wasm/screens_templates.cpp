// The admin's reminder templates (online: the server keeps them): the list, shipped and
// customised; the editor, checked as one types by the shared validator (an unknown placeholder
// is named with its part and line before anything is sent); the preview, composed by the
// server for a real account exactly as the reminder would go; save, or back to the shipped text.
#include <algorithm>
#include <cstring>
#include <tuple>

#include "client_wasm/app.h"
#include "client_wasm/reminder_labels.h"
#include "client_wasm/test_hooks.h"
#include "client_wasm/ui_style.h"
#include "client_wasm/ui_widgets.h"
#include "shared/core/json_parse.h"
#include "shared/core/text_fold.h"
#include "shared/store/template_store.h"
#include "shared/templates/default_templates.h"
#include "shared/templates/template_render.h"

namespace encaisse::client {

namespace {

using nlohmann::json;

constexpr int kTagTemplates = 211;
constexpr int kTagTemplatePreview = 212;
constexpr int kTagTemplateSave = 213;
constexpr int kTagTemplateReset = 214;

// A template as the list and the editor name it: "2e relance · fr · E-mail".
std::string TemplateLine(const json& t, bool english) {
  return std::string(TemplateName(t.value("template_id", ""), english)) + " · " + t.value("language", "") + " · " +
         std::string(ChannelText(t.value("channel", ""), english));
}

// What names a template on the server: its id, language and channel ("reminder_2/fr/email").
std::string TemplateKey(const json& t) {
  return t.value("template_id", "") + "/" + t.value("language", "") + "/" + t.value("channel", "");
}

void Fill(std::vector<char>& buffer, const std::string& text) {
  buffer.assign(std::max<size_t>(text.size() + 1, kMaxTemplateBodyBytes + 1), 0);
  std::memcpy(buffer.data(), text.data(), text.size());
}


}  // namespace

void App::OpenTemplates() {
  screen_ = Screen::kTemplates;
  http_.Get(kTagTemplates, local_.server + "/api/v1/templates", store_.Get("token"));
}

std::string App::TemplatePath() const {
  const json& t = templates_[template_row_];
  return local_.server + "/api/v1/templates/" + TemplateKey(t);
}

MessageTemplate App::EditedTemplate() const {
  const json& t = templates_[template_row_];
  MessageTemplate m;
  m.template_id = t.value("template_id", "");
  m.language = t.value("language", "fr");
  auto channel = ParseChannel(t.value("channel", "email"));
  m.channel = channel.ok() ? *channel : Channel::kEmail;
  m.subject = tpl_subject_.data();
  m.text = tpl_text_.data();
  m.html = tpl_html_.data();
  return m;
}

void App::SelectTemplate(int row) {
  template_row_ = row;
  const json& t = templates_[row];
  Fill(tpl_subject_, t.value("subject", ""));
  Fill(tpl_text_, t.value("body_text", ""));
  Fill(tpl_html_, t.value("body_html", ""));
  tpl_message_.clear();
  tpl_preview_ = json();
}

bool App::HandleTemplateReply(const HttpReply& reply) {
  if (reply.tag < kTagTemplates || reply.tag > kTagTemplateReset) return false;
  json body = ParseJson(reply.body);
  switch (reply.tag) {
    case kTagTemplates:
      if (reply.status == 200 && body.is_object()) {
        const std::string selected =
            template_row_ >= 0 && template_row_ < static_cast<int>(templates_.size()) ? TemplateKey(templates_[template_row_]) : "";
        templates_ = body["items"];
        // Listed by the names shown ("2e relance", "Échéance de plan…"), in a French reader's order;
        // of one template, the one in the app's language first ("en" would sort before "fr").
        const std::string mine = english ? "en" : "fr";
        std::sort(templates_.begin(), templates_.end(), [&](const json& a, const json& b) {
          const auto key = [&](const json& t) {
            return std::make_tuple(FoldText(TemplateName(t.value("template_id", ""), english)), t.value("language", "") != mine,
                                   FoldText(TemplateLine(t, english)));
          };
          return key(a) < key(b);
        });
        template_row_ = -1;
        for (size_t i = 0; i < templates_.size(); ++i)
          if (TemplateKey(templates_[i]) == selected) SelectTemplate(static_cast<int>(i));
      } else {
        tpl_message_ = ReplyError(reply, "offline");
      }
      break;
    case kTagTemplatePreview:
      tpl_preview_ = reply.status == 200 ? body : json();
      tpl_message_ = reply.status == 200 ? "" : ReplyError(reply, "offline");
      break;
    case kTagTemplateSave:
    case kTagTemplateReset:
      tpl_saved_ = reply.status == 200 || reply.status == 204;
      tpl_message_ = tpl_saved_ ? T("Enregistré : les prochaines relances partent avec ce texte.", "Saved: the next reminders go out with this text.")
                                : ReplyError(reply, "offline");
      if (tpl_saved_) OpenTemplates();  // custom or shipped again
      break;
  }
  return true;
}

void App::DrawTemplates() {
  ImGui::BeginChild("template_list", ImVec2(std::min(380.0f, ImGui::GetContentRegionAvail().x * 0.3f), 0), true);
  DragToScroll();
  for (size_t i = 0; i < templates_.size(); ++i) {
    const json& t = templates_[i];
    const std::string label = TemplateLine(t, english) + (t.value("custom", false) ? T(" (modifié)", " (custom)") : "") + "##t" + std::to_string(i);
    if (ImGui::Selectable(label.c_str(), static_cast<int>(i) == template_row_, 0, ImVec2(0, 34))) SelectTemplate(static_cast<int>(i));
    MarkWidget("template_row_" + std::to_string(i));
  }
  if (templates_.empty()) ColoredText(colors::kMuted, T("Chargement des modèles…", "Loading the templates…"));
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginChild("template_editor", ImVec2(0, 0), false);
  DragToScroll();
  if (template_row_ < 0 || template_row_ >= static_cast<int>(templates_.size())) {
    ColoredText(colors::kMuted, T("Choisissez un modèle à gauche.", "Pick a template on the left."));
    ImGui::EndChild();
    return;
  }
  const json& t = templates_[template_row_];
  // The id too: scenario steps name a template by it.
  Section((TemplateLine(t, english) + " · " + t.value("template_id", "")).c_str());
  ImGui::PushItemWidth(-1);
  ImGui::TextUnformatted(T("Objet", "Subject"));
  ImGui::InputText("##subject", tpl_subject_.data(), tpl_subject_.size());
  MarkWidget("tpl_subject");
  ImGui::TextUnformatted(T("Texte", "Text"));
  ImGui::InputTextMultiline("##text", tpl_text_.data(), tpl_text_.size(), ImVec2(-1, 220));
  MarkWidget("tpl_text");
  if (t.value("channel", "") == "email") {
    ImGui::TextUnformatted("HTML");
    ImGui::InputTextMultiline("##html", tpl_html_.data(), tpl_html_.size(), ImVec2(-1, 140));
    MarkWidget("tpl_html");
  }
  ImGui::PopItemWidth();

  // Checked as it is typed, with the server's own rule.
  const Status check = ValidateTemplateParts(EditedTemplate());
  tpl_check_ = check.ok() ? "" : check.message();
  ColoredText(check.ok() ? colors::kOk : colors::kLate, check.ok() ? T("Modèle valide.", "The template is valid.") : tpl_check_);
  MarkWidget("tpl_check");

  Id sample = 0;
  int64_t most = -1;
  for (const auto& r : rows_)
    if (r.overdue > most) most = r.overdue, sample = r.id;
  ImGui::BeginDisabled(!check.ok() || sample == 0);
  if (Button(T("Aperçu", "Preview"), "tpl_preview", false, ImVec2(0, 44))) {
    const MessageTemplate m = EditedTemplate();
    json req = {{"customer_id", sample}, {"channel", ToString(m.channel)}, {"language", m.language},
                {"subject", m.subject}, {"body_text", m.text}, {"body_html", m.html}};
    http_.Post(kTagTemplatePreview, local_.server + "/api/v1/templates/preview", req.dump(), store_.Get("token"));
  }
  ImGui::EndDisabled();
  ImGui::SameLine();
  // Saving is not blocked by the live check: the server says no with the same words.
  if (Button(T("Enregistrer", "Save"), "tpl_save", true, ImVec2(0, 44))) {
    const MessageTemplate m = EditedTemplate();
    tpl_saved_ = false;
    http_.Put(kTagTemplateSave, TemplatePath(), json{{"subject", m.subject}, {"body_text", m.text}, {"body_html", m.html}}.dump(),
               store_.Get("token"));
  }
  if (t.value("custom", false) && t.value("has_default", false)) {
    ImGui::SameLine();
    if (Button(T("Revenir au texte livré", "Back to the shipped text"), "tpl_reset", false, ImVec2(0, 44)))
      http_.Delete(kTagTemplateReset, TemplatePath(), store_.Get("token"));
  }
  if (!tpl_message_.empty()) {
    ImGui::PushTextWrapPos(0);
    ColoredText(tpl_saved_ ? colors::kOk : colors::kLate, tpl_message_);
    ImGui::PopTextWrapPos();
  }
  MarkWidget("tpl_message");

  if (tpl_preview_.is_object()) {
    Section(T("Aperçu pour un vrai compte", "Preview for a real account"));
    ImGui::PushTextWrapPos(0);
    if (!tpl_preview_.value("subject", "").empty()) ImGui::Text("%s", tpl_preview_.value("subject", "").c_str());
    ImGui::Separator();
    ImGui::TextUnformatted(tpl_preview_.value("text", "").c_str());
    ImGui::PopTextWrapPos();
    MarkWidget("tpl_preview_text");
  }
  Section(T("Champs disponibles", "Placeholders"));
  std::string names;
  for (auto n : KnownPlaceholders()) names += "{{" + std::string(n) + "}}  ";
  ImGui::PushTextWrapPos(0);
  ColoredText(colors::kMuted, names);
  ImGui::PopTextWrapPos();
  ImGui::EndChild();
}

json App::TemplateStateJson() const {
  json ids = json::array();
  for (const auto& t : templates_) ids.push_back(TemplateKey(t));
  return {{"list", ids},
          {"selected", template_row_},
          {"check", tpl_check_},
          {"message", tpl_message_},
          {"saved", tpl_saved_},
          {"preview", tpl_preview_.is_object() ? tpl_preview_.value("text", "") : ""}};
}

}  // namespace encaisse::client
