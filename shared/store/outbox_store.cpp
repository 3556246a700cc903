#include "shared/store/outbox_store.h"

#include <algorithm>
#include <climits>
#include <string_view>

#include "shared/store/row_codec.h"

namespace encaisse {
namespace {

constexpr std::string_view kStatuses[] = {"queued", "sending", "sent", "failed", "parked", "cancelled"};

constexpr const char kColumns[] =
    "SELECT r.id, r.customer_id, c.name, r.date, r.channel, r.kind, r.template_id, r.step, r.status, r.attempts, "
    "r.next_attempt_at, r.last_error, r.created_at, r.sent_at, r.recipient, "
    "(SELECT count(*) FROM reminder_lines l WHERE l.reminder_id = r.id) "
    "FROM reminders r JOIN customers c ON c.id = r.customer_id ";

Result<OutboxMessage> ReadMessage(const Statement& st) {
  OutboxMessage m;
  m.id = st.Int(0);
  m.customer_id = st.Int(1);
  m.customer_name = st.Text(2);
  ENC_ASSIGN_OR_RETURN(m.date, DateColumn(st, 3));
  m.channel = st.Text(4);
  m.kind = st.Text(5);
  m.template_id = st.Text(6);
  m.step = static_cast<int>(st.Int(7));
  m.status = st.Text(8);
  m.attempts = static_cast<int>(st.Int(9));
  m.next_attempt_at = st.Text(10);
  m.last_error = st.Text(11);
  m.created_at = st.Text(12);
  if (!st.IsNull(13)) m.sent_at = std::string(st.Text(13));
  m.recipient = st.Text(14);
  m.invoices = static_cast<int>(st.Int(15));
  return m;
}

// Every row of a prepared, bound statement, read by `read`.
template <typename T, typename Read>
Result<std::vector<T>> Rows(Statement& st, Read read) {
  std::vector<T> out;
  for (;;) {
    auto row = st.Step();
    if (!row.ok()) return row.status();
    if (!*row) return out;
    auto item = read(st);
    if (!item.ok()) return item.status();
    out.push_back(std::move(item).value());
  }
}

Result<std::vector<OutboxMessage>> Messages(Db& db, Id customer, const OutboxFilter& f, int max_attempts) {
  auto st = db.Prepare(std::string(kColumns) +
                       "WHERE r.id < ?1 AND (?2 IS NULL OR r.status = ?2) AND r.attempts >= ?3 "
                       "AND (?4 IS NULL OR r.channel = ?4) AND (?5 IS NULL OR r.date = ?5) "
                       "AND (?6 IS NULL OR r.customer_id = ?6) ORDER BY r.id DESC LIMIT ?7");
  if (!st.ok()) return st.status();
  const bool parked = f.status == "parked";
  std::optional<std::string> status, channel, date;
  if (!f.status.empty()) status = parked ? std::string("failed") : f.status;
  if (!f.channel.empty()) channel = f.channel;
  if (f.date) date = f.date->ToIso();
  std::optional<Id> only = customer ? std::optional<Id>(customer) : f.customer_id;
  st->Bind(1, f.before_id > 0 ? f.before_id : INT64_MAX)
      .Bind(2, status)
      .Bind(3, parked ? max_attempts : 0)
      .Bind(4, channel)
      .Bind(5, date)
      .Bind(6, only)
      .Bind(7, f.limit);
  return Rows<OutboxMessage>(*st, ReadMessage);
}

// Why a message was not changed: missing, or its state as a Conflict.
Status Unchanged(Db& db, Id id, std::string_view action) {
  auto m = GetOutboxMessage(db, id);
  if (!m.ok()) return m.status();
  if (m->status == "sent") return Status::Conflict("this message was already sent: it cannot be " + std::string(action));
  if (m->status == "sending") return Status::Conflict("this message is being sent right now: it cannot be " + std::string(action));
  return Status::Conflict("this message is " + m->status + ": it cannot be " + std::string(action));
}

}  // namespace

Result<std::vector<OutboxMessage>> ListOutbox(Db& db, const OutboxFilter& f, int max_attempts) {
  if (!f.status.empty() && std::find(std::begin(kStatuses), std::end(kStatuses), f.status) == std::end(kStatuses))
    return Status::Invalid("status must be queued, sending, sent, failed, parked or cancelled", "status");
  if (!f.channel.empty() && !ParseChannel(f.channel).ok())
    return Status::Invalid("channel must be email, sms, letter, phone_task, formal_notice or escalation", "channel");
  if (f.limit < 1 || f.limit > 500) return Status::Invalid("limit must be between 1 and 500", "limit");
  return Messages(db, 0, f, max_attempts);
}

Result<OutboxMessage> GetOutboxMessage(Db& db, Id id) {
  auto st = db.Prepare(std::string(kColumns) + "WHERE r.id = ?");
  if (!st.ok()) return st.status();
  st->Bind(1, id);
  auto row = st->Step();
  if (!row.ok()) return row.status();
  if (!*row) return Status::NotFound("no such message");
  return ReadMessage(*st);
}

Result<std::vector<ReminderHistoryEntry>> CustomerReminderHistory(Db& db, Id customer_id, Id before_id, int limit) {
  OutboxFilter f;
  f.before_id = before_id;
  f.limit = limit;
  std::vector<OutboxMessage> messages;
  ENC_ASSIGN_OR_RETURN(messages, Messages(db, customer_id, f, 0));
  auto lines = db.Prepare(
      "SELECT l.invoice_id, i.number, i.due_date, i.amount_minor, i.open_minor, i.currency, l.step "
      "FROM reminder_lines l JOIN invoices i ON i.id = l.invoice_id WHERE l.reminder_id = ? ORDER BY i.due_date, i.id");
  auto notices = db.Prepare("SELECT plan_id, seq, notice FROM installment_notices WHERE reminder_id = ? ORDER BY plan_id, seq");
  auto attempts = db.Prepare("SELECT at, outcome, detail FROM send_attempts WHERE reminder_id = ? ORDER BY id");
  if (!lines.ok()) return lines.status();
  if (!notices.ok()) return notices.status();
  if (!attempts.ok()) return attempts.status();
  std::vector<ReminderHistoryEntry> out;
  for (OutboxMessage& m : messages) {
    ReminderHistoryEntry e;
    lines->Reset();
    lines->Bind(1, m.id);
    ENC_ASSIGN_OR_RETURN(e.lines, Rows<ReminderLineView>(*lines, [](const Statement& st) -> Result<ReminderLineView> {
      ReminderLineView l;
      l.invoice_id = st.Int(0);
      l.number = st.Text(1);
      ENC_ASSIGN_OR_RETURN(l.due_date, DateColumn(st, 2));
      l.amount_minor = st.Int(3);
      l.open_minor = st.Int(4);
      l.currency = st.Text(5);
      l.step = static_cast<int>(st.Int(6));
      return l;
    }));
    notices->Reset();
    notices->Bind(1, m.id);
    ENC_ASSIGN_OR_RETURN(e.installments, Rows<InstallmentNoticeView>(*notices, [](const Statement& st) -> Result<InstallmentNoticeView> {
      return InstallmentNoticeView{st.Int(0), static_cast<int>(st.Int(1)), std::string(st.Text(2))};
    }));
    attempts->Reset();
    attempts->Bind(1, m.id);
    ENC_ASSIGN_OR_RETURN(e.attempts, Rows<SendAttemptView>(*attempts, [](const Statement& st) -> Result<SendAttemptView> {
      return SendAttemptView{std::string(st.Text(0)), std::string(st.Text(1)), std::string(st.Text(2))};
    }));
    e.message = std::move(m);
    out.push_back(std::move(e));
  }
  return out;
}

Result<OutboxMessage> RetryMessage(Db& db, Id id, const std::string& now) {
  // One statement: the worker claims inside a write transaction, so the state read here is the
  // state changed.
  auto st = db.Prepare(
      "UPDATE reminders SET status = 'queued', attempts = 0, next_attempt_at = ?2, last_error = '' "
      "WHERE id = ?1 AND status = 'failed'");
  if (!st.ok()) return st.status();
  ENC_RETURN_IF_ERROR(st->Bind(1, id).Bind(2, now).Run());
  if (db.Changes() == 0) return Unchanged(db, id, "retried (only a failed message can be)");
  return GetOutboxMessage(db, id);
}

Result<OutboxMessage> CancelMessage(Db& db, Id id) {
  auto st = db.Prepare(
      "UPDATE reminders SET status = 'cancelled', next_attempt_at = '' WHERE id = ? AND status IN ('queued', 'failed')");
  if (!st.ok()) return st.status();
  ENC_RETURN_IF_ERROR(st->Bind(1, id).Run());
  if (db.Changes() == 0) return Unchanged(db, id, "cancelled");
  return GetOutboxMessage(db, id);
}

}  // namespace encaisse
