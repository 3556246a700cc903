// The reports of the credit manager and the CFO, computed in SQL aggregates so that a million
// invoices are read once, not loaded: aging by bucket, count-back DSO month by month, money
// collected against money falling due per ISO week, and what is overdue per sales rep and
// risk class. Amounts are in the company currency (invoices and payments in another currency
// are left out); the rules (buckets, count-back) are the ledger's.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "shared/ledger/aging.h"
#include "shared/ledger/dso.h"
#include "shared/model/entities.h"
#include "shared/store/db.h"

namespace encaisse {

struct AgingCell {
  int64_t amount_minor = 0;
  int64_t invoices = 0;
};

struct AgingReport {
  std::array<AgingCell, kAgingBucketCount> buckets{};  // by AgingBucket
  AgingCell total;
  AgingCell overdue;  // every bucket but not_due
};

// What is open now (open invoices, open amount > 0), aged on `as_of` by due date. Reads the
// covering index of open invoices by due date alone when every invoice is in `currency`.
Result<AgingReport> AgingReportSql(Db& db, const Currency& currency, Date as_of);

struct DsoPoint {
  Date end;
  DsoResult dso;
};

// What the count-back DSO stands on, summed by day: sales net of credit notes and positive
// invoice amounts by issue day; payments by the day they count from, the later of payment and
// issue dates (the receivables on day E count an allocation when both are up to E). DsoByMonth
// sums them in a pass of its own; the tablet's dashboard in the portfolio's (PortfolioScan).
class SalesByDay {
 public:
  void AddInvoice(Date issue, int64_t amount_minor);  // <= 0: a credit note
  void AddPayment(Date issue, Date paid, int64_t amount_minor);
  // As DsoByMonth, on the invoices and allocations added (those up to `date`).
  std::vector<DsoPoint> Dso(Date date, int months, int max_months = 24) const;

 private:
  struct Day {
    int64_t net = 0, invoiced = 0, paid = 0;
  };
  std::unordered_map<int32_t, Day> by_day_;
};

// Count-back DSO at `date` and at the end of each of the `months - 1` months before it, oldest
// first (date 2026-11-24, months 3: 2026-09-30, 2026-10-31, 2026-11-24). The same figures as
// CountBackDso over every invoice and allocation, from one pass over the invoices and their
// allocations summed by day (sales by issue day, payments by the day they count from: the later
// of payment and issue dates), whatever the number of months (1M invoices, 12 months: 0.7 s).
Result<std::vector<DsoPoint>> DsoByMonth(Db& db, const Currency& currency, Date date, int months, int max_months = 24);

// The month ends a monthly report shows: the end of each of the `months - 1` months before
// `date`, then `date` itself, oldest first (DsoByMonth's and AgingByMonth's points).
std::vector<Date> MonthEnds(Date date, int months);

struct AgingPoint {
  Date end;
  AgingReport aging;
};

// Aging by bucket at the same month ends as DsoByMonth: what was open on each day E (invoices
// issued by E, not cancelled, less their allocations dated up to E), aged on E by due date.
// The last point is AgingReportSql on `date` when no allocation is dated after it. One pass
// over the invoices and their allocations.
Result<std::vector<AgingPoint>> AgingByMonth(Db& db, const Currency& currency, Date date, int months);

// ISO 8601 week: the week of the year's first Thursday is week 1; weeks start on Monday.
struct IsoWeek {
  int year = 0;
  int week = 0;
  std::string ToString() const;  // "2026-W48"
};
IsoWeek IsoWeekOf(Date d);
inline Date MondayOf(Date d) { return d.AddDays(1 - d.weekday()); }

struct WeekRow {
  IsoWeek week;
  Date start;  // the Monday, or `from` for a first week cut by the range
  Date end;    // the Sunday, or `to`
  int64_t collected_minor = 0;  // payments received that week
  int64_t payments = 0;
  int64_t due_minor = 0;  // invoices (not cancelled, not credit notes) falling due that week
  int64_t invoices_due = 0;
};

// Every ISO week from `from` to `to` (inclusive, cut to the range), also the empty ones.
Result<std::vector<WeekRow>> CollectedByWeek(Db& db, const Currency& currency, Date from, Date to);

struct OverdueCell {
  int64_t overdue_minor = 0;
  int64_t invoices = 0;
  int64_t customers = 0;
};

struct RepOverdue {
  Id rep_id = 0;  // 0: customers without a rep
  std::string rep_name;
  OverdueCell total;
  std::array<OverdueCell, 3> by_risk{};  // by RiskClass
};

// What is overdue on `as_of` (open amounts of open invoices past due), per sales rep (every
// rep, also those with nothing overdue; then customers without a rep, if any) and risk class.
Result<std::vector<RepOverdue>> OverdueByRep(Db& db, const Currency& currency, Date as_of);

}  // namespace encaisse
