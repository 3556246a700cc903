#include "shared/reports/portfolio.h"

#include <map>

#include "shared/store/row_codec.h"

namespace encaisse {
namespace {

// Freeze windows of approved plans, by invoice (plans are few: loaded up front).
Result<std::multimap<Id, FreezeWindow>> LoadFreezes(Db& db) {
  std::multimap<Id, FreezeWindow> out;
  auto st = db.Prepare(
      "SELECT pi.invoice_id, p.approved, p.broken FROM plan_invoices pi JOIN payment_plans p ON p.id = pi.plan_id "
      "WHERE p.approved IS NOT NULL");
  if (!st.ok()) return st.status();
  for (;;) {
    auto row = st->Step();
    if (!row.ok()) return row.status();
    if (!*row) return out;
    FreezeWindow w;
    ENC_ASSIGN_OR_RETURN(w.from, DateColumn(*st, 1));
    ENC_ASSIGN_OR_RETURN(w.until, OptionalDateColumn(*st, 2));
    out.emplace(st->Int(0), w);
  }
}

}  // namespace

Result<Portfolio> ComputePortfolio(Store& store, const CompanySettings& settings, const RateTables& rates, Date today) {
  Db& db = store.db();
  std::multimap<Id, FreezeWindow> freezes;
  ENC_ASSIGN_OR_RETURN(freezes, LoadFreezes(db));
  auto inv = db.Prepare(
      "SELECT i.id, i.customer_id, i.due_date, i.amount_minor, i.formal_notice_date, c.business, c.contract_late_rate_bps "
      "FROM invoices i JOIN customers c ON c.id = i.customer_id "
      "WHERE i.issue_date <= ?1 AND i.status <> 'cancelled' AND i.currency = ?2 AND i.amount_minor > 0 ORDER BY i.id");
  auto alloc = db.Prepare("SELECT invoice_id, date, amount_minor FROM allocations WHERE date <= ? ORDER BY invoice_id");
  if (!inv.ok()) return inv.status();
  if (!alloc.ok()) return alloc.status();
  const std::string today_iso = today.ToIso();
  inv->Bind(1, today_iso).Bind(2, settings.currency.Code());
  alloc->Bind(1, today_iso);

  Portfolio p;
  std::map<Id, CustomerPosition> by_customer;
  std::vector<PrincipalReduction> reductions;
  std::vector<FreezeWindow> windows;
  // The allocation cursor runs alongside the invoice cursor (both in invoice id order).
  bool alloc_row = false;
  ENC_ASSIGN_OR_RETURN(alloc_row, alloc->Step());
  for (;;) {
    bool row = false;
    ENC_ASSIGN_OR_RETURN(row, inv->Step());
    if (!row) break;
    const Id id = inv->Int(0);
    reductions.clear();
    int64_t paid = 0;
    while (alloc_row && alloc->Int(0) <= id) {
      if (alloc->Int(0) == id) {
        Date d;
        ENC_ASSIGN_OR_RETURN(d, DateColumn(*alloc, 1));
        reductions.push_back({d, alloc->Int(2)});
        paid += alloc->Int(2);
      }
      ENC_ASSIGN_OR_RETURN(alloc_row, alloc->Step());
    }
    windows.clear();
    for (auto [it, end] = freezes.equal_range(id); it != end; ++it) windows.push_back(it->second);

    PenaltyInput in;
    ENC_ASSIGN_OR_RETURN(in.due_date, DateColumn(*inv, 2));
    in.amount_minor = inv->Int(3);
    ENC_ASSIGN_OR_RETURN(in.formal_notice_date, OptionalDateColumn(*inv, 4));
    in.business = inv->Int(5) != 0;
    if (!inv->IsNull(6)) in.contract_rate_bps = static_cast<int32_t>(inv->Int(6));
    in.reductions = reductions;
    in.freezes = windows;
    Penalties pen;
    ENC_ASSIGN_OR_RETURN(pen, ComputePenalties(in, settings, rates, today));

    const int64_t open = in.amount_minor - paid;
    ++p.invoices;
    if (open <= 0 && pen.interest_minor == 0 && pen.fee_minor == 0) continue;
    CustomerPosition& c = by_customer[inv->Int(1)];
    c.customer_id = inv->Int(1);
    c.interest_minor += pen.interest_minor;
    c.fee_minor += pen.fee_minor;
    p.interest_minor += pen.interest_minor;
    p.fee_minor += pen.fee_minor;
    if (open <= 0) continue;
    const int32_t late = DaysLate(in.due_date, today);
    ++p.open_invoices;
    p.open_minor += open;
    c.open_minor += open;
    p.aging.Add(BucketFor(late), open);
    if (late > 0) {
      p.overdue_minor += open;
      c.overdue_minor += open;
      if (late > c.max_days_late) c.max_days_late = late;
    }
  }
  p.customers.reserve(by_customer.size());
  for (auto& [id, c] : by_customer) p.customers.push_back(c);
  return p;
}

}  // namespace encaisse
