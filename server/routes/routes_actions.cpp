// What staff record on an account: notes, promises to pay, visits (every role; a sales rep only
// on their own customers), disputes on invoices (open: every role, rep on their own; resolve:
// collector and admin; the list: collector, manager, admin).
//
// A rep naming another rep's customer or invoice gets exactly the answer a missing one gets.
#include <optional>

#include "server/http/json_io.h"
#include "server/routes/route_params.h"
#include "server/letters/private_files.h"
#include "server/routes/routes.h"
#include "shared/store/action_store.h"
#include "shared/store/customer_scope.h"
#include "shared/store/dispute_documents.h"

namespace encaisse {
namespace {

Result<Date> RequiredDate(const json& body, const char* field) {
  auto text = RequiredString(body, field, 10);
  if (!text.ok()) return text.status();
  auto d = Date::ParseIso(*text);
  if (!d.ok()) return Status::Invalid(std::string(field) + " must be a date YYYY-MM-DD", field);
  return d;
}

json NoteJson(const Note& n) {
  return {{"id", n.id}, {"customer_id", n.customer_id}, {"author_id", n.author_id}, {"date", n.date.ToIso()}, {"text", n.text}};
}

json PromiseJson(const Promise& p) {
  return {{"id", p.id}, {"customer_id", p.customer_id}, {"author_id", p.author_id}, {"date", p.promised_date.ToIso()},
          {"amount_minor", p.amount_minor}, {"status", ToString(p.status)}, {"created", p.created.ToIso()}};
}

json VisitJson(const Visit& v) {
  return {{"id", v.id}, {"customer_id", v.customer_id}, {"rep_id", v.rep_id}, {"date", v.planned.ToIso()}, {"outcome", v.outcome}};
}

json DisputeJson(const Dispute& d) {
  return {{"id", d.id},
          {"invoice_id", d.invoice_id},
          {"customer_id", d.customer_id},
          {"opened", d.opened.ToIso()},
          {"reason", d.reason},
          {"status", ToString(d.status)},
          {"resolved", d.resolved ? json(d.resolved->ToIso()) : json(nullptr)},
          {"resolution", d.resolution}};
}

void AddNoteRoute(ApiCall& c) {
  auto customer = VisibleCustomer(c);
  if (!customer) return;
  auto body = ParseJsonObject(c.req);
  if (!body.ok()) return SendStatus(c.res, body.status());
  auto text = RequiredString(*body, "text", kMaxNoteBytes);
  if (!text.ok()) return SendStatus(c.res, text.status());
  auto note = AddNote(c.store.db(), Note{0, *customer, c.user.user_id, c.today, *text});
  if (!note.ok()) return SendStatus(c.res, note.status());
  SendJson(c.res, 201, NoteJson(*note));
}

void AddPromiseRoute(ApiCall& c) {
  auto customer = VisibleCustomer(c);
  if (!customer) return;
  auto body = ParseJsonObject(c.req);
  if (!body.ok()) return SendStatus(c.res, body.status());
  auto date = RequiredDate(*body, "date");
  if (!date.ok()) return SendStatus(c.res, date.status());
  auto amount = RequiredInt(*body, "amount_minor");
  if (!amount.ok()) return SendStatus(c.res, amount.status());
  Promise p;
  p.customer_id = *customer;
  p.author_id = c.user.user_id;
  p.promised_date = *date;
  p.amount_minor = *amount;
  auto stored = AddPromise(c.store.db(), p, c.today);
  if (!stored.ok()) return SendStatus(c.res, stored.status());
  SendJson(c.res, 201, PromiseJson(*stored));
}

void AddVisitRoute(ApiCall& c) {
  auto customer = VisibleCustomer(c);
  if (!customer) return;
  auto body = ParseJsonObject(c.req);
  if (!body.ok()) return SendStatus(c.res, body.status());
  auto date = RequiredDate(*body, "date");
  if (!date.ok()) return SendStatus(c.res, date.status());
  auto outcome = OptionalString(*body, "outcome", kMaxNoteBytes);
  if (!outcome.ok()) return SendStatus(c.res, outcome.status());
  auto stored = AddVisit(c.store.db(), Visit{0, *customer, c.user.user_id, *date, *outcome}, c.today);
  if (!stored.ok()) return SendStatus(c.res, stored.status());
  SendJson(c.res, 201, VisitJson(*stored));
}

void OpenDisputeRoute(ApiCall& c) {
  auto invoice = PathId(c);
  auto customer = invoice ? VisibleInvoiceCustomer(c.store.db(), *invoice, c.user.role, c.user.user_id)
                          : Result<Id>(Status::NotFound("no such invoice"));
  if (!customer.ok()) return SendStatus(c.res, customer.status());
  auto body = ParseJsonObject(c.req);
  if (!body.ok()) return SendStatus(c.res, body.status());
  auto reason = RequiredString(*body, "reason", kMaxReasonBytes);
  if (!reason.ok()) return SendStatus(c.res, reason.status());
  auto dispute = OpenDispute(c.store.db(), *invoice, c.today, *reason);
  if (!dispute.ok()) return SendStatus(c.res, dispute.status());
  SendJson(c.res, 201, DisputeJson(*dispute));
}

void ResolveDisputeRoute(ApiCall& c) {
  auto id = PathId(c);
  if (!id) return SendError(c.res, 404, "not_found", "no such dispute");
  auto body = ParseJsonObject(c.req);
  if (!body.ok()) return SendStatus(c.res, body.status());
  auto resolution = RequiredString(*body, "resolution", kMaxReasonBytes);
  if (!resolution.ok()) return SendStatus(c.res, resolution.status());
  auto dispute = ResolveDispute(c.store.db(), *id, c.today, *resolution);
  if (!dispute.ok()) return SendStatus(c.res, dispute.status());
  SendJson(c.res, 200, DisputeJson(*dispute));
}

void ListDisputesRoute(ApiCall& c) {
  std::optional<DisputeStatus> status = DisputeStatus::kOpen;
  const std::string wanted = QueryParam(c.req, "status");
  if (wanted == "all") {
    status.reset();
  } else if (!wanted.empty()) {
    auto parsed = ParseDisputeStatus(wanted);
    if (!parsed.ok()) return SendError(c.res, 400, "invalid_argument", "status must be open, resolved or all", "status");
    status = *parsed;
  }
  auto limit = QueryInt(c.req, "limit", 100, 1, 500);
  if (!limit.ok()) return SendStatus(c.res, limit.status());
  auto cursor = QueryInt(c.req, "cursor", 0, 0, 2'000'000'000);
  if (!cursor.ok()) return SendStatus(c.res, cursor.status());
  auto items = ListDisputes(c.store.db(), status, *cursor, *limit);
  if (!items.ok()) return SendStatus(c.res, items.status());
  json out = json::array();
  for (const auto& item : *items) {
    json j = DisputeJson(item.dispute);
    j["invoice_number"] = item.invoice_number;
    j["customer_name"] = item.customer_name;
    j["invoice_amount_minor"] = item.invoice_amount_minor;
    j["invoice_open_minor"] = item.invoice_open_minor;
    j["currency"] = item.currency;
    auto document = LoadDisputeDocument(c.store.db(), item.dispute.id, /*with_content=*/false);
    if (!document.ok()) return SendStatus(c.res, document.status());
    j["document"] = *document ? json{{"filename", (*document)->filename}, {"content_type", (*document)->content_type},
                                     {"url", "/api/v1/disputes/" + std::to_string(item.dispute.id) + "/document"}}
                              : json(nullptr);
    out.push_back(std::move(j));
  }
  const bool more = static_cast<int>(items->size()) == *limit;
  SendJson(c.res, 200, {{"items", out}, {"next_cursor", more ? json(std::to_string(items->back().dispute.id)) : json(nullptr)}});
}

// The document the debtor sent with the dispute, as a download (never shown inline: it is the
// debtor's file).
void DisputeDocumentRoute(ApiCall& c) {
  auto id = PathId(c);
  auto document = id ? LoadDisputeDocument(c.store.db(), *id) : Result<std::optional<DisputeDocument>>(std::nullopt);
  if (!document.ok()) return SendStatus(c.res, document.status());
  if (!*document) return SendError(c.res, 404, "not_found", "this dispute has no document");
  const DisputeDocument& d = **document;
  std::string stem = SafeFileName(d.filename.substr(0, d.filename.rfind('.')));
  if (stem.empty()) stem = "document";
  const char* ext = d.content_type == "application/pdf" ? ".pdf" : d.content_type == "image/png" ? ".png" : ".jpg";
  c.res.set_header("Content-Disposition", "attachment; filename=\"" + stem + ext + "\"");
  c.res.set_content(std::move((*document)->content), (*document)->content_type);
}

}  // namespace

void RegisterActionRoutes(App& app) {
  app.Api(App::Method::kPost, R"(/api/v1/customers/(\d+)/notes)", Access::SignedIn(), AddNoteRoute);
  app.Api(App::Method::kPost, R"(/api/v1/customers/(\d+)/promises)", Access::SignedIn(), AddPromiseRoute);
  app.Api(App::Method::kPost, R"(/api/v1/customers/(\d+)/visits)", Access::SignedIn(), AddVisitRoute);
  app.Api(App::Method::kPost, R"(/api/v1/invoices/(\d+)/disputes)", Access::SignedIn(), OpenDisputeRoute);
  app.Api(App::Method::kPost, R"(/api/v1/disputes/(\d+)/resolve)", Access::Roles({Role::kCollector, Role::kAdmin}),
          ResolveDisputeRoute);
  app.Api(App::Method::kGet, "/api/v1/disputes", Access::Roles({Role::kCollector, Role::kManager, Role::kAdmin}),
          ListDisputesRoute);
  app.Api(App::Method::kGet, R"(/api/v1/disputes/(\d+)/document)",
          Access::Roles({Role::kCollector, Role::kManager, Role::kAdmin}), DisputeDocumentRoute);
}

}  // namespace encaisse
