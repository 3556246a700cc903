// Sync benchmarks: a tablet's first sync of a large portfolio, on the server (every page of a
// pull from cursor 0, as the JSON the route sends) next to a same-run reference (SQLite alone
// reading the same rows), and on the tablet's side decoding the pages and applying them to a
// replica, then what the tablet computes for its first screen on that replica. Built natively,
// and in wasm (run under node: the tablet's own code without a browser, writing
// bench_sync_wasm.json with the tablet's figures only); the browser's figures come from
// tests/bench/client_bench.mjs.
// Usage: bench_sync OUT_DIR [--invoices N]
#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "shared/demo/demo_generator.h"
#include "shared/reports/portfolio.h"
#include "shared/store/open_figures.h"
#include "shared/store/replica.h"
#include "shared/store/sync_pull.h"
#include "shared/sync/sync_tables.h"
#include "tests/bench/bench_table.h"

namespace {

using encaisse::Date;
using encaisse::bench::Figure;
using encaisse::bench::Seconds;

void Die(const encaisse::Status& s) {
  std::fprintf(stderr, "bench_sync: %s\n", s.ToString().c_str());
  std::exit(1);
}

void RemoveDb(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) std::remove((path + suffix).c_str());
}

// Every page of a first sync, in CBOR as a tablet asks for them unless told JSON; returns the bodies.
std::vector<std::string> PullAll(encaisse::Db& db, encaisse::SyncViewer viewer, Date today, int64_t* rows,
                                 encaisse::PageFormat format = encaisse::PageFormat::kCbor) {
  std::vector<std::string> pages;
  std::string cursor = "0";
  *rows = 0;
  for (;;) {
    auto page = encaisse::PullChanges(db, viewer, cursor, 5000, today, format);
    if (!page.ok()) Die(page.status());
    *rows += page->changes;
    cursor = page->next.ToString();
    const bool more = page->more;
    pages.push_back(std::move(page->body));
    if (!more) return pages;
  }
}

// Decodes and applies `pages` to a new replica, as a tablet's first sync does: the best of three
// runs in seconds (this noisy machine hides a 10% change in one run). `restore`: the last run's
// time building the indexes at the end.
double ApplyAll(const std::string& replica_path, const std::vector<std::string>& pages, double* restore) {
  return Seconds([&] {
    RemoveDb(replica_path);
    auto replica = encaisse::OpenReplica(replica_path, encaisse::OpenOptions{.wal = false, .cache_kib = 32768});
    if (!replica.ok()) Die(replica.status());
    if (auto s = replica->db().Exec("PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF"); !s.ok()) Die(s);
    if (auto s = encaisse::DeferIndexes(replica->db()); !s.ok()) Die(s);  // a first sync, as the tablet's
    for (const auto& body : pages)
      if (auto r = encaisse::ApplyPullPage(replica->db(), body); !r.ok()) Die(r.status());
    *restore = Seconds([&] {
      if (auto s = encaisse::RestoreIndexes(replica->db()); !s.ok()) Die(s);
    });
  }, 3);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: bench_sync OUT_DIR [--invoices N]\n");
    return 1;
  }
  const std::string dir = argv[1];
  int64_t invoices = 100'000;
  for (int i = 2; i + 1 < argc; ++i)
    if (std::strcmp(argv[i], "--invoices") == 0) invoices = std::atoll(argv[i + 1]);
  mkdir(dir.c_str(), 0755);
  const Date today = *Date::ParseIso("2026-11-24");
  const std::string path = dir + "/sync_server.db";
  RemoveDb(path);
  auto store = encaisse::Store::Open(path);
  if (!store.ok()) Die(store.status());
  encaisse::DemoOptions o;
  o.customers = invoices / 50;
  o.invoices = invoices;
  o.seed = 7;
  o.today = today;
  if (auto sum = encaisse::GenerateDemo(*store, o); !sum.ok()) Die(sum.status());
  auto manager = store->db().QueryInt("SELECT id FROM users WHERE role = 'manager' LIMIT 1");
  auto rep = store->db().QueryInt("SELECT id FROM users WHERE role = 'sales_rep' LIMIT 1");
  if (!manager.ok() || !rep.ok()) Die(manager.ok() ? rep.status() : manager.status());

  std::vector<Figure> figures;
  int64_t sink = 0;  // what the timed loops read, printed so that they are not optimized away
  const std::string n = std::to_string(invoices);
  int64_t rows = 0;
  std::vector<std::string> pages;
#ifdef __EMSCRIPTEN__
  pages = PullAll(store->db(), {*manager, encaisse::Role::kManager}, today, &rows);
  const char* where = "wasm under node";
  const std::string json = dir + "/bench_sync_wasm.json";
#else
  const char* where = "native";
  const std::string json = dir + "/bench_sync.json";

  // Reference: SQLite alone stepping over every row of the replicated tables.
  const double scan = Seconds([&] {
    for (const auto& t : encaisse::SyncTables()) {
      auto st = store->db().Prepare("SELECT * FROM " + std::string(t.name));
      if (!st.ok()) Die(st.status());
      while (*st->Step()) sink += st->Int(0);
    }
  }, 3);

  const double pull = Seconds([&] { pages = PullAll(store->db(), {*manager, encaisse::Role::kManager}, today, &rows); }, 3);
  figures.push_back({"first sync, " + n + " invoices, server (" + std::to_string(rows) + " rows)", pull, "s", 1.0, false, scan,
                     "SQLite reads the rows"});
  int64_t rep_rows = 0;
  const double pull_rep = Seconds([&] { PullAll(store->db(), {*rep, encaisse::Role::kSalesRep}, today, &rep_rows); }, 3);
  figures.push_back({"first sync, one rep's accounts (" + std::to_string(rep_rows) + " rows)", pull_rep, "s", 1.0, false, 0, ""});
#endif

  // The tablet's side: decode each page and apply it to a replica opened as the client does
  // (client_wasm/local_store.cpp), the tablet's CBOR pages against the same pages in JSON.
  const std::string replica_path = dir + "/sync_replica.db";
  const auto json_pages = PullAll(store->db(), {*manager, encaisse::Role::kManager}, today, &rows, encaisse::PageFormat::kJson);
  double restore = 0;
  const double apply_json = ApplyAll(replica_path, json_pages, &restore);
  const double apply = ApplyAll(replica_path, pages, &restore);
  figures.push_back({std::string("decode + apply the pages to a replica (") + where + ")", static_cast<double>(rows) / apply,
                     "rows/s", 200000, true, static_cast<double>(rows) / apply_json, "the same pages in JSON"});
  // One step of the frame loop: the tablet's longest pause in a first sync.
  figures.push_back({std::string("of which the replica's indexes, built at the end (") + where + ")", restore, "s", 0.5, false, 0, ""});

  // What the tablet computes before its first frame (client_wasm/app.cpp, ReloadAll): every
  // account's balance, then the dashboard's portfolio and DSO. Once each, on a replica just
  // opened, as at a cold start.
  auto replica = encaisse::OpenReplica(replica_path, encaisse::OpenOptions{.wal = false, .cache_kib = 32768});
  if (!replica.ok()) Die(replica.status());
  int64_t accounts = 0;
  const double list = Seconds([&] {
    auto open = encaisse::OpenFiguresByCustomer(replica->db(), today);
    if (!open.ok()) Die(open.status());
    auto names = replica->db().Prepare("SELECT id, name, external_id FROM customers ORDER BY fold(name), id");
    if (!names.ok()) Die(names.status());
    for (accounts = 0; *names->Step(); ++accounts) sink += static_cast<int64_t>(open->count(names->Int(0)));
  });
  figures.push_back({"first screen: every account's balance (" + std::to_string(accounts) + " accounts, " + where + ")", list,
                     "s", 0.1, false, 0, ""});
  // The dashboard's figures, as the tablet computes them after a sync (client_wasm/app.cpp,
  // StepDashboard): the portfolio in steps of 256 invoices, a few a frame, then the DSO from
  // what the same pass summed.
  double longest_step = 0, dso_time = 0;
  const double dashboard = Seconds([&] {
    auto settings = replica->LoadSettings();
    auto rates = replica->LoadRates();
    if (!settings.ok() || !rates.ok()) Die(settings.ok() ? rates.status() : settings.status());
    auto scan = encaisse::PortfolioScan::Begin(*replica, *settings, *rates, today);
    if (!scan.ok()) Die(scan.status());
    for (bool done = false; !done;) {
      longest_step = std::max(longest_step, Seconds([&] {
        auto step = scan->Step(256);
        if (!step.ok()) Die(step.status());
        done = *step;
      }));
    }
    dso_time = Seconds([&] { sink += static_cast<int64_t>(scan->sales().Dso(today, 1).size()); });
    sink += scan->Finish().open_minor;
  });
  figures.push_back({std::string("first screen: portfolio, aging, penalties and DSO (") + where + ")", dashboard, "s", 0.15,
                     false, 0, ""});
  figures.push_back({std::string("  its longest step of 256 invoices (") + where + ")", longest_step, "s", 0.006, false, 0, ""});
  figures.push_back({std::string("  the DSO, from the sums of the same pass (") + where + ")", dso_time, "s", 0.006, false, 0, ""});
  size_t bytes = 0, json_bytes = 0;
  for (const auto& p : pages) bytes += p.size();
  for (const auto& p : json_pages) json_bytes += p.size();
  std::printf("checksum %lld\n", static_cast<long long>(sink % 10));
  std::printf("first sync: %zu pages, %.1f MB of CBOR (%.1f MB as JSON)\n", pages.size(), static_cast<double>(bytes) / 1e6,
              static_cast<double>(json_bytes) / 1e6);
  return encaisse::bench::PrintTable(figures, json) ? 0 : 2;
}
