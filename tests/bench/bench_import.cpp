// Import benchmark: a French-style invoice CSV (';', decimal comma, DD/MM/YYYY) of 100 000 rows
// imported into a fresh store (customers created, invoices inserted, change log written, one
// transaction), then the same file again (every row unchanged), each next to a reference measured
// in the same run: bare SQLite inserting the same rows with one prepared statement in one
// transaction, on the same pragmas (WAL, synchronous=FULL).
// Prints one table (as bench_core does) and writes it as JSON.
// Usage: bench_import OUT_DIR [--invoices N]
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <cstring>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "shared/import/import_common.h"
#include "shared/store/store.h"
#include "tests/bench/bench_table.h"

namespace {

using encaisse::Date;

using encaisse::bench::Figure;

struct InvoiceRow {
  int customer;
  int64_t number;
  Date issue, due;
  int64_t amount;
};

void Die(const encaisse::Status& s) {
  std::fprintf(stderr, "bench_import: %s\n", s.ToString().c_str());
  std::exit(1);
}

using encaisse::bench::Seconds;

void RemoveDb(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) std::remove((path + suffix).c_str());
}

std::string FrenchDate(Date d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d/%02d/%04d", d.day(), d.month(), d.year());
  return buf;
}

std::string FrenchAmount(int64_t minor) {
  std::string whole = std::to_string(minor / 100);
  for (int i = static_cast<int>(whole.size()) - 3; i > 0; i -= 3) whole.insert(static_cast<size_t>(i), " ");
  char cents[8];
  std::snprintf(cents, sizeof cents, ",%02d", static_cast<int>(minor % 100));
  return whole + cents;
}

std::vector<InvoiceRow> MakeRows(int64_t n) {
  std::vector<InvoiceRow> rows;
  rows.reserve(static_cast<size_t>(n));
  const Date start = *Date::ParseIso("2025-01-01");
  uint64_t x = 88172645463325252ull;  // xorshift: the same rows every run
  auto next = [&x] {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return x;
  };
  const int customers = static_cast<int>(std::max<int64_t>(n / 50, 1));
  for (int64_t i = 0; i < n; ++i) {
    const Date issue = start.AddDays(static_cast<int32_t>(next() % 600));
    rows.push_back({static_cast<int>(next() % static_cast<uint64_t>(customers)), i + 1, issue,
                    issue.AddDays(next() % 2 ? 30 : 60), static_cast<int64_t>(5000 + next() % 2'000'000)});
  }
  return rows;
}

std::string MakeCsv(const std::vector<InvoiceRow>& rows) {
  std::string csv = "\xEF\xBB\xBF" "customer_id;customer_name;invoice_number;issue_date;due_date;amount;currency;email\r\n";
  csv.reserve(rows.size() * 110);
  for (const auto& r : rows) {
    const std::string c = std::to_string(r.customer);
    csv += "C" + c + ";\"Client " + c + " SARL\";FA-" + std::to_string(r.number) + ";" + FrenchDate(r.issue) + ";" +
           FrenchDate(r.due) + ";\"" + FrenchAmount(r.amount) + "\";EUR;compta" + c + "@client.test\r\n";
  }
  return csv;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: bench_import OUT_DIR [--invoices N]\n");
    return 1;
  }
  const std::string dir = argv[1];
  int64_t n = 100'000;
  for (int i = 2; i + 1 < argc; ++i)
    if (std::strcmp(argv[i], "--invoices") == 0) n = std::atoll(argv[i + 1]);
  mkdir(dir.c_str(), 0755);

  const std::vector<InvoiceRow> rows = MakeRows(n);
  const std::string csv_path = dir + "/invoices.csv";
  std::ofstream(csv_path, std::ios::binary) << MakeCsv(rows);

  // Reference: bare SQLite, the same rows already parsed, one prepared INSERT, one transaction.
  const std::string ref_path = dir + "/reference.db";
  RemoveDb(ref_path);
  const double reference = Seconds([&] {
    auto db = encaisse::Db::Open(ref_path);
    if (!db.ok()) Die(db.status());
    encaisse::Status s = db->Exec(
        "CREATE TABLE invoices (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL, number TEXT NOT NULL, "
        "issue_date TEXT NOT NULL, due_date TEXT NOT NULL, amount_minor INTEGER NOT NULL, currency TEXT NOT NULL, "
        "status TEXT NOT NULL, open_minor INTEGER NOT NULL)");
    if (!s.ok()) Die(s);
    auto tx = encaisse::Transaction::Begin(*db);
    if (!tx.ok()) Die(tx.status());
    auto st = db->Prepare(
        "INSERT INTO invoices (customer_id, number, issue_date, due_date, amount_minor, currency, status, open_minor) "
        "VALUES (?, ?, ?, ?, ?, ?, 'open', ?)");
    if (!st.ok()) Die(st.status());
    for (const auto& r : rows) {
      s = st->Bind(1, r.customer + 1).Bind(2, "FA-" + std::to_string(r.number)).Bind(3, r.issue.ToIso())
              .Bind(4, r.due.ToIso()).Bind(5, r.amount).Bind(6, "EUR").Bind(7, r.amount).Run();
      if (!s.ok()) Die(s);
    }
    s = tx->Commit();
    if (!s.ok()) Die(s);
  });

  const std::string db_path = dir + "/import.db";
  RemoveDb(db_path);
  auto store = encaisse::Store::Open(db_path);
  if (!store.ok()) Die(store.status());
  encaisse::ImportOptions options;
  options.source = "invoices.csv";
  options.today = *Date::ParseIso("2026-11-24");
  options.now = "2026-11-24T10:00:00Z";
  auto import_once = [&](int64_t* created, int64_t* unchanged) {
    return Seconds([&] {
      const std::string csv = ReadFile(csv_path);
      auto r = encaisse::RunImport(*store, encaisse::ImportKind::kInvoices, csv, options);
      if (!r.ok()) Die(r.status());
      if (!r->ok()) Die(encaisse::Status::Invalid("the generated file was refused: " + r->errors.front().ToString()));
      *created = r->created;
      *unchanged = r->unchanged;
    });
  };
  int64_t created = 0, unchanged = 0;
  const std::clock_t cpu0 = std::clock();
  const double first = import_once(&created, &unchanged);
  // The processor time of the same import: on a machine busy with other work the wall-clock
  // figure grows, this one much less.
  const double first_cpu = static_cast<double>(std::clock() - cpu0) / CLOCKS_PER_SEC;
  if (created != n) Die(encaisse::Status::Internal("created " + std::to_string(created) + " invoices, not " + std::to_string(n)));
  const double again = import_once(&created, &unchanged);
  if (unchanged != n) Die(encaisse::Status::Internal("the second import left " + std::to_string(unchanged) + " unchanged, not " + std::to_string(n)));

  const double goal = 1.0;  // seconds, for the 100 000-row file the issue names
  std::vector<Figure> figures = {
      {"import " + std::to_string(n) + " invoices (new store)", first, "s", goal, false, reference, "bare SQLite inserts"},
      {"  the same import, processor time", first_cpu, "s", goal, false, 0, ""},
      {"re-import the same file (all unchanged)", again, "s", goal, false, reference, "bare SQLite inserts"},
  };

  const bool all = encaisse::bench::PrintTable(figures, dir + "/bench_import.json");
  std::printf("\nimport: %lld rows, file %lld bytes\n", static_cast<long long>(n),
              static_cast<long long>(ReadFile(csv_path).size()));
  return all ? 0 : 2;
}
