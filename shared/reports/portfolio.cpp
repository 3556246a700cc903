#include "shared/reports/portfolio.h"

#include <cstdint>

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
  auto scan = PortfolioScan::Begin(store, settings, rates, today);
  if (!scan.ok()) return scan.status();
  auto done = scan->Step(INT64_MAX);
  if (!done.ok()) return done.status();
  return scan->Finish();
}

Result<PortfolioScan> PortfolioScan::Begin(Store& store, const CompanySettings& settings, const RateTables& rates,
                                           Date today) {
  Db& db = store.db();
  PortfolioScan scan(settings, rates, today);
  ENC_ASSIGN_OR_RETURN(scan.freezes_, LoadFreezes(db));
  ENC_ASSIGN_OR_RETURN(scan.invoices_, db.Prepare(
      "SELECT i.id, i.customer_id, i.due_date, i.amount_minor, i.formal_notice_date, c.business, c.contract_late_rate_bps, "
      "i.issue_date FROM invoices i JOIN customers c ON c.id = i.customer_id "
      "WHERE i.issue_date <= ?1 AND i.status <> 'cancelled' AND i.currency = ?2 ORDER BY i.id"));
  ENC_ASSIGN_OR_RETURN(scan.allocations_,
                       db.Prepare("SELECT invoice_id, date, amount_minor FROM allocations WHERE date <= ? ORDER BY invoice_id"));
  const std::string today_iso = today.ToIso();
  scan.invoices_.Bind(1, today_iso).Bind(2, settings.currency.Code());
  scan.allocations_.Bind(1, today_iso);
  ENC_ASSIGN_OR_RETURN(scan.allocation_ready_, scan.allocations_.Step());
  return scan;
}

Result<bool> PortfolioScan::Step(int64_t invoices) {
  Statement& inv = invoices_;
  Statement& alloc = allocations_;
  Portfolio& p = portfolio_;
  for (int64_t n = 0; !done_ && n < invoices; ++n) {
    bool row = false;
    ENC_ASSIGN_OR_RETURN(row, inv.Step());
    if (!row) {
      done_ = true;
      break;
    }
    ++seen_;
    const Id id = inv.Int(0);
    const int64_t amount = inv.Int(3);
    Date issue;
    ENC_ASSIGN_OR_RETURN(issue, DateColumn(inv, 7));
    sales_.AddInvoice(issue, amount);
    reductions_.clear();
    int64_t paid = 0;
    while (allocation_ready_ && alloc.Int(0) <= id) {
      if (alloc.Int(0) == id && amount > 0) {
        Date d;
        ENC_ASSIGN_OR_RETURN(d, DateColumn(alloc, 1));
        reductions_.push_back({d, alloc.Int(2)});
        paid += alloc.Int(2);
        sales_.AddPayment(issue, d, alloc.Int(2));
      }
      ENC_ASSIGN_OR_RETURN(allocation_ready_, alloc.Step());
    }
    if (amount <= 0) continue;  // a credit note: in the sales, never open nor late
    windows_.clear();
    for (auto [it, end] = freezes_.equal_range(id); it != end; ++it) windows_.push_back(it->second);

    PenaltyInput in;
    ENC_ASSIGN_OR_RETURN(in.due_date, DateColumn(inv, 2));
    in.amount_minor = amount;
    ENC_ASSIGN_OR_RETURN(in.formal_notice_date, OptionalDateColumn(inv, 4));
    in.business = inv.Int(5) != 0;
    if (!inv.IsNull(6)) in.contract_rate_bps = static_cast<int32_t>(inv.Int(6));
    in.reductions = reductions_;
    in.freezes = windows_;
    Penalties pen;
    ENC_ASSIGN_OR_RETURN(pen, ComputePenalties(in, settings_, rates_, today_));

    const int64_t open = in.amount_minor - paid;
    ++p.invoices;
    if (open <= 0 && pen.interest_minor == 0 && pen.fee_minor == 0) continue;
    CustomerPosition& c = by_customer_[inv.Int(1)];
    c.customer_id = inv.Int(1);
    c.interest_minor += pen.interest_minor;
    c.fee_minor += pen.fee_minor;
    p.interest_minor += pen.interest_minor;
    p.fee_minor += pen.fee_minor;
    if (open <= 0) continue;
    const int32_t late = DaysLate(in.due_date, today_);
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
  return done_;
}

Portfolio PortfolioScan::Finish() {
  invoices_ = Statement();  // released to the connection's cache
  allocations_ = Statement();
  Portfolio p = std::move(portfolio_);
  p.customers.reserve(by_customer_.size());
  for (auto& [id, c] : by_customer_) p.customers.push_back(c);
  by_customer_.clear();
  return p;
}

}  // namespace encaisse
