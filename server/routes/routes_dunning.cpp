// The reminders as staff handle them: a customer's reminder history (every role; a sales rep
// for their own customers), the outbox with its states and the calendar of a day's run
// (collector, manager, admin), retrying or cancelling a message, pausing and resuming the
// reminders of a customer or an invoice, revoking a customer's personal links and sending the
// statement at once (collector, admin).
//
// The calendar is the run's own dry run (RunDunning with dry_run): it lists what the run would
// write on that date and writes nothing.
#include <algorithm>
#include <charconv>
#include <optional>

#include "server/dunning/outbox_worker.h"
#include "server/dunning/portal_links.h"
#include "server/http/json_io.h"
#include "server/routes/route_params.h"
#include "server/routes/routes.h"
#include "shared/ledger/statement.h"
#include "shared/store/courtesy_queue.h"
#include "shared/store/customer_scope.h"
#include "shared/store/dunning_run.h"
#include "shared/store/outbox_store.h"
#include "shared/store/reminder_pauses.h"

namespace encaisse {
namespace {

constexpr int kCalendarMaxDays = 366;  // how far ahead a calendar may look

Access Everyone() { return Access::SignedIn(); }
Access Readers() { return Access::Roles({Role::kCollector, Role::kManager, Role::kAdmin}); }
Access Collectors() { return Access::Roles({Role::kCollector, Role::kAdmin}); }

// The request body as an object; none at all is an empty object (pause without a date).
Result<json> OptionalBody(const ApiCall& c) {
  if (c.req.body.empty()) return json::object();
  return ParseJsonObject(c.req);
}

json OutboxJson(const OutboxMessage& m) {
  return {{"id", m.id},
          {"customer", {{"id", m.customer_id}, {"name", m.customer_name}}},
          {"date", m.date.ToIso()},
          {"channel", m.channel},
          {"kind", m.kind},
          {"template_id", m.template_id},
          {"step", m.step},
          {"status", m.status},
          {"parked", m.status == "failed" && m.attempts >= OutboxWorker::kMaxAttempts},
          {"attempts", m.attempts},
          {"next_attempt_at", m.status == "queued" || m.status == "failed" ? json(m.next_attempt_at) : json(nullptr)},
          {"last_error", m.last_error},
          {"created_at", m.created_at},
          {"sent_at", m.sent_at ? json(*m.sent_at) : json(nullptr)},
          {"recipient", m.recipient},
          {"invoice_count", m.invoices}};
}

// ---- History and outbox ---------------------------------------------------------------------

void HistoryRoute(ApiCall& c) {
  auto customer = VisibleCustomer(c);
  if (!customer) return;
  auto limit = QueryInt(c.req, "limit", 50, 1, 200);
  if (!limit.ok()) return SendStatus(c.res, limit.status());
  auto cursor = QueryInt(c.req, "cursor", 0, 0, 2'000'000'000);
  if (!cursor.ok()) return SendStatus(c.res, cursor.status());
  auto history = CustomerReminderHistory(c.store.db(), *customer, *cursor, *limit);
  if (!history.ok()) return SendStatus(c.res, history.status());
  json items = json::array();
  for (const auto& e : *history) {
    json j = OutboxJson(e.message);
    json lines = json::array();
    for (const auto& l : e.lines)
      lines.push_back({{"invoice_id", l.invoice_id},
                       {"number", l.number},
                       {"due_date", l.due_date.ToIso()},
                       {"amount_minor", l.amount_minor},
                       {"open_minor", l.open_minor},
                       {"currency", l.currency},
                       {"step", l.step}});
    j["invoices"] = std::move(lines);
    json installments = json::array();
    for (const auto& n : e.installments)
      installments.push_back({{"plan_id", n.plan_id}, {"seq", n.seq}, {"notice", n.notice}});
    j["installments"] = std::move(installments);
    json attempts = json::array();
    for (const auto& a : e.attempts) attempts.push_back({{"at", a.at}, {"outcome", a.outcome}, {"detail", a.detail}});
    j["send_attempts"] = std::move(attempts);
    items.push_back(std::move(j));
  }
  const bool more = static_cast<int>(history->size()) == *limit;
  SendJson(c.res, 200,
           {{"customer_id", *customer},
            {"items", items},
            {"next_cursor", more ? json(std::to_string(history->back().message.id)) : json(nullptr)}});
}

void OutboxRoute(ApiCall& c) {
  OutboxFilter f;
  f.status = QueryParam(c.req, "status");
  f.channel = QueryParam(c.req, "channel");
  auto date = QueryDate(c.req, "date");
  if (!date.ok()) return SendStatus(c.res, date.status());
  f.date = *date;
  auto customer = QueryId(c.req, "customer_id");
  if (!customer.ok()) return SendStatus(c.res, customer.status());
  f.customer_id = *customer;
  auto limit = QueryInt(c.req, "limit", 50, 1, 200);
  if (!limit.ok()) return SendStatus(c.res, limit.status());
  f.limit = *limit;
  auto cursor = QueryInt(c.req, "cursor", 0, 0, 2'000'000'000);
  if (!cursor.ok()) return SendStatus(c.res, cursor.status());
  f.before_id = *cursor;
  auto messages = ListOutbox(c.store.db(), f, OutboxWorker::kMaxAttempts);
  if (!messages.ok()) return SendStatus(c.res, messages.status());
  json items = json::array();
  for (const auto& m : *messages) items.push_back(OutboxJson(m));
  const bool more = static_cast<int>(messages->size()) == *limit;
  SendJson(c.res, 200, {{"items", items}, {"next_cursor", more ? json(std::to_string(messages->back().id)) : json(nullptr)}});
}

// retry = true: POST /outbox/{id}/retry; false: /cancel.
void ChangeMessageRoute(ApiCall& c, bool retry) {
  auto id = PathId(c);
  if (!id) return SendError(c.res, 404, "not_found", "no such message");
  auto changed = retry ? RetryMessage(c.store.db(), *id, c.now) : CancelMessage(c.store.db(), *id);
  if (!changed.ok()) return SendStatus(c.res, changed.status());
  SendJson(c.res, 200, OutboxJson(*changed));
}

// ---- Calendar -------------------------------------------------------------------------------

void CalendarRoute(ApiCall& c) {
  auto date = QueryDate(c.req, "date");
  if (!date.ok()) return SendStatus(c.res, date.status());
  const Date on = date->value_or(c.today);
  // The run decides from the outbox as it stands: a past day's answer would not be that day's.
  if (on < c.today || on > c.today.AddDays(kCalendarMaxDays))
    return SendError(c.res, 400, "invalid_argument",
                     "date must fall between " + c.today.ToIso() + " and " + c.today.AddDays(kCalendarMaxDays).ToIso(),
                     "date");
  const std::string channel = QueryParam(c.req, "channel");
  if (!channel.empty() && !ParseChannel(channel).ok())
    return SendError(c.res, 400, "invalid_argument",
                     "channel must be email, sms, letter, phone_task, formal_notice or escalation", "channel");
  auto customer = QueryId(c.req, "customer_id");
  if (!customer.ok()) return SendStatus(c.res, customer.status());

  auto run = RunDunning(c.store, on, c.now, /*dry_run=*/true);
  if (!run.ok()) return SendStatus(c.res, run.status());
  json items = json::array();
  int lines = 0;
  for (const auto& p : run->planned) {
    const DueMessage& m = p.message;
    if ((!channel.empty() && ToString(m.channel) != channel) || (*customer && p.customer_id != **customer)) continue;
    json invoices = json::array();
    for (const auto& l : m.lines) invoices.push_back({{"invoice_id", l.invoice_id}, {"step", l.step}});
    json installments = json::array();
    for (const auto& n : m.installments)
      installments.push_back({{"plan_id", n.plan_id},
                              {"seq", n.seq},
                              {"notice", n.notice == InstallmentNotice::kMissed ? "missed" : "upcoming"}});
    lines += static_cast<int>(m.lines.size());
    items.push_back({{"customer", {{"id", p.customer_id}, {"name", p.customer_name}}},
                     {"channel", ToString(m.channel)},
                     {"template_id", m.template_id},
                     {"step", m.step},
                     {"scenario_id", p.scenario_id},
                     {"attach_statement", m.attach_statement},
                     {"include_penalties", m.include_penalties},
                     {"invoices", invoices},
                     {"installments", installments}});
  }
  SendJson(c.res, 200,
           {{"date", on.ToIso()},
            {"customers_looked_at", run->customers},
            {"messages", items.size()},
            {"invoice_lines", lines},
            {"items", items}});
}

// ---- Pauses and links -----------------------------------------------------------------------

// The pause's last day from the body's optional `until`.
Result<Date> PauseUntil(const ApiCall& c) {
  auto body = OptionalBody(c);
  if (!body.ok()) return body.status();
  auto until = OptionalString(*body, "until", 10);
  if (!until.ok()) return until.status();
  std::optional<Date> asked;
  if (!until->empty()) {
    auto d = Date::ParseIso(*until);
    if (!d.ok()) return Status::Invalid("until must be a date YYYY-MM-DD", "until");
    asked = *d;
  }
  return PauseEnd(asked, c.today);
}

// pause = true: POST /customers/{id}/reminders/pause; false: /resume.
void CustomerPauseRoute(ApiCall& c, bool pause) {
  auto customer = VisibleCustomer(c);
  if (!customer) return;
  std::optional<Date> until;
  if (pause) {
    auto end = PauseUntil(c);
    if (!end.ok()) return SendStatus(c.res, end.status());
    until = *end;
  }
  Status s = SetCustomerReminderPause(c.store.db(), *customer, until);
  if (!s.ok()) return SendStatus(c.res, s);
  SendJson(c.res, 200,
           {{"customer_id", *customer}, {"reminders_paused_until", until ? json(until->ToIso()) : json(nullptr)}});
}

void InvoicePauseRoute(ApiCall& c, bool pause) {
  auto invoice = PathId(c);
  auto customer = invoice ? VisibleInvoiceCustomer(c.store.db(), *invoice, c.user.role, c.user.user_id)
                          : Result<Id>(Status::NotFound("no such invoice"));
  if (!customer.ok()) return SendStatus(c.res, customer.status());
  std::optional<Date> until;
  if (pause) {
    auto end = PauseUntil(c);
    if (!end.ok()) return SendStatus(c.res, end.status());
    until = *end;
  }
  Status s = SetInvoiceReminderPause(c.store.db(), *invoice, until);
  if (!s.ok()) return SendStatus(c.res, s);
  SendJson(c.res, 200,
           {{"invoice_id", *invoice},
            {"customer_id", *customer},
            {"reminders_paused_until", until ? json(until->ToIso()) : json(nullptr)}});
}

void RevokeLinksRoute(ApiCall& c) {
  auto customer = VisibleCustomer(c);
  if (!customer) return;
  auto revoked = RevokePortalLinks(c.store.db(), *customer, c.now);
  if (!revoked.ok()) return SendStatus(c.res, revoked.status());
  SendJson(c.res, 200, {{"customer_id", *customer}, {"revoked", *revoked}});
}

// A collector's "send now": the statement by email, once a day per customer (201 queued now,
// 200 already queued today). Refused when the account has nothing overdue to claim, no
// email address, or is in insolvency proceedings (the debtor may no longer be pursued).
void SendStatementNowRoute(ApiCall& c) {
  auto customer = VisibleCustomer(c);
  if (!customer) return;
  auto account = c.store.LoadAccount(*customer);
  if (!account.ok()) return SendStatus(c.res, account.status());
  if (account->customer.insolvency_date)
    return SendStatus(c.res, Status::Refused("the customer is in insolvency proceedings: no reminders"));
  if (account->customer.email.empty()) return SendStatus(c.res, Status::Refused("the customer has no email address", "email"));
  auto settings = c.store.LoadSettings();
  if (!settings.ok()) return SendStatus(c.res, settings.status());
  auto rates = c.store.LoadRates();
  if (!rates.ok()) return SendStatus(c.res, rates.status());
  auto statement = BuildStatement(*account, *settings, *rates, c.today);
  if (!statement.ok()) return SendComputationError(c.res, statement.status());
  const bool overdue = std::any_of(statement->lines.begin(), statement->lines.end(),
                                   [](const StatementLine& l) { return l.days_late > 0 && l.open_minor > 0 && !l.disputed; });
  if (!overdue) return SendStatus(c.res, Status::Refused("nothing overdue on this account"));
  auto queued = QueueStatementNow(c.store.db(), *customer, c.today, c.now);
  if (!queued.ok()) return SendStatus(c.res, queued.status());
  SendJson(c.res, *queued ? 201 : 200, {{"customer_id", *customer}, {"queued", *queued}, {"date", c.today.ToIso()}});
}

}  // namespace

void RegisterDunningRoutes(App& app) {
  using M = App::Method;
  app.Api(M::kGet, R"(/api/v1/customers/(\d+)/reminders)", Everyone(), HistoryRoute);
  app.Api(M::kGet, "/api/v1/outbox", Readers(), OutboxRoute);
  app.Api(M::kPost, R"(/api/v1/outbox/(\d+)/retry)", Collectors(), [](ApiCall& c) { ChangeMessageRoute(c, true); });
  app.Api(M::kPost, R"(/api/v1/outbox/(\d+)/cancel)", Collectors(), [](ApiCall& c) { ChangeMessageRoute(c, false); });
  app.Api(M::kGet, "/api/v1/dunning/calendar", Readers(), CalendarRoute);

  app.Api(M::kPost, R"(/api/v1/customers/(\d+)/reminders/pause)", Collectors(),
          [](ApiCall& c) { CustomerPauseRoute(c, true); });
  app.Api(M::kPost, R"(/api/v1/customers/(\d+)/reminders/resume)", Collectors(),
          [](ApiCall& c) { CustomerPauseRoute(c, false); });
  app.Api(M::kPost, R"(/api/v1/invoices/(\d+)/reminders/pause)", Collectors(),
          [](ApiCall& c) { InvoicePauseRoute(c, true); });
  app.Api(M::kPost, R"(/api/v1/invoices/(\d+)/reminders/resume)", Collectors(),
          [](ApiCall& c) { InvoicePauseRoute(c, false); });
  app.Api(M::kPost, R"(/api/v1/customers/(\d+)/portal-links/revoke)", Collectors(), RevokeLinksRoute);
  app.Api(M::kPost, R"(/api/v1/customers/(\d+)/reminders/send-now)", Collectors(), SendStatementNowRoute);
}

}  // namespace encaisse
