// Every report as a CSV file, from the same figures the screens draw (a manager's export and
// the plot cannot disagree). Written as a spreadsheet opens it in France: UTF-8 with a BOM, ';'
// between fields, decimal commas, CRLF; text with ';' or '"' is quoted.
#pragma once

#include <string>
#include <vector>

#include "shared/reports/cash_forecast.h"
#include "shared/reports/collection_reports.h"
#include "shared/reports/keeping_rates.h"

namespace encaisse {

// One row per week, then the total, the later and the uncertain amounts.
std::string ForecastCsv(const CashForecast& f, const Currency& currency);
std::string DsoCsv(const std::vector<DsoPoint>& points, const Currency& currency);
std::string CollectedCsv(const std::vector<WeekRow>& weeks, const Currency& currency);
std::string AgingCsv(const AgingReport& aging, const Currency& currency);
// One row per month end: the buckets, what was overdue, the total.
std::string AgingHistoryCsv(const std::vector<AgingPoint>& points, const Currency& currency);
std::string OverdueByRepCsv(const std::vector<RepOverdue>& reps, const Currency& currency);
std::string KeepingRatesCsv(const KeepingRates& rates);

}  // namespace encaisse
