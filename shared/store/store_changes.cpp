// The change log (read by sync) and the ledger consistency check.
#include "shared/store/store.h"

namespace encaisse {

Result<std::vector<Change>> Store::ChangesSince(int64_t since, int limit) {
  if (limit < 1) return Status::Invalid("limit must be at least 1", "limit");
  auto st = db_.Prepare("SELECT seq, tbl, row_id, op, customer_id FROM change_log WHERE seq > ? ORDER BY seq LIMIT ?");
  if (!st.ok()) return st.status();
  st->Bind(1, since).Bind(2, limit);
  std::vector<Change> out;
  for (;;) {
    auto row = st->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    Change c;
    c.seq = st->Int(0);
    c.table = st->Text(1);
    c.row_id = st->Int(2);
    c.op = st->Text(3);
    if (!st->IsNull(4)) c.customer_id = st->Int(4);
    out.push_back(std::move(c));
  }
  return out;
}

Status Store::VerifyLedger() {
  // An invoice's open amount is its amount less what settled it; a credit note's (negative)
  // is its amount plus what it settled elsewhere (one grouped pass: credit_note_id has no index).
  auto st = db_.Prepare(
      "SELECT i.id, i.number, i.amount_minor, i.open_minor, i.status, "
      "       i.amount_minor - COALESCE((SELECT sum(amount_minor) FROM allocations WHERE invoice_id = i.id), 0) "
      "                      + COALESCE(c.applied, 0) "
      "FROM invoices i LEFT JOIN (SELECT credit_note_id, sum(amount_minor) AS applied FROM allocations "
      "                           WHERE credit_note_id IS NOT NULL GROUP BY credit_note_id) c ON c.credit_note_id = i.id "
      "WHERE i.amount_minor <> 0");
  if (!st.ok()) return st.status();
  for (;;) {
    auto row = st->Step();
    if (!row.ok()) return row.status();
    if (!*row) return Status::Ok();
    const int64_t amount = st->Int(2), stored = st->Int(3), computed = st->Int(5);
    const bool paid = st->Text(4) == "paid";
    const bool overdrawn = amount > 0 ? computed < 0 : computed > 0;  // settled or applied beyond its amount
    if (stored != computed || overdrawn || paid != (computed == 0)) {
      return Status::Internal("invoice " + std::string(st->Text(1)) + " (id " + std::to_string(st->Int(0)) +
                              "): open amount " + std::to_string(stored) + " stored, " + std::to_string(computed) +
                              " from its allocations, status " + std::string(st->Text(4)));
    }
  }
}

}  // namespace encaisse
