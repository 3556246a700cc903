#include "shared/store/template_store.h"

#include <algorithm>
#include <tuple>

#include "shared/templates/template_render.h"

namespace encaisse {
namespace {

constexpr const char kColumns[] = "SELECT template_id, language, channel, subject, body_text, body_html, updated_at FROM templates ";

Result<TemplateEntry> ReadCustom(const Statement& st) {
  TemplateEntry e;
  e.custom = true;
  e.tmpl.template_id = st.Text(0);
  e.tmpl.language = st.Text(1);
  auto channel = ParseChannel(st.Text(2));
  if (!channel.ok()) return Status::Internal("corrupt template channel: " + channel.status().message());
  e.tmpl.channel = *channel;
  e.tmpl.subject = st.Text(3);
  e.tmpl.text = st.Text(4);
  e.tmpl.html = st.Text(5);
  e.updated_at = st.Text(6);
  return e;
}

const MessageTemplate* ShippedExactly(std::string_view id, std::string_view language, Channel channel) {
  for (const auto& t : DefaultTemplates())
    if (t.template_id == id && t.language == language && t.channel == channel) return &t;
  return nullptr;
}

// An unknown placeholder in one part, named with the part.
Status CheckPart(std::string_view text, const char* part) {
  Status s = ValidateTemplate(text);
  if (s.ok()) return s;
  return Status::Refused(std::string(part) + ", " + s.message(), part);
}

}  // namespace

Status ValidateTemplateKey(std::string_view template_id, std::string_view language) {
  const bool id_ok = !template_id.empty() && template_id.size() <= kMaxTemplateIdBytes &&
                     std::all_of(template_id.begin(), template_id.end(),
                                 [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
  if (!id_ok) return Status::Invalid("template_id must be 1 to 64 characters among a-z, 0-9 and _", "template_id");
  if (language != "fr" && language != "en") return Status::Invalid("language must be fr or en", "language");
  return Status::Ok();
}

Status ValidateTemplateParts(const MessageTemplate& t) {
  if (t.text.empty()) return Status::Invalid("body_text must not be empty", "body_text");
  if (t.channel == Channel::kEmail && t.subject.empty()) return Status::Invalid("an email needs a subject", "subject");
  if (t.subject.size() > kMaxSubjectBytes)
    return Status::Invalid("subject is too long (at most " + std::to_string(kMaxSubjectBytes) + " bytes)", "subject");
  if (t.subject.find('\n') != std::string::npos) return Status::Invalid("subject must be one line", "subject");
  for (const auto& [text, part] : {std::pair{&t.text, "body_text"}, std::pair{&t.html, "body_html"}})
    if (text->size() > kMaxTemplateBodyBytes)
      return Status::Invalid(std::string(part) + " is too long (at most " + std::to_string(kMaxTemplateBodyBytes) + " bytes)",
                             part);
  ENC_RETURN_IF_ERROR(CheckPart(t.subject, "subject"));
  ENC_RETURN_IF_ERROR(CheckPart(t.text, "body_text"));
  return CheckPart(t.html, "body_html");
}

Result<std::vector<TemplateEntry>> ListTemplates(Db& db) {
  std::vector<TemplateEntry> out;
  for (const auto& t : DefaultTemplates()) out.push_back({t, false, true, ""});
  auto st = db.Prepare(std::string(kColumns));
  if (!st.ok()) return st.status();
  for (;;) {
    auto row = st->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    auto custom = ReadCustom(*st);
    if (!custom.ok()) return custom.status();
    const MessageTemplate& k = custom->tmpl;
    auto same = std::find_if(out.begin(), out.end(), [&](const TemplateEntry& e) {
      return e.tmpl.template_id == k.template_id && e.tmpl.language == k.language && e.tmpl.channel == k.channel;
    });
    custom->has_default = same != out.end();
    if (same != out.end()) *same = std::move(custom).value();
    else out.push_back(std::move(custom).value());
  }
  std::sort(out.begin(), out.end(), [](const TemplateEntry& a, const TemplateEntry& b) {
    return std::tie(a.tmpl.template_id, a.tmpl.channel, a.tmpl.language) <
           std::tie(b.tmpl.template_id, b.tmpl.channel, b.tmpl.language);
  });
  return out;
}

Result<std::optional<TemplateEntry>> GetTemplate(Db& db, const std::string& template_id, const std::string& language,
                                                 Channel channel) {
  auto st = db.Prepare(std::string(kColumns) + "WHERE template_id = ? AND language = ? AND channel = ?");
  if (!st.ok()) return st.status();
  st->Bind(1, template_id).Bind(2, language).Bind(3, ToString(channel));
  auto row = st->Step();
  if (!row.ok()) return row.status();
  const MessageTemplate* shipped = ShippedExactly(template_id, language, channel);
  if (*row) {
    auto custom = ReadCustom(*st);
    if (!custom.ok()) return custom.status();
    custom->has_default = shipped != nullptr;
    return std::optional<TemplateEntry>(std::move(custom).value());
  }
  if (shipped) return std::optional<TemplateEntry>(TemplateEntry{*shipped, false, true, ""});
  return std::optional<TemplateEntry>();
}

Result<TemplateEntry> SaveTemplate(Db& db, const MessageTemplate& t, const std::string& now) {
  ENC_RETURN_IF_ERROR(ValidateTemplateKey(t.template_id, t.language));
  ENC_RETURN_IF_ERROR(ValidateTemplateParts(t));
  auto st = db.Prepare(
      "INSERT INTO templates (template_id, language, channel, subject, body_text, body_html, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (template_id, language, channel) DO UPDATE SET "
      "subject = excluded.subject, body_text = excluded.body_text, body_html = excluded.body_html, "
      "updated_at = excluded.updated_at");
  if (!st.ok()) return st.status();
  ENC_RETURN_IF_ERROR(st->Bind(1, t.template_id).Bind(2, t.language).Bind(3, ToString(t.channel)).Bind(4, t.subject)
                          .Bind(5, t.text).Bind(6, t.html).Bind(7, now).Run());
  return TemplateEntry{t, true, ShippedExactly(t.template_id, t.language, t.channel) != nullptr, now};
}

Result<bool> DeleteTemplate(Db& db, const std::string& template_id, const std::string& language, Channel channel) {
  auto st = db.Prepare("DELETE FROM templates WHERE template_id = ? AND language = ? AND channel = ?");
  if (!st.ok()) return st.status();
  ENC_RETURN_IF_ERROR(st->Bind(1, template_id).Bind(2, language).Bind(3, ToString(channel)).Run());
  return db.Changes() > 0;
}

Result<TemplateEntry> ResolveTemplate(Db& db, const std::string& template_id, const std::string& language,
                                      Channel channel) {
  auto st = db.Prepare(std::string(kColumns) +
                       "WHERE template_id = ? AND channel = ? AND language IN (?, 'fr') ORDER BY language = ? DESC LIMIT 1");
  if (!st.ok()) return st.status();
  st->Bind(1, template_id).Bind(2, ToString(channel)).Bind(3, language).Bind(4, language);
  auto row = st->Step();
  if (!row.ok()) return row.status();
  if (*row) {
    auto custom = ReadCustom(*st);
    if (!custom.ok()) return custom.status();
    custom->has_default = FindDefaultTemplate(template_id, language, channel).has_value();
    return custom;
  }
  auto shipped = FindDefaultTemplate(template_id, language, channel);
  if (!shipped) return Status::NotFound("no template '" + template_id + "' for " + std::string(ToString(channel)));
  return TemplateEntry{*shipped, false, true, ""};
}

Result<bool> TemplateExists(Db& db, const std::string& template_id, Channel channel) {
  for (const auto& t : DefaultTemplates())
    if (t.template_id == template_id && t.channel == channel) return true;
  auto st = db.Prepare("SELECT 1 FROM templates WHERE template_id = ? AND channel = ? LIMIT 1");
  if (!st.ok()) return st.status();
  st->Bind(1, template_id).Bind(2, ToString(channel));
  auto row = st->Step();
  if (!row.ok()) return row.status();
  return *row;
}

}  // namespace encaisse
