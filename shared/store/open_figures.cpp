#include "shared/store/open_figures.h"

#include <string>

#include "shared/ledger/aging.h"
#include "shared/store/row_codec.h"

namespace encaisse {

Result<std::unordered_map<Id, OpenFigures>> OpenFiguresByCustomer(Db& db, Date today) {
  // The two-sided range on due_date makes the planner read invoices_open_due (see
  // ListByAmount); its rows come oldest first, so a customer's first overdue row is its oldest.
  auto st = db.Prepare(
      "SELECT customer_id, due_date, open_minor FROM invoices WHERE status = 'open' AND open_minor > 0 "
      "AND due_date >= '0001-01-01' AND due_date <= '9999-12-31' ORDER BY due_date");
  if (!st.ok()) return st.status();
  const std::string today_iso = today.ToIso();
  std::unordered_map<Id, OpenFigures> out;
  for (;;) {
    bool row = false;
    ENC_ASSIGN_OR_RETURN(row, st->Step());
    if (!row) break;
    OpenFigures& f = out[st->Int(0)];
    const int64_t open = st->Int(2);
    f.balance_minor += open;
    ++f.open_invoices;
    if (st->Text(1) < today_iso) {  // ISO dates order as text
      f.overdue_minor += open;
      if (f.max_days_late == 0) {
        Date due;
        ENC_ASSIGN_OR_RETURN(due, DateColumn(*st, 1));
        f.max_days_late = DaysLate(due, today);
      }
    }
  }
  return out;
}

}  // namespace encaisse
