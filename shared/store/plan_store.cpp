#include "shared/store/plan_store.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "shared/core/json_parse.h"
#include "shared/ledger/balance.h"
#include "shared/store/row_codec.h"

namespace encaisse {
namespace {

using nlohmann::json;

std::optional<int64_t> IdOrNull(Id id) { return id ? std::optional<int64_t>(id) : std::nullopt; }

std::string ReasonsJson(const std::vector<PlanReason>& reasons) {
  json out = json::array();
  for (const auto& r : reasons) out.push_back({{"code", r.code}, {"message", r.message}});
  return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::vector<PlanReason> ReasonsFromJson(std::string_view text) {
  std::vector<PlanReason> out;
  json j = ParseJson(text);
  if (!j.is_array()) return out;
  for (const auto& r : j)
    if (r.is_object()) out.push_back({r.value("code", std::string()), r.value("message", std::string())});
  return out;
}

struct Covered {
  std::vector<Id> ids;
  int64_t total_minor = 0;
  Currency currency;
};

// The invoices a plan covers and their open total.
Result<Covered> CoveredInvoices(Db& db, Id customer_id, const std::vector<Id>& requested, Date today) {
  Covered c;
  std::optional<std::string> currency;
  auto take = [&](Id id, int64_t open, std::string_view cur) -> Status {
    if (currency && *currency != cur)
      return Status::Invalid("the invoices of a plan must share one currency", "invoice_ids");
    currency = std::string(cur);
    c.ids.push_back(id);
    c.total_minor += open;
    return Status::Ok();
  };
  if (requested.empty()) {
    auto st = db.Prepare(
        "SELECT id, open_minor, currency FROM invoices WHERE customer_id = ? AND status = 'open' AND open_minor > 0 "
        "AND amount_minor > 0 AND due_date < ? ORDER BY due_date, id");
    if (!st.ok()) return st.status();
    st->Bind(1, customer_id).Bind(2, today.ToIso());
    for (;;) {
      auto row = st->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      ENC_RETURN_IF_ERROR(take(st->Int(0), st->Int(1), st->Text(2)));
    }
    if (c.ids.empty()) return Status::Refused("the customer has no open overdue invoice to put on a plan", "invoice_ids");
  } else {
    std::vector<Id> ids = requested;
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    auto st = db.Prepare(
        "SELECT open_minor, currency FROM invoices WHERE id = ? AND customer_id = ? AND status = 'open' AND open_minor > 0 "
        "AND amount_minor > 0");
    if (!st.ok()) return st.status();
    for (Id id : ids) {
      st->Reset();
      st->Bind(1, id).Bind(2, customer_id);
      auto row = st->Step();
      if (!row.ok()) return row.status();
      if (!*row) return Status::Invalid("invoice " + std::to_string(id) + " is not an open invoice of this customer", "invoice_ids");
      ENC_RETURN_IF_ERROR(take(id, st->Int(0), st->Text(1)));
    }
  }
  auto cur = FindCurrency(*currency);
  if (!cur.ok()) return Status::Internal("corrupt currency: " + cur.status().message());
  c.currency = *cur;
  return c;
}

Result<PaymentPlan> ReadPlanDetails(Db& db, PaymentPlan plan) {
  auto ins = db.Prepare("SELECT id, seq, due_date, amount_minor, paid_minor FROM installments WHERE plan_id = ? ORDER BY seq");
  if (!ins.ok()) return ins.status();
  ins->Bind(1, plan.id);
  for (;;) {
    auto row = ins->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    Installment i;
    i.id = ins->Int(0);
    i.plan_id = plan.id;
    i.seq = static_cast<int32_t>(ins->Int(1));
    ENC_ASSIGN_OR_RETURN(i.due_date, DateColumn(*ins, 2));
    i.amount_minor = ins->Int(3);
    i.paid_minor = ins->Int(4);
    plan.installments.push_back(i);
  }
  auto inv = db.Prepare("SELECT invoice_id FROM plan_invoices WHERE plan_id = ? ORDER BY invoice_id");
  if (!inv.ok()) return inv.status();
  inv->Bind(1, plan.id);
  for (;;) {
    auto row = inv->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    plan.invoice_ids.push_back(inv->Int(0));
  }
  return plan;
}

constexpr const char* kPlanSelect =
    "SELECT p.id, p.customer_id, p.status, p.frequency, p.total_minor, p.currency, p.created, p.approved, p.broken, "
    "c.name, c.risk, p.proposed_by, pu.name, p.decided_by, du.name, p.decision_comment, p.policy_outcome, p.policy_reasons "
    "FROM payment_plans p JOIN customers c ON c.id = p.customer_id "
    "LEFT JOIN users pu ON pu.id = p.proposed_by LEFT JOIN users du ON du.id = p.decided_by ";

Result<PlanRecord> ReadPlanRow(const Statement& st) {
  PlanRecord r;
  PaymentPlan& p = r.plan;
  p.id = st.Int(0);
  p.customer_id = st.Int(1);
  ENC_ASSIGN_OR_RETURN(p.status, ParsePlanStatus(st.Text(2)));
  ENC_ASSIGN_OR_RETURN(p.frequency, ParsePlanFrequency(st.Text(3)));
  p.total_minor = st.Int(4);
  ENC_ASSIGN_OR_RETURN(p.currency, CurrencyColumn(st, 5));
  ENC_ASSIGN_OR_RETURN(p.created, DateColumn(st, 6));
  ENC_ASSIGN_OR_RETURN(p.approved, OptionalDateColumn(st, 7));
  ENC_ASSIGN_OR_RETURN(p.broken, OptionalDateColumn(st, 8));
  r.customer_name = st.Text(9);
  ENC_ASSIGN_OR_RETURN(r.customer_risk, ParseRiskClass(st.Text(10)));
  r.proposed_by = st.IsNull(11) ? 0 : st.Int(11);
  r.proposed_by_name = st.Text(12);
  r.decided_by = st.IsNull(13) ? 0 : st.Int(13);
  r.decided_by_name = st.Text(14);
  r.decision_comment = st.Text(15);
  r.policy_outcome = st.Text(16);
  r.policy_reasons = ReasonsFromJson(st.Text(17));
  return r;
}

// Moves a pending plan to `to` (approved today when active). NotFound / Conflict as documented.
Result<PlanRecord> DecidePending(Db& db, Id plan_id, PlanStatus to, Id manager_id, std::optional<Date> approved,
                                 const std::string& comment) {
  if (comment.size() > 2000) return Status::Invalid("comment is too long (at most 2000 bytes)", "comment");
  auto tx = Transaction::Begin(db);
  if (!tx.ok()) return tx.status();
  PlanRecord current;
  ENC_ASSIGN_OR_RETURN(current, GetPlan(db, plan_id));
  if (current.plan.status != PlanStatus::kPending)
    return Status::Conflict("the plan is " + std::string(ToString(current.plan.status)) + ", not pending");
  if (to == PlanStatus::kActive) {
    auto other = db.Prepare("SELECT id FROM payment_plans WHERE customer_id = ? AND status = 'active' AND id <> ? LIMIT 1");
    if (!other.ok()) return other.status();
    other->Bind(1, current.plan.customer_id).Bind(2, plan_id);
    auto row = other->Step();
    if (!row.ok()) return row.status();
    if (*row) return Status::Conflict("the customer already has an active plan (" + std::to_string(other->Int(0)) + ")");
  }
  auto st = db.Prepare(
      "UPDATE payment_plans SET status = ?2, approved = ?3, decided_by = ?4, decision_comment = ?5 "
      "WHERE id = ?1 AND status = 'pending'");
  if (!st.ok()) return st.status();
  ENC_RETURN_IF_ERROR(st->Bind(1, plan_id).Bind(2, ToString(to)).Bind(3, IsoOrNull(approved)).Bind(4, IdOrNull(manager_id))
                          .Bind(5, comment).Run());
  if (db.Changes() != 1) return Status::Conflict("the plan is no longer pending");
  ENC_RETURN_IF_ERROR(tx->Commit());
  return GetPlan(db, plan_id);
}

}  // namespace

Result<PlanHistory> LoadPlanHistory(Db& db, Id customer_id) {
  auto st = db.Prepare(
      "SELECT COALESCE(SUM(CASE WHEN status = 'broken' OR broken IS NOT NULL THEN 1 ELSE 0 END), 0), "
      "COALESCE(SUM(CASE WHEN status IN ('active', 'pending') AND broken IS NULL THEN 1 ELSE 0 END), 0) "
      "FROM payment_plans WHERE customer_id = ?");
  if (!st.ok()) return st.status();
  st->Bind(1, customer_id);
  auto row = st->Step();
  if (!row.ok()) return row.status();
  PlanHistory h;
  if (*row) {
    h.broken_plans = static_cast<int>(st->Int(0));
    h.active_plan = st->Int(1) > 0;
  }
  return h;
}

Result<ProposedPlan> ProposePlan(Store& store, const PlanProposal& proposal, const PlanPolicy& policy, Date today) {
  Db& db = store.db();
  // The reads the decision stands on and the writes share one write transaction: two
  // concurrent proposals for one customer cannot both see "no active plan".
  auto tx = Transaction::Begin(db);
  if (!tx.ok()) return tx.status();
  Customer customer;
  ENC_ASSIGN_OR_RETURN(customer, store.GetCustomer(proposal.customer_id));
  Covered covered;
  ENC_ASSIGN_OR_RETURN(covered, CoveredInvoices(db, customer.id, proposal.invoice_ids, today));
  PlanHistory history;
  ENC_ASSIGN_OR_RETURN(history, LoadPlanHistory(db, customer.id));

  PlanRequest request;
  request.total_minor = covered.total_minor;
  request.count = proposal.count;
  request.first_date = proposal.first_date;
  request.frequency = proposal.frequency;
  request.currency = covered.currency;
  ProposedPlan out;
  ENC_ASSIGN_OR_RETURN(out.decision, DecidePlan(request, customer, history, policy, today));
  out.total_minor = covered.total_minor;
  out.currency = covered.currency;
  out.invoice_ids = covered.ids;
  if (out.decision.outcome == PlanOutcome::kRefuse) return out;  // rolled back: nothing written
  if (out.decision.schedule.empty()) return Status::Internal("a plan within policy without a schedule");

  const bool approved = out.decision.outcome == PlanOutcome::kAutoApprove;
  out.status = approved ? PlanStatus::kActive : PlanStatus::kPending;
  auto plan = db.Prepare(
      "INSERT INTO payment_plans (customer_id, status, frequency, total_minor, currency, created, approved, proposed_by, "
      "policy_outcome, policy_reasons) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!plan.ok()) return plan.status();
  ENC_RETURN_IF_ERROR(plan->Bind(1, customer.id).Bind(2, ToString(out.status)).Bind(3, ToString(proposal.frequency))
                          .Bind(4, covered.total_minor).Bind(5, covered.currency.Code()).Bind(6, today.ToIso())
                          .Bind(7, approved ? std::optional<std::string>(today.ToIso()) : std::nullopt)
                          .Bind(8, IdOrNull(proposal.proposed_by)).Bind(9, ToString(out.decision.outcome))
                          .Bind(10, ReasonsJson(out.decision.reasons)).Run());
  out.plan_id = db.LastInsertId();
  auto link = db.Prepare("INSERT INTO plan_invoices (plan_id, invoice_id) VALUES (?, ?)");
  auto inst = db.Prepare("INSERT INTO installments (plan_id, seq, due_date, amount_minor, paid_minor) VALUES (?, ?, ?, ?, 0)");
  if (!link.ok()) return link.status();
  if (!inst.ok()) return inst.status();
  for (Id id : covered.ids) ENC_RETURN_IF_ERROR(link->Bind(1, out.plan_id).Bind(2, id).Run());
  for (auto& i : out.decision.schedule) {
    ENC_RETURN_IF_ERROR(inst->Bind(1, out.plan_id).Bind(2, i.seq).Bind(3, i.due_date.ToIso()).Bind(4, i.amount_minor).Run());
    i.id = db.LastInsertId();
    i.plan_id = out.plan_id;
  }
  ENC_RETURN_IF_ERROR(tx->Commit());
  return out;
}

Result<PlanRecord> GetPlan(Db& db, Id plan_id) {
  auto st = db.Prepare(std::string(kPlanSelect) + "WHERE p.id = ?");
  if (!st.ok()) return st.status();
  st->Bind(1, plan_id);
  auto row = st->Step();
  if (!row.ok()) return row.status();
  if (!*row) return Status::NotFound("no such plan");
  PlanRecord r;
  ENC_ASSIGN_OR_RETURN(r, ReadPlanRow(*st));
  ENC_ASSIGN_OR_RETURN(r.plan, ReadPlanDetails(db, std::move(r.plan)));
  return r;
}

Result<PlanRecord> ApprovePlan(Db& db, Id plan_id, Id manager_id, Date today, const std::string& comment) {
  return DecidePending(db, plan_id, PlanStatus::kActive, manager_id, today, comment);
}

Result<PlanRecord> RejectPlan(Db& db, Id plan_id, Id manager_id, const std::string& comment) {
  if (comment.empty()) return Status::Invalid("say why the plan is rejected", "comment");
  return DecidePending(db, plan_id, PlanStatus::kRejected, manager_id, std::nullopt, comment);
}

Result<CustomerHistory> LoadCustomerHistory(Store& store, Id customer_id, Date today) {
  Account account;
  ENC_ASSIGN_OR_RETURN(account, store.LoadAccount(customer_id));
  AccountSummary summary;
  ENC_ASSIGN_OR_RETURN(summary, Summarize(account.invoices, account.payments, account.allocations, today));
  CustomerHistory h;
  h.balance_minor = summary.balance_minor;
  h.overdue_minor = summary.overdue_minor;
  h.overdue_invoices = summary.overdue_invoices;
  h.max_days_late = summary.max_days_late;
  for (const auto& p : account.plans)
    if (p.status == PlanStatus::kBroken || p.broken) ++h.broken_plans;
  for (const auto& p : account.promises) {
    if (p.status == PromiseStatus::kKept) ++h.promises_kept;
    if (p.status == PromiseStatus::kBroken) ++h.promises_broken;
  }
  for (const auto& d : account.disputes)
    if (d.status == DisputeStatus::kOpen) ++h.open_disputes;
  return h;
}

Result<std::vector<PlanQueueItem>> ListPlans(Store& store, PlanStatus status, Date today, Id after_id, int limit) {
  Db& db = store.db();
  auto st = db.Prepare(std::string(kPlanSelect) + "WHERE p.status = ? AND p.id > ? ORDER BY p.id LIMIT ?");
  if (!st.ok()) return st.status();
  st->Bind(1, ToString(status)).Bind(2, after_id).Bind(3, limit);
  std::vector<PlanQueueItem> out;
  for (;;) {
    auto row = st->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    PlanQueueItem item;
    ENC_ASSIGN_OR_RETURN(item.record, ReadPlanRow(*st));
    out.push_back(std::move(item));
  }
  std::map<Id, CustomerHistory> histories;  // a customer with several plans is read once
  for (auto& item : out) {
    ENC_ASSIGN_OR_RETURN(item.record.plan, ReadPlanDetails(db, std::move(item.record.plan)));
    const Id customer = item.record.plan.customer_id;
    auto it = histories.find(customer);
    if (it == histories.end()) {
      CustomerHistory h;
      ENC_ASSIGN_OR_RETURN(h, LoadCustomerHistory(store, customer, today));
      it = histories.emplace(customer, h).first;
    }
    item.history = it->second;
  }
  return out;
}

}  // namespace encaisse
