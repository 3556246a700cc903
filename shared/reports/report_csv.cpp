#include "shared/reports/report_csv.h"

#include <algorithm>
#include <cstdio>
#include <initializer_list>

namespace encaisse {
namespace {

class Csv {
 public:
  Csv() : out_("\xEF\xBB\xBF") {}
  Csv& Row(std::initializer_list<std::string> fields) {
    bool first = true;
    for (const auto& f : fields) {
      if (!first) out_ += ';';
      first = false;
      if (f.find_first_of(";\"\r\n") == std::string::npos) {
        out_ += f;
        continue;
      }
      out_ += '"';
      for (char c : f) out_ += c == '"' ? std::string("\"\"") : std::string(1, c);
      out_ += '"';
    }
    out_ += "\r\n";
    return *this;
  }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

std::string Amount(int64_t minor, const Currency& currency) {
  std::string s = FormatPlain(minor, currency);
  std::replace(s.begin(), s.end(), '.', ',');
  return s;
}

std::string Number(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  std::string s = buf;
  std::replace(s.begin(), s.end(), '.', ',');
  return s;
}

std::string Int(int64_t v) { return std::to_string(v); }

std::string Rate(const KeepingRate& r) { return r.rate() ? Number(*r.rate() * 100.0, 1) : ""; }

}  // namespace

std::string ForecastCsv(const CashForecast& f, const Currency& c) {
  Csv csv;
  csv.Row({"semaine", "du", "au", "factures", "echeanciers", "promesses", "total"});
  for (const auto& w : f.weeks)
    csv.Row({IsoWeekOf(w.start).ToString(), w.start.ToIso(), w.end.ToIso(), Amount(w.invoices_minor, c),
             Amount(w.installments_minor, c), Amount(w.promises_minor, c), Amount(w.total_minor(), c)});
  csv.Row({"total " + std::to_string(f.weeks.size()) + " semaines", "", "", "", "", "", Amount(f.total_minor(), c)});
  csv.Row({"plus tard", "", "", "", "", "", Amount(f.later_minor, c)});
  csv.Row({"en retard au-delà de l'habitude du client", "", "", "", "", "", Amount(f.uncertain_minor, c)});
  return csv.Take();
}

std::string DsoCsv(const std::vector<DsoPoint>& points, const Currency& c) {
  Csv csv;
  csv.Row({"date", "dso_jours", "encours", "plafonne"});
  for (const auto& p : points) csv.Row({p.end.ToIso(), Number(p.dso.days, 1), Amount(p.dso.receivables_minor, c), p.dso.capped ? "oui" : "non"});
  return csv.Take();
}

std::string CollectedCsv(const std::vector<WeekRow>& weeks, const Currency& c) {
  Csv csv;
  csv.Row({"semaine", "du", "au", "encaisse", "paiements", "echu", "factures_echues"});
  for (const auto& w : weeks)
    csv.Row({w.week.ToString(), w.start.ToIso(), w.end.ToIso(), Amount(w.collected_minor, c), Int(w.payments), Amount(w.due_minor, c),
             Int(w.invoices_due)});
  return csv.Take();
}

std::string AgingCsv(const AgingReport& aging, const Currency& c) {
  Csv csv;
  csv.Row({"tranche", "montant", "factures"});
  for (int b = 0; b < kAgingBucketCount; ++b)
    csv.Row({std::string(ToString(static_cast<AgingBucket>(b))), Amount(aging.buckets[b].amount_minor, c), Int(aging.buckets[b].invoices)});
  csv.Row({"echu", Amount(aging.overdue.amount_minor, c), Int(aging.overdue.invoices)});
  csv.Row({"total", Amount(aging.total.amount_minor, c), Int(aging.total.invoices)});
  return csv.Take();
}

std::string AgingHistoryCsv(const std::vector<AgingPoint>& points, const Currency& c) {
  Csv csv;
  csv.Row({"fin_de_mois", "non_echu", "1_30", "31_60", "61_90", "plus_90", "echu", "total"});
  for (const auto& p : points) {
    const auto& b = p.aging.buckets;
    csv.Row({p.end.ToIso(), Amount(b[0].amount_minor, c), Amount(b[1].amount_minor, c), Amount(b[2].amount_minor, c),
             Amount(b[3].amount_minor, c), Amount(b[4].amount_minor, c), Amount(p.aging.overdue.amount_minor, c),
             Amount(p.aging.total.amount_minor, c)});
  }
  return csv.Take();
}

std::string OverdueByRepCsv(const std::vector<RepOverdue>& reps, const Currency& c) {
  Csv csv;
  csv.Row({"commercial", "echu", "factures", "clients", "echu_risque_faible", "echu_risque_moyen", "echu_risque_eleve"});
  for (const auto& r : reps)
    csv.Row({r.rep_id ? r.rep_name : "(sans commercial)", Amount(r.total.overdue_minor, c), Int(r.total.invoices), Int(r.total.customers),
             Amount(r.by_risk[0].overdue_minor, c), Amount(r.by_risk[1].overdue_minor, c), Amount(r.by_risk[2].overdue_minor, c)});
  return csv.Take();
}

std::string KeepingRatesCsv(const KeepingRates& k) {
  Csv csv;
  csv.Row({"engagement", "du", "au", "tenus", "rompus", "taux_pourcent"});
  csv.Row({"promesses", k.from.ToIso(), k.to.ToIso(), Int(k.promises.kept), Int(k.promises.broken), Rate(k.promises)});
  csv.Row({"echeanciers", k.from.ToIso(), k.to.ToIso(), Int(k.plans.kept), Int(k.plans.broken), Rate(k.plans)});
  return csv.Take();
}

}  // namespace encaisse
