// Collector tasks: the worklist (every role; a sales rep sees their own customers' tasks), a
// task with who to call, what is owed and the call script, and the phone outcome form, which closes a task with what the call gave (a promise to pay, a
// dispute, a wrong number) or moves it to the next try, in one transaction.
//
// A rep naming another rep's customer's task gets exactly the answer a missing one gets.
#include <charconv>
#include <optional>

#include "server/dunning/account_message.h"
#include "server/http/json_io.h"
#include "server/routes/route_params.h"
#include "server/routes/routes.h"
#include "shared/reports/worklist.h"
#include "shared/store/customer_scope.h"
#include "shared/store/task_store.h"
#include "shared/store/template_store.h"

namespace encaisse {
namespace {

json DateOrNull(const std::optional<Date>& d) { return d ? json(d->ToIso()) : json(nullptr); }

json TaskJson(const TaskView& t) {
  return {{"id", t.id},
          {"customer", {{"id", t.customer_id}, {"name", t.customer_name}, {"phone", t.customer_phone}}},
          {"kind", t.kind},
          {"due_date", t.due_date.ToIso()},
          {"status", t.status},
          {"outcome", t.outcome},
          {"next_try", DateOrNull(t.next_try)},
          {"reminder_id", t.reminder_id ? json(t.reminder_id) : json(nullptr)},
          {"created_at", t.created_at}};
}

Result<Date> DateField(const json& v, const std::string& name) {
  auto d = v.is_string() ? Date::ParseIso(v.get<std::string>()) : Result<Date>(Status::Invalid("not a string"));
  if (!d.ok()) return Status::Invalid(name + " must be a date YYYY-MM-DD", name);
  return d;
}

// A nested object of the form ({date, amount_minor} or {invoice_id, reason}), or absent.
Result<const json*> PartField(const json& body, const char* name, const char* shape) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) return static_cast<const json*>(nullptr);
  if (!it->is_object()) return Status::Invalid(std::string(name) + " must be " + shape, name);
  return &*it;
}

Result<TaskOutcomeRequest> OutcomeBody(const ApiCall& c, Id task_id) {
  auto body = ParseJsonObject(c.req);
  if (!body.ok()) return body.status();
  for (const auto& [key, v] : body->items())
    if (key != "outcome" && key != "note" && key != "next_try" && key != "promise" && key != "dispute")
      return Status::Invalid("unknown field " + key + " (outcome, note, next_try, promise, dispute)", key);
  TaskOutcomeRequest r;
  r.task_id = task_id;
  r.author_id = c.user.user_id;
  std::string outcome;
  ENC_ASSIGN_OR_RETURN(outcome, RequiredString(*body, "outcome", 20));
  ENC_ASSIGN_OR_RETURN(r.outcome, ParseTaskOutcome(outcome));
  ENC_ASSIGN_OR_RETURN(r.note, OptionalString(*body, "note", 100000));
  if (auto it = body->find("next_try"); it != body->end() && !it->is_null()) {
    Date d;
    ENC_ASSIGN_OR_RETURN(d, DateField(*it, "next_try"));
    r.next_try = d;
  }
  const json* promise = nullptr;
  ENC_ASSIGN_OR_RETURN(promise, PartField(*body, "promise", "{date, amount_minor}"));
  if (promise) {
    Promise p;
    auto date = promise->find("date");
    if (date == promise->end()) return Status::Invalid("promise.date is required (a date YYYY-MM-DD)", "promise.date");
    ENC_ASSIGN_OR_RETURN(p.promised_date, DateField(*date, "promise.date"));
    auto amount = RequiredInt(*promise, "amount_minor");
    if (!amount.ok()) return Status::Invalid("promise.amount_minor is required (an integer)", "promise.amount_minor");
    p.amount_minor = *amount;
    r.promise = p;
  }
  const json* dispute = nullptr;
  ENC_ASSIGN_OR_RETURN(dispute, PartField(*body, "dispute", "{invoice_id, reason}"));
  if (dispute) {
    auto invoice = RequiredInt(*dispute, "invoice_id");
    if (!invoice.ok() || *invoice <= 0)
      return Status::Invalid("dispute.invoice_id is required (an invoice id)", "dispute.invoice_id");
    auto reason = RequiredString(*dispute, "reason", 100000);
    if (!reason.ok()) return Status::Invalid("dispute.reason is required (a text)", "dispute.reason");
    r.dispute_invoice_id = *invoice;
    r.dispute_reason = *reason;
  }
  return r;
}

void ListTasksRoute(ApiCall& c) {
  TaskFilter f;
  if (const std::string status = QueryParam(c.req, "status"); !status.empty()) f.status = status;
  f.kind = QueryParam(c.req, "kind");
  if (const std::string due = QueryParam(c.req, "due_to"); !due.empty()) {
    auto d = Date::ParseIso(due);
    if (!d.ok()) return SendError(c.res, 400, "invalid_argument", "due_to must be a date YYYY-MM-DD", "due_to");
    f.due_to = *d;
  }
  if (const std::string customer = QueryParam(c.req, "customer_id"); !customer.empty()) {
    Id id = 0;
    auto [p, ec] = std::from_chars(customer.data(), customer.data() + customer.size(), id);
    if (ec != std::errc() || p != customer.data() + customer.size() || id <= 0)
      return SendError(c.res, 400, "invalid_argument", "customer_id must be an id (a positive whole number)",
                       "customer_id");
    f.customer_id = id;
  }
  f.cursor = QueryParam(c.req, "cursor");
  auto limit = QueryInt(c.req, "limit", 50, 1, 200);
  if (!limit.ok()) return SendStatus(c.res, limit.status());
  f.limit = *limit;
  auto page = ListTasks(c.store.db(), f, RepScope(c));
  if (!page.ok()) return SendStatus(c.res, page.status());
  json items = json::array();
  for (const auto& t : page->items) items.push_back(TaskJson(t));
  SendJson(c.res, 200, {{"items", items}, {"next_cursor", page->next_cursor ? json(*page->next_cursor) : json(nullptr)}});
}

// GET /api/v1/worklist?signal=task_due&limit=100: the accounts that need someone today, ranked
// (shared/reports/worklist.h, the same list the client draws).
void WorklistRoute(ApiCall& c) {
  WorklistFilter f;
  f.only_rep = RepScope(c);
  if (const std::string wanted = QueryParam(c.req, "signal"); !wanted.empty()) {
    for (int i = 0; i < kWorklistSignalCount; ++i)
      if (SignalName(static_cast<WorklistSignal>(1u << i)) == wanted) f.signals = 1u << i;
    if (!f.signals)
      return SendError(c.res, 400, "invalid_argument",
                       "signal must be broken_promise, missed_installment, new_dispute or task_due", "signal");
  }
  auto limit = QueryInt(c.req, "limit", 100, 1, 1000);
  if (!limit.ok()) return SendStatus(c.res, limit.status());
  f.limit = static_cast<size_t>(*limit);
  auto list = BuildWorklist(c.store.db(), c.today, f);
  if (!list.ok()) return SendStatus(c.res, list.status());
  json items = json::array();
  for (const auto& w : *list) {
    json signals = json::array();
    for (int i = 0; i < kWorklistSignalCount; ++i)
      if (w.signals & (1u << i)) signals.push_back(SignalName(static_cast<WorklistSignal>(1u << i)));
    items.push_back({{"customer", {{"id", w.customer_id}, {"name", w.name}, {"phone", w.phone}}},
                     {"overdue_minor", w.overdue_minor},
                     {"days_late", w.days_late},
                     {"signals", signals},
                     {"task", w.task_id ? json{{"id", w.task_id}, {"kind", w.task_kind}, {"due_date", w.task_due.ToIso()}}
                                        : json(nullptr)},
                     {"score", w.score}});
  }
  SendJson(c.res, 200, {{"items", items}});
}

// GET /api/v1/tasks/{id}: the task, who to call, what is owed and the call script.
void TaskDetailRoute(ApiCall& c) {
  auto id = PathId(c);
  auto task = id ? GetTask(c.store.db(), *id) : Result<TaskView>(Status::NotFound("no such task"));
  if (!task.ok()) return SendStatus(c.res, task.status());
  if (!CheckCustomerVisible(c.store.db(), task->customer_id, c.user.role, c.user.user_id).ok())
    return SendError(c.res, 404, "not_found", "no such task");
  auto customer = c.store.GetCustomer(task->customer_id);
  if (!customer.ok()) return SendStatus(c.res, customer.status());
  // Every task gets the account; a phone call also its script (the phone_call template).
  auto tmpl = ResolveTemplate(c.store.db(), "phone_call", customer->language, Channel::kPhoneTask);
  if (!tmpl.ok()) return SendStatus(c.res, tmpl.status());
  auto composed = ComposeForAccount(c.store, *customer, tmpl->tmpl, SpokenPortalLink(customer->language), c.today);
  if (!composed.ok()) return SendComputationError(c.res, composed.status());
  const CustomerStatement& st = composed->statement;
  json invoices = json::array();
  for (const auto& l : st.lines) {
    if (l.open_minor <= 0) continue;
    invoices.push_back({{"invoice_id", l.invoice_id},
                        {"number", l.number},
                        {"due_date", l.due_date.ToIso()},
                        {"open_minor", l.open_minor},
                        {"days_late", l.days_late},
                        {"interest_minor", l.interest_minor},
                        {"disputed", l.disputed},
                        {"in_plan", l.in_plan}});
  }
  json script = nullptr;
  if (task->kind == "phone_call") script = {{"title", composed->content.subject}, {"text", composed->content.text}};
  SendJson(c.res, 200,
           {{"task", TaskJson(*task)},
            {"customer",
             {{"id", customer->id},
              {"name", customer->name},
              {"phone", customer->phone},
              {"email", customer->email},
              {"language", customer->language}}},
            {"account",
             {{"currency", std::string(st.currency.Code())},
              {"open_minor", st.open_minor},
              {"overdue_minor", st.overdue_minor},
              {"interest_minor", st.interest_minor},
              {"fee_minor", st.fee_minor},
              {"credit_minor", st.credit_minor},
              {"total_due_minor", st.total_due_minor},
              {"invoices", invoices}}},
            {"script", script}});
}

void OutcomeRoute(ApiCall& c) {
  auto id = PathId(c);
  if (!id) return SendError(c.res, 404, "not_found", "no such task");
  auto task = GetTask(c.store.db(), *id);
  if (!task.ok()) return SendStatus(c.res, task.status());
  // Out of scope reads exactly like missing.
  if (!CheckCustomerVisible(c.store.db(), task->customer_id, c.user.role, c.user.user_id).ok())
    return SendError(c.res, 404, "not_found", "no such task");
  auto request = OutcomeBody(c, *id);
  if (!request.ok()) return SendStatus(c.res, request.status());
  auto recorded = RecordTaskOutcome(c.store.db(), *request, c.today);
  if (!recorded.ok()) return SendStatus(c.res, recorded.status());
  const TaskOutcomeResult& r = *recorded;
  json out = {{"task", TaskJson(r.task)},
              {"next_task_id", r.next_task_id ? json(r.next_task_id) : json(nullptr)},
              {"note_id", r.note ? json(r.note->id) : json(nullptr)},
              {"promise", nullptr},
              {"dispute", nullptr}};
  if (r.promise)
    out["promise"] = {{"id", r.promise->id},
                      {"date", r.promise->promised_date.ToIso()},
                      {"amount_minor", r.promise->amount_minor},
                      {"status", ToString(r.promise->status)}};
  if (r.dispute)
    out["dispute"] = {{"id", r.dispute->id},
                      {"invoice_id", r.dispute->invoice_id},
                      {"reason", r.dispute->reason},
                      {"status", ToString(r.dispute->status)}};
  SendJson(c.res, 200, out);
}

}  // namespace

void RegisterTaskRoutes(App& app) {
  app.Api(App::Method::kGet, "/api/v1/tasks", Access::SignedIn(), ListTasksRoute);
  app.Api(App::Method::kGet, "/api/v1/worklist", Access::SignedIn(), WorklistRoute);
  app.Api(App::Method::kGet, R"(/api/v1/tasks/(\d+))", Access::SignedIn(), TaskDetailRoute);
  app.Api(App::Method::kPost, R"(/api/v1/tasks/(\d+)/outcome)", Access::SignedIn(), OutcomeRoute);
}

}  // namespace encaisse
