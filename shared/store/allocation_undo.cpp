#include "shared/store/allocation_undo.h"

#include "shared/core/money.h"
#include "shared/store/action_store.h"

namespace encaisse {

Result<UndoneAllocation> UndoPaymentAllocation(Db& db, Id allocation_id, Id author_id, Date today) {
  auto tx = Transaction::Begin(db);
  if (!tx.ok()) return tx.status();
  auto find = db.Prepare(
      "SELECT a.invoice_id, a.payment_id, a.credit_note_id, a.amount_minor, a.date, a.customer_id, i.number, "
      "i.currency, COALESCE(p.reference, '') FROM allocations a JOIN invoices i ON i.id = a.invoice_id "
      "LEFT JOIN payments p ON p.id = a.payment_id WHERE a.id = ?");
  if (!find.ok()) return find.status();
  find->Bind(1, allocation_id);
  auto row = find->Step();
  if (!row.ok()) return row.status();
  if (!*row) return Status::NotFound("no allocation " + std::to_string(allocation_id));
  UndoneAllocation out;
  out.allocation.id = allocation_id;
  out.allocation.invoice_id = find->Int(0);
  out.allocation.payment_id = find->Int(1);
  out.allocation.credit_note_id = find->Int(2);
  out.allocation.amount_minor = find->Int(3);
  auto date = Date::ParseIso(find->Text(4));
  if (!date.ok()) return date.status();
  out.allocation.date = *date;
  out.customer_id = find->Int(5);
  out.invoice_number = find->Text(6);
  auto currency = FindCurrency(find->Text(7));
  const std::string reference(find->Text(8));
  find->Reset();
  if (out.allocation.credit_note_id != 0)
    return Status::Refused("this allocation is a credit note's: issue a new invoice or credit note instead");

  // A plan the allocation completed is not complete any more: active again before the invoice
  // reopens, so that the schema-6 trigger takes the amount back from its installments.
  auto resume = db.Prepare(
      "UPDATE payment_plans SET status = 'active' WHERE status = 'completed' "
      "AND id IN (SELECT plan_id FROM plan_invoices WHERE invoice_id = ?)");
  if (!resume.ok()) return resume.status();
  ENC_RETURN_IF_ERROR(resume->Bind(1, out.allocation.invoice_id).Run());

  auto reopen = db.Prepare(
      "UPDATE invoices SET open_minor = open_minor + ?1, status = CASE WHEN status = 'paid' THEN 'open' ELSE status END "
      "WHERE id = ?2 AND open_minor + ?1 <= amount_minor RETURNING open_minor");
  if (!reopen.ok()) return reopen.status();
  reopen->Bind(1, out.allocation.amount_minor).Bind(2, out.allocation.invoice_id);
  auto reopened = reopen->Step();
  if (!reopened.ok()) return reopened.status();
  if (!*reopened) return Status::Conflict("invoice " + out.invoice_number + " cannot take this amount back");
  out.invoice_open_minor = reopen->Int(0);
  reopen->Reset();
  auto remove = db.Prepare("DELETE FROM allocations WHERE id = ?");
  if (!remove.ok()) return remove.status();
  ENC_RETURN_IF_ERROR(remove->Bind(1, allocation_id).Run());

  const std::string amount = currency.ok() ? FormatMoney({out.allocation.amount_minor, *currency}, Locale::kFr)
                                           : std::to_string(out.allocation.amount_minor);
  const std::string text = "Lettrage annulé : " + amount + " du règlement" + (reference.empty() ? "" : " " + reference) +
                           " retirés de la facture " + out.invoice_number + " (restent en crédit sur le compte)";
  Note note;
  note.customer_id = out.customer_id;
  note.author_id = author_id;
  note.date = today;
  note.text = text;
  ENC_RETURN_IF_ERROR(AddNote(db, note).status());
  ENC_RETURN_IF_ERROR(tx->Commit());
  return out;
}

Result<std::vector<AllocationView>> ListPaymentAllocations(Db& db, Id customer_id, int limit) {
  auto st = db.Prepare(
      "SELECT a.id, a.invoice_id, a.payment_id, a.amount_minor, a.date, i.number, p.reference, p.method "
      "FROM allocations a JOIN invoices i ON i.id = a.invoice_id JOIN payments p ON p.id = a.payment_id "
      "WHERE a.customer_id = ? ORDER BY a.date DESC, a.id DESC LIMIT ?");
  if (!st.ok()) return st.status();
  st->Bind(1, customer_id).Bind(2, limit);
  std::vector<AllocationView> out;
  for (;;) {
    auto row = st->Step();
    if (!row.ok()) return row.status();
    if (!*row) return out;
    AllocationView v;
    v.allocation.id = st->Int(0);
    v.allocation.invoice_id = st->Int(1);
    v.allocation.payment_id = st->Int(2);
    v.allocation.amount_minor = st->Int(3);
    auto date = Date::ParseIso(st->Text(4));
    if (!date.ok()) return date.status();
    v.allocation.date = *date;
    v.source = "payment";
    v.invoice_number = st->Text(5);
    v.reference = st->Text(6);
    v.method = st->Text(7);
    out.push_back(std::move(v));
  }
}

}  // namespace encaisse
