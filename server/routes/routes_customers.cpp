// Accounts, invoices and payments: the customer list and detail (with its timeline), customer
// changes, the statement, the invoice worklist and detail, payments (FIFO or explicit
// lettrage) and undoing an allocation, mark paid, credit notes and the invoice PDF.
//
// Scope: a sales rep reaches only the customers assigned to them. Every query below takes the
// scope (shared/store/customer_queries.h) and applies it in SQL; a customer or invoice out of
// scope is answered exactly like one that does not exist.
#include <cctype>
#include <charconv>
#include <climits>

#include "server/http/json_io.h"
#include "server/routes/route_params.h"
#include "server/routes/routes.h"
#include "shared/ledger/statement.h"
#include "shared/store/allocation_undo.h"
#include "shared/store/customer_queries.h"
#include "shared/store/row_codec.h"

namespace encaisse {
namespace {

constexpr int kMaxAllocations = 1000;

Access Everyone() { return Access::SignedIn(); }
Access Collectors() { return Access::Roles({Role::kCollector, Role::kAdmin}); }

std::string CompanyCurrency(ApiCall& c) {
  auto settings = c.store.LoadSettings();
  return settings.ok() ? std::string(settings->currency.Code()) : std::string("EUR");
}

json DateOrNull(const std::optional<Date>& d) { return d ? json(d->ToIso()) : json(nullptr); }

// Query flags: "1"/"true" on, ""/"0"/"false" off.
Result<bool> QueryFlag(const httplib::Request& req, const char* name) {
  const std::string v = QueryParam(req, name);
  if (v.empty() || v == "0" || v == "false") return false;
  if (v == "1" || v == "true") return true;
  return Status::Invalid(std::string(name) + " must be 1 or 0", name);
}

// ---- JSON -----------------------------------------------------------------------------------

json RepJson(Id rep_id, const std::string& name) {
  return rep_id ? json{{"id", rep_id}, {"name", name}} : json(nullptr);
}

json AgingJson(const Aging& a) {
  json out = json::object();
  for (int b = 0; b < kAgingBucketCount; ++b)
    out[std::string(ToString(static_cast<AgingBucket>(b)))] = a.minor[static_cast<size_t>(b)];
  return out;
}

json InvoiceJson(const Invoice& i) {
  return {{"id", i.id},
          {"customer_id", i.customer_id},
          {"number", i.number},
          {"issue_date", i.issue_date.ToIso()},
          {"due_date", i.due_date.ToIso()},
          {"amount_minor", i.amount_minor},
          {"open_minor", i.open_minor},
          {"currency", std::string(i.currency.Code())},
          {"status", ToString(i.status)},
          {"credit_note", i.IsCreditNote()},
          {"formal_notice_date", DateOrNull(i.formal_notice_date)}};
}

json ListItemJson(const CustomerListItem& item, const std::string& currency) {
  const Customer& c = item.customer;
  return {{"id", c.id},
          {"external_id", c.external_id},
          {"name", c.name},
          {"email", c.email},
          {"phone", c.phone},
          {"risk", ToString(c.risk)},
          {"rep", RepJson(c.rep_id, item.rep_name)},
          {"payment_terms_days", c.payment_terms_days},
          {"balance_minor", item.balance_minor},
          {"overdue_minor", item.overdue_minor},
          {"max_days_late", item.max_days_late},
          {"open_invoices", item.open_invoices},
          {"currency", currency}};
}

json DisputeJson(const Dispute& d) {
  return {{"id", d.id},         {"invoice_id", d.invoice_id}, {"opened", d.opened.ToIso()},
          {"reason", d.reason}, {"status", ToString(d.status)}, {"resolved", DateOrNull(d.resolved)},
          {"resolution", d.resolution}};
}

json PlanJson(const PaymentPlan& p) {
  json installments = json::array();
  for (const auto& i : p.installments)
    installments.push_back({{"seq", i.seq}, {"due_date", i.due_date.ToIso()}, {"amount_minor", i.amount_minor},
                            {"paid_minor", i.paid_minor}});
  return {{"id", p.id},
          {"status", ToString(p.status)},
          {"frequency", ToString(p.frequency)},
          {"total_minor", p.total_minor},
          {"currency", std::string(p.currency.Code())},
          {"created", p.created.ToIso()},
          {"approved", DateOrNull(p.approved)},
          {"broken", DateOrNull(p.broken)},
          {"invoice_ids", p.invoice_ids},
          {"installments", installments}};
}

json TimelineJson(const TimelineEntry& e) {
  json j = {{"date", e.date.ToIso()}, {"kind", e.kind}, {"id", e.id}};
  if (!e.text.empty()) j["text"] = e.text;
  if (e.amount_minor) j["amount_minor"] = *e.amount_minor;
  if (!e.status.empty()) j[e.kind == "payment" ? "method" : "status"] = e.status;
  if (e.invoice_id) j["invoice_id"] = e.invoice_id;
  if (!e.invoice_number.empty()) j["invoice_number"] = e.invoice_number;
  if (!e.author.empty()) j["author"] = e.author;
  if (e.other_date) j[e.kind == "promise" ? "promised_date" : "first_due_date"] = e.other_date->ToIso();
  return j;
}

json DetailJson(const CustomerDetail& d, const std::string& currency) {
  const Customer& c = d.customer;
  json j = {{"id", c.id},
            {"external_id", c.external_id},
            {"name", c.name},
            {"email", c.email},
            {"phone", c.phone},
            {"address", c.address},
            {"business", c.business},
            {"language", c.language},
            {"risk", ToString(c.risk)},
            {"rep", RepJson(c.rep_id, d.extras.rep_name)},
            {"payment_terms_days", c.payment_terms_days},
            {"contract_late_rate_bps", c.contract_late_rate_bps ? json(*c.contract_late_rate_bps) : json(nullptr)},
            {"scenario_id", c.scenario_id},
            {"insolvency_date", DateOrNull(c.insolvency_date)},
            {"reminders_paused_until", DateOrNull(d.extras.reminders_paused_until)},
            {"credit_limit_minor", c.credit_limit_minor},
            {"external_risk_score", d.extras.external_risk_score ? json(*d.extras.external_risk_score) : json(nullptr)},
            {"currency", currency}};
  const AccountSummary& s = d.summary;
  j["summary"] = {{"open_minor", s.open_minor},         {"overdue_minor", s.overdue_minor},
                  {"credit_minor", s.credit_minor},     {"balance_minor", s.balance_minor},
                  {"open_invoices", s.open_invoices},   {"overdue_invoices", s.overdue_invoices},
                  {"max_days_late", s.max_days_late},   {"aging", AgingJson(s.aging)}};
  json open = json::array();
  for (const auto& o : d.open_invoices) {
    json i = InvoiceJson(o.invoice);
    i["days_late"] = o.days_late;
    i["disputed"] = o.disputed;
    i["in_plan"] = o.in_plan;
    open.push_back(std::move(i));
  }
  j["open_invoices"] = std::move(open);
  json reminders = json::array();
  for (const auto& r : d.reminders)
    reminders.push_back({{"id", r.id},
                         {"date", r.date.ToIso()},
                         {"channel", r.channel},
                         {"template_id", r.template_id},
                         {"step", r.step},
                         {"status", r.status}});
  j["reminders"] = std::move(reminders);
  json plans = json::array();
  for (const auto& p : d.plans) plans.push_back(PlanJson(p));
  j["plans"] = std::move(plans);
  json promises = json::array();
  for (const auto& p : d.promises)
    promises.push_back({{"id", p.id}, {"promised_date", p.promised_date.ToIso()}, {"amount_minor", p.amount_minor},
                        {"status", ToString(p.status)}, {"created", p.created.ToIso()}, {"author_id", p.author_id}});
  j["promises"] = std::move(promises);
  json disputes = json::array();
  for (const auto& x : d.disputes) disputes.push_back(DisputeJson(x));
  j["disputes"] = std::move(disputes);
  json notes = json::array();
  for (const auto& n : d.notes)
    notes.push_back({{"id", n.note.id}, {"date", n.note.date.ToIso()}, {"text", n.note.text},
                     {"author", n.note.author_id ? json{{"id", n.note.author_id}, {"name", n.author_name}} : json(nullptr)}});
  j["notes"] = std::move(notes);
  json visits = json::array();
  for (const auto& v : d.visits)
    visits.push_back({{"id", v.visit.id}, {"planned", v.visit.planned.ToIso()}, {"outcome", v.visit.outcome},
                      {"rep", RepJson(v.visit.rep_id, v.rep_name)}});
  j["visits"] = std::move(visits);
  json timeline = json::array();
  for (const auto& e : d.timeline) timeline.push_back(TimelineJson(e));
  j["timeline"] = std::move(timeline);
  j["timeline_truncated"] = d.timeline_truncated;
  return j;
}

json AllocationJson(const AllocationView& v) {
  const Allocation& a = v.allocation;
  json j = {{"id", a.id}, {"invoice_id", a.invoice_id}, {"invoice_number", v.invoice_number}, {"source", v.source},
            {"amount_minor", a.amount_minor}, {"date", a.date.ToIso()}};
  if (a.payment_id) {
    j["payment_id"] = a.payment_id;
    j["method"] = v.method;
    j["reference"] = v.reference;
  } else {
    j["credit_note_id"] = a.credit_note_id;
    j["credit_note_number"] = v.reference;
  }
  return j;
}

json InvoiceDetailJson(const InvoiceDetail& d) {
  json j = InvoiceJson(d.invoice);
  j["customer"] = {{"id", d.invoice.customer_id}, {"name", d.customer_name}};
  j["days_late"] = d.days_late;
  j["disputed"] = d.disputed;
  j["in_plan"] = d.in_plan;
  j["has_pdf"] = d.has_pdf;
  json allocations = json::array();
  for (const auto& a : d.allocations) allocations.push_back(AllocationJson(a));
  j["allocations"] = std::move(allocations);
  if (d.invoice.IsCreditNote()) {
    json applied = json::array();
    for (const auto& a : d.applied) applied.push_back(AllocationJson(a));
    j["applied_to"] = std::move(applied);
  }
  json disputes = json::array();
  for (const auto& x : d.disputes) disputes.push_back(DisputeJson(x));
  j["disputes"] = std::move(disputes);
  return j;
}

// ---- Customers ------------------------------------------------------------------------------

void ListCustomersRoute(ApiCall& c) {
  CustomerFilter f;
  f.q = QueryParam(c.req, "q");
  auto overdue = QueryFlag(c.req, "overdue");
  if (!overdue.ok()) return SendStatus(c.res, overdue.status());
  f.overdue_only = *overdue;
  auto rep = QueryId(c.req, "rep");
  if (!rep.ok()) return SendStatus(c.res, rep.status());
  f.rep_id = *rep;
  if (const std::string risk = QueryParam(c.req, "risk"); !risk.empty()) {
    auto r = ParseRiskClass(risk);
    if (!r.ok()) return SendError(c.res, 400, "invalid_argument", "risk must be low, medium or high", "risk");
    f.risk = *r;
  }
  auto sort = ParseCustomerSort(QueryParam(c.req, "sort"));
  if (!sort.ok()) return SendStatus(c.res, sort.status());
  f.sort = *sort;
  f.cursor = QueryParam(c.req, "cursor");
  auto limit = QueryInt(c.req, "limit", kDefaultPageSize, 1, kMaxPageSize);
  if (!limit.ok()) return SendStatus(c.res, limit.status());
  f.limit = *limit;

  auto page = ListCustomers(c.store.db(), f, c.today, RepScope(c));
  if (!page.ok()) return SendStatus(c.res, page.status());
  const std::string currency = CompanyCurrency(c);
  json items = json::array();
  for (const auto& item : page->items) items.push_back(ListItemJson(item, currency));
  SendJson(c.res, 200, {{"items", items}, {"next_cursor", page->next_cursor ? json(*page->next_cursor) : json(nullptr)}});
}

void SendCustomerDetail(ApiCall& c, Id id, int status) {
  auto detail = LoadCustomerDetail(c.store, id, c.today, RepScope(c));
  if (!detail.ok()) return SendStatus(c.res, detail.status());
  SendJson(c.res, status, DetailJson(*detail, CompanyCurrency(c)));
}

// A JSON integer that fits int32_t, for the field `name`.
Result<int32_t> Int32Field(const json& v, const std::string& name) {
  if (!v.is_number_integer()) return Status::Invalid(name + " must be a whole number", name);
  const int64_t x = v.get<int64_t>();
  if (x < INT32_MIN || x > INT32_MAX) return Status::Invalid(name + " is out of range", name);
  return static_cast<int32_t>(x);
}

Result<std::optional<Date>> NullableDateField(const json& v, const std::string& name) {
  if (v.is_null()) return std::optional<Date>();
  if (!v.is_string()) return Status::Invalid(name + " must be a date YYYY-MM-DD or null", name);
  auto d = Date::ParseIso(v.get<std::string>());
  if (!d.ok()) return Status::Invalid(name + " must be a date YYYY-MM-DD or null", name);
  return std::optional<Date>(*d);
}

Result<CustomerUpdate> ParseCustomerUpdate(const json& body) {
  CustomerUpdate u;
  for (const auto& [key, v] : body.items()) {
    if (key == "rep_id") {
      if (v.is_null()) u.rep_id = std::optional<Id>();
      else if (v.is_number_integer() && v.get<int64_t>() > 0) u.rep_id = std::optional<Id>(v.get<int64_t>());
      else return Status::Invalid("rep_id must be a sales rep's id or null", key);
    } else if (key == "risk") {
      if (!v.is_string()) return Status::Invalid("risk must be low, medium or high", key);
      auto r = ParseRiskClass(v.get<std::string>());
      if (!r.ok()) return Status::Invalid("risk must be low, medium or high", key);
      u.risk = *r;
    } else if (key == "payment_terms_days") {
      ENC_ASSIGN_OR_RETURN(u.payment_terms_days, Int32Field(v, key));
    } else if (key == "scenario_id") {
      if (!v.is_number_integer()) return Status::Invalid("scenario_id must be a whole number", key);
      u.scenario_id = v.get<int64_t>();
    } else if (key == "reminders_paused_until") {
      ENC_ASSIGN_OR_RETURN(u.reminders_paused_until, NullableDateField(v, key));
    } else if (key == "insolvency_date") {
      ENC_ASSIGN_OR_RETURN(u.insolvency_date, NullableDateField(v, key));
    } else if (key == "contract_late_rate_bps") {
      if (v.is_null()) {
        u.contract_late_rate_bps = std::optional<int32_t>();
      } else {
        int32_t bps = 0;
        ENC_ASSIGN_OR_RETURN(bps, Int32Field(v, key));
        u.contract_late_rate_bps = std::optional<int32_t>(bps);
      }
    } else if (key == "email" || key == "phone") {
      if (!v.is_string()) return Status::Invalid(key + " must be a string", key);
      (key == "email" ? u.email : u.phone) = v.get<std::string>();
    } else {
      return Status::Invalid("unknown field " + key + " (rep_id, risk, payment_terms_days, scenario_id, "
                             "reminders_paused_until, insolvency_date, contract_late_rate_bps, email, phone)", key);
    }
  }
  if (u.empty()) return Status::Invalid("nothing to change: send at least one field");
  return u;
}

void PatchCustomerRoute(ApiCall& c) {
  const Id id = PathId(c).value_or(0);  // 0: no such record
  auto customer = FindCustomer(c.store, id, RepScope(c));
  if (!customer.ok()) return SendStatus(c.res, customer.status());
  auto body = ParseJsonObject(c.req);
  if (!body.ok()) return SendStatus(c.res, body.status());
  auto update = ParseCustomerUpdate(*body);
  if (!update.ok()) return SendStatus(c.res, update.status());
  Status s = UpdateCustomer(c.store, id, *update, c.today);
  if (!s.ok()) return SendStatus(c.res, s);
  SendCustomerDetail(c, id, 200);
}

void StatementRoute(ApiCall& c) {
  const Id id = PathId(c).value_or(0);  // 0: no such record
  auto customer = FindCustomer(c.store, id, RepScope(c));
  if (!customer.ok()) return SendStatus(c.res, customer.status());
  auto date = QueryDate(c.req, "date");
  if (!date.ok()) return SendStatus(c.res, date.status());
  const Date on = date->value_or(c.today);
  auto account = c.store.LoadAccount(id);
  if (!account.ok()) return SendStatus(c.res, account.status());
  auto settings = c.store.LoadSettings();
  if (!settings.ok()) return SendStatus(c.res, settings.status());
  auto rates = c.store.LoadRates();
  if (!rates.ok()) return SendStatus(c.res, rates.status());
  auto st = BuildStatement(*account, *settings, *rates, on);
  if (!st.ok()) return SendComputationError(c.res, st.status());

  json lines = json::array();
  for (const auto& l : st->lines)
    lines.push_back({{"invoice_id", l.invoice_id},     {"number", l.number},
                     {"issue_date", l.issue_date.ToIso()}, {"due_date", l.due_date.ToIso()},
                     {"amount_minor", l.amount_minor}, {"open_minor", l.open_minor},
                     {"days_late", l.days_late},       {"interest_minor", l.interest_minor},
                     {"fee_minor", l.fee_minor},       {"disputed", l.disputed},
                     {"in_plan", l.in_plan}});
  SendJson(c.res, 200,
           {{"customer_id", id},
            {"customer_name", account->customer.name},
            {"date", st->date.ToIso()},
            {"currency", std::string(st->currency.Code())},
            {"lines", lines},
            {"totals",
             {{"open_minor", st->open_minor},
              {"overdue_minor", st->overdue_minor},
              {"credit_minor", st->credit_minor},
              {"interest_minor", st->interest_minor},
              {"fee_minor", st->fee_minor},
              {"total_due_minor", st->total_due_minor}}},
            {"aging", AgingJson(st->aging)}});
}

// ---- Invoices -------------------------------------------------------------------------------

void ListInvoicesRoute(ApiCall& c) {
  InvoiceFilter f;
  auto status = ParseInvoiceStatusFilter(QueryParam(c.req, "status"));
  if (!status.ok()) return SendStatus(c.res, status.status());
  f.status = *status;
  auto from = QueryDate(c.req, "due_from");
  if (!from.ok()) return SendStatus(c.res, from.status());
  f.due_from = *from;
  auto to = QueryDate(c.req, "due_to");
  if (!to.ok()) return SendStatus(c.res, to.status());
  f.due_to = *to;
  auto disputed = QueryFlag(c.req, "disputed");
  if (!disputed.ok()) return SendStatus(c.res, disputed.status());
  f.disputed_only = *disputed;
  auto overdue = QueryFlag(c.req, "overdue");
  if (!overdue.ok()) return SendStatus(c.res, overdue.status());
  f.overdue_only = *overdue;
  if (c.req.has_param("due_in_days")) {
    auto n = QueryInt(c.req, "due_in_days", 0, 0, 3660);
    if (!n.ok()) return SendStatus(c.res, n.status());
    f.due_in_days = *n;
  }
  auto customer = QueryId(c.req, "customer_id");
  if (!customer.ok()) return SendStatus(c.res, customer.status());
  f.customer_id = *customer;
  f.cursor = QueryParam(c.req, "cursor");
  auto limit = QueryInt(c.req, "limit", kDefaultPageSize, 1, kMaxPageSize);
  if (!limit.ok()) return SendStatus(c.res, limit.status());
  f.limit = *limit;

  auto page = ListInvoices(c.store.db(), f, c.today, RepScope(c));
  if (!page.ok()) return SendStatus(c.res, page.status());
  json items = json::array();
  for (const auto& item : page->items) {
    json i = InvoiceJson(item.invoice);
    i["customer"] = {{"id", item.invoice.customer_id}, {"name", item.customer_name}};
    i["days_late"] = item.days_late;
    i["disputed"] = item.disputed;
    items.push_back(std::move(i));
  }
  SendJson(c.res, 200, {{"items", items}, {"next_cursor", page->next_cursor ? json(*page->next_cursor) : json(nullptr)}});
}

void SendInvoiceDetail(ApiCall& c, Id id, int status, json extra = json::object()) {
  auto detail = LoadInvoiceDetail(c.store, id, c.today, RepScope(c));
  if (!detail.ok()) return SendStatus(c.res, detail.status());
  json j = InvoiceDetailJson(*detail);
  for (auto& [k, v] : extra.items()) j[k] = v;
  SendJson(c.res, status, j);
}

// An optional payment method: lowercase words with underscores (transfer, card, cheque...).
Result<std::string> MethodField(const json& body) {
  auto method = OptionalString(body, "method", 40);
  if (!method.ok()) return method.status();
  if (method->empty()) return std::string("transfer");
  for (char ch : *method)
    if (!((ch >= 'a' && ch <= 'z') || ch == '_'))
      return Status::Invalid("method must be a lowercase word (transfer, card, cheque, direct_debit...)", "method");
  return *method;
}

void MarkPaidRoute(ApiCall& c) {
  const Id id = PathId(c).value_or(0);  // 0: no such record
  auto invoice = FindInvoice(c.store, id, RepScope(c));
  if (!invoice.ok()) return SendStatus(c.res, invoice.status());
  json body = json::object();
  if (!c.req.body.empty()) {
    auto parsed = ParseJsonObject(c.req);
    if (!parsed.ok()) return SendStatus(c.res, parsed.status());
    body = std::move(parsed).value();
  }
  auto method = MethodField(body);
  if (!method.ok()) return SendStatus(c.res, method.status());
  auto reference = OptionalString(body, "reference", 200);
  if (!reference.ok()) return SendStatus(c.res, reference.status());
  auto paid = MarkInvoicePaid(c.store, id, c.today, *method, *reference);
  if (!paid.ok()) return SendStatus(c.res, paid.status());
  SendInvoiceDetail(c, id, 200, {{"payment_id", paid->payment_id}});
}

void CreditNoteRoute(ApiCall& c) {
  const Id id = PathId(c).value_or(0);  // 0: no such record
  auto invoice = FindInvoice(c.store, id, RepScope(c));
  if (!invoice.ok()) return SendStatus(c.res, invoice.status());
  auto body = ParseJsonObject(c.req);
  if (!body.ok()) return SendStatus(c.res, body.status());
  auto amount = RequiredInt(*body, "amount_minor");
  if (!amount.ok()) return SendStatus(c.res, amount.status());
  auto number = RequiredString(*body, "number", 64);
  if (!number.ok()) return SendStatus(c.res, number.status());
  auto reason = RequiredString(*body, "reason", 500);
  if (!reason.ok()) return SendStatus(c.res, reason.status());
  auto credit_note = AddCreditNote(c.store, id, *amount, *number, *reason, c.user.user_id, c.today);
  if (!credit_note.ok()) return SendStatus(c.res, credit_note.status());
  auto cn = c.store.GetInvoice(*credit_note);
  if (!cn.ok()) return SendStatus(c.res, cn.status());
  auto detail = LoadInvoiceDetail(c.store, id, c.today, RepScope(c));
  if (!detail.ok()) return SendStatus(c.res, detail.status());
  SendJson(c.res, 201, {{"credit_note", InvoiceJson(*cn)}, {"invoice", InvoiceDetailJson(*detail)}});
}

void PutPdfRoute(ApiCall& c) {
  const Id id = PathId(c).value_or(0);  // 0: no such record
  auto invoice = FindInvoice(c.store, id, RepScope(c));
  if (!invoice.ok()) return SendStatus(c.res, invoice.status());
  if (c.req.body.rfind("%PDF-", 0) != 0)
    return SendError(c.res, 400, "invalid_argument", "the body must be a PDF document (starting with %PDF-)", "body");
  Status s = SaveInvoicePdf(c.store.db(), id, c.req.body, c.now);
  if (!s.ok()) return SendStatus(c.res, s);
  c.res.status = 204;
}

// A file name safe in a Content-Disposition header.
std::string PdfFileName(const std::string& number) {
  std::string out;
  for (char ch : number)
    out += (std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_' || ch == '.') ? ch : '_';
  return (out.empty() ? "invoice" : out) + ".pdf";
}

void GetPdfRoute(ApiCall& c) {
  const Id id = PathId(c).value_or(0);  // 0: no such record
  auto invoice = FindInvoice(c.store, id, RepScope(c));
  if (!invoice.ok()) return SendStatus(c.res, invoice.status());
  auto pdf = LoadInvoicePdf(c.store.db(), id);
  if (!pdf.ok()) return SendStatus(c.res, pdf.status());
  if (!*pdf) return SendError(c.res, 404, "not_found", "no PDF attached to this invoice");
  c.res.status = 200;
  c.res.set_header("Content-Disposition", "inline; filename=\"" + PdfFileName(invoice->number) + "\"");
  c.res.set_content(std::move(**pdf), "application/pdf");
}

// ---- Payments -------------------------------------------------------------------------------

Result<std::optional<std::vector<AllocationRequest>>> AllocationsField(const json& body) {
  auto it = body.find("allocations");
  if (it == body.end() || it->is_null()) return std::optional<std::vector<AllocationRequest>>();
  if (!it->is_array()) return Status::Invalid("allocations must be a list of {invoice_id, amount_minor}", "allocations");
  if (it->size() > static_cast<size_t>(kMaxAllocations))
    return Status::Invalid("at most " + std::to_string(kMaxAllocations) + " allocations", "allocations");
  std::vector<AllocationRequest> out;
  for (size_t i = 0; i < it->size(); ++i) {
    const json& a = (*it)[i];
    const std::string field = "allocations[" + std::to_string(i) + "]";
    if (!a.is_object()) return Status::Invalid(field + " must be {invoice_id, amount_minor}", field);
    auto invoice = RequiredInt(a, "invoice_id");
    if (!invoice.ok()) return Status::Invalid(field + ".invoice_id is required (an integer)", field + ".invoice_id");
    auto amount = RequiredInt(a, "amount_minor");
    if (!amount.ok()) return Status::Invalid(field + ".amount_minor is required (an integer)", field + ".amount_minor");
    if (*amount <= 0) return Status::Invalid(field + ".amount_minor must be positive", field + ".amount_minor");
    out.push_back({*invoice, *amount});
  }
  return std::optional<std::vector<AllocationRequest>>(std::move(out));
}

void PostPaymentRoute(ApiCall& c) {
  auto body = ParseJsonObject(c.req);
  if (!body.ok()) return SendStatus(c.res, body.status());
  Payment p;
  auto customer = RequiredInt(*body, "customer_id");
  if (!customer.ok()) return SendStatus(c.res, customer.status());
  if (*customer <= 0) return SendError(c.res, 400, "invalid_argument", "customer_id must be positive", "customer_id");
  p.customer_id = *customer;
  auto amount = RequiredInt(*body, "amount_minor");
  if (!amount.ok()) return SendStatus(c.res, amount.status());
  if (*amount <= 0) return SendError(c.res, 400, "invalid_argument", "amount_minor must be positive", "amount_minor");
  p.amount_minor = *amount;
  auto currency_code = RequiredString(*body, "currency", 3);
  if (!currency_code.ok()) return SendStatus(c.res, currency_code.status());
  auto currency = FindCurrency(*currency_code);
  if (!currency.ok()) return SendError(c.res, 400, "invalid_argument", currency.status().message(), "currency");
  p.currency = *currency;
  auto date_text = OptionalString(*body, "date", 10);
  if (!date_text.ok()) return SendStatus(c.res, date_text.status());
  p.date = c.today;
  if (!date_text->empty()) {
    auto d = Date::ParseIso(*date_text);
    if (!d.ok()) return SendError(c.res, 400, "invalid_argument", "date must be YYYY-MM-DD", "date");
    if (*d > c.today) return SendError(c.res, 400, "invalid_argument", "date cannot be in the future", "date");
    p.date = *d;
  }
  auto method = MethodField(*body);
  if (!method.ok()) return SendStatus(c.res, method.status());
  p.method = *method;
  auto reference = OptionalString(*body, "reference", 200);
  if (!reference.ok()) return SendStatus(c.res, reference.status());
  p.reference = *reference;
  auto requested = AllocationsField(*body);
  if (!requested.ok()) return SendStatus(c.res, requested.status());

  auto outcome = RecordCustomerPayment(c.store, p, *requested);
  if (!outcome.ok()) return SendStatus(c.res, outcome.status());
  json allocations = json::array();
  for (const auto& a : outcome->plan.allocations) {
    json j = {{"invoice_id", a.invoice_id}, {"amount_minor", a.amount_minor}};
    if (auto inv = c.store.GetInvoice(a.invoice_id); inv.ok()) {
      j["number"] = inv->number;
      j["open_minor"] = inv->open_minor;  // after this payment
      j["status"] = ToString(inv->status);
    }
    allocations.push_back(std::move(j));
  }
  SendJson(c.res, 201,
           {{"payment_id", outcome->payment_id},
            {"customer_id", p.customer_id},
            {"amount_minor", p.amount_minor},
            {"currency", std::string(p.currency.Code())},
            {"date", p.date.ToIso()},
            {"method", p.method},
            {"reference", p.reference},
            {"allocation", *requested ? "explicit" : "fifo"},
            {"allocations", allocations},
            {"unallocated_minor", outcome->plan.unallocated_minor}});
}

// Undoes a payment's allocation: the invoice is open again by that amount, the payment keeps it
// as a credit. A rep cannot (the route is the collectors'); a missing allocation is a 404.
void UndoAllocationRoute(ApiCall& c) {
  auto undone = UndoPaymentAllocation(c.store.db(), PathId(c).value_or(0), c.user.user_id, c.today);
  if (!undone.ok()) return SendStatus(c.res, undone.status());
  SendJson(c.res, 200,
           {{"allocation_id", undone->allocation.id},
            {"customer_id", undone->customer_id},
            {"invoice_id", undone->allocation.invoice_id},
            {"invoice_number", undone->invoice_number},
            {"payment_id", undone->allocation.payment_id},
            {"amount_minor", undone->allocation.amount_minor},
            {"invoice_open_minor", undone->invoice_open_minor}});
}

}  // namespace

void RegisterCustomerRoutes(App& app) {
  using M = App::Method;
  app.Api(M::kGet, "/api/v1/customers", Everyone(), ListCustomersRoute);
  app.Api(M::kGet, R"(/api/v1/customers/(\d+))", Everyone(), [](ApiCall& c) { SendCustomerDetail(c, PathId(c).value_or(0), 200); });
  app.Api(M::kPatch, R"(/api/v1/customers/(\d+))", Collectors(), PatchCustomerRoute);
  app.Api(M::kGet, R"(/api/v1/customers/(\d+)/statement)", Everyone(), StatementRoute);

  app.Api(M::kGet, "/api/v1/invoices", Everyone(), ListInvoicesRoute);
  app.Api(M::kGet, R"(/api/v1/invoices/(\d+))", Everyone(), [](ApiCall& c) { SendInvoiceDetail(c, PathId(c).value_or(0), 200); });
  app.Api(M::kPost, R"(/api/v1/invoices/(\d+)/mark-paid)", Collectors(), MarkPaidRoute);
  app.Api(M::kPost, R"(/api/v1/invoices/(\d+)/credit-notes)", Collectors(), CreditNoteRoute);
  app.Upload(M::kPut, R"(/api/v1/invoices/(\d+)/pdf)", Collectors(), PutPdfRoute);
  app.Api(M::kGet, R"(/api/v1/invoices/(\d+)/pdf)", Everyone(), GetPdfRoute);

  app.Api(M::kPost, "/api/v1/payments", Collectors(), PostPaymentRoute);
  app.Api(M::kDelete, R"(/api/v1/allocations/(\d+))", Collectors(), UndoAllocationRoute);
}

}  // namespace encaisse
