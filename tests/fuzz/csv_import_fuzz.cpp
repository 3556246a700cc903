// Feeds RunImport one CSV file (first byte: invoices, customers or payments; the rest: the
// file) against a small in-memory store: dry run and import agree, the ledger stays
// consistent, a second import changes nothing; every input is rolled back.
#include <cstdint>
#include <optional>
#include <string>

#include "shared/import/import_common.h"
#include "tests/fuzz/fuzz_check.h"

using namespace encaisse;

namespace {

Store& SeededStore() {
  static std::optional<Store> store = [] {
    auto s = Store::Open(":memory:", OpenOptions{.wal = false});
    FUZZ_CHECK(s.ok());
    FUZZ_CHECK(s->AddUser({0, "rep1@demo.test", "Rep", Role::kSalesRep, false}).ok());
    ImportOptions o;
    o.now = "2026-11-24T10:00:00Z";
    auto r = RunImport(*s, ImportKind::kInvoices,
                       "customer_id;customer_name;invoice_number;issue_date;due_date;amount;currency;rep_email\n"
                       "C001;Martin;FA-001;2026-01-01;2026-01-31;100,00;EUR;rep1@demo.test\n"
                       "C001;Martin;FA-002;2026-01-15;2026-02-28;200,00;EUR;\n"
                       "C001;Martin;AV-001;2026-02-01;2026-02-01;-10,00;EUR;\n"
                       "C002;Dubois;FA-001;2026-01-01;2026-01-31;50,00;EUR;\n",
                       o);
    FUZZ_CHECK(r.ok() && r->ok());
    return std::optional<Store>(std::move(s).value());
  }();
  return *store;
}

ImportOptions Options(bool dry_run) {
  ImportOptions o;
  o.dry_run = dry_run;
  o.source = "fuzz.csv";
  o.today = Date::ParseIso("2026-11-24").value();
  o.now = "2026-11-24T10:00:00Z";
  return o;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const ImportKind kind = static_cast<ImportKind>(data[0] % 3);
  const std::string csv(reinterpret_cast<const char*>(data) + 1, size - 1);
  Store& store = SeededStore();
  FUZZ_CHECK(store.db().Exec("BEGIN").ok());  // the imports' transactions nest as savepoints

  auto dry = RunImport(store, kind, csv, Options(true));
  FUZZ_CHECK(dry.ok());  // a failed Result is a database failure: never from a file's content
  FUZZ_CHECK(dry->errors.size() <= kMaxListedImportErrors);
  for (size_t i = 1; i < dry->errors.size(); ++i) FUZZ_CHECK(dry->errors[i - 1].line <= dry->errors[i].line);
  auto real = RunImport(store, kind, csv, Options(false));
  FUZZ_CHECK(real.ok());
  FUZZ_CHECK(real->errors == dry->errors && real->rows == dry->rows);
  FUZZ_CHECK(real->created == dry->created && real->updated == dry->updated && real->unchanged == dry->unchanged);
  FUZZ_CHECK(store.VerifyLedger().ok());
  if (real->ok()) {  // idempotent: the same file again changes nothing
    auto twice = RunImport(store, kind, csv, Options(false));
    FUZZ_CHECK(twice.ok() && twice->ok());
    FUZZ_CHECK(twice->created == 0 && twice->updated == 0);
  }
  FUZZ_CHECK(store.db().Exec("ROLLBACK").ok());
  return 0;
}
