// The templates Encaisse ships, in French and English, for every template id the default
// scenarios use. Polite first, firm later; a formal notice carries its legal wording. An
// administrator can replace any of them (the `templates` table).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shared/model/entities.h"

namespace encaisse {

struct MessageTemplate {
  std::string template_id;
  std::string language;  // fr | en
  Channel channel = Channel::kEmail;
  std::string subject;
  std::string text;
  std::string html;  // empty: the text, escaped, in paragraphs
};

const std::vector<MessageTemplate>& DefaultTemplates();
// The shipped template for (id, language, channel); English falls back to French.
std::optional<MessageTemplate> FindDefaultTemplate(std::string_view template_id, std::string_view language, Channel channel);

// What a template is called on screen ("2e relance" for reminder_2), in French or English; a
// template id Encaisse does not ship (a company's own) is shown as it is.
std::string_view TemplateName(std::string_view template_id, bool english);

// What a call script says where a message would carry the personal link: on the phone there is
// none (the server's task detail and the tablet's call screen compose the same script).
inline std::string SpokenPortalLink(std::string_view language) {
  return language == "en" ? "the personal link in our emails" : "le lien personnel figurant dans nos emails";
}

}  // namespace encaisse
