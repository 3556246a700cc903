#include "shared/ledger/statement.h"

#include <algorithm>

#include "shared/ledger/balance.h"

namespace encaisse {

std::vector<FreezeWindow> PlanFreezes(const Account& account, Id invoice_id) {
  std::vector<FreezeWindow> out;
  for (const auto& plan : account.plans) {
    if (!plan.approved) continue;  // pending or rejected plans change nothing
    if (std::find(plan.invoice_ids.begin(), plan.invoice_ids.end(), invoice_id) == plan.invoice_ids.end()) continue;
    out.push_back({*plan.approved, plan.broken});
  }
  return out;
}

Result<CustomerStatement> BuildStatement(const Account& account, const CompanySettings& settings,
                                         const RateTables& rates, Date date, int recent_days) {
  CustomerStatement st;
  st.date = date;
  st.currency = settings.currency;
  auto summary = Summarize(account.invoices, account.payments, account.allocations, date);
  if (!summary.ok()) return summary.status();
  st.open_minor = summary->open_minor;
  st.overdue_minor = summary->overdue_minor;
  st.credit_minor = summary->credit_minor;
  st.aging = summary->aging;
  const auto open = OpenAmounts(account.invoices, account.allocations, date);
  const Date recent = date.AddDays(-recent_days);

  std::vector<PrincipalReduction> reductions;
  for (const auto& inv : account.invoices) {
    if (inv.issue_date > date || inv.status == InvoiceStatus::kCancelled) continue;
    reductions.clear();
    Date last_payment;
    for (const auto& a : account.allocations) {
      if (a.invoice_id != inv.id || a.date > date) continue;
      reductions.push_back({a.date, a.amount_minor});
      last_payment = std::max(last_payment, a.date);
    }
    const int64_t open_amount = open.at(inv.id);
    if (open_amount == 0 && last_payment < recent) continue;

    StatementLine line;
    line.invoice_id = inv.id;
    line.number = inv.number;
    line.issue_date = inv.issue_date;
    line.due_date = inv.due_date;
    line.amount_minor = inv.amount_minor;
    line.open_minor = open_amount;
    line.days_late = open_amount > 0 ? DaysLate(inv.due_date, date) : 0;
    for (const auto& d : account.disputes)
      if (d.invoice_id == inv.id && d.opened <= date && (d.status == DisputeStatus::kOpen || (d.resolved && *d.resolved > date)))
        line.disputed = true;
    const auto freezes = PlanFreezes(account, inv.id);
    line.in_plan = !freezes.empty();

    PenaltyInput in;
    in.due_date = inv.due_date;
    in.amount_minor = inv.amount_minor;
    in.business = account.customer.business;
    in.contract_rate_bps = account.customer.contract_late_rate_bps;
    in.reductions = reductions;
    in.formal_notice_date = inv.formal_notice_date;
    in.freezes = freezes;
    auto penalties = ComputePenalties(in, settings, rates, date);
    if (!penalties.ok()) return penalties.status();
    line.interest_minor = penalties->interest_minor;
    line.fee_minor = penalties->fee_minor;
    st.interest_minor += line.interest_minor;
    st.fee_minor += line.fee_minor;
    st.lines.push_back(std::move(line));
  }
  std::sort(st.lines.begin(), st.lines.end(), [](const StatementLine& a, const StatementLine& b) {
    return a.due_date != b.due_date ? a.due_date < b.due_date : a.number < b.number;
  });
  st.total_due_minor = st.open_minor + st.interest_minor + st.fee_minor - st.credit_minor;
  return st;
}

int64_t PrincipalDue(const CustomerStatement& statement) {
  return std::max<int64_t>(statement.open_minor - statement.credit_minor, 0);
}

}  // namespace encaisse
