// What the three importers share: the column map, the error list, the cell parsers, and the
// bulk reads and writes of the store (one query per table, bound values only). Internal to
// shared/import.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "shared/import/csv_reader.h"
#include "shared/import/import_common.h"

namespace encaisse::import_detail {

std::string_view Trim(std::string_view s);  // spaces, tabs, line breaks, no-break spaces
std::string AsciiLower(std::string_view s);

// Every error of a file; sorted by line and capped when handed to the result.
class ErrorList {
 public:
  void Add(int line, std::string_view column, std::string message);
  bool empty() const { return all_.empty(); }
  size_t size() const { return all_.size(); }
  void MoveTo(ImportResult* result);

 private:
  std::vector<ImportError> all_;
};

struct ColumnSpec {
  std::string_view name;
  bool required;
};

// Where each expected column is in the file.
class Columns {
 public:
  // Adds an error (on the header line) for a required column that is missing and for a column
  // named twice; names no spec knows go to `ignored`.
  Columns(const CsvFile& file, std::span<const ColumnSpec> specs, ErrorList* errors, std::vector<std::string>* ignored);
  bool Has(size_t spec) const { return index_[spec] >= 0; }
  // The trimmed cell of a spec; "" when the column is absent or the record is short.
  std::string_view Cell(const CsvRecord& rec, size_t spec) const {
    const int i = index_[spec];
    return i >= 0 && static_cast<size_t>(i) < rec.fields.size() ? Trim(rec.fields[static_cast<size_t>(i)]) : std::string_view();
  }
  // False (with an error) when the record has non-empty cells beyond the header's columns.
  bool CheckWidth(const CsvRecord& rec, ErrorList* errors) const;

 private:
  std::vector<int> index_;
  size_t header_size_ = 0;
};

// Cell parsers: the value, or a message for "line N, column X: <message>".
Result<Date> ParseDateCell(std::string_view text);
Result<Currency> ParseCurrencyCell(std::string_view text, const Currency& company_currency);
Result<int64_t> ParseAmountCell(std::string_view text, const Currency& currency);
Result<bool> ParseBusinessCell(std::string_view text);  // 1/0, true/false, oui/non, yes/no, B2B/B2C
Result<std::string_view> ParseLanguageCell(std::string_view text);  // "fr", "en" (fr-FR, EN...)
Result<std::string_view> ParseEmailCell(std::string_view text);      // the text itself when valid
Result<int32_t> ParseWholeCell(std::string_view text, int32_t min, int32_t max, std::string_view what);
Result<RiskClass> ParseRiskClassCell(std::string_view text);  // low/medium/high (faible/moyen/élevé)
// Text without control characters (line breaks allowed when `multiline`), at most `max` bytes.
Status CheckTextCell(std::string_view text, size_t max, bool multiline = false);
// The trimmed text of a cell into `out`; false with an error when it is bad, or empty while
// `required`.
bool TextCell(const Columns& cols, const CsvRecord& rec, size_t spec, std::string_view column, size_t max, bool required,
              ErrorList* errors, std::string_view* out);
// "YYYY-MM-DD", without printf (imports format hundreds of thousands of dates).
std::string IsoDate(Date d);
// A prefix of at most `max` bytes that does not cut a UTF-8 sequence.
std::string Utf8Prefix(std::string_view s, size_t max);

// The optional customer columns both invoice and customer files may carry; nullopt when the
// column is absent or the cell empty (the stored value is then kept). Views into the CSV file.
struct ContactCells {
  std::optional<std::string_view> email, phone, address, language, rep_email;
  std::optional<bool> business;
};
// Spec indices of the contact columns in a kind's spec list.
struct ContactSpecs {
  size_t email, phone, address, language, rep_email, business;
};
// Parses the contact cells of a record; false when one of them is bad (errors added).
bool ParseContactCells(const Columns& cols, const ContactSpecs& specs, const CsvRecord& rec, ErrorList* errors,
                       ContactCells* out);
// Overlays the given cells on a customer; rep_id from `rep_id` when rep_email was given.
void ApplyContactCells(const ContactCells& cells, Id rep_id, Customer* c);

// Sales reps by lower-case email.
class RepDirectory {
 public:
  static Result<RepDirectory> Load(Store& store);
  // The rep's id, or a message (unknown user, not a sales rep, disabled).
  Result<Id> Find(std::string_view email) const;

 private:
  std::unordered_map<std::string, User> by_email_;
};

// A stored customer and its external risk score.
struct StoredCustomer {
  Customer customer;
  std::optional<int32_t> risk_score;
};

// Reads the customers whose external ids are listed (one query).
Result<std::unordered_map<std::string, StoredCustomer>> LoadCustomers(Db& db, const std::vector<std::string>& external_ids);
// Reads every invoice of the listed customers (one query).
Result<std::vector<Invoice>> LoadInvoices(Db& db, const std::vector<Id>& customer_ids);
// Invoices of the listed customers with an allocation on either side (paid by a payment or
// settled with a credit note, or a credit note used to settle).
Result<std::unordered_set<Id>> LoadAllocatedInvoiceIds(Db& db, const std::vector<Id>& customer_ids);
// Invoices covered by a pending or active installment plan.
Result<std::unordered_set<Id>> LoadPlannedInvoiceIds(Db& db, const std::vector<Id>& customer_ids);
// Invoices with an open dispute (left out of FIFO allocation).
Result<std::unordered_set<Id>> LoadDisputedInvoiceIds(Db& db, const std::vector<Id>& customer_ids);

// The next free id of `customers` or `payments` (inside the write transaction, so that rows
// can be inserted in batches with their ids known).
Result<Id> NextCustomerId(Db& db);
Result<Id> NextPaymentId(Db& db);

// Rows per multi-row INSERT of the importers: as many as SQLite's default 32 766 bound values
// allow. A statement that fires triggers (the change log) keeps a statement journal of the pages
// it changes, and past 64 KiB that journal goes to a temporary file: BatchInsert's default
// 64-row statements copied the same index pages out again and again (invoices reach their
// indexes at random places); a few big statements copy each page a few times. Measured on
// 100 000 invoices: the insert phase about 2.5 times faster than with 64-row statements.
inline int RowsPerBatch(int columns) { return 32'000 / columns; }

// Inserts new customers (their ids set) in batches.
Status InsertCustomers(Db& db, std::span<const StoredCustomer> customers);

// Adds the history row and sets result->import_id.
Status RecordImport(Db& db, const ImportOptions& options, ImportResult* result);

}  // namespace encaisse::import_detail
