// Core benchmarks: demo generation, the portfolio computation (balance + aging + penalties), the
// collectors' worklist and the 13-week cash forecast over a large demo database, each next to a
// reference measured in the same run on the same machine (a bare SQLite scan), so that the ratio
// says more than the noisy absolute time.
// Prints one table and writes it as JSON. Usage: bench_core OUT_DIR [--invoices N] [--quick]
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "shared/demo/demo_generator.h"
#include "shared/reports/cash_forecast.h"
#include "shared/reports/portfolio.h"
#include "shared/reports/worklist.h"
#include "tests/bench/bench_table.h"

namespace {

using encaisse::Date;

using encaisse::bench::Figure;
using encaisse::bench::Seconds;

void Die(const encaisse::Status& s) {
  std::fprintf(stderr, "bench_core: %s\n", s.ToString().c_str());
  std::exit(1);
}

double GenerateSeconds(const std::string& path, int64_t customers, int64_t invoices) {
  std::remove(path.c_str());
  std::remove((path + "-wal").c_str());
  std::remove((path + "-shm").c_str());
  return Seconds([&] {
    auto store = encaisse::Store::Open(path);
    if (!store.ok()) Die(store.status());
    encaisse::DemoOptions o;
    o.customers = customers;
    o.invoices = invoices;
    o.seed = 7;
    o.today = *Date::ParseIso("2026-11-24");
    auto sum = encaisse::GenerateDemo(*store, o);
    if (!sum.ok()) Die(sum.status());
  });
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: bench_core OUT_DIR [--invoices N]\n");
    return 1;
  }
  const std::string dir = argv[1];
  int64_t big = 1'000'000;
  for (int i = 2; i + 1 < argc; ++i)
    if (std::strcmp(argv[i], "--invoices") == 0) big = std::atoll(argv[i + 1]);
  const int64_t small = std::max<int64_t>(big / 10, 1000);
  mkdir(dir.c_str(), 0755);
  std::vector<Figure> figures;

  const double gen_small = GenerateSeconds(dir + "/demo_small.db", small / 50, small);
  figures.push_back({"demo generation, " + std::to_string(small) + " invoices", gen_small, "s", 1.0 * small / 1e6 * 10, false, 0, ""});
  const std::string big_path = dir + "/demo_big.db";
  const double gen_big = GenerateSeconds(big_path, big / 50, big);
  figures.push_back({"demo generation, " + std::to_string(big) + " invoices", gen_big, "s", 10.0 * big / 1e6, false, 0, ""});

  auto store = encaisse::Store::Open(big_path);
  if (!store.ok()) Die(store.status());
  const Date today = *Date::ParseIso("2026-11-24");
  const auto settings = store->LoadSettings();
  const auto rates = store->LoadRates();
  if (!settings.ok()) Die(settings.status());
  if (!rates.ok()) Die(rates.status());

  // Reference: SQLite alone reading the open rows (id, due date, open amount).
  int64_t sink = 0;
  const double scan = Seconds([&] {
    auto st = store->db().Prepare("SELECT id, due_date, open_minor FROM invoices WHERE status = 'open'");
    if (!st.ok()) Die(st.status());
    while (*st->Step()) sink += st->Int(2) + static_cast<int64_t>(st->Text(1).size());
  }, 3);
  encaisse::Portfolio portfolio;
  const double port = Seconds([&] {
    auto p = encaisse::ComputePortfolio(*store, *settings, *rates, today);
    if (!p.ok()) Die(p.status());
    portfolio = std::move(p).value();
  }, 3);
  figures.push_back({"balance + aging + penalties, " + std::to_string(big) + " invoices", port, "s", 1.0 * big / 1e6, false, scan,
                     "bare SQLite scan of the open rows"});

  size_t worklist_size = 0;
  const double worklist = Seconds([&] {
    auto w = encaisse::BuildWorklist(store->db(), today, encaisse::WorklistFilter{});
    if (!w.ok()) Die(w.status());
    worklist_size = w->size();
  }, 3);
  figures.push_back({"worklist (ranked, every signal), " + std::to_string(big) + " invoices", worklist, "s", 1.0 * big / 1e6, false, scan,
                     "bare SQLite scan of the open rows"});
  int64_t expected = 0;
  const double forecast = Seconds([&] {
    auto f = encaisse::ForecastCollections(store->db(), settings->currency, today);
    if (!f.ok()) Die(f.status());
    expected = f->total_minor();
  }, 3);
  figures.push_back({"cash forecast, 13 weeks, " + std::to_string(big) + " invoices", forecast, "s", 1.0 * big / 1e6, false, scan,
                     "bare SQLite scan of the open rows"});

  const bool all = encaisse::bench::PrintTable(figures, dir + "/bench_core.json");
  std::printf("\nworklist: %zu accounts; forecast: %lld expected in 13 weeks\n", worklist_size, static_cast<long long>(expected));
  std::printf("\nportfolio: %lld open invoices, open %lld, overdue %lld, interest %lld, fees %lld (minor units); sink %lld\n",
              static_cast<long long>(portfolio.open_invoices), static_cast<long long>(portfolio.open_minor),
              static_cast<long long>(portfolio.overdue_minor), static_cast<long long>(portfolio.interest_minor),
              static_cast<long long>(portfolio.fee_minor), static_cast<long long>(sink % 10));
  return all ? 0 : 2;
}
