#include "shared/store/reminder_pauses.h"

namespace encaisse {

Result<Date> PauseEnd(std::optional<Date> until, Date today) {
  if (!until) return today.AddDays(kDefaultPauseDays);
  if (*until < today || *until > today.AddDays(kMaxPauseDays))
    return Status::Invalid("until must fall between " + today.ToIso() + " and " + today.AddDays(kMaxPauseDays).ToIso(),
                           "until");
  return *until;
}

Status SetCustomerReminderPause(Db& db, Id customer_id, std::optional<Date> until) {
  auto st = db.Prepare("UPDATE customers SET reminders_paused_until = ? WHERE id = ?");
  if (!st.ok()) return st.status();
  std::optional<std::string> iso;
  if (until) iso = until->ToIso();
  ENC_RETURN_IF_ERROR(st->Bind(1, iso).Bind(2, customer_id).Run());
  if (db.Changes() == 0) return Status::NotFound("no such customer");
  return Status::Ok();
}

Status SetInvoiceReminderPause(Db& db, Id invoice_id, std::optional<Date> until) {
  // One statement: a pause only lands on an open invoice, whatever happened since the caller looked.
  auto st = db.Prepare(
      "UPDATE invoices SET reminders_paused_until = ?2 WHERE id = ?1 "
      "AND (?2 IS NULL OR (status = 'open' AND amount_minor > 0))");
  if (!st.ok()) return st.status();
  std::optional<std::string> iso;
  if (until) iso = until->ToIso();
  ENC_RETURN_IF_ERROR(st->Bind(1, invoice_id).Bind(2, iso).Run());
  if (db.Changes() == 1) return Status::Ok();
  auto exists = db.Prepare("SELECT 1 FROM invoices WHERE id = ?");
  if (!exists.ok()) return exists.status();
  exists->Bind(1, invoice_id);
  auto row = exists->Step();
  if (!row.ok()) return row.status();
  if (!*row) return Status::NotFound("no such invoice");
  return Status::Conflict("only an open invoice can be paused (this one is paid, cancelled or a credit note)");
}

}  // namespace encaisse
