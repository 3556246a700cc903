// What a reminder's channel and status are called on screen, in French and English: the
// scenario editor's choices, the outbox's columns, an account's reminders.
#pragma once

#include <string>
#include <string_view>

#include "shared/model/entities.h"

namespace encaisse::client {

struct ChannelLabel {
  Channel channel;
  const char* fr;
  const char* en;
};
inline constexpr ChannelLabel kChannelLabels[] = {{Channel::kEmail, "E-mail", "Email"},
                                                  {Channel::kSms, "SMS", "SMS"},
                                                  {Channel::kPhoneTask, "Appel", "Phone call"},
                                                  {Channel::kLetter, "Courrier", "Letter"},
                                                  {Channel::kFormalNotice, "Mise en demeure", "Formal notice"},
                                                  {Channel::kEscalation, "Contentieux", "Litigation"}};

// The API's name of a channel ("formal_notice") as the screen says it; an unknown one as it is.
inline std::string_view ChannelText(std::string_view api_name, bool english) {
  auto channel = ParseChannel(api_name);
  if (channel.ok())
    for (const auto& l : kChannelLabels)
      if (l.channel == *channel) return english ? l.en : l.fr;
  return api_name;
}

// A reminder's status as stored ("queued") as the screen says it; an unknown one as it is.
inline const char* ReminderStatusText(const std::string& status, bool english) {
  if (status == "queued") return english ? "waiting" : "en attente";
  if (status == "sending") return english ? "sending" : "en cours";
  if (status == "sent") return english ? "sent" : "envoyé";
  if (status == "failed") return english ? "failed" : "échec";
  if (status == "cancelled") return english ? "cancelled" : "annulé";
  return status.c_str();
}

}  // namespace encaisse::client
