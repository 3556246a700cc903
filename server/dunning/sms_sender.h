// The SMS channel. The text is made GSM-7 where French allows it and cut into segments
// (shared/messaging/sms.h); the number is normalised to E.164. A missing number is refused,
// a malformed one is invalid: both final, reported on the message, never sent.
//   - SmsHttpSender posts each SMS as JSON to the provider's URL with the API key as a
//     Bearer token and the message id as Idempotency-Key. 2xx: accepted; 429, 5xx and
//     network errors: retried; any other 4xx: refused.
//   - SmsFileSender appends one JSON line per SMS to a file (tests, demos, a provider that
//     picks up files).
#pragma once

#include <string>

#include "server/dunning/channel.h"
#include "shared/messaging/sms.h"

namespace encaisse {

struct SmsToSend {
  std::string to;    // E.164
  std::string from;  // the company's alphanumeric sender name (11 characters at most)
  SmsText text;
};

// Refused without a number, Invalid for a bad number or a text over 10 segments.
Result<SmsToSend> PrepareOutgoingSms(const OutgoingMessage& message, const std::string& sender_name);
// The sender name a phone shows: the company name in letters and digits, 11 at most.
std::string SmsSenderName(const std::string& company_name);

struct SmsHttpConfig {
  std::string url;
  std::string api_key;  // from the environment, never the command line
  std::string sender;   // empty: from the company name
  long timeout_s = 20;  // no answer by then: retried later, same Idempotency-Key
};

class SmsHttpSender : public ChannelSender {
 public:
  explicit SmsHttpSender(SmsHttpConfig config);
  Status Send(const OutgoingMessage& message) override;

 private:
  SmsHttpConfig config_;
};

class SmsFileSender : public ChannelSender {
 public:
  explicit SmsFileSender(std::string path, std::string sender = "")
      : path_(std::move(path)), sender_(std::move(sender)) {}
  Status Send(const OutgoingMessage& message) override;

 private:
  std::string path_;
  std::string sender_;
};

}  // namespace encaisse
