// How the channels are reached: the server's command line and environment first, then what
// an admin stored in the back office on top (server/dunning/channel_settings.h).
#pragma once

#include <string>

namespace encaisse {

struct ChannelOptions {
  std::string smtp_url;
  std::string smtp_user;
  std::string smtp_password;  // the environment or the stored settings, never the command line
  std::string smtp_from;      // "" = the company's email signs
  std::string sms_url;
  std::string sms_api_key;    // the environment or the stored settings, never the command line
  std::string sms_file;
  std::string sms_sender;
  std::string letters_dir;
  std::string fonts_dir = "/usr/share/fonts/truetype/dejavu";
  int letters_keep_days = 90;
  long timeout_s = 20;  // a provider silent this long has failed this attempt; retried later

  bool operator==(const ChannelOptions&) const = default;
};

// The options with the secrets the environment gives (ENCAISSE_SMTP_PASSWORD,
// ENCAISSE_SMS_API_KEY) where none is set.
ChannelOptions WithEnvironmentSecrets(ChannelOptions options);

}  // namespace encaisse
