#include "shared/import/invoice_import.h"

#include <algorithm>
#include <functional>
#include <unordered_map>
#include <unordered_set>

#include "shared/import/import_rows.h"
#include "shared/import/risk_policy.h"
#include "shared/store/batch_insert.h"
#include "shared/store/row_codec.h"

namespace encaisse {
namespace {

using namespace import_detail;

enum Col : size_t {
  kCustomerId, kCustomerName, kNumber, kIssueDate, kDueDate, kAmount, kCurrency,
  kEmail, kPhone, kAddress, kLanguage, kRepEmail, kBusiness,
};
constexpr ColumnSpec kSpecs[] = {
    {"customer_id", true}, {"customer_name", true}, {"invoice_number", true}, {"issue_date", true},
    {"due_date", true},    {"amount", true},        {"currency", true},       {"email", false},
    {"phone", false},      {"address", false},      {"language", false},      {"rep_email", false},
    {"business", false},
};
constexpr ContactSpecs kContact{kEmail, kPhone, kAddress, kLanguage, kRepEmail, kBusiness};

// One valid row. The texts are views into the CSV file, which outlives the import.
struct Row {
  int line = 0;
  std::string_view customer_ext;
  std::string_view customer_name;
  std::string_view number;
  Date issue_date;
  Date due_date;
  int64_t amount = 0;
  Currency currency;
  ContactCells contact;
};

// (customer, invoice number) as a hash key, without building a string per row.
template <typename C>
struct InvoiceKey {
  C customer;
  std::string_view number;
  friend bool operator==(const InvoiceKey&, const InvoiceKey&) = default;
};
struct InvoiceKeyHash {
  template <typename C>
  size_t operator()(const InvoiceKey<C>& k) const {
    return std::hash<C>()(k.customer) * 1000003u ^ std::hash<std::string_view>()(k.number);
  }
};

// Phase 1: every cell of every row, without the database.
std::vector<Row> ParseRows(const CsvFile& file, const Columns& cols, const Currency& company_currency, ErrorList* errors) {
  std::vector<Row> rows;
  rows.reserve(file.records.size());
  std::unordered_map<InvoiceKey<std::string_view>, int, InvoiceKeyHash> first_line;  // -> line
  first_line.reserve(file.records.size());
  for (const CsvRecord& rec : file.records) {
    bool ok = cols.CheckWidth(rec, errors);
    Row r;
    r.line = rec.line;
    ok &= TextCell(cols, rec, kCustomerId, "customer_id", 64, true, errors, &r.customer_ext);
    ok &= TextCell(cols, rec, kCustomerName, "customer_name", 200, false, errors, &r.customer_name);
    ok &= TextCell(cols, rec, kNumber, "invoice_number", 64, true, errors, &r.number);
    auto issue = ParseDateCell(cols.Cell(rec, kIssueDate));
    if (issue.ok()) r.issue_date = *issue;
    else errors->Add(rec.line, "issue_date", issue.status().message()), ok = false;
    auto due = ParseDateCell(cols.Cell(rec, kDueDate));
    if (due.ok()) r.due_date = *due;
    else errors->Add(rec.line, "due_date", due.status().message()), ok = false;
    if (issue.ok() && due.ok() && r.due_date < r.issue_date)
      errors->Add(rec.line, "due_date", "the due date " + r.due_date.ToIso() + " is before the issue date " + r.issue_date.ToIso()),
          ok = false;
    auto currency = ParseCurrencyCell(cols.Cell(rec, kCurrency), company_currency);
    if (currency.ok()) r.currency = *currency;
    else errors->Add(rec.line, "currency", currency.status().message()), ok = false;
    // With an unknown currency the amount is still read (as the company's) to report it too.
    auto amount = ParseAmountCell(cols.Cell(rec, kAmount), currency.ok() ? *currency : company_currency);
    if (!amount.ok()) errors->Add(rec.line, "amount", amount.status().message()), ok = false;
    else if (*amount == 0) errors->Add(rec.line, "amount", "the amount is zero (a credit note has a negative amount)"), ok = false;
    else r.amount = *amount;
    ok &= ParseContactCells(cols, kContact, rec, errors, &r.contact);
    if (!r.customer_ext.empty() && !r.number.empty()) {
      auto [it, inserted] = first_line.emplace(InvoiceKey<std::string_view>{r.customer_ext, r.number}, rec.line);
      if (!inserted) {
        errors->Add(rec.line, "invoice_number",
                    "invoice " + std::string(r.number) + " of customer " + std::string(r.customer_ext) +
                        " is already on line " + std::to_string(it->second));
        ok = false;
      }
    }
    if (ok) rows.push_back(r);
  }
  return rows;
}

}  // namespace

Result<ImportResult> ImportInvoices(Store& store, std::string_view csv, const ImportOptions& options) {
  ImportResult result;
  result.kind = ImportKind::kInvoices;
  result.dry_run = options.dry_run;
  ErrorList errors;
  CsvError csv_error;
  auto file = ReadCsv(csv, &csv_error);
  if (!file.ok()) {
    errors.Add(csv_error.line, "", csv_error.message);
    errors.MoveTo(&result);
    return result;
  }
  result.rows = static_cast<int64_t>(file->records.size());
  const Columns cols(*file, kSpecs, &errors, &result.ignored_columns);
  if (!errors.empty()) {  // a missing column: every row would repeat it
    errors.MoveTo(&result);
    return result;
  }
  auto settings = store.LoadSettings();
  if (!settings.ok()) return settings.status();
  const std::vector<Row> rows = ParseRows(*file, cols, settings->currency, &errors);

  // Phase 2: against the stored customers and invoices, inside the write transaction so that
  // nothing changes between the checks and the writes.
  Db& db = store.db();
  auto begun = Transaction::Begin(db);
  if (!begun.ok()) return begun.status();
  Transaction tx(std::move(begun).value());
  auto policy = LoadRiskPolicy(db);
  if (!policy.ok()) return policy.status();
  auto reps = RepDirectory::Load(store);
  if (!reps.ok()) return reps.status();

  std::vector<std::string> external_ids;
  {
    std::unordered_set<std::string_view> seen;
    for (const Row& r : rows)
      if (seen.insert(r.customer_ext).second) external_ids.emplace_back(r.customer_ext);
  }
  auto stored = LoadCustomers(db, external_ids);
  if (!stored.ok()) return stored.status();
  std::unordered_map<std::string_view, const StoredCustomer*> stored_by_ext;
  std::vector<Id> customer_ids;
  for (const auto& [ext, s] : *stored) {
    stored_by_ext.emplace(ext, &s);
    customer_ids.push_back(s.customer.id);
  }
  auto invoices = LoadInvoices(db, customer_ids);
  if (!invoices.ok()) return invoices.status();
  std::unordered_set<Id> allocated, planned;
  if (!invoices->empty()) {
    ENC_ASSIGN_OR_RETURN(allocated, LoadAllocatedInvoiceIds(db, customer_ids));
    ENC_ASSIGN_OR_RETURN(planned, LoadPlannedInvoiceIds(db, customer_ids));
  }
  std::unordered_map<InvoiceKey<Id>, const Invoice*, InvoiceKeyHash> by_key;
  by_key.reserve(invoices->size());
  for (const Invoice& inv : *invoices) by_key.emplace(InvoiceKey<Id>{inv.customer_id, inv.number}, &inv);

  std::vector<StoredCustomer> new_customers;
  std::unordered_map<std::string_view, Id> new_ids;  // external id -> id given
  std::unordered_set<Id> existing_used;
  Id next_id = 0;
  struct Insert {
    const Row* row;
    Id customer_id;
  };
  struct Update {
    const Row* row;
    Id invoice_id;
  };
  std::vector<Insert> inserts;
  std::vector<Update> updates;
  inserts.reserve(rows.size());
  int64_t unchanged = 0;

  for (const Row& r : rows) {
    Id rep_id = 0;
    if (r.contact.rep_email) {
      auto rep = reps->Find(*r.contact.rep_email);
      if (!rep.ok()) {
        errors.Add(r.line, "rep_email", rep.status().message());
        continue;
      }
      rep_id = *rep;
    }
    auto found = stored_by_ext.find(r.customer_ext);
    if (found == stored_by_ext.end()) {
      auto known = new_ids.find(r.customer_ext);
      Id id = 0;
      if (known != new_ids.end()) {
        id = known->second;
      } else {
        if (r.customer_name.empty()) {
          errors.Add(r.line, "customer_name", "customer " + std::string(r.customer_ext) + " is new: its name is required");
          continue;
        }
        if (next_id == 0) ENC_ASSIGN_OR_RETURN(next_id, NextCustomerId(db));
        StoredCustomer s;
        Customer& c = s.customer;
        c.id = id = next_id++;
        c.external_id = r.customer_ext;
        c.name = r.customer_name;
        c.risk = RiskClass::kMedium;
        c.payment_terms_days = policy->TermsFor(c.risk);
        ApplyContactCells(r.contact, rep_id, &c);
        new_customers.push_back(std::move(s));
        new_ids.emplace(r.customer_ext, id);
      }
      inserts.push_back({&r, id});
      continue;
    }
    const Id customer_id = found->second->customer.id;
    existing_used.insert(customer_id);
    auto inv_it = by_key.find(InvoiceKey<Id>{customer_id, r.number});
    if (inv_it == by_key.end()) {
      inserts.push_back({&r, customer_id});
      continue;
    }
    const Invoice& inv = *inv_it->second;
    const std::string number(r.number);
    if (!(inv.currency == r.currency)) {
      errors.Add(r.line, "currency",
                 "invoice " + number + " is in " + std::string(inv.currency.Code()) + ": its currency cannot change to " +
                     std::string(r.currency.Code()));
      continue;
    }
    if (inv.amount_minor != r.amount) {
      const std::string change = " from " + FormatPlain(inv.amount_minor, inv.currency) + " to " +
                                 FormatPlain(r.amount, r.currency);
      if ((inv.amount_minor < 0) != (r.amount < 0)) {
        errors.Add(r.line, "amount", (inv.amount_minor < 0 ? "credit note " : "invoice ") + number + " cannot change sign" +
                                         change + " (issue a credit note instead)");
        continue;
      }
      if (allocated.count(inv.id)) {
        errors.Add(r.line, "amount",
                   "invoice " + number + " already has payments or credit notes allocated: its amount cannot change" + change +
                       " (issue a credit note for the difference instead)");
        continue;
      }
      if (planned.count(inv.id)) {
        errors.Add(r.line, "amount", "invoice " + number + " is covered by an installment plan: its amount cannot change" + change);
        continue;
      }
    }
    if (inv.amount_minor != r.amount || inv.issue_date != r.issue_date || inv.due_date != r.due_date)
      updates.push_back({&r, inv.id});
    else
      ++unchanged;
  }

  if (!errors.empty()) {
    errors.MoveTo(&result);
    return result;  // the transaction rolls back: nothing was written
  }
  result.invoices = {static_cast<int64_t>(inserts.size()), static_cast<int64_t>(updates.size()), unchanged};
  result.customers = {static_cast<int64_t>(new_customers.size()), 0, static_cast<int64_t>(existing_used.size())};
  result.created = result.invoices.created;
  result.updated = result.invoices.updated;
  result.unchanged = result.invoices.unchanged;
  if (options.dry_run) return result;

  ENC_RETURN_IF_ERROR(InsertCustomers(db, new_customers));
  {
    BatchInsert insert(db,
                       "INSERT INTO invoices (customer_id, number, issue_date, due_date, amount_minor, currency, status, "
                       "open_minor)",
                       8, RowsPerBatch(8));
    // Customer by customer (file order within one): the (customer, number) index then grows
    // at a few places instead of at random ones.
    std::stable_sort(inserts.begin(), inserts.end(),
                     [](const Insert& a, const Insert& b) { return a.customer_id < b.customer_id; });
    const std::string open = "open";
    for (const Insert& ins : inserts) {
      const Row& r = *ins.row;
      ENC_RETURN_IF_ERROR(insert.Add({ins.customer_id, std::string(r.number), IsoDate(r.issue_date), IsoDate(r.due_date),
                                      r.amount, std::string(r.currency.Code()), open, r.amount}));
    }
    ENC_RETURN_IF_ERROR(insert.Flush());
  }
  if (!updates.empty()) {
    // No allocation touches an invoice whose amount changes (checked above), so its open
    // amount moves by the same difference.
    auto update = db.Prepare(
        "UPDATE invoices SET issue_date = ?1, due_date = ?2, "
        "open_minor = CASE WHEN status = 'open' THEN open_minor + (?3 - amount_minor) ELSE open_minor END, "
        "amount_minor = ?3 WHERE id = ?4");
    if (!update.ok()) return update.status();
    for (const Update& u : updates) {
      ENC_RETURN_IF_ERROR(update->Bind(1, IsoDate(u.row->issue_date)).Bind(2, IsoDate(u.row->due_date))
                              .Bind(3, u.row->amount).Bind(4, u.invoice_id).Run());
    }
  }
  ENC_RETURN_IF_ERROR(RecordImport(db, options, &result));
  ENC_RETURN_IF_ERROR(tx.Commit());
  return result;
}

}  // namespace encaisse
