// CSV imports over HTTP: POST /api/v1/imports?kind=invoices|customers|payments[&dry_run=1]
// with the file as the raw body (any content type; a multipart form's first file is taken
// too), collectors and admins only, 32 MiB at most (413 above); GET /api/v1/imports, the
// history. The rules are the shared importers' (shared/import/).
#include <string>

#include "server/http/json_io.h"
#include "server/routes/routes.h"
#include "shared/import/import_common.h"

namespace encaisse {
namespace {

json CountsJson(const ImportCounts& c) {
  return {{"created", c.created}, {"updated", c.updated}, {"unchanged", c.unchanged}};
}

json LinesJson(const std::vector<ImportError>& list) {
  json out = json::array();
  for (const auto& e : list) out.push_back({{"line", e.line}, {"column", e.column}, {"message", e.message}});
  return out;
}

json SummaryJson(const ImportResult& r) {
  json j = {{"kind", ToString(r.kind)},
            {"dry_run", r.dry_run},
            {"rows", r.rows},
            {"created", r.created},
            {"updated", r.updated},
            {"unchanged", r.unchanged},
            {"customers", CountsJson(r.customers)},
            {"invoices", CountsJson(r.invoices)},
            {"payments", CountsJson(r.payments)},
            {"warnings", LinesJson(r.warnings)},
            {"ignored_columns", r.ignored_columns}};
  if (r.kind == ImportKind::kPayments) {
    j["allocated_minor"] = r.allocated_minor;
    j["unallocated_minor"] = r.unallocated_minor;
  }
  j["import_id"] = r.import_id ? json(r.import_id) : json(nullptr);
  return j;
}

Result<bool> DryRunParam(const httplib::Request& req) {
  const std::string v = QueryParam(req, "dry_run");
  if (v.empty() || v == "0" || v == "false") return false;
  if (v == "1" || v == "true") return true;
  return Status::Invalid("dry_run must be 1 or 0", "dry_run");
}

void PostImport(ApiCall& call) {
  const std::string kind_text = QueryParam(call.req, "kind");
  if (kind_text.empty())
    return SendError(call.res, 400, "invalid_argument", "kind is required (invoices, customers or payments)", "kind");
  auto kind = ParseImportKind(kind_text);
  if (!kind.ok()) return SendStatus(call.res, kind.status());
  auto dry_run = DryRunParam(call.req);
  if (!dry_run.ok()) return SendStatus(call.res, dry_run.status());

  std::string_view csv = call.req.body;
  std::string source = QueryParam(call.req, "filename");
  if (csv.empty() && !call.req.files.empty()) {  // multipart/form-data: the "file" part, else the first
    auto it = call.req.files.find("file");
    if (it == call.req.files.end()) it = call.req.files.begin();
    csv = it->second.content;
    if (source.empty()) source = it->second.filename;
  }
  if (source.empty()) source = "api";

  ImportOptions options;
  options.dry_run = *dry_run;
  options.user_id = call.user.user_id;
  options.source = source;
  options.today = call.today;
  options.now = call.now;
  auto result = RunImport(call.store, *kind, csv, options);
  if (!result.ok()) return SendStatus(call.res, result.status());
  if (!result->ok()) {
    const ImportError& first = result->errors.front();
    const int64_t bad = result->error_count();
    json body = {{"error",
                  {{"code", "invalid_file"},
                   {"message", std::to_string(bad) + (bad == 1 ? " error" : " errors") + " in the file, nothing was imported; first: " +
                                   first.ToString()},
                   {"field", "line " + std::to_string(first.line) + (first.column.empty() ? "" : ", " + first.column)}}},
                 {"errors", LinesJson(result->errors)},
                 {"errors_not_listed", result->errors_not_listed}};
    return SendJson(call.res, 400, body);
  }
  SendJson(call.res, 200, SummaryJson(*result));
}

void ListImportHistory(ApiCall& call) {
  auto limit = QueryInt(call.req, "limit", 50, 1, 500);
  if (!limit.ok()) return SendStatus(call.res, limit.status());
  auto before = QueryInt(call.req, "cursor", 0, 0, 2'000'000'000);
  if (!before.ok()) return SendStatus(call.res, before.status());
  auto items = ListImports(call.store.db(), *limit, *before);
  if (!items.ok()) return SendStatus(call.res, items.status());
  json out = json::array();
  for (const auto& i : *items)
    out.push_back({{"id", i.id},
                   {"kind", i.kind},
                   {"user_id", i.user_id ? json(i.user_id) : json(nullptr)},
                   {"user_email", i.user_email},
                   {"source", i.source},
                   {"created_at", i.created_at},
                   {"rows", i.rows},
                   {"created", i.created},
                   {"updated", i.updated},
                   {"unchanged", i.unchanged}});
  const bool more = static_cast<int>(items->size()) == *limit;
  SendJson(call.res, 200,
           {{"items", out}, {"next_cursor", more ? json(std::to_string(items->back().id)) : json(nullptr)}});
}

}  // namespace

void RegisterImportRoutes(App& app) {
  app.Upload(App::Method::kPost, "/api/v1/imports", Access::Roles({Role::kCollector, Role::kAdmin}), PostImport);
  app.Api(App::Method::kGet, "/api/v1/imports", Access::Roles({Role::kCollector, Role::kAdmin, Role::kManager}),
          ListImportHistory);
}

}  // namespace encaisse
