#include "shared/store/action_store.h"

#include "shared/store/row_codec.h"

namespace encaisse {
namespace {

Status CheckText(const std::string& text, const char* field, size_t max_bytes) {
  if (text.empty()) return Status::Invalid(std::string(field) + " must not be empty", field);
  if (text.size() > max_bytes)
    return Status::Invalid(std::string(field) + " is too long (at most " + std::to_string(max_bytes) + " bytes)", field);
  return Status::Ok();
}

Status CheckCustomerExists(Db& db, Id customer_id) {
  auto st = db.Prepare("SELECT 1 FROM customers WHERE id = ?");
  if (!st.ok()) return st.status();
  st->Bind(1, customer_id);
  auto row = st->Step();
  if (!row.ok()) return row.status();
  if (!*row) return Status::NotFound("no such customer");
  return Status::Ok();
}

std::optional<int64_t> IdOrNull(Id id) { return id ? std::optional<int64_t>(id) : std::nullopt; }

constexpr const char* kDisputeColumns = "id, invoice_id, customer_id, opened, reason, status, resolved, resolution";

Result<Dispute> ReadDispute(const Statement& st, int first = 0) {
  Dispute d;
  d.id = st.Int(first);
  d.invoice_id = st.Int(first + 1);
  d.customer_id = st.Int(first + 2);
  ENC_ASSIGN_OR_RETURN(d.opened, DateColumn(st, first + 3));
  d.reason = st.Text(first + 4);
  ENC_ASSIGN_OR_RETURN(d.status, ParseDisputeStatus(st.Text(first + 5)));
  ENC_ASSIGN_OR_RETURN(d.resolved, OptionalDateColumn(st, first + 6));
  d.resolution = st.Text(first + 7);
  return d;
}

}  // namespace

Result<Note> AddNote(Db& db, const Note& note) {
  ENC_RETURN_IF_ERROR(CheckText(note.text, "text", kMaxNoteBytes));
  ENC_RETURN_IF_ERROR(CheckCustomerExists(db, note.customer_id));
  auto st = db.Prepare("INSERT INTO notes (customer_id, author_id, date, text) VALUES (?, ?, ?, ?)");
  if (!st.ok()) return st.status();
  ENC_RETURN_IF_ERROR(
      st->Bind(1, note.customer_id).Bind(2, IdOrNull(note.author_id)).Bind(3, note.date.ToIso()).Bind(4, note.text).Run());
  Note out = note;
  out.id = db.LastInsertId();
  return out;
}

Result<Promise> AddPromise(Db& db, const Promise& promise, Date today) {
  if (promise.amount_minor <= 0) return Status::Invalid("the promised amount must be positive", "amount_minor");
  if (promise.promised_date < today || promise.promised_date > today.AddDays(kMaxPromiseDays))
    return Status::Invalid("the promised date must fall between " + today.ToIso() + " and " +
                               today.AddDays(kMaxPromiseDays).ToIso(),
                           "date");
  ENC_RETURN_IF_ERROR(CheckCustomerExists(db, promise.customer_id));
  auto st = db.Prepare(
      "INSERT INTO promises (customer_id, author_id, promised_date, amount_minor, status, created) "
      "VALUES (?, ?, ?, ?, 'pending', ?)");
  if (!st.ok()) return st.status();
  ENC_RETURN_IF_ERROR(st->Bind(1, promise.customer_id).Bind(2, IdOrNull(promise.author_id))
                          .Bind(3, promise.promised_date.ToIso()).Bind(4, promise.amount_minor).Bind(5, today.ToIso()).Run());
  Promise out = promise;
  out.id = db.LastInsertId();
  out.status = PromiseStatus::kPending;
  out.created = today;
  return out;
}

Result<Visit> AddVisit(Db& db, const Visit& visit, Date today) {
  if (visit.planned < today.AddDays(-kMaxVisitDays) || visit.planned > today.AddDays(kMaxVisitDays))
    return Status::Invalid("the visit date must fall within " + std::to_string(kMaxVisitDays) + " days of today", "date");
  if (visit.outcome.size() > kMaxNoteBytes)
    return Status::Invalid("outcome is too long (at most " + std::to_string(kMaxNoteBytes) + " bytes)", "outcome");
  ENC_RETURN_IF_ERROR(CheckCustomerExists(db, visit.customer_id));
  auto st = db.Prepare("INSERT INTO visits (customer_id, rep_id, planned, outcome) VALUES (?, ?, ?, ?)");
  if (!st.ok()) return st.status();
  ENC_RETURN_IF_ERROR(st->Bind(1, visit.customer_id).Bind(2, IdOrNull(visit.rep_id)).Bind(3, visit.planned.ToIso())
                          .Bind(4, visit.outcome).Run());
  Visit out = visit;
  out.id = db.LastInsertId();
  return out;
}

Result<Dispute> GetDispute(Db& db, Id dispute_id) {
  auto st = db.Prepare(std::string("SELECT ") + kDisputeColumns + " FROM disputes WHERE id = ?");
  if (!st.ok()) return st.status();
  st->Bind(1, dispute_id);
  auto row = st->Step();
  if (!row.ok()) return row.status();
  if (!*row) return Status::NotFound("no such dispute");
  return ReadDispute(*st);
}

Result<Dispute> OpenDispute(Db& db, Id invoice_id, Date opened, const std::string& reason) {
  ENC_RETURN_IF_ERROR(CheckText(reason, "reason", kMaxReasonBytes));
  // One statement: the invoice must be disputable and have no open dispute when the row goes in.
  auto ins = db.Prepare(
      "INSERT INTO disputes (invoice_id, customer_id, opened, reason, status, resolution) "
      "SELECT i.id, i.customer_id, ?2, ?3, 'open', '' FROM invoices i "
      "WHERE i.id = ?1 AND i.status <> 'cancelled' AND i.amount_minor > 0 "
      "AND NOT EXISTS (SELECT 1 FROM disputes d WHERE d.invoice_id = i.id AND d.status = 'open')");
  if (!ins.ok()) return ins.status();
  ENC_RETURN_IF_ERROR(ins->Bind(1, invoice_id).Bind(2, opened.ToIso()).Bind(3, reason).Run());
  if (db.Changes() == 1) return GetDispute(db, db.LastInsertId());

  // Nothing written: say why.
  auto why = db.Prepare(
      "SELECT i.status, i.amount_minor, "
      "(SELECT d.id FROM disputes d WHERE d.invoice_id = i.id AND d.status = 'open' ORDER BY d.id LIMIT 1) "
      "FROM invoices i WHERE i.id = ?");
  if (!why.ok()) return why.status();
  why->Bind(1, invoice_id);
  auto row = why->Step();
  if (!row.ok()) return row.status();
  if (!*row) return Status::NotFound("no such invoice");
  if (!why->IsNull(2)) return Status::Conflict("the invoice already has an open dispute (" + std::to_string(why->Int(2)) + ")");
  if (why->Text(0) == "cancelled") return Status::Conflict("a cancelled invoice cannot be disputed");
  return Status::Conflict("a credit note cannot be disputed");
}

Result<Dispute> ResolveDispute(Db& db, Id dispute_id, Date resolved, const std::string& resolution) {
  ENC_RETURN_IF_ERROR(CheckText(resolution, "resolution", kMaxReasonBytes));
  auto st = db.Prepare("UPDATE disputes SET status = 'resolved', resolved = ?2, resolution = ?3 WHERE id = ?1 AND status = 'open'");
  if (!st.ok()) return st.status();
  ENC_RETURN_IF_ERROR(st->Bind(1, dispute_id).Bind(2, resolved.ToIso()).Bind(3, resolution).Run());
  const bool changed = db.Changes() == 1;
  auto d = GetDispute(db, dispute_id);
  if (!d.ok()) return d.status();
  if (!changed) return Status::Conflict("the dispute is already resolved");
  return d;
}

Result<std::vector<DisputeListItem>> ListDisputes(Db& db, std::optional<DisputeStatus> status, Id after_id, int limit) {
  auto st = db.Prepare(
      "SELECT d.id, d.invoice_id, d.customer_id, d.opened, d.reason, d.status, d.resolved, d.resolution, "
      "i.number, c.name, i.amount_minor, i.open_minor, i.currency "
      "FROM disputes d JOIN invoices i ON i.id = d.invoice_id JOIN customers c ON c.id = d.customer_id "
      "WHERE d.id > ?1 AND (?2 IS NULL OR d.status = ?2) ORDER BY d.id LIMIT ?3");
  if (!st.ok()) return st.status();
  st->Bind(1, after_id).Bind(3, limit);
  if (status) st->Bind(2, ToString(*status));
  else st->BindNull(2);
  std::vector<DisputeListItem> out;
  for (;;) {
    auto row = st->Step();
    if (!row.ok()) return row.status();
    if (!*row) return out;
    DisputeListItem item;
    ENC_ASSIGN_OR_RETURN(item.dispute, ReadDispute(*st));
    item.invoice_number = st->Text(8);
    item.customer_name = st->Text(9);
    item.invoice_amount_minor = st->Int(10);
    item.invoice_open_minor = st->Int(11);
    item.currency = st->Text(12);
    out.push_back(std::move(item));
  }
}

}  // namespace encaisse
