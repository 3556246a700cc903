#include "shared/store/payment_attempts.h"

#include <charconv>

#include "shared/ledger/allocation.h"
#include "shared/store/courtesy_queue.h"
#include "shared/store/customer_queries.h"

namespace encaisse {
namespace {

constexpr const char kColumns[] =
    "SELECT id, customer_id, form_key, gateway, amount_minor, currency, invoice_ids, status, checkout_id, checkout_url, "
    "detail, coalesce(payment_id, 0), created_at, updated_at FROM payment_attempts ";

std::string JoinIds(const std::vector<Id>& ids) {
  std::string out;
  for (Id id : ids) out += (out.empty() ? "" : ",") + std::to_string(id);
  return out;
}

std::vector<Id> SplitIds(std::string_view s) {
  std::vector<Id> out;
  while (!s.empty()) {
    const size_t comma = s.find(',');
    const std::string_view part = s.substr(0, comma);
    Id id = 0;
    if (std::from_chars(part.data(), part.data() + part.size(), id).ec == std::errc()) out.push_back(id);
    if (comma == std::string_view::npos) break;
    s.remove_prefix(comma + 1);
  }
  return out;
}

PaymentAttempt ReadAttempt(const Statement& st) {
  PaymentAttempt a;
  a.id = st.Int(0);
  a.customer_id = st.Int(1);
  a.form_key = st.Text(2);
  a.gateway = st.Text(3);
  a.amount_minor = st.Int(4);
  a.currency = st.Text(5);
  a.invoice_ids = SplitIds(st.Text(6));
  a.status = st.Text(7);
  a.checkout_id = st.Text(8);
  a.checkout_url = st.Text(9);
  a.detail = st.Text(10);
  a.payment_id = st.Int(11);
  a.created_at = st.Text(12);
  a.updated_at = st.Text(13);
  return a;
}

Result<std::optional<PaymentAttempt>> FindAttempt(Db& db, const char* where, const std::string& key, Id id) {
  auto st = db.Prepare(std::string(kColumns) + where);
  if (!st.ok()) return st.status();
  if (key.empty())
    st->Bind(1, id);
  else
    st->Bind(1, key);
  auto row = st->Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<PaymentAttempt>();
  return std::optional<PaymentAttempt>(ReadAttempt(*st));
}

Status SetStatus(Db& db, Id id, const std::string& status, const std::string& detail, const std::string& now) {
  auto st = db.Prepare("UPDATE payment_attempts SET status = ?1, detail = ?2, updated_at = ?3 WHERE id = ?4");
  if (!st.ok()) return st.status();
  return st->Bind(1, status).Bind(2, detail).Bind(3, now).Bind(4, id).Run();
}

// The allocations of a paid attempt: the chosen invoices in the debtor's order, each up to
// what is still open on it now; none chosen: oldest first, disputed invoices left alone.
Result<AllocationPlan> AllocateAttempt(const Account& account, const PaymentAttempt& attempt, const Payment& payment) {
  if (attempt.invoice_ids.empty()) return AllocateFifoUndisputed(payment, account);
  std::vector<AllocationRequest> requests;
  int64_t left = payment.amount_minor;
  for (Id id : attempt.invoice_ids) {
    for (const auto& inv : account.invoices) {
      if (inv.id != id || inv.status != InvoiceStatus::kOpen || inv.open_minor <= 0 || left <= 0) continue;
      if (inv.currency.Code() != payment.currency.Code()) continue;
      const int64_t part = std::min(left, inv.open_minor);
      requests.push_back({id, part});
      left -= part;
    }
  }
  return AllocateExplicit(payment, account.invoices, requests);
}

Status RecordPaid(Store& store, const PaymentAttempt& attempt, const GatewayEvent& event, Date today,
                  const std::string& now, EventOutcome* out) {
  Db& db = store.db();
  Account account;
  ENC_ASSIGN_OR_RETURN(account, store.LoadAccount(attempt.customer_id));
  Payment payment;
  payment.customer_id = attempt.customer_id;
  payment.date = today;
  // What the gateway says was paid, in its currency (normally the attempt's).
  payment.amount_minor = event.amount_minor > 0 ? event.amount_minor : attempt.amount_minor;
  ENC_ASSIGN_OR_RETURN(payment.currency, FindCurrency(event.currency.empty() ? attempt.currency : event.currency));
  payment.method = "card";
  payment.reference = attempt.gateway + " " + (event.session_id.empty() ? attempt.checkout_id : event.session_id);
  AllocationPlan plan;
  ENC_ASSIGN_OR_RETURN(plan, AllocateAttempt(account, attempt, payment));
  ENC_ASSIGN_OR_RETURN(out->payment_id, store.RecordPayment(payment, plan.allocations));
  for (const auto& a : plan.allocations)
    for (const auto& inv : account.invoices)
      if (inv.id == a.invoice_id && inv.open_minor == a.amount_minor) out->settled.push_back(inv.id);
  // The receipt by email, with the payment (nothing goes to a customer under proceedings).
  if (!account.customer.insolvency_date)
    ENC_RETURN_IF_ERROR(QueueThankYou(db, attempt.customer_id, out->settled, today, now));
  auto st = db.Prepare(
      "UPDATE payment_attempts SET status = 'paid', detail = '', payment_id = ?1, updated_at = ?2 WHERE id = ?3");
  if (!st.ok()) return st.status();
  return st->Bind(1, out->payment_id).Bind(2, now).Bind(3, attempt.id).Run();
}

}  // namespace

Result<AttemptOrExisting> CreateAttempt(Db& db, const PaymentAttempt& a) {
  if (a.amount_minor <= 0) return Status::Invalid("the amount must be positive", "amount");
  auto tx = Transaction::Begin(db);
  if (!tx.ok()) return tx.status();
  std::optional<PaymentAttempt> existing;
  ENC_ASSIGN_OR_RETURN(existing, FindAttempt(db, "WHERE form_key = ?1", a.form_key, 0));
  if (existing) {
    if (existing->customer_id != a.customer_id) return Status::Conflict("this form belongs to another account");
    return AttemptOrExisting{*existing, false};
  }
  auto st = db.Prepare(
      "INSERT INTO payment_attempts (customer_id, form_key, gateway, amount_minor, currency, invoice_ids, status, "
      "created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'created', ?7, ?7)");
  if (!st.ok()) return st.status();
  ENC_RETURN_IF_ERROR(st->Bind(1, a.customer_id).Bind(2, a.form_key).Bind(3, a.gateway).Bind(4, a.amount_minor)
                          .Bind(5, a.currency).Bind(6, JoinIds(a.invoice_ids)).Bind(7, a.created_at).Run());
  const Id id = db.LastInsertId();
  ENC_RETURN_IF_ERROR(tx->Commit());
  PaymentAttempt stored;
  ENC_ASSIGN_OR_RETURN(stored, GetAttempt(db, id));
  return AttemptOrExisting{stored, true};
}

Result<PaymentAttempt> GetAttempt(Db& db, Id id) {
  std::optional<PaymentAttempt> a;
  ENC_ASSIGN_OR_RETURN(a, FindAttempt(db, "WHERE id = ?1", "", id));
  if (!a) return Status::NotFound("no such payment");
  return *a;
}

Result<std::vector<PaymentAttempt>> CustomerAttempts(Db& db, Id customer_id, int limit) {
  auto st = db.Prepare(std::string(kColumns) + "WHERE customer_id = ?1 ORDER BY id DESC LIMIT ?2");
  if (!st.ok()) return st.status();
  st->Bind(1, customer_id).Bind(2, limit);
  std::vector<PaymentAttempt> out;
  while (true) {
    auto row = st->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    out.push_back(ReadAttempt(*st));
  }
  return out;
}

Status SetCheckout(Db& db, Id attempt_id, const std::string& checkout_id, const std::string& url, const std::string& now) {
  auto st = db.Prepare(
      "UPDATE payment_attempts SET status = 'open', checkout_id = ?1, checkout_url = ?2, updated_at = ?3 "
      "WHERE id = ?4 AND status = 'created'");
  if (!st.ok()) return st.status();
  return st->Bind(1, checkout_id).Bind(2, url).Bind(3, now).Bind(4, attempt_id).Run();
}

Status FailAttempt(Db& db, Id attempt_id, const std::string& detail, const std::string& now) {
  return SetStatus(db, attempt_id, "failed", detail, now);
}

Result<EventOutcome> ApplyGatewayEvent(Store& store, const std::string& gateway, const GatewayEvent& event, Date today,
                                       const std::string& now) {
  Db& db = store.db();
  EventOutcome out;
  out.attempt_id = event.attempt_id;
  auto tx = Transaction::Begin(db);
  if (!tx.ok()) return tx.status();
  auto seen = db.Prepare(
      "INSERT INTO gateway_events (gateway, event_id, type, attempt_id, outcome, received_at) VALUES (?1, ?2, ?3, ?4, '', ?5) "
      "ON CONFLICT (gateway, event_id) DO NOTHING");
  if (!seen.ok()) return seen.status();
  ENC_RETURN_IF_ERROR(seen->Bind(1, gateway).Bind(2, event.event_id).Bind(3, event.type)
                          .Bind(4, event.attempt_id ? std::optional<Id>(event.attempt_id) : std::nullopt).Bind(5, now).Run());
  if (db.Changes() == 0) {
    out.duplicate = true;
    out.outcome = "duplicate";
    return out;  // rolled back: nothing was written
  }
  std::optional<PaymentAttempt> attempt;
  if (event.attempt_id) ENC_ASSIGN_OR_RETURN(attempt, FindAttempt(db, "WHERE id = ?1", "", event.attempt_id));
  if (attempt && attempt->gateway != gateway) attempt.reset();  // another gateway's attempt: not this event's
  if (event.kind == GatewayEvent::Kind::kIgnored) {
    out.outcome = "ignored";
  } else if (!attempt) {
    out.outcome = "unknown_attempt";
  } else {
    out.customer_id = attempt->customer_id;
    if (attempt->status == "paid") {
      out.outcome = "already_paid";
    } else if (event.kind == GatewayEvent::Kind::kPaid) {
      ENC_RETURN_IF_ERROR(RecordPaid(store, *attempt, event, today, now, &out));
      out.outcome = "paid";
    } else if (event.kind == GatewayEvent::Kind::kPending) {
      ENC_RETURN_IF_ERROR(SetStatus(db, attempt->id, "pending", "", now));
      out.outcome = "pending";
    } else if (event.kind == GatewayEvent::Kind::kFailed) {
      ENC_RETURN_IF_ERROR(SetStatus(db, attempt->id, "failed", event.detail.empty() ? "payment failed" : event.detail, now));
      out.outcome = "failed";
    } else {
      ENC_RETURN_IF_ERROR(SetStatus(db, attempt->id, "expired", "", now));
      out.outcome = "expired";
    }
  }
  auto note = db.Prepare("UPDATE gateway_events SET outcome = ?1 WHERE gateway = ?2 AND event_id = ?3");
  if (!note.ok()) return note.status();
  ENC_RETURN_IF_ERROR(note->Bind(1, out.outcome).Bind(2, gateway).Bind(3, event.event_id).Run());
  ENC_RETURN_IF_ERROR(tx->Commit());
  return out;
}

}  // namespace encaisse
