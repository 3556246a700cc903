// Reports for the manager and the collector (and the admin; never a sales rep): aging by
// bucket, count-back DSO month by month, collected against falling due per ISO week, and
// overdue per rep and risk class, the 13-week cash forecast, promise and plan keeping rates.
// In the company currency; computed by shared/reports in SQL aggregates. Each also as CSV with
// ?format=csv (shared/reports/report_csv.h: the same figures as the JSON and the client).
#include "server/http/json_io.h"
#include "server/routes/routes.h"
#include "shared/reports/cash_forecast.h"
#include "shared/reports/collection_reports.h"
#include "shared/reports/report_csv.h"

#include <functional>

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

// ?format=csv: the report as a file to open in a spreadsheet.
bool SentAsCsv(ApiCall& c, const char* name, const std::function<std::string()>& csv) {
  if (QueryParam(c.req, "format") != "csv") return false;
  c.res.set_header("Content-Disposition", std::string("attachment; filename=\"") + name + ".csv\"");
  c.res.set_content(csv(), "text/csv; charset=utf-8");
  c.res.status = 200;
  return true;
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
  if (SentAsCsv(c, "balance-agee", [&] { return AgingCsv(*r, *currency); })) return;
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

// What a month-by-month report reads from its request: `date` (default today), `months` (1-60,
// default 12), and the company currency.
struct MonthlyArgs {
  Date date;
  int months = 12;
  Currency currency;
};

Result<MonthlyArgs> ReadMonthlyArgs(ApiCall& c) {
  MonthlyArgs a;
  ENC_ASSIGN_OR_RETURN(a.date, QueryDate(c.req, "date", c.today));
  ENC_ASSIGN_OR_RETURN(a.months, QueryInt(c.req, "months", 12, 1, 60));
  ENC_ASSIGN_OR_RETURN(a.currency, ReportCurrency(c));
  return a;
}

void AgingHistoryRoute(ApiCall& c) {
  auto args = ReadMonthlyArgs(c);
  if (!args.ok()) return SendStatus(c.res, args.status());
  auto points = AgingByMonth(c.store.db(), args->currency, args->date, args->months);
  if (!points.ok()) return SendStatus(c.res, points.status());
  if (SentAsCsv(c, "balance-agee-mensuelle", [&] { return AgingHistoryCsv(*points, args->currency); })) return;
  json out = json::array();
  for (const auto& p : *points) {
    json buckets = json::object();
    for (int b = 0; b < kAgingBucketCount; ++b)
      buckets[std::string(ToString(static_cast<AgingBucket>(b)))] = p.aging.buckets[static_cast<size_t>(b)].amount_minor;
    out.push_back({{"end", p.end.ToIso()},
                   {"buckets", buckets},
                   {"overdue_minor", p.aging.overdue.amount_minor},
                   {"total_minor", p.aging.total.amount_minor},
                   {"invoices", p.aging.total.invoices}});
  }
  SendJson(c.res, 200, {{"date", args->date.ToIso()}, {"currency", args->currency.Code()}, {"points", out}});
}

void DsoRoute(ApiCall& c) {
  auto args = ReadMonthlyArgs(c);
  if (!args.ok()) return SendStatus(c.res, args.status());
  auto points = DsoByMonth(c.store.db(), args->currency, args->date, args->months);
  if (!points.ok()) return SendStatus(c.res, points.status());
  if (SentAsCsv(c, "dso", [&] { return DsoCsv(*points, args->currency); })) return;
  json out = json::array();
  for (const auto& p : *points)
    out.push_back({{"end", p.end.ToIso()},
                   {"days", p.dso.days},
                   {"receivables_minor", p.dso.receivables_minor},
                   {"capped", p.dso.capped}});
  SendJson(c.res, 200,
           {{"date", args->date.ToIso()}, {"currency", args->currency.Code()}, {"months", args->months}, {"method", "count_back"},
            {"points", out}});
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
  if (SentAsCsv(c, "encaissements", [&] { return CollectedCsv(*weeks, *currency); })) return;
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
  if (SentAsCsv(c, "echu-par-commercial", [&] { return OverdueByRepCsv(*reps, *currency); })) return;
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

void ForecastRoute(ApiCall& c) {
  auto weeks = QueryInt(c.req, "weeks", kForecastWeeks, 1, 104);
  if (!weeks.ok()) return SendStatus(c.res, weeks.status());
  auto currency = ReportCurrency(c);
  if (!currency.ok()) return SendStatus(c.res, currency.status());
  auto f = ForecastCollections(c.store.db(), *currency, c.today, *weeks);
  if (!f.ok()) return SendStatus(c.res, f.status());
  if (SentAsCsv(c, "prevision-encaissements", [&] { return ForecastCsv(*f, *currency); })) return;
  json out = json::array();
  for (const auto& w : f->weeks)
    out.push_back({{"week", IsoWeekOf(w.start).ToString()},
                   {"start", w.start.ToIso()},
                   {"end", w.end.ToIso()},
                   {"invoices_minor", w.invoices_minor},
                   {"installments_minor", w.installments_minor},
                   {"promises_minor", w.promises_minor},
                   {"total_minor", w.total_minor()}});
  SendJson(c.res, 200,
           {{"today", c.today.ToIso()},
            {"currency", currency->Code()},
            {"weeks", out},
            {"total_minor", f->total_minor()},
            {"later_minor", f->later_minor},
            {"uncertain_minor", f->uncertain_minor},
            {"company_delay_days", f->company_delay_days}});
}

json RateJson(const KeepingRate& r) {
  return {{"kept", r.kept}, {"broken", r.broken}, {"rate", r.rate() ? json(*r.rate()) : json(nullptr)}};
}

void KeepingRoute(ApiCall& c) {
  auto to = QueryDate(c.req, "to", c.today);
  if (!to.ok()) return SendStatus(c.res, to.status());
  auto from = QueryDate(c.req, "from", to->AddDays(-365));
  if (!from.ok()) return SendStatus(c.res, from.status());
  auto k = ComputeKeepingRates(c.store.db(), *from, *to);
  if (!k.ok()) return SendStatus(c.res, k.status());
  if (SentAsCsv(c, "engagements-tenus", [&] { return KeepingRatesCsv(*k); })) return;
  SendJson(c.res, 200, {{"from", from->ToIso()}, {"to", to->ToIso()}, {"promises", RateJson(k->promises)}, {"plans", RateJson(k->plans)}});
}

}  // namespace

void RegisterReportRoutes(App& app) {
  const Access who = Access::Roles({Role::kManager, Role::kCollector, Role::kAdmin});
  app.Api(App::Method::kGet, "/api/v1/reports/aging", who, AgingRoute);
  app.Api(App::Method::kGet, "/api/v1/reports/aging-history", who, AgingHistoryRoute);
  app.Api(App::Method::kGet, "/api/v1/reports/dso", who, DsoRoute);
  app.Api(App::Method::kGet, "/api/v1/reports/collected", who, CollectedRoute);
  app.Api(App::Method::kGet, "/api/v1/reports/by-rep", who, ByRepRoute);
  app.Api(App::Method::kGet, "/api/v1/reports/forecast", who, ForecastRoute);
  app.Api(App::Method::kGet, "/api/v1/reports/keeping", who, KeepingRoute);
}

}  // namespace encaisse
