#include "server/dunning/outbox_worker.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "server/dunning/message_parts.h"
#include "server/dunning/mime_message.h"
#include "server/dunning/portal_links.h"
#include "shared/import/rf_reference.h"
#include "shared/payments/bank_references.h"
#include "shared/plans/installments.h"
#include "shared/store/row_codec.h"
#include "shared/store/template_store.h"

namespace encaisse {
namespace {

constexpr std::time_t kBackoffSeconds[] = {60, 300, 1800, 7200, 43200};

struct ReminderRow {
  Id id = 0;
  Id customer_id = 0;
  Channel channel = Channel::kEmail;
  std::string template_id;
  std::string kind;  // reminder | thank_you | rep_notice
  bool attach_statement = false;
  int attempts = 0;
  std::vector<Id> invoice_ids;
  std::vector<std::pair<Id, int>> installments;  // (plan, seq)
};

Result<ReminderRow> LoadReminder(Db& db, Id id) {
  auto st = db.Prepare(
      "SELECT customer_id, channel, template_id, attach_statement, attempts, kind FROM reminders WHERE id = ?");
  if (!st.ok()) return st.status();
  st->Bind(1, id);
  auto row = st->Step();
  if (!row.ok()) return row.status();
  if (!*row) return Status::NotFound("no reminder " + std::to_string(id));
  ReminderRow r;
  r.id = id;
  r.customer_id = st->Int(0);
  ENC_ASSIGN_OR_RETURN(r.channel, ParseChannel(st->Text(1)));
  r.template_id = st->Text(2);
  r.attach_statement = st->Int(3) != 0;
  r.attempts = static_cast<int>(st->Int(4));
  r.kind = st->Text(5);
  auto lines = db.Prepare("SELECT invoice_id FROM reminder_lines WHERE reminder_id = ? ORDER BY invoice_id");
  if (!lines.ok()) return lines.status();
  lines->Bind(1, id);
  while (true) {
    auto more = lines->Step();
    if (!more.ok()) return more.status();
    if (!*more) break;
    r.invoice_ids.push_back(lines->Int(0));
  }
  auto notices = db.Prepare("SELECT plan_id, seq FROM installment_notices WHERE reminder_id = ? ORDER BY plan_id, seq");
  if (!notices.ok()) return notices.status();
  notices->Bind(1, id);
  while (true) {
    auto more = notices->Step();
    if (!more.ok()) return more.status();
    if (!*more) break;
    r.installments.emplace_back(notices->Int(0), static_cast<int>(notices->Int(1)));
  }
  return r;
}

Status Finish(Db& db, Id id, const std::string& status, const std::string& outcome, const std::string& detail,
              const std::string& now, const std::string& next_attempt, const std::string& recipient) {
  auto tx = Transaction::Begin(db);
  if (!tx.ok()) return tx.status();
  auto upd = db.Prepare(
      "UPDATE reminders SET status = ?, last_error = ?, next_attempt_at = ?, recipient = ?, "
      "sent_at = CASE WHEN ? = 'sent' THEN ? ELSE sent_at END WHERE id = ?");
  auto log = db.Prepare("INSERT INTO send_attempts (reminder_id, at, outcome, detail) VALUES (?, ?, ?, ?)");
  if (!upd.ok()) return upd.status();
  if (!log.ok()) return log.status();
  ENC_RETURN_IF_ERROR(upd->Bind(1, status)
                          .Bind(2, status == "sent" ? "" : detail)
                          .Bind(3, next_attempt)
                          .Bind(4, recipient)
                          .Bind(5, status)
                          .Bind(6, now)
                          .Bind(7, id)
                          .Run());
  ENC_RETURN_IF_ERROR(log->Bind(1, id).Bind(2, now).Bind(3, outcome).Bind(4, detail).Run());
  return tx->Commit();
}

// Phone calls and escalations are work for the collectors, not messages to the debtor.
Status CreateTask(Db& db, const ReminderRow& r, Date today, const std::string& now) {
  auto tx = Transaction::Begin(db);
  if (!tx.ok()) return tx.status();
  const char* kind = r.channel == Channel::kEscalation ? "escalation" : "phone_call";
  auto st = db.Prepare(
      "INSERT INTO tasks (customer_id, kind, due_date, status, reminder_id, created_at) VALUES (?, ?, ?, 'open', ?, ?) "
      "ON CONFLICT (customer_id, kind, due_date) DO NOTHING");
  if (!st.ok()) return st.status();
  ENC_RETURN_IF_ERROR(st->Bind(1, r.customer_id).Bind(2, kind).Bind(3, today.ToIso()).Bind(4, r.id).Bind(5, now).Run());
  if (r.channel == Channel::kEscalation) {
    auto flag = db.Prepare("UPDATE customers SET escalated_at = ? WHERE id = ? AND escalated_at IS NULL");
    if (!flag.ok()) return flag.status();
    ENC_RETURN_IF_ERROR(flag->Bind(1, today.ToIso()).Bind(2, r.customer_id).Run());
  }
  return tx->Commit();
}

// A letter or formal notice starts consumer interest (Code civil 1231-6) from its date.
Status MarkFormalNotice(Db& db, const ReminderRow& r, Date today) {
  auto st = db.Prepare("UPDATE invoices SET formal_notice_date = ? WHERE id = ? AND formal_notice_date IS NULL");
  if (!st.ok()) return st.status();
  for (Id invoice : r.invoice_ids) ENC_RETURN_IF_ERROR(st->Bind(1, today.ToIso()).Bind(2, invoice).Run());
  return Status::Ok();
}

}  // namespace

Status OutboxWorker::RecoverInterrupted() {
  auto st = store_.db().Prepare("UPDATE reminders SET status = 'queued' WHERE status = 'sending'");
  if (!st.ok()) return st.status();
  ENC_RETURN_IF_ERROR(st->Run());
  if (store_.db().Changes() > 0)
    spdlog::warn("{} reminder(s) interrupted while sending: queued again", store_.db().Changes());
  return Status::Ok();
}

Status OutboxWorker::WakeWaiting(std::time_t now) {
  // Only the waiting branch below leaves a queued message due later: new ones are due at once.
  auto st = store_.db().Prepare("UPDATE reminders SET next_attempt_at = ?1 WHERE status = 'queued' AND next_attempt_at > ?1");
  if (!st.ok()) return st.status();
  return st->Bind(1, IsoUtc(now)).Run();
}

Result<DrainStats> OutboxWorker::DrainOnce(Date today, std::time_t now, int batch) {
  Db& db = store_.db();
  const std::string now_iso = IsoUtc(now);
  std::vector<Id> claimed;
  {
    auto tx = Transaction::Begin(db);
    if (!tx.ok()) return tx.status();
    auto pick = db.Prepare(
        "SELECT id FROM reminders WHERE status IN ('queued', 'failed') AND next_attempt_at <= ? AND attempts < ? "
        "ORDER BY id LIMIT ?");
    auto claim = db.Prepare("UPDATE reminders SET status = 'sending', attempts = attempts + 1 WHERE id = ?");
    if (!pick.ok()) return pick.status();
    if (!claim.ok()) return claim.status();
    pick->Bind(1, now_iso).Bind(2, kMaxAttempts).Bind(3, batch);
    while (true) {
      auto row = pick->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      claimed.push_back(pick->Int(0));
    }
    pick->Reset();
    for (Id id : claimed) ENC_RETURN_IF_ERROR(claim->Bind(1, id).Run());
    ENC_RETURN_IF_ERROR(tx->Commit());
  }
  DrainStats stats;
  for (Id id : claimed) {
    Status s = Process(id, today, now, &stats);
    if (!s.ok()) {  // an error of ours (database): retried like a channel failure
      spdlog::error("reminder {}: {}", id, s.ToString());
      ++stats.failed;
      (void)Finish(db, id, "failed", "failed", s.message(), now_iso, IsoUtc(now + kBackoffSeconds[0]), "");
    }
  }
  return stats;
}

Status OutboxWorker::Process(Id id, Date today, std::time_t now, DrainStats* stats) {
  Db& db = store_.db();
  const std::string now_iso = IsoUtc(now);
  ReminderRow r;
  ENC_ASSIGN_OR_RETURN(r, LoadReminder(db, id));

  if (r.channel == Channel::kPhoneTask || r.channel == Channel::kEscalation) {
    ENC_RETURN_IF_ERROR(CreateTask(db, r, today, now_iso));  // once, even when retried
    // An escalation also writes the hand-over dossier where letters go, when they go somewhere.
    if (r.channel == Channel::kPhoneTask || !senders_.letter) {
      ++stats->sent;
      return Finish(db, id, "sent", "accepted", "task created", now_iso, now_iso, "collectors");
    }
  }
  ChannelSender* sender = r.channel == Channel::kEmail ? senders_.email
                          : r.channel == Channel::kSms ? senders_.sms
                                                       : senders_.letter;
  if (!sender) {  // not configured: wait, and give the attempt back
    ++stats->waiting;
    auto st =
        db.Prepare("UPDATE reminders SET status = 'queued', attempts = attempts - 1, next_attempt_at = ? WHERE id = ?");
    if (!st.ok()) return st.status();
    return st->Bind(1, IsoUtc(now + 300)).Bind(2, id).Run();
  }

  Account account;
  ENC_ASSIGN_OR_RETURN(account, store_.LoadAccount(r.customer_id));
  CompanySettings settings;
  ENC_ASSIGN_OR_RETURN(settings, store_.LoadSettings());
  RateTables rates;
  ENC_ASSIGN_OR_RETURN(rates, store_.LoadRates());
  OutgoingMessage m;
  m.reminder_id = id;
  m.channel = r.channel;
  m.customer = account.customer;
  m.company = settings;
  // White label: the Message-ID names the company's own mail domain, never Encaisse.
  m.message_id = "<reminder-" + std::to_string(id) + "." + std::to_string(r.customer_id) + "@" +
                 MessageIdDomain(settings.email) + ">";
  m.invoice_ids = r.invoice_ids;
  m.today = today;
  ENC_ASSIGN_OR_RETURN(m.statement, BuildStatement(account, settings, rates, today));

  // A notice to the sales rep is internal: it goes to the rep, in French, without a link.
  const bool to_rep = r.kind == "rep_notice";
  std::string rep_name;
  if (to_rep) {
    auto rep = LoadRep(db, account.customer.rep_id);
    if (!rep.ok()) {
      ++stats->refused;
      return Finish(db, id, "failed", "refused", rep.status().message(), now_iso, now_iso, "");
    }
    m.customer.email = rep->first;
    m.customer.language = "fr";
    rep_name = rep->second;
  }
  auto tmpl = ResolveTemplate(db, r.template_id, m.customer.language, r.channel);
  if (!tmpl.ok()) {
    ++stats->refused;
    return Finish(db, id, "failed", "refused", tmpl.status().message(), now_iso, now_iso, "");
  }
  auto rf = MakeRfReference(m.customer.external_id);
  if (rf.ok()) m.rf_reference = *rf;
  if (r.channel == Channel::kEscalation) {
    ENC_ASSIGN_OR_RETURN(m.history, LoadHistory(db, account, settings.currency));
  } else if (!to_rep) {
    auto link = MintPortalLink(db, r.customer_id, id, settings.portal_url, today, settings.portal_link_days, now_iso);
    if (!link.ok()) return link.status();
    m.portal_link = link->url;
  }
  if (auto transfer = CompanyTransfer(settings, PrincipalDue(m.statement), m.rf_reference))
    if (auto epc = EpcQrPayload(*transfer); epc.ok()) m.epc_payload = *epc;

  ComposeInput in;
  in.customer = &m.customer;
  in.company = &settings;
  in.statement = &m.statement;
  in.invoice_ids = r.invoice_ids;
  in.settled = r.kind == "thank_you";
  in.rep_name = rep_name;
  in.tmpl = tmpl->tmpl;
  in.portal_link = m.portal_link;
  in.rf_reference = m.rf_reference;
  if (!r.installments.empty())
    for (const auto& plan : account.plans)
      for (const auto& inst : plan.installments)
        if (plan.id == r.installments[0].first && inst.seq == r.installments[0].second) in.installment = inst;
  if (r.kind == "plan_decision")  // an approved plan: its first installment still to pay
    in.installment = NextActiveInstallment(account.plans);
  ENC_ASSIGN_OR_RETURN(m.content, ComposeMessage(in));
  if (r.attach_statement && r.channel == Channel::kEmail) m.attachments.push_back(StatementAttachment(m, fonts_));
  if (in.settled) {
    Attachment receipt = ReceiptAttachment(m, account, r.invoice_ids, fonts_);
    if (!receipt.bytes.empty()) m.attachments.push_back(std::move(receipt));
  }

  const std::string recipient = r.channel == Channel::kEmail        ? m.customer.email
                                : r.channel == Channel::kSms        ? m.customer.phone
                                : r.channel == Channel::kEscalation ? "collectors"
                                                                    : m.customer.address;
  Status sent = sender->Send(m);
  if (sent.ok()) {
    if (r.channel == Channel::kFormalNotice) ENC_RETURN_IF_ERROR(MarkFormalNotice(db, r, today));
    ++stats->sent;
    return Finish(db, id, "sent", "accepted", "", now_iso, now_iso, recipient);
  }
  const bool final =
      sent.code() == Code::kRefused || sent.code() == Code::kInvalidArgument || r.attempts >= kMaxAttempts;
  if (final) {
    ++stats->refused;
    // Out of attempts or refused: parked (attempts at the maximum) until a person retries it.
    auto park = db.Prepare("UPDATE reminders SET attempts = ? WHERE id = ?");
    if (park.ok()) (void)park->Bind(1, kMaxAttempts).Bind(2, id).Run();
    return Finish(db, id, "failed", "refused", sent.message(), now_iso, now_iso, recipient);
  }
  ++stats->failed;
  const size_t step =
      std::min<size_t>(static_cast<size_t>(std::max(r.attempts - 1, 0)), std::size(kBackoffSeconds) - 1);
  return Finish(db, id, "failed", "failed", sent.message(), now_iso, IsoUtc(now + kBackoffSeconds[step]), recipient);
}

}  // namespace encaisse
