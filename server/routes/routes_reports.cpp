// Reports for the manager and the collector (and the admin; never a sales rep): aging by
// bucket, count-back DSO month by month, collected against falling due per ISO week, and
// overdue per rep and risk class. In the company currency; computed by
// shared/reports/collection_reports in SQL aggregates.
#include "server/http/json_io.h"
#include "server/routes/routes.h"
#include "shared/reports/collection_reports.h"

namespace encaisse {
namespace {

constexpr int kMaxCollectedDays = 3 * 366;  // at most about 157 weeks in one answer

Result<Date> QueryDate(const httplib::Request& req, const char* name, Date default_value) {
  const std::string text = QueryParam(req, name);
  if (text.empty()) return default_value;
  auto d = Date::ParseIso(text);
  if (!d.ok()) return Status::Invalid(std::string(name) + " must be a date YYYY-MM-DD", name);
  return d;
}

// The company currency, the report's unit.
Result<Currency> ReportCurrency(ApiCall& c) {
  auto settings = c.store.LoadSettings();
  if (!settings.ok()) return settings.status();
  return settings->currency;
}

void AgingRoute(ApiCall& c) {
  auto date = QueryDate(c.req, "date", c.today);
  if (!date.ok()) return SendStatus(c.res, date.status());
  auto currency = ReportCurrency(c);
  if (!currency.ok()) return SendStatus(c.res, currency.status());
  auto r = AgingReportSql(c.store.db(), *currency, *date);
  if (!r.ok()) return SendStatus(c.res, r.status());
  json buckets = json::array();
  for (int b = 0; b < kAgingBucketCount; ++b) {
    const AgingCell& cell = r->buckets[static_cast<size_t>(b)];
    buckets.push_back({{"bucket", ToString(static_cast<AgingBucket>(b))},
                       {"amount_minor", cell.amount_minor},
                       {"invoices", cell.invoices}});
  }
  SendJson(c.res, 200,
           {{"date", date->ToIso()},
            {"currency", currency->Code()},
            {"buckets", buckets},
            {"total_minor", r->total.amount_minor},
            {"total_invoices", r->total.invoices},
            {"overdue_minor", r->overdue.amount_minor},
            {"overdue_invoices", r->overdue.invoices}});
}

void DsoRoute(ApiCall& c) {
  auto date = QueryDate(c.req, "date", c.today);
  if (!date.ok()) return SendStatus(c.res, date.status());
  auto months = QueryInt(c.req, "months", 12, 1, 60);
  if (!months.ok()) return SendStatus(c.res, months.status());
  auto currency = ReportCurrency(c);
  if (!currency.ok()) return SendStatus(c.res, currency.status());
  auto points = DsoByMonth(c.store.db(), *currency, *date, *months);
  if (!points.ok()) return SendStatus(c.res, points.status());
  json out = json::array();
  for (const auto& p : *points)
    out.push_back({{"end", p.end.ToIso()},
                   {"days", p.dso.days},
                   {"receivables_minor", p.dso.receivables_minor},
                   {"capped", p.dso.capped}});
  SendJson(c.res, 200,
           {{"date", date->ToIso()}, {"currency", currency->Code()}, {"months", *months}, {"method", "count_back"}, {"points", out}});
}

void CollectedRoute(ApiCall& c) {
  auto to = QueryDate(c.req, "to", c.today);
  if (!to.ok()) return SendStatus(c.res, to.status());
  // Default: the 13 weeks up to `to`, from a Monday.
  auto from = QueryDate(c.req, "from", MondayOf(to->AddDays(-12 * 7)));
  if (!from.ok()) return SendStatus(c.res, from.status());
  if (*from > *to) return SendError(c.res, 400, "invalid_argument", "from must not be after to", "from");
  if (*to - *from > kMaxCollectedDays)
    return SendError(c.res, 400, "invalid_argument", "at most three years at a time", "from");
  auto currency = ReportCurrency(c);
  if (!currency.ok()) return SendStatus(c.res, currency.status());
  auto weeks = CollectedByWeek(c.store.db(), *currency, *from, *to);
  if (!weeks.ok()) return SendStatus(c.res, weeks.status());
  json out = json::array();
  int64_t collected = 0, due = 0, payments = 0, invoices = 0;
  for (const auto& w : *weeks) {
    out.push_back({{"week", w.week.ToString()},
                   {"start", w.start.ToIso()},
                   {"end", w.end.ToIso()},
                   {"collected_minor", w.collected_minor},
                   {"payments", w.payments},
                   {"due_minor", w.due_minor},
                   {"invoices_due", w.invoices_due}});
    collected += w.collected_minor;
    due += w.due_minor;
    payments += w.payments;
    invoices += w.invoices_due;
  }
  SendJson(c.res, 200,
           {{"from", from->ToIso()},
            {"to", to->ToIso()},
            {"currency", currency->Code()},
            {"weeks", out},
            {"totals", {{"collected_minor", collected}, {"payments", payments}, {"due_minor", due}, {"invoices_due", invoices}}}});
}

json CellJson(const OverdueCell& cell) {
  return {{"overdue_minor", cell.overdue_minor}, {"invoices", cell.invoices}, {"customers", cell.customers}};
}

void ByRepRoute(ApiCall& c) {
  auto date = QueryDate(c.req, "date", c.today);
  if (!date.ok()) return SendStatus(c.res, date.status());
  auto currency = ReportCurrency(c);
  if (!currency.ok()) return SendStatus(c.res, currency.status());
  auto reps = OverdueByRep(c.store.db(), *currency, *date);
  if (!reps.ok()) return SendStatus(c.res, reps.status());
  json out = json::array();
  OverdueCell total;
  for (const auto& r : *reps) {
    json by_risk = json::object();
    for (int k = 0; k < 3; ++k)
      by_risk[std::string(ToString(static_cast<RiskClass>(k)))] = CellJson(r.by_risk[static_cast<size_t>(k)]);
    json j = CellJson(r.total);
    j["rep_id"] = r.rep_id ? json(r.rep_id) : json(nullptr);
    j["rep_name"] = r.rep_name;
    j["by_risk"] = by_risk;
    out.push_back(std::move(j));
    total.overdue_minor += r.total.overdue_minor;
    total.invoices += r.total.invoices;
    total.customers += r.total.customers;
  }
  SendJson(c.res, 200, {{"date", date->ToIso()}, {"currency", currency->Code()}, {"reps", out}, {"totals", CellJson(total)}});
}

}  // namespace

void RegisterReportRoutes(App& app) {
  const Access who = Access::Roles({Role::kManager, Role::kCollector, Role::kAdmin});
  app.Api(App::Method::kGet, "/api/v1/reports/aging", who, AgingRoute);
  app.Api(App::Method::kGet, "/api/v1/reports/dso", who, DsoRoute);
  app.Api(App::Method::kGet, "/api/v1/reports/collected", who, CollectedRoute);
  app.Api(App::Method::kGet, "/api/v1/reports/by-rep", who, ByRepRoute);
}

}  // namespace encaisse
