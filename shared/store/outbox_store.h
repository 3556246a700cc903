// The outbox as staff see it: the messages and their state, a customer's reminder history
// (with the invoices each message named and every send attempt), and the two things a person
// does to a message: retry one that failed, cancel one not sent yet. The sending itself is
// server/dunning/outbox_worker's. Free functions over the store's connection.
//
// States: queued -> sending -> sent, or failed (retried by the worker until it is out of
// attempts: "parked", waiting for a person), or cancelled by a person. A cancelled message keeps
// its row and its invoice lines, so neither a rerun the same day nor a later one sends its step.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "shared/model/entities.h"
#include "shared/store/db.h"

namespace encaisse {

struct OutboxMessage {
  Id id = 0;
  Id customer_id = 0;
  std::string customer_name;
  Date date;
  std::string channel;
  std::string kind;  // reminder | thank_you | rep_notice
  std::string template_id;
  int step = 0;
  std::string status;  // queued | sending | sent | failed | cancelled
  int attempts = 0;
  std::string next_attempt_at;
  std::string last_error;
  std::string created_at;
  std::optional<std::string> sent_at;
  std::string recipient;
  int invoices = 0;  // invoice lines
};

struct OutboxFilter {
  std::string status;  // "" = any; queued, sending, sent, failed, parked, cancelled
  std::string channel;  // "" = any
  std::optional<Date> date;
  std::optional<Id> customer_id;
  Id before_id = 0;  // newest first: the page after the message `before_id` (0 = the first page)
  int limit = 50;
};

// Invalid naming `status` or `channel` for a value outside the lists above. `max_attempts` is
// the worker's: a failed message with that many attempts is parked.
Result<std::vector<OutboxMessage>> ListOutbox(Db& db, const OutboxFilter& filter, int max_attempts);
Result<OutboxMessage> GetOutboxMessage(Db& db, Id id);

struct ReminderLineView {
  Id invoice_id = 0;
  std::string number;
  Date due_date;
  int64_t amount_minor = 0;
  int64_t open_minor = 0;  // now, not when the message went out
  std::string currency;
  int step = 0;
};

struct InstallmentNoticeView {
  Id plan_id = 0;
  int seq = 0;
  std::string notice;  // upcoming | missed
};

struct SendAttemptView {
  std::string at;
  std::string outcome;  // accepted | failed | refused
  std::string detail;
};

struct ReminderHistoryEntry {
  OutboxMessage message;
  std::vector<ReminderLineView> lines;  // by due date
  std::vector<InstallmentNoticeView> installments;
  std::vector<SendAttemptView> attempts;  // oldest first
};

// The customer's messages, newest first, after `before_id` (0 = from the newest), at most `limit`.
Result<std::vector<ReminderHistoryEntry>> CustomerReminderHistory(Db& db, Id customer_id, Id before_id, int limit);

// A failed (or parked) message goes back to the queue, due at `now`, with its attempts reset;
// its earlier attempts stay in send_attempts. Conflict for any other state.
Result<OutboxMessage> RetryMessage(Db& db, Id id, const std::string& now);
// A queued or failed message is cancelled: never sent. Conflict once it is sent or sending.
Result<OutboxMessage> CancelMessage(Db& db, Id id);

}  // namespace encaisse
