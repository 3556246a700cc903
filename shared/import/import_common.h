// CSV imports of invoices, customers and payments: what every import is told, what it answers,
// and the import history. The rules of each kind are in invoice_import.h, customer_import.h and
// payment_import.h; every one of them is atomic (a file with any bad row writes nothing and
// lists every bad row), idempotent (the same file twice changes nothing the second time) and
// runs in one transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shared/model/entities.h"
#include "shared/store/store.h"

namespace encaisse {

enum class ImportKind { kInvoices, kCustomers, kPayments };
std::string_view ToString(ImportKind kind);              // "invoices", "customers", "payments"
Result<ImportKind> ParseImportKind(std::string_view s);  // the same names

struct ImportOptions {
  bool dry_run = false;  // validate and count, write nothing
  Id user_id = 0;        // who imports (0: the command line), recorded in the history
  std::string source;    // the file name, recorded in the history
  std::optional<Date> today;  // payments dated after it are refused (no check when absent)
  std::string now;       // when, recorded in the history (ISO 8601 UTC)
};

// One bad cell (or line): "line N, column X: why". column is "" for a whole line.
struct ImportError {
  int line = 0;
  std::string column;
  std::string message;
  std::string ToString() const;
  friend bool operator==(const ImportError&, const ImportError&) = default;
};

struct ImportCounts {
  int64_t created = 0;
  int64_t updated = 0;
  int64_t unchanged = 0;
  friend bool operator==(const ImportCounts&, const ImportCounts&) = default;
};

// At most this many errors are listed; the others are counted in errors_not_listed.
inline constexpr size_t kMaxListedImportErrors = 200;

struct ImportResult {
  ImportKind kind = ImportKind::kInvoices;
  bool dry_run = false;
  int64_t rows = 0;  // data records in the file
  // The records of the file's kind: invoices, customers or payments.
  int64_t created = 0;
  int64_t updated = 0;
  int64_t unchanged = 0;
  // The details: customers created by an invoice file; invoices settled by a payment file
  // (updated = invoices whose open amount went down).
  ImportCounts customers;
  ImportCounts invoices;
  ImportCounts payments;
  int64_t allocated_minor = 0;    // payments: settled on invoices
  int64_t unallocated_minor = 0;  // payments: left as a credit on the accounts
  std::vector<ImportError> errors;  // by line; at most kMaxListedImportErrors
  int64_t errors_not_listed = 0;
  std::vector<ImportError> warnings;  // imported anyway (an RF reference with wrong check digits...)
  std::vector<std::string> ignored_columns;  // header names no importer reads
  Id import_id = 0;  // the history row; 0 for a dry run or a refused file

  bool ok() const { return errors.empty(); }
  int64_t error_count() const { return static_cast<int64_t>(errors.size()) + errors_not_listed; }
};

// Runs the importer of `kind`. A refused file is an ok Result whose errors are not empty; a
// failed Result is a database failure (nothing written either).
Result<ImportResult> RunImport(Store& store, ImportKind kind, std::string_view csv, const ImportOptions& options);

// One summary line: "invoices: 120 rows, 100 created, 15 updated, 5 unchanged (customers: ...)".
std::string FormatImportSummary(const ImportResult& result);

// The import history, newest first.
struct ImportRecord {
  Id id = 0;
  std::string kind;
  Id user_id = 0;  // 0: the command line
  std::string user_email;
  std::string source;
  std::string created_at;
  int64_t rows = 0;
  int64_t created = 0;
  int64_t updated = 0;
  int64_t unchanged = 0;
};
// At most `limit` imports with an id below `before_id` (0: from the newest).
Result<std::vector<ImportRecord>> ListImports(Db& db, int limit, Id before_id = 0);

}  // namespace encaisse
