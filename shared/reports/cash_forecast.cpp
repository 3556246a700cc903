#include "shared/reports/cash_forecast.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "shared/reports/collection_reports.h"

namespace encaisse {
namespace {

constexpr int kHistoryDays = 365;

// Amount-weighted mean delay per customer, and the company's, in days (>= 0).
struct Delays {
  std::unordered_map<Id, double> by_customer;
  double company = 0;
  double Of(Id customer) const {
    auto it = by_customer.find(customer);
    return it == by_customer.end() ? company : it->second;
  }
};

Result<Delays> ObservedDelays(Db& db, const Currency& currency, Date today) {
  auto st = db.Prepare(
      "SELECT customer_id, sum(amount_minor * late), sum(amount_minor) FROM ("
      "  SELECT i.customer_id, i.amount_minor, max(julianday(max(a.date)) - julianday(i.due_date), 0) AS late"
      "  FROM invoices i JOIN allocations a ON a.invoice_id = i.id"
      "  WHERE i.status = 'paid' AND i.amount_minor > 0 AND i.currency = ?1"
      "  GROUP BY i.id HAVING max(a.date) >= ?2) GROUP BY customer_id");
  if (!st.ok()) return st.status();
  st->Bind(1, currency.Code()).Bind(2, today.AddDays(-kHistoryDays).ToIso());
  Delays d;
  double weighted = 0, amount = 0;
  for (;;) {
    auto row = st->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    const double w = sqlite3_column_double(st->raw(), 1), a = static_cast<double>(st->Int(2));
    if (a <= 0) continue;
    d.by_customer[st->Int(0)] = w / a;
    weighted += w;
    amount += a;
  }
  d.company = amount > 0 ? weighted / amount : 0;
  return d;
}

class Weeks {
 public:
  Weeks(CashForecast& f, int count) : f_(f) {
    Date start = f.today;
    for (int i = 0; i < count; ++i) {
      const Date end = MondayOf(start).AddDays(6);
      f.weeks.push_back({start, end});
      start = end.AddDays(1);
    }
  }
  // Where an amount expected on `day` goes; day before today: uncertain.
  void Add(Date day, int64_t amount, int64_t ForecastWeek::*source) {
    if (amount <= 0) return;
    if (day < f_.today) {
      f_.uncertain_minor += amount;
      return;
    }
    for (auto& w : f_.weeks)
      if (day <= w.end) {
        w.*source += amount;
        return;
      }
    f_.later_minor += amount;
  }

 private:
  CashForecast& f_;
};

Date Shifted(Date d, double delay_days) { return d.AddDays(static_cast<int32_t>(std::lround(delay_days))); }

template <typename F>
Status EachRow(Db& db, const char* sql, const Currency& currency, Date today, F&& f) {
  auto st = db.Prepare(sql);
  if (!st.ok()) return st.status();
  st->Bind(1, currency.Code());
  if (sqlite3_bind_parameter_count(st->raw()) >= 2) st->Bind(2, today.ToIso());
  for (;;) {
    auto row = st->Step();
    if (!row.ok()) return row.status();
    if (!*row) return Status::Ok();
    auto day = Date::ParseIso(st->Text(1));
    if (!day.ok()) return Status::Internal("a stored date does not parse: " + std::string(st->Text(1)));
    f(st->Int(0), *day, st->Int(2));
  }
}

// ?1 currency, ?2 today (when used). Columns: customer_id, date, amount.
constexpr const char* kPromisesSql =
    "SELECT p.customer_id, p.promised_date, p.amount_minor FROM promises p JOIN customers c ON c.id = p.customer_id "
    "WHERE p.status = 'pending' AND p.promised_date >= ?2 AND c.insolvency_date IS NULL";
constexpr const char* kInstallmentsSql =
    "SELECT p.customer_id, i.due_date, i.amount_minor - i.paid_minor FROM installments i "
    "JOIN payment_plans p ON p.id = i.plan_id JOIN customers c ON c.id = p.customer_id "
    "WHERE p.status = 'active' AND p.currency = ?1 AND i.paid_minor < i.amount_minor AND c.insolvency_date IS NULL";
constexpr const char* kInvoicesSql =
    "SELECT i.customer_id, i.due_date, i.open_minor FROM invoices i JOIN customers c ON c.id = i.customer_id "
    "WHERE i.status = 'open' AND i.open_minor > 0 AND i.currency = ?1 AND c.insolvency_date IS NULL "
    "AND NOT EXISTS (SELECT 1 FROM disputes d WHERE d.invoice_id = i.id AND d.status = 'open') "
    "AND NOT EXISTS (SELECT 1 FROM plan_invoices pi JOIN payment_plans p ON p.id = pi.plan_id "
    "                WHERE pi.invoice_id = i.id AND p.status IN ('active', 'pending')) "
    "ORDER BY i.customer_id, i.due_date, i.id";

}  // namespace

int64_t CashForecast::total_minor() const {
  int64_t t = 0;
  for (const auto& w : weeks) t += w.total_minor();
  return t;
}

Result<CashForecast> ForecastCollections(Db& db, const Currency& currency, Date today, int weeks) {
  if (weeks < 1 || weeks > 104) return Status::Invalid("weeks must be between 1 and 104", "weeks");
  CashForecast f;
  f.today = today;
  Weeks out(f, weeks);
  Delays delays;
  ENC_ASSIGN_OR_RETURN(delays, ObservedDelays(db, currency, today));
  f.company_delay_days = delays.company;

  std::unordered_map<Id, int64_t> promised;  // what the promises will pay of each customer's invoices
  ENC_RETURN_IF_ERROR(EachRow(db, kPromisesSql, currency, today, [&](Id customer, Date day, int64_t amount) {
    out.Add(day, amount, &ForecastWeek::promises_minor);
    promised[customer] += amount;
  }));
  ENC_RETURN_IF_ERROR(EachRow(db, kInstallmentsSql, currency, today, [&](Id customer, Date day, int64_t amount) {
    out.Add(std::max(today, Shifted(day, delays.Of(customer))), amount, &ForecastWeek::installments_minor);
  }));
  ENC_RETURN_IF_ERROR(EachRow(db, kInvoicesSql, currency, today, [&](Id customer, Date due, int64_t open) {
    int64_t& covered = promised[customer];  // oldest invoices first
    const int64_t taken = std::min(covered, open);
    covered -= taken;
    out.Add(Shifted(due, delays.Of(customer)), open - taken, &ForecastWeek::invoices_minor);
  }));
  return f;
}

}  // namespace encaisse
