// Installment plans: a proposal (every role; a sales rep for their own customers) decided by the
// shared plan policy — approved at once, waiting for a manager, or refused with nothing written
// — and the manager's queue, approval and rejection.
#include <optional>

#include "server/http/json_io.h"
#include "server/routes/route_params.h"
#include "server/routes/routes.h"
#include "shared/plans/installments.h"
#include "shared/store/courtesy_queue.h"
#include "shared/store/customer_scope.h"
#include "shared/store/plan_store.h"

namespace encaisse {
namespace {

json ReasonsJson(const std::vector<PlanReason>& reasons) {
  json out = json::array();
  for (const auto& r : reasons) out.push_back({{"code", r.code}, {"message", r.message}});
  return out;
}

json ScheduleJson(const std::vector<Installment>& schedule) {
  json out = json::array();
  for (const auto& i : schedule) {
    json j = {{"seq", i.seq}, {"due_date", i.due_date.ToIso()}, {"amount_minor", i.amount_minor}};
    if (i.paid_minor) j["paid_minor"] = i.paid_minor;
    out.push_back(std::move(j));
  }
  return out;
}

json DateOrNull(const std::optional<Date>& d) { return d ? json(d->ToIso()) : json(nullptr); }

json PlanJson(const PlanRecord& r) {
  const PaymentPlan& p = r.plan;
  return {{"id", p.id},
          {"customer_id", p.customer_id},
          {"customer_name", r.customer_name},
          {"risk", ToString(r.customer_risk)},
          {"status", ToString(p.status)},
          {"frequency", ToString(p.frequency)},
          {"total_minor", p.total_minor},
          {"currency", p.currency.Code()},
          {"created", p.created.ToIso()},
          {"approved", DateOrNull(p.approved)},
          {"broken", DateOrNull(p.broken)},
          {"proposed_by", r.proposed_by ? json({{"id", r.proposed_by}, {"name", r.proposed_by_name}}) : json(nullptr)},
          {"decided_by", r.decided_by ? json({{"id", r.decided_by}, {"name", r.decided_by_name}}) : json(nullptr)},
          {"decision_comment", r.decision_comment},
          {"outcome", r.policy_outcome},
          {"reasons", ReasonsJson(r.policy_reasons)},
          {"invoice_ids", p.invoice_ids},
          {"schedule", ScheduleJson(p.installments)}};
}

json HistoryJson(const CustomerHistory& h) {
  return {{"balance_minor", h.balance_minor},     {"overdue_minor", h.overdue_minor},
          {"overdue_invoices", h.overdue_invoices}, {"max_days_late", h.max_days_late},
          {"broken_plans", h.broken_plans},       {"promises_kept", h.promises_kept},
          {"promises_broken", h.promises_broken}, {"open_disputes", h.open_disputes}};
}

void ProposeRoute(ApiCall& c) {
  auto customer = PathId(c);
  Status visible = customer ? CheckCustomerVisible(c.store.db(), *customer, c.user.role, c.user.user_id)
                            : Status::NotFound("no such customer");
  if (!visible.ok()) return SendStatus(c.res, visible);
  auto body = ParseJsonObject(c.req);
  if (!body.ok()) return SendStatus(c.res, body.status());

  PlanProposal proposal;
  proposal.customer_id = *customer;
  proposal.proposed_by = c.user.user_id;
  auto count = RequiredInt(*body, "installments");
  if (!count.ok()) return SendStatus(c.res, count.status());
  if (*count < 1 || *count > kMaxInstallments)
    return SendError(c.res, 400, "invalid_argument",
                     "installments must be between 1 and " + std::to_string(kMaxInstallments), "installments");
  proposal.count = static_cast<int>(*count);
  auto first = RequiredString(*body, "first_date", 10);
  if (!first.ok()) return SendStatus(c.res, first.status());
  auto first_date = Date::ParseIso(*first);
  if (!first_date.ok()) return SendError(c.res, 400, "invalid_argument", "first_date must be a date YYYY-MM-DD", "first_date");
  proposal.first_date = *first_date;
  auto frequency = OptionalString(*body, "frequency", 20);
  if (!frequency.ok()) return SendStatus(c.res, frequency.status());
  if (!frequency->empty()) {
    auto f = ParsePlanFrequency(*frequency);
    if (!f.ok()) return SendError(c.res, 400, "invalid_argument", "frequency must be monthly or weekly", "frequency");
    proposal.frequency = *f;
  }
  if (auto it = body->find("invoice_ids"); it != body->end() && !it->is_null()) {
    if (!it->is_array() || it->size() > 10000)
      return SendError(c.res, 400, "invalid_argument", "invoice_ids must be a list of invoice ids", "invoice_ids");
    for (const auto& v : *it) {
      if (!v.is_number_integer() || v.get<int64_t>() <= 0)
        return SendError(c.res, 400, "invalid_argument", "invoice_ids must be a list of invoice ids", "invoice_ids");
      proposal.invoice_ids.push_back(v.get<int64_t>());
    }
  }

  auto proposed = ProposePlan(c.store, proposal, PlanPolicy{}, c.today);
  if (!proposed.ok()) {
    // DecidePlan names its fields after the request struct; the API's names differ.
    const Status& s = proposed.status();
    if (s.code() == Code::kInvalidArgument && s.field() == "count")
      return SendError(c.res, 400, "invalid_argument", s.message(), "installments");
    return SendStatus(c.res, s);
  }
  const ProposedPlan& p = *proposed;
  json out = {{"outcome", ToString(p.decision.outcome)},
              {"reasons", ReasonsJson(p.decision.reasons)},
              {"schedule", ScheduleJson(p.decision.schedule)},
              {"total_minor", p.total_minor},
              {"currency", p.currency.Code()},
              {"invoice_ids", p.invoice_ids}};
  if (p.decision.outcome == PlanOutcome::kRefuse) {
    out["error"] = {{"code", "refused"}, {"message", "the plan is outside the company's policy: nothing was recorded"}};
    return SendJson(c.res, 422, out);
  }
  out["plan_id"] = p.plan_id;
  out["status"] = ToString(p.status);
  SendJson(c.res, 201, out);
}

void ListRoute(ApiCall& c) {
  PlanStatus status = PlanStatus::kPending;
  if (const std::string wanted = QueryParam(c.req, "status"); !wanted.empty()) {
    auto parsed = ParsePlanStatus(wanted);
    if (!parsed.ok()) return SendError(c.res, 400, "invalid_argument", parsed.status().message(), "status");
    status = *parsed;
  }
  auto limit = QueryInt(c.req, "limit", 100, 1, 500);
  if (!limit.ok()) return SendStatus(c.res, limit.status());
  auto cursor = QueryInt(c.req, "cursor", 0, 0, 2'000'000'000);
  if (!cursor.ok()) return SendStatus(c.res, cursor.status());
  auto plans = ListPlans(c.store, status, c.today, *cursor, *limit);
  if (!plans.ok()) return SendStatus(c.res, plans.status());
  json items = json::array();
  for (const auto& item : *plans) {
    json j = PlanJson(item.record);
    j["history"] = HistoryJson(item.history);
    items.push_back(std::move(j));
  }
  const bool more = static_cast<int>(plans->size()) == *limit;
  SendJson(c.res, 200,
           {{"items", items}, {"next_cursor", more ? json(std::to_string(plans->back().record.plan.id)) : json(nullptr)}});
}

// approve = true: POST /plans/{id}/approve; false: /reject.
void DecideRoute(ApiCall& c, bool approve) {
  auto id = PathId(c);
  if (!id) return SendError(c.res, 404, "not_found", "no such plan");
  json body = json::object();  // an approval may come without a body
  if (!c.req.body.empty()) {
    auto parsed = ParseJsonObject(c.req);
    if (!parsed.ok()) return SendStatus(c.res, parsed.status());
    body = std::move(parsed).value();
  }
  auto comment = OptionalString(body, "comment", 2000);
  if (!comment.ok()) return SendStatus(c.res, comment.status());
  // The decision and the debtor's email about it, together or not at all.
  auto tx = Transaction::Begin(c.store.db());
  if (!tx.ok()) return SendStatus(c.res, tx.status());
  auto plan = approve ? ApprovePlan(c.store.db(), *id, c.user.user_id, c.today, *comment)
                      : RejectPlan(c.store.db(), *id, c.user.user_id, *comment);
  if (!plan.ok()) return SendStatus(c.res, plan.status());
  Status queued = QueuePlanDecision(c.store.db(), *plan, c.today, c.now);
  if (queued.ok()) queued = tx->Commit();
  if (!queued.ok()) return SendStatus(c.res, queued);
  SendJson(c.res, 200, PlanJson(*plan));
}

}  // namespace

void RegisterPlanRoutes(App& app) {
  app.Api(App::Method::kPost, R"(/api/v1/customers/(\d+)/plans)", Access::SignedIn(), ProposeRoute);
  const Access managers = Access::Roles({Role::kManager, Role::kAdmin});
  app.Api(App::Method::kGet, "/api/v1/plans", managers, ListRoute);
  app.Api(App::Method::kPost, R"(/api/v1/plans/(\d+)/approve)", managers, [](ApiCall& c) { DecideRoute(c, true); });
  app.Api(App::Method::kPost, R"(/api/v1/plans/(\d+)/reject)", managers, [](ApiCall& c) { DecideRoute(c, false); });
}

}  // namespace encaisse
