// The email channel: hands each reminder to an SMTP server (libcurl). The message is
// signed by the company: From is the company's name and email (or the SMTP account's
// address when the server overrides it), Reply-To the company's email.
#pragma once

#include <curl/curl.h>

#include <mutex>
#include <string>

#include "server/dunning/channel.h"

namespace encaisse {

struct SmtpConfig {
  std::string url;       // smtp://host:587 (STARTTLS tried when credentials are set) or smtps://host:465
  std::string username;  // empty: no authentication
  std::string password;  // from the environment, never the command line
  std::string from_override;  // empty: the company email
  long timeout_s = 20;        // connection and whole transfer
};

class SmtpSender : public ChannelSender {
 public:
  explicit SmtpSender(SmtpConfig config);
  ~SmtpSender() override;
  SmtpSender(const SmtpSender&) = delete;
  SmtpSender& operator=(const SmtpSender&) = delete;
  // Refused: no email address (final). Invalid: a malformed address or header. A 5xx reply
  // is final; connection failures and 4xx replies are retried.
  Status Send(const OutgoingMessage& message) override;

 private:
  SmtpConfig config_;
  std::mutex mu_;  // one message at a time on the handle
  CURL* curl_ = nullptr;
};

}  // namespace encaisse
