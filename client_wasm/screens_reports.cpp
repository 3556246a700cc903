// The manager's reports, drawn from this device's data with the server's own report code (so
// they work offline and match the API and its CSV files): the 13-week cash forecast, the DSO
// month by month, collected against falling due per week, the aging today and at each of the
// last twelve month ends, what is overdue per rep and risk class, and how often promises and
// plans are kept. Each exports to CSV.
#include <cstdio>

#include "client_wasm/app.h"
#include "client_wasm/browser.h"
#include "client_wasm/test_hooks.h"
#include "client_wasm/ui_plots.h"
#include "client_wasm/ui_style.h"
#include "client_wasm/ui_widgets.h"

namespace encaisse::client {

namespace {

using nlohmann::json;

constexpr ImU32 kInvoices = IM_COL32(29, 78, 137, 255);
constexpr ImU32 kInstallments = IM_COL32(93, 156, 236, 255);
constexpr ImU32 kPromises = IM_COL32(39, 174, 96, 255);
constexpr ImU32 kDue = IM_COL32(211, 134, 0, 255);

// Axis labels: "950 €", "12 k€", "1,2 M€".
std::string Short(double euros, bool en) {
  char buf[32];
  const char* sep = en ? "." : ",";
  if (euros >= 1e6) std::snprintf(buf, sizeof buf, "%.1f M€", euros / 1e6);
  else if (euros >= 1e3) std::snprintf(buf, sizeof buf, "%.0f k€", euros / 1e3);
  else std::snprintf(buf, sizeof buf, "%.0f €", euros);
  std::string s = buf;
  if (auto dot = s.find('.'); dot != std::string::npos) s.replace(dot, 1, sep);
  return s;
}

double Euros(int64_t minor) { return static_cast<double>(minor) / 100.0; }

std::string DayMonth(Date d) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d/%02d", d.day(), d.month());
  return buf;
}

const char* kMonths[] = {"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."};
const char* kBucketNames[kAgingBucketCount][2] = {
    {"Non échu", "Not due"}, {"1-30 j", "1-30 d"}, {"31-60 j", "31-60 d"}, {"61-90 j", "61-90 d"}, {"> 90 j", "> 90 d"}};
const char* kMonthsEn[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

}  // namespace

void App::ReloadReports() {
  Reports r;
  Db& db = store_.replica().db();
  auto settings = store_.replica().LoadSettings();
  if (!settings.ok()) {
    r.error = settings.status().message();
    reports_ = std::move(r);
    return;
  }
  r.currency = settings->currency;
  const Date today = Today();
  auto fail = [&](const Status& s) { if (r.error.empty()) r.error = s.message(); };
  if (auto f = ForecastCollections(db, r.currency, today); f.ok()) r.forecast = std::move(*f); else fail(f.status());
  if (auto d = DsoByMonth(db, r.currency, today, 12); d.ok()) r.dso = std::move(*d); else fail(d.status());
  if (auto w = CollectedByWeek(db, r.currency, MondayOf(today.AddDays(-12 * 7)), today); w.ok()) r.collected = std::move(*w); else fail(w.status());
  if (auto a = AgingReportSql(db, r.currency, today); a.ok()) r.aging = *a; else fail(a.status());
  if (auto h = AgingByMonth(db, r.currency, today, 12); h.ok()) r.aging_history = std::move(*h); else fail(h.status());
  if (auto b = OverdueByRep(db, r.currency, today); b.ok()) r.by_rep = std::move(*b); else fail(b.status());
  if (auto k = ComputeKeepingRates(db, today.AddDays(-365), today); k.ok()) r.keeping = *k; else fail(k.status());
  reports_ = std::move(r);
}

void App::Export(const char* name, const std::string& csv) {
  last_export_ = std::string(name) + "-" + Today().ToIso() + ".csv";
  SaveFile(last_export_, "text/csv;charset=utf-8", csv);
}

void App::DrawReports() {
  if (!reports_) ReloadReports();
  const Reports& r = *reports_;
  ImGui::BeginChild("reports", ImVec2(0, 0), false);
  DragToScroll();
  if (!r.error.empty()) ColoredText(colors::kLate, r.error);
  const PlotFormat money = [this](double v) { return Short(v, english); };
  auto header = [&](const char* title, const char* export_name, const char* file, const std::function<std::string()>& csv) {
    Section(title);
    ImGui::SameLine(std::max(ImGui::GetCursorPosX() + 20, ImGui::GetContentRegionAvail().x + ImGui::GetCursorPosX() - 170));
    if (Button(T("Exporter en CSV", "Export as CSV"), export_name)) Export(file, csv());
  };

  if (r.forecast) {
    const CashForecast& f = *r.forecast;
    header(T("Prévision d'encaissements, 13 semaines", "Cash forecast, 13 weeks"), "report_export_forecast", "prevision-encaissements",
           [&] { return ForecastCsv(f, r.currency); });
    std::vector<std::string> labels;
    PlotSeries inv{T("Factures", "Invoices"), kInvoices, {}}, ins{T("Échéanciers", "Plans"), kInstallments, {}},
        pro{T("Promesses", "Promises"), kPromises, {}};
    for (const auto& w : f.weeks) {
      labels.push_back(DayMonth(w.start));
      inv.values.push_back(Euros(w.invoices_minor));
      ins.values.push_back(Euros(w.installments_minor));
      pro.values.push_back(Euros(w.promises_minor));
    }
    BarPlot("plot_forecast", labels, {inv, ins, pro}, true, 260, money);
    Figure(T("Attendu sur 13 semaines", "Expected in 13 weeks"), Money(f.total_minor()));
    ImGui::SameLine(0, 40);
    Figure(T("Plus tard", "Later"), Money(f.later_minor));
    ImGui::SameLine(0, 40);
    Figure(T("En retard au-delà de l'habitude", "Later than usual"), Money(f.uncertain_minor), colors::kLate);
    ImGui::SameLine(0, 40);
    char delay[32];
    std::snprintf(delay, sizeof delay, english ? "%.0f days" : "%.0f jours", f.company_delay_days);
    Figure(T("Retard moyen de paiement", "Average payment delay"), delay);
  }

  if (!r.dso.empty()) {
    header(T("DSO (méthode de l'épuisement), 12 mois", "DSO (count-back), 12 months"), "report_export_dso", "dso",
           [&] { return DsoCsv(r.dso, r.currency); });
    std::vector<std::string> labels;
    PlotSeries dso{"DSO", colors::kBrand, {}};
    for (const auto& p : r.dso) {
      labels.push_back(english ? kMonthsEn[p.end.month() - 1] : kMonths[p.end.month() - 1]);
      dso.values.push_back(p.dso.days);
    }
    LinePlot("plot_dso", labels, dso, 220, [this](double v) {
      char buf[24];
      std::snprintf(buf, sizeof buf, english ? "%.0f d" : "%.0f j", v);
      return std::string(buf);
    });
  }

  if (!r.collected.empty()) {
    header(T("Encaissé et échu par semaine", "Collected and falling due per week"), "report_export_collected", "encaissements",
           [&] { return CollectedCsv(r.collected, r.currency); });
    std::vector<std::string> labels;
    PlotSeries got{T("Encaissé", "Collected"), kPromises, {}}, due{T("Échu", "Falling due"), kDue, {}};
    for (const auto& w : r.collected) {
      labels.push_back(DayMonth(w.start));
      got.values.push_back(Euros(w.collected_minor));
      due.values.push_back(Euros(w.due_minor));
    }
    BarPlot("plot_collected", labels, {got, due}, false, 220, money);
  }

  if (r.aging) {
    header(T("Balance âgée", "Aging"), "report_export_aging", "balance-agee", [&] { return AgingCsv(*r.aging, r.currency); });
    std::vector<std::string> labels;
    std::vector<PlotSeries> series;
    for (int b = 0; b < kAgingBucketCount; ++b) {
      labels.push_back(kBucketNames[b][english ? 1 : 0]);
      PlotSeries s{labels.back(), colors::kAging[b], std::vector<double>(kAgingBucketCount, 0.0)};
      s.values[b] = Euros(r.aging->buckets[b].amount_minor);
      series.push_back(std::move(s));
    }
    BarPlot("plot_aging", labels, series, true, 200, money);
  }

  if (!r.aging_history.empty()) {
    header(T("Balance âgée fin de mois, 12 mois", "Aging at each month end, 12 months"), "report_export_aging_history",
           "balance-agee-mensuelle", [&] { return AgingHistoryCsv(r.aging_history, r.currency); });
    std::vector<std::string> labels;
    std::vector<PlotSeries> series;
    for (int b = 0; b < kAgingBucketCount; ++b) series.push_back({kBucketNames[b][english ? 1 : 0], colors::kAging[b], {}});
    for (const auto& p : r.aging_history) {
      labels.push_back(english ? kMonthsEn[p.end.month() - 1] : kMonths[p.end.month() - 1]);
      for (int b = 0; b < kAgingBucketCount; ++b) series[b].values.push_back(Euros(p.aging.buckets[b].amount_minor));
    }
    BarPlot("plot_aging_history", labels, series, true, 240, money);
  }

  if (!r.by_rep.empty()) {
    header(T("Échu par commercial et par risque", "Overdue by rep and risk class"), "report_export_by_rep", "echu-par-commercial",
           [&] { return OverdueByRepCsv(r.by_rep, r.currency); });
    if (ImGui::BeginTable("by_rep", 5, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH)) {
      for (const char* h : {T("Commercial", "Rep"), T("Échu", "Overdue"), T("Risque faible", "Low risk"), T("Risque moyen", "Medium risk"),
                            T("Risque élevé", "High risk")})
        ImGui::TableSetupColumn(h);
      ImGui::TableHeadersRow();
      for (const auto& rep : r.by_rep) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(rep.rep_id ? rep.rep_name.c_str() : T("(sans commercial)", "(no rep)"));
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(Money(rep.total.overdue_minor).c_str());
        for (const auto& cell : rep.by_risk) {
          ImGui::TableNextColumn();
          ImGui::TextUnformatted(Money(cell.overdue_minor).c_str());
        }
      }
      ImGui::EndTable();
    }
  }

  if (r.keeping) {
    header(T("Engagements tenus, 12 mois", "Commitments kept, 12 months"), "report_export_keeping", "engagements-tenus",
           [&] { return KeepingRatesCsv(*r.keeping); });
    auto rate = [&](const char* label, const KeepingRate& k) {
      char buf[64];
      if (k.rate()) std::snprintf(buf, sizeof buf, "%.0f %% (%lld / %lld)", *k.rate() * 100.0, static_cast<long long>(k.kept),
                                  static_cast<long long>(k.kept + k.broken));
      else std::snprintf(buf, sizeof buf, "—");
      Figure(label, buf);
    };
    rate(T("Promesses de paiement tenues", "Promises kept"), r.keeping->promises);
    ImGui::SameLine(0, 60);
    rate(T("Échéanciers menés à terme", "Plans completed"), r.keeping->plans);
  }
  ImGui::Dummy(ImVec2(0, 20));
  ImGui::EndChild();
}

json App::ReportsStateJson() const {
  if (!reports_) return nullptr;
  const Reports& r = *reports_;
  json j = {{"error", r.error}, {"last_export", last_export_}};
  if (r.forecast) {
    json weeks = json::array();
    for (const auto& w : r.forecast->weeks) weeks.push_back(w.total_minor());
    j["forecast"] = {{"total_minor", r.forecast->total_minor()}, {"weeks", weeks}, {"uncertain_minor", r.forecast->uncertain_minor}};
  }
  json dso = json::array();
  for (const auto& p : r.dso) dso.push_back({{"end", p.end.ToIso()}, {"days", p.dso.days}});
  j["dso"] = dso;
  json aging = json::array();
  for (const auto& p : r.aging_history) aging.push_back({{"end", p.end.ToIso()}, {"overdue_minor", p.aging.overdue.amount_minor}});
  j["aging_history"] = aging;
  return j;
}

}  // namespace encaisse::client
