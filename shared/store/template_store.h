// Reminder templates: the ones Encaisse ships (shared/templates/default_templates.h) and an
// administrator's own versions in the `templates` table, which win over them. A saved template
// is validated (every placeholder known, so a typo is caught when it is written, not when a
// reminder fails to go out); deleting one brings the shipped text back.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shared/store/db.h"
#include "shared/templates/default_templates.h"

namespace encaisse {

struct TemplateEntry {
  MessageTemplate tmpl;
  bool custom = false;       // from the templates table
  bool has_default = false;  // Encaisse ships a text for this (id, language, channel)
  std::string updated_at;    // custom ones
};

inline constexpr size_t kMaxTemplateIdBytes = 64;
inline constexpr size_t kMaxSubjectBytes = 500;
inline constexpr size_t kMaxTemplateBodyBytes = 100000;

// template_id: a-z, 0-9 and '_' (1 to 64 bytes); language: fr or en. Invalid naming the field.
Status ValidateTemplateKey(std::string_view template_id, std::string_view language);
// Refused naming the part and the line of an unknown placeholder or an unclosed '{{' (field
// "body_text", message "body_text, line 3: unknown placeholder {{custommer.name}}"); Invalid
// for a missing body, a missing subject on an email, or a part too long.
Status ValidateTemplateParts(const MessageTemplate& t);

// Every shipped template and every custom one, by id, channel and language; a custom one
// stands in place of the shipped one of its key.
Result<std::vector<TemplateEntry>> ListTemplates(Db& db);
// The template of exactly this key, custom or shipped (no language fallback); nullopt for neither.
Result<std::optional<TemplateEntry>> GetTemplate(Db& db, const std::string& template_id, const std::string& language,
                                                 Channel channel);
// Validates and stores, replacing an earlier custom version of the key.
Result<TemplateEntry> SaveTemplate(Db& db, const MessageTemplate& t, const std::string& now);
// Removes the custom version of the key; false when there was none.
Result<bool> DeleteTemplate(Db& db, const std::string& template_id, const std::string& language, Channel channel);

// The template a message is composed with, chosen as the outbox worker chooses it: the custom
// one in the language, else the custom French one, else the shipped one (English falls back to
// French). NotFound without any.
Result<TemplateEntry> ResolveTemplate(Db& db, const std::string& template_id, const std::string& language,
                                      Channel channel);
// Whether a scenario step on `channel` can name `template_id`: shipped or custom, any language.
Result<bool> TemplateExists(Db& db, const std::string& template_id, Channel channel);

}  // namespace encaisse
