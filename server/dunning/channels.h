// The channels a server or a `dunning run` sends through, from its command-line options:
// email over SMTP, SMS through a provider's HTTP API or into a file, letters into the print
// folder. A channel left unconfigured keeps its messages queued. Secrets come from the
// environment (ENCAISSE_SMTP_PASSWORD, ENCAISSE_SMS_API_KEY) or the back office's stored
// settings, never the command line.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <string>

#include "server/dunning/channel.h"
#include "server/dunning/channel_options.h"
#include "server/dunning/sms_sender.h"
#include "server/dunning/smtp_sender.h"
#include "server/letters/letter_sender.h"

namespace encaisse {

void AddChannelOptions(CLI::App* command, ChannelOptions* options);

class Channels {
 public:
  explicit Channels(const ChannelOptions& options);
  ChannelSenders senders() const { return {smtp_.get(), sms_.get(), letters_.get()}; }
  PdfFonts fonts() const { return fonts_; }
  // After a pass over the outbox: the day's print batch.
  Status AfterDrain(Date today);

 private:
  PdfFonts fonts_;
  std::unique_ptr<SmtpSender> smtp_;
  std::unique_ptr<ChannelSender> sms_;
  std::unique_ptr<LetterSender> letters_;
};

}  // namespace encaisse
