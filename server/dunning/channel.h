// A reminder channel: hands one composed message to the outside world (an SMTP server, an
// SMS provider, the letter batch). Ok means the channel accepted it. A Refused or Invalid
// status is final (no email address, a bad phone number); any other error is retried.
#pragma once

#include <string>
#include <vector>

#include "shared/dunning/message_compose.h"

namespace encaisse {

struct Attachment {
  std::string filename;
  std::string content_type;
  std::string bytes;
};

// One event of an account's collection history (reminders sent, promises, disputes), for
// the hand-over dossier.
struct HistoryEntry {
  Date date;
  std::string what;
};

struct OutgoingMessage {
  Id reminder_id = 0;
  Channel channel = Channel::kEmail;
  std::string message_id;  // stable per reminder: a receiver can drop a retried duplicate
  Customer customer;
  CompanySettings company;
  ComposedMessage content;
  std::string portal_link;
  std::string rf_reference;
  std::string epc_payload;  // SEPA transfer QR code (letters)
  CustomerStatement statement;
  std::vector<Id> invoice_ids;          // the invoices the message is about
  std::vector<Attachment> attachments;  // emails: the statement when the step asks
  std::vector<HistoryEntry> history;    // escalations: for the dossier
  Date today;
};

class ChannelSender {
 public:
  virtual ~ChannelSender() = default;
  virtual Status Send(const OutgoingMessage& message) = 0;
};

// The senders of one server; a missing one leaves its messages queued (not configured).
struct ChannelSenders {
  ChannelSender* email = nullptr;
  ChannelSender* sms = nullptr;
  ChannelSender* letter = nullptr;  // letters, formal notices and the escalation dossiers
};

}  // namespace encaisse
