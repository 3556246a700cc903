#include "shared/import/payment_import.h"

#include <algorithm>
#include <unordered_map>

#include "shared/import/import_rows.h"
#include "shared/import/rf_reference.h"
#include "shared/ledger/allocation.h"
#include "shared/store/batch_insert.h"
#include "shared/store/row_codec.h"

namespace encaisse {
namespace {

using namespace import_detail;

enum Col : size_t { kDate, kAmount, kCurrency, kCustomerId, kReference, kInvoiceNumber, kMethod };
constexpr ColumnSpec kSpecs[] = {
    {"date", true},       {"amount", true},          {"currency", true}, {"customer_id", true},
    {"reference", true},  {"invoice_number", false}, {"method", false},
};

struct Row {
  int line = 0;
  Date date;
  int64_t amount = 0;
  Currency currency;
  std::string_view customer_ext;  // views into the CSV file
  std::string_view reference;
  std::string_view invoice_number;
  std::string_view method = "transfer";
};

Result<std::string_view> ParseMethodCell(std::string_view text) {
  const std::string v = AsciiLower(text);
  if (v == "transfer" || v == "virement") return std::string_view("transfer");
  if (v == "card" || v == "carte" || v == "cb") return std::string_view("card");
  if (v == "cheque" || v == "chèque" || v == "check") return std::string_view("cheque");
  if (v == "direct_debit" || v == "prélèvement" || v == "prelevement" || v == "sepa") return std::string_view("direct_debit");
  if (v == "cash" || v == "espèces" || v == "especes") return std::string_view("cash");
  return Status::Invalid("'" + std::string(text) + "' is not a payment method (transfer, card, cheque, direct_debit, cash)");
}

std::vector<Row> ParseRows(const CsvFile& file, const Columns& cols, const Currency& company_currency,
                           const std::optional<Date>& today, ErrorList* errors) {
  std::vector<Row> rows;
  rows.reserve(file.records.size());
  for (const CsvRecord& rec : file.records) {
    bool ok = cols.CheckWidth(rec, errors);
    Row r;
    r.line = rec.line;
    auto date = ParseDateCell(cols.Cell(rec, kDate));
    if (!date.ok()) errors->Add(rec.line, "date", date.status().message()), ok = false;
    else if (today && *date > *today)
      errors->Add(rec.line, "date", "the payment date " + date->ToIso() + " is after today (" + today->ToIso() + ")"), ok = false;
    else r.date = *date;
    auto currency = ParseCurrencyCell(cols.Cell(rec, kCurrency), company_currency);
    if (currency.ok()) r.currency = *currency;
    else errors->Add(rec.line, "currency", currency.status().message()), ok = false;
    auto amount = ParseAmountCell(cols.Cell(rec, kAmount), currency.ok() ? *currency : company_currency);
    if (!amount.ok()) errors->Add(rec.line, "amount", amount.status().message()), ok = false;
    else if (*amount <= 0) errors->Add(rec.line, "amount", "a payment must be positive (refunds are not imported)"), ok = false;
    else r.amount = *amount;
    ok &= TextCell(cols, rec, kCustomerId, "customer_id", 64, true, errors, &r.customer_ext);
    ok &= TextCell(cols, rec, kReference, "reference", 140, false, errors, &r.reference);
    ok &= TextCell(cols, rec, kInvoiceNumber, "invoice_number", 64, false, errors, &r.invoice_number);
    if (std::string_view v = cols.Cell(rec, kMethod); !v.empty()) {
      auto m = ParseMethodCell(v);
      if (m.ok()) r.method = *m;
      else errors->Add(rec.line, "method", m.status().message()), ok = false;
    }
    if (ok) rows.push_back(std::move(r));
  }
  return rows;
}

std::string PaymentKey(Id customer_id, std::string_view date, int64_t amount, std::string_view reference) {
  std::string key = std::to_string(customer_id);
  key += '\x1F';
  key.append(date);
  key += '\x1F';
  key += std::to_string(amount);
  key += '\x1F';
  key.append(reference);
  return key;
}

// The payments already recorded for these customers, counted by identity.
Result<std::unordered_map<std::string, int>> LoadPaymentKeys(Db& db, const std::vector<Id>& customer_ids) {
  std::unordered_map<std::string, int> out;
  if (customer_ids.empty()) return out;
  std::string ids = "[";
  for (size_t i = 0; i < customer_ids.size(); ++i) ids += (i ? "," : "") + std::to_string(customer_ids[i]);
  ids += "]";
  auto st = db.Prepare(
      "SELECT customer_id, date, amount_minor, reference FROM payments WHERE customer_id IN (SELECT value FROM json_each(?))");
  if (!st.ok()) return st.status();
  st->Bind(1, ids);
  for (;;) {
    auto row = st->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    ++out[PaymentKey(st->Int(0), st->Text(1), st->Int(2), st->Text(3))];
  }
  return out;
}

// One customer's invoices as the import settles them, in memory.
struct Ledger {
  std::vector<Invoice> invoices;
  std::unordered_map<std::string_view, size_t> by_number;  // exact number (views into `invoices`)
  std::unordered_map<std::string, size_t> by_compact;      // letters and digits, capitals (unique ones only)
  std::unordered_map<Id, size_t> by_id;
  std::vector<size_t> fifo;  // open, not disputed, not credit notes: the FIFO candidates

  void Index(const std::unordered_set<Id>& disputed) {
    std::unordered_map<std::string, int> compact_count;
    for (size_t i = 0; i < invoices.size(); ++i) {
      const Invoice& inv = invoices[i];
      by_number.emplace(inv.number, i);
      by_id.emplace(inv.id, i);
      const std::string compact = RfBodyOf(inv.number);
      if (!compact.empty() && ++compact_count[compact] == 1) by_compact.emplace(compact, i);
      if (!inv.IsCreditNote() && inv.status == InvoiceStatus::kOpen && inv.open_minor > 0 && !disputed.count(inv.id))
        fifo.push_back(i);
    }
    for (const auto& [compact, n] : compact_count)
      if (n > 1) by_compact.erase(compact);  // ambiguous: never guessed
  }

  const Invoice* ByCompact(std::string_view text) const {
    const std::string compact = RfBodyOf(text);
    auto it = compact.empty() ? by_compact.end() : by_compact.find(compact);
    return it == by_compact.end() ? nullptr : &invoices[it->second];
  }
};

struct NewAllocation {
  Id invoice_id;
  int64_t amount;
};

struct NewPayment {
  const Row* row;
  Id id;
  Id customer_id;
  std::vector<NewAllocation> allocations;
};

}  // namespace

Result<ImportResult> ImportPayments(Store& store, std::string_view csv, const ImportOptions& options) {
  ImportResult result;
  result.kind = ImportKind::kPayments;
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
  if (!errors.empty()) {
    errors.MoveTo(&result);
    return result;
  }
  auto settings = store.LoadSettings();
  if (!settings.ok()) return settings.status();
  std::vector<Row> rows = ParseRows(*file, cols, settings->currency, options.today, &errors);

  Db& db = store.db();
  auto begun = Transaction::Begin(db);
  if (!begun.ok()) return begun.status();
  Transaction tx(std::move(begun).value());
  std::vector<std::string> external_ids;
  {
    std::unordered_set<std::string_view> seen;
    for (const Row& r : rows)
      if (seen.insert(r.customer_ext).second) external_ids.emplace_back(r.customer_ext);
  }
  auto stored = LoadCustomers(db, external_ids);
  if (!stored.ok()) return stored.status();
  std::vector<Id> customer_ids;
  for (const auto& [ext, s] : *stored) customer_ids.push_back(s.customer.id);
  auto invoices = LoadInvoices(db, customer_ids);
  if (!invoices.ok()) return invoices.status();
  std::unordered_set<Id> disputed;
  ENC_ASSIGN_OR_RETURN(disputed, LoadDisputedInvoiceIds(db, customer_ids));
  std::unordered_map<std::string, int> recorded;
  ENC_ASSIGN_OR_RETURN(recorded, LoadPaymentKeys(db, customer_ids));
  std::unordered_map<Id, Ledger> ledgers;
  for (Invoice& inv : *invoices) ledgers[inv.customer_id].invoices.push_back(std::move(inv));
  for (auto& [id, ledger] : ledgers) ledger.Index(disputed);

  // Oldest payments first, so that FIFO settles in the order the money came.
  std::vector<const Row*> order;
  order.reserve(rows.size());
  for (const Row& r : rows) order.push_back(&r);
  std::stable_sort(order.begin(), order.end(), [](const Row* a, const Row* b) { return a->date < b->date; });

  std::vector<NewPayment> created;
  std::unordered_set<Id> touched;
  std::unordered_map<Id, int64_t> open_before;  // invoice id -> stored open amount
  int64_t unchanged = 0;
  Id next_id = 0;
  for (const Row* rp : order) {
    const Row& r = *rp;
    auto found = stored->find(std::string(r.customer_ext));
    if (found == stored->end()) {
      errors.Add(r.line, "customer_id",
                 "no customer has the id '" + std::string(r.customer_ext) + "' (import the customers or invoices first)");
      continue;
    }
    const Id customer_id = found->second.customer.id;
    auto key = recorded.find(PaymentKey(customer_id, IsoDate(r.date), r.amount, r.reference));
    if (key != recorded.end() && key->second > 0) {
      --key->second;
      ++unchanged;
      continue;
    }
    Ledger& ledger = ledgers[customer_id];

    // Which invoice the payer named, if any.
    const Invoice* named = nullptr;
    if (!r.invoice_number.empty()) {
      auto it = ledger.by_number.find(r.invoice_number);
      if (it == ledger.by_number.end()) {
        errors.Add(r.line, "invoice_number",
                   "customer " + std::string(r.customer_ext) + " has no invoice " + std::string(r.invoice_number));
        continue;
      }
      named = &ledger.invoices[it->second];
      if (named->IsCreditNote()) {
        errors.Add(r.line, "invoice_number", std::string(r.invoice_number) + " is a credit note: a payment cannot settle it");
        continue;
      }
      if (!(named->currency == r.currency)) {
        errors.Add(r.line, "invoice_number", "invoice " + std::string(r.invoice_number) + " is in " + std::string(named->currency.Code()) +
                                                 ", the payment in " + std::string(r.currency.Code()));
        continue;
      }
    } else if (!r.reference.empty()) {
      auto it = ledger.by_number.find(r.reference);
      if (it != ledger.by_number.end()) named = &ledger.invoices[it->second];
      else named = ledger.ByCompact(r.reference);
      if (!named && LooksLikeRfReference(r.reference)) {
        auto body = RfReferenceBody(r.reference);
        if (!body) {
          result.warnings.push_back({r.line, "reference", "'" + std::string(r.reference) +
                                                              "' looks like an RF reference but its check digits are wrong: "
                                                              "settled as an unreferenced payment (oldest invoices first)"});
        } else {
          named = ledger.ByCompact(*body);
          if (!named)
            result.warnings.push_back({r.line, "reference", "RF reference " + CompactRfReference(r.reference) +
                                                                " names no invoice of customer " + std::string(r.customer_ext) +
                                                                ": settled oldest invoices first"});
        }
      }
      if (named && (named->IsCreditNote() || !(named->currency == r.currency))) named = nullptr;
    }

    if (next_id == 0) ENC_ASSIGN_OR_RETURN(next_id, NextPaymentId(db));
    NewPayment p{&r, next_id++, customer_id, {}};
    int64_t left = r.amount;
    auto settle = [&](Invoice& inv, int64_t amount) {
      open_before.emplace(inv.id, inv.open_minor);
      inv.open_minor -= amount;
      if (inv.open_minor == 0) inv.status = InvoiceStatus::kPaid;
      touched.insert(inv.id);
      p.allocations.push_back({inv.id, amount});
      left -= amount;
    };
    if (named && named->status == InvoiceStatus::kOpen && named->open_minor > 0)
      settle(ledger.invoices[ledger.by_id[named->id]], std::min(left, named->open_minor));
    if (left > 0 && !ledger.fifo.empty()) {
      // The candidates still open (settled ones dropped), as the ledger's FIFO reads them.
      std::erase_if(ledger.fifo, [&](size_t i) { return ledger.invoices[i].open_minor <= 0; });
      std::vector<Invoice> pool;
      pool.reserve(ledger.fifo.size());
      for (size_t i : ledger.fifo) pool.push_back(ledger.invoices[i]);
      Payment rest;
      rest.customer_id = customer_id;
      rest.date = r.date;
      rest.amount_minor = left;
      rest.currency = r.currency;
      auto plan = AllocateFifo(rest, pool);
      if (!plan.ok()) return plan.status();
      for (const Allocation& a : plan->allocations) settle(ledger.invoices[ledger.by_id[a.invoice_id]], a.amount_minor);
    }
    result.allocated_minor += r.amount - left;
    result.unallocated_minor += left;
    created.push_back(std::move(p));
  }

  if (!errors.empty()) {
    errors.MoveTo(&result);
    result.warnings.clear();
    result.allocated_minor = result.unallocated_minor = 0;
    return result;
  }
  std::stable_sort(result.warnings.begin(), result.warnings.end(),
                   [](const ImportError& a, const ImportError& b) { return a.line < b.line; });
  if (result.warnings.size() > kMaxListedImportErrors) result.warnings.resize(kMaxListedImportErrors);
  result.payments = {static_cast<int64_t>(created.size()), 0, unchanged};
  result.invoices = {0, static_cast<int64_t>(touched.size()), 0};
  result.created = result.payments.created;
  result.unchanged = result.payments.unchanged;
  if (options.dry_run) return result;

  // The same rows Store::RecordPayment writes (payment, allocations, lower open amounts), for
  // the whole file in this one transaction.
  {
    BatchInsert payments(db, "INSERT INTO payments (id, customer_id, date, amount_minor, currency, method, reference)", 7,
                         RowsPerBatch(7));
    for (const NewPayment& p : created)
      ENC_RETURN_IF_ERROR(payments.Add({p.id, p.customer_id, IsoDate(p.row->date), p.row->amount,
                                        std::string(p.row->currency.Code()), std::string(p.row->method),
                                        std::string(p.row->reference)}));
    ENC_RETURN_IF_ERROR(payments.Flush());
    BatchInsert allocations(db, "INSERT INTO allocations (customer_id, invoice_id, payment_id, amount_minor, date)", 5,
                            RowsPerBatch(5));
    for (const NewPayment& p : created)
      for (const NewAllocation& a : p.allocations)
        ENC_RETURN_IF_ERROR(allocations.Add({p.customer_id, a.invoice_id, p.id, a.amount, IsoDate(p.row->date)}));
    ENC_RETURN_IF_ERROR(allocations.Flush());
  }
  if (!touched.empty()) {
    // Guarded as Store::RecordPayment guards: the stored open amount must be the one read.
    auto settle = db.Prepare(
        "UPDATE invoices SET open_minor = ?1, status = CASE WHEN ?1 = 0 THEN 'paid' ELSE status END "
        "WHERE id = ?2 AND open_minor = ?3 AND status = 'open' AND ?1 >= 0");
    if (!settle.ok()) return settle.status();
    for (auto& [customer_id, ledger] : ledgers) {
      for (const Invoice& inv : ledger.invoices) {
        if (!touched.count(inv.id)) continue;
        ENC_RETURN_IF_ERROR(settle->Bind(1, inv.open_minor).Bind(2, inv.id).Bind(3, open_before[inv.id]).Run());
        if (db.Changes() != 1)
          return Status::Internal("invoice " + inv.number + " changed while the payments were imported");
      }
    }
  }
  ENC_RETURN_IF_ERROR(RecordImport(db, options, &result));
  ENC_RETURN_IF_ERROR(tx.Commit());
  return result;
}

}  // namespace encaisse
