#include "shared/import/import_common.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "shared/import/customer_import.h"
#include "shared/import/import_rows.h"
#include "shared/import/invoice_import.h"
#include "shared/import/payment_import.h"
#include "shared/store/batch_insert.h"
#include "shared/store/row_codec.h"

namespace encaisse {

std::string_view ToString(ImportKind kind) {
  switch (kind) {
    case ImportKind::kInvoices: return "invoices";
    case ImportKind::kCustomers: return "customers";
    case ImportKind::kPayments: return "payments";
  }
  return "invoices";
}

Result<ImportKind> ParseImportKind(std::string_view s) {
  if (s == "invoices") return ImportKind::kInvoices;
  if (s == "customers") return ImportKind::kCustomers;
  if (s == "payments") return ImportKind::kPayments;
  return Status::Invalid("unknown import kind '" + std::string(s) + "' (invoices, customers or payments)", "kind");
}

std::string ImportError::ToString() const {
  std::string out = "line " + std::to_string(line);
  if (!column.empty()) out += ", column " + column;
  return out + ": " + message;
}

Result<ImportResult> RunImport(Store& store, ImportKind kind, std::string_view csv, const ImportOptions& options) {
  switch (kind) {
    case ImportKind::kInvoices: return ImportInvoices(store, csv, options);
    case ImportKind::kCustomers: return ImportCustomers(store, csv, options);
    case ImportKind::kPayments: return ImportPayments(store, csv, options);
  }
  return Status::Internal("unknown import kind");
}

std::string FormatImportSummary(const ImportResult& r) {
  auto counts = [](const ImportCounts& c) {
    return std::to_string(c.created) + " created, " + std::to_string(c.updated) + " updated, " +
           std::to_string(c.unchanged) + " unchanged";
  };
  std::string out = std::string(ToString(r.kind)) + ": " + std::to_string(r.rows) + " rows, " +
                    counts({r.created, r.updated, r.unchanged});
  switch (r.kind) {
    case ImportKind::kInvoices: out += " (customers: " + counts(r.customers) + ")"; break;
    case ImportKind::kCustomers: break;
    case ImportKind::kPayments:
      out += " (invoices settled: " + std::to_string(r.invoices.updated) + ", allocated " +
             std::to_string(r.allocated_minor) + ", left as credit " + std::to_string(r.unallocated_minor) + " in minor units)";
      break;
  }
  if (r.dry_run) out += " [dry run: nothing written]";
  return out;
}

Result<std::vector<ImportRecord>> ListImports(Db& db, int limit, Id before_id) {
  auto st = db.Prepare(
      "SELECT i.id, i.kind, i.user_id, COALESCE(u.email, ''), i.source, i.created_at, i.rows, i.created, i.updated, "
      "i.unchanged FROM imports i LEFT JOIN users u ON u.id = i.user_id WHERE (?1 = 0 OR i.id < ?1) "
      "ORDER BY i.id DESC LIMIT ?2");
  if (!st.ok()) return st.status();
  st->Bind(1, before_id).Bind(2, limit);
  std::vector<ImportRecord> out;
  for (;;) {
    auto row = st->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    ImportRecord r;
    r.id = st->Int(0);
    r.kind = st->Text(1);
    r.user_id = st->IsNull(2) ? 0 : st->Int(2);
    r.user_email = st->Text(3);
    r.source = st->Text(4);
    r.created_at = st->Text(5);
    r.rows = st->Int(6);
    r.created = st->Int(7);
    r.updated = st->Int(8);
    r.unchanged = st->Int(9);
    out.push_back(std::move(r));
  }
  return out;
}

namespace import_detail {
namespace {

bool StartsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }
bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string Quoted(std::string_view s) {
  constexpr size_t kMax = 60;
  if (s.size() <= kMax) return "'" + std::string(s) + "'";
  size_t cut = kMax;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // not inside a UTF-8 sequence
  return "'" + std::string(s.substr(0, cut)) + "…'";
}

// A JSON array of the ids, bound as one parameter and read with json_each(): one query for
// any number of ids, values never spliced into the SQL.
template <typename T>
std::string JsonArray(const std::vector<T>& values) {
  nlohmann::json a = nlohmann::json::array();
  for (const auto& v : values) a.push_back(v);
  return a.dump();
}

Result<std::unordered_set<Id>> IdSet(Db& db, std::string_view sql, const std::vector<Id>& customer_ids) {
  std::unordered_set<Id> out;
  if (customer_ids.empty()) return out;
  auto st = db.Prepare(sql);
  if (!st.ok()) return st.status();
  st->Bind(1, JsonArray(customer_ids));
  for (;;) {
    auto row = st->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    for (int c = 0; c < sqlite3_column_count(st->raw()); ++c)
      if (!st->IsNull(c)) out.insert(st->Int(c));
  }
  return out;
}

}  // namespace

std::string_view Trim(std::string_view s) {
  constexpr std::string_view kNbsp = "\xC2\xA0";
  for (;;) {
    if (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r')) s.remove_prefix(1);
    else if (StartsWith(s, kNbsp)) s.remove_prefix(kNbsp.size());
    else break;
  }
  for (;;) {
    if (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
    else if (EndsWith(s, kNbsp)) s.remove_suffix(kNbsp.size());
    else break;
  }
  return s;
}

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

void ErrorList::Add(int line, std::string_view column, std::string message) {
  all_.push_back({line, std::string(column), std::move(message)});
}

void ErrorList::MoveTo(ImportResult* result) {
  std::stable_sort(all_.begin(), all_.end(), [](const ImportError& a, const ImportError& b) { return a.line < b.line; });
  const size_t listed = std::min(all_.size(), kMaxListedImportErrors);
  result->errors_not_listed = static_cast<int64_t>(all_.size() - listed);
  all_.resize(listed);
  result->errors = std::move(all_);
  all_.clear();
}

Columns::Columns(const CsvFile& file, std::span<const ColumnSpec> specs, ErrorList* errors,
                 std::vector<std::string>* ignored)
    : index_(specs.size(), -1), header_size_(file.header.size()) {
  for (size_t i = 0; i < file.header.size(); ++i) {
    const std::string& name = file.header[i];
    if (name.empty()) continue;  // a trailing delimiter on the header line
    bool known = false;
    for (size_t k = 0; k < specs.size(); ++k) {
      if (specs[k].name != name) continue;
      known = true;
      if (index_[k] >= 0) errors->Add(file.header_line, name, "this column appears twice");
      else index_[k] = static_cast<int>(i);
    }
    if (!known && ignored) ignored->push_back(name);
  }
  std::string expected;
  for (const auto& s : specs)
    if (s.required) expected += (expected.empty() ? "" : ", ") + std::string(s.name);
  for (size_t k = 0; k < specs.size(); ++k)
    if (specs[k].required && index_[k] < 0)
      errors->Add(file.header_line, specs[k].name, "this required column is missing (the header must name: " + expected + ")");
}

bool Columns::CheckWidth(const CsvRecord& rec, ErrorList* errors) const {
  for (size_t i = header_size_; i < rec.fields.size(); ++i) {
    if (!Trim(rec.fields[i]).empty()) {
      errors->Add(rec.line, "",
                  std::to_string(rec.fields.size()) + " fields where the header has " + std::to_string(header_size_) +
                      " (is a value holding the delimiter without quotes?)");
      return false;
    }
  }
  return true;
}

Result<Date> ParseDateCell(std::string_view text) {
  if (text.empty()) return Status::Invalid("a date is required (YYYY-MM-DD or DD/MM/YYYY)");
  auto d = Date::Parse(text);
  if (d.ok()) return d;
  const std::string& why = d.status().message();
  if (why.find(text) != std::string::npos) return Status::Invalid(why);
  return Status::Invalid(Quoted(text) + " is not a valid date (" + why + ")");
}

Result<Currency> ParseCurrencyCell(std::string_view text, const Currency& company_currency) {
  if (text.empty()) return company_currency;
  std::string upper(text);
  for (char& c : upper)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  if (upper == "€") upper = "EUR";
  auto c = FindCurrency(upper);
  if (!c.ok()) return Status::Invalid(c.status().message());
  return c;
}

Result<int64_t> ParseAmountCell(std::string_view text, const Currency& currency) {
  if (text.empty()) return Status::Invalid("an amount is required");
  auto a = ParseAmount(text, currency);
  if (!a.ok()) return Status::Invalid(a.status().message());
  return a;
}

Result<bool> ParseBusinessCell(std::string_view text) {
  const std::string v = AsciiLower(text);
  if (v == "1" || v == "true" || v == "oui" || v == "yes" || v == "b2b" || v == "o" || v == "y") return true;
  if (v == "0" || v == "false" || v == "non" || v == "no" || v == "b2c" || v == "n") return false;
  return Status::Invalid(Quoted(text) + " is not one of 1/0, true/false, oui/non, B2B/B2C");
}

Result<std::string_view> ParseLanguageCell(std::string_view text) {
  auto locale = ParseLocale(text);
  if (!locale.ok()) return Status::Invalid("unsupported language " + Quoted(text) + " (fr or en)");
  return std::string_view(*locale == Locale::kFr ? "fr" : "en");
}

Result<std::string_view> ParseEmailCell(std::string_view text) {
  const size_t at = text.find('@');
  const bool ok = text.size() <= 254 && at != std::string_view::npos && at > 0 && at + 1 < text.size() &&
                  text.find('@', at + 1) == std::string_view::npos &&
                  text.find_first_of(" \t\r\n,;<>\"") == std::string_view::npos &&
                  text.find('.', at) != std::string_view::npos;
  if (!ok) return Status::Invalid(Quoted(text) + " is not an email address");
  return text;
}

Result<int32_t> ParseWholeCell(std::string_view text, int32_t min, int32_t max, std::string_view what) {
  auto fail = [&] {
    return Status::Invalid(Quoted(text) + " is not " + std::string(what) + " (a whole number from " + std::to_string(min) +
                           " to " + std::to_string(max) + ")");
  };
  if (text.empty() || text.size() > 9) return fail();
  int64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return fail();
    v = v * 10 + (c - '0');
  }
  if (v < min || v > max) return fail();
  return static_cast<int32_t>(v);
}

Result<RiskClass> ParseRiskClassCell(std::string_view text) {
  const std::string v = AsciiLower(text);
  if (v == "low" || v == "faible" || v == "bas") return RiskClass::kLow;
  if (v == "medium" || v == "moyen" || v == "moyenne") return RiskClass::kMedium;
  if (v == "high" || v == "élevé" || v == "eleve" || v == "elevé" || v == "Élevé" || v == "haut") return RiskClass::kHigh;
  return Status::Invalid(Quoted(text) + " is not a risk class (low, medium or high)");
}

Status CheckTextCell(std::string_view text, size_t max, bool multiline) {
  if (text.size() > max) return Status::Invalid("too long (" + std::to_string(text.size()) + " bytes, at most " + std::to_string(max) + ")");
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 && !(multiline && (c == '\n' || c == '\t'))) return Status::Invalid("control characters are not allowed here");
    if (u == 0x7F) return Status::Invalid("control characters are not allowed here");
  }
  return Status::Ok();
}

bool TextCell(const Columns& cols, const CsvRecord& rec, size_t spec, std::string_view column, size_t max, bool required,
              ErrorList* errors, std::string_view* out) {
  const std::string_view v = cols.Cell(rec, spec);
  *out = {};
  if (v.empty()) {
    if (required) errors->Add(rec.line, column, "a value is required");
    return !required;
  }
  Status s = CheckTextCell(v, max);
  if (!s.ok()) {
    errors->Add(rec.line, column, s.message());
    return false;
  }
  *out = v;
  return true;
}

std::string IsoDate(Date d) {
  std::string out = "0000-00-00";
  int y = d.year();
  const int m = d.month(), day = d.day();
  for (int i = 3; i >= 0; --i, y /= 10) out[static_cast<size_t>(i)] = static_cast<char>('0' + y % 10);
  out[5] = static_cast<char>('0' + m / 10);
  out[6] = static_cast<char>('0' + m % 10);
  out[8] = static_cast<char>('0' + day / 10);
  out[9] = static_cast<char>('0' + day % 10);
  return out;
}

std::string Utf8Prefix(std::string_view s, size_t max) {
  if (s.size() <= max) return std::string(s);
  size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return std::string(s.substr(0, cut));
}

bool ParseContactCells(const Columns& cols, const ContactSpecs& specs, const CsvRecord& rec, ErrorList* errors,
                       ContactCells* out) {
  bool ok = true;
  auto text = [&](size_t spec, std::string_view column, size_t max, bool multiline, std::optional<std::string_view>* dst) {
    const std::string_view v = cols.Cell(rec, spec);
    if (v.empty()) return;
    Status s = CheckTextCell(v, max, multiline);
    if (!s.ok()) {
      errors->Add(rec.line, column, s.message());
      ok = false;
      return;
    }
    *dst = v;
  };
  if (std::string_view v = cols.Cell(rec, specs.email); !v.empty()) {
    auto e = ParseEmailCell(v);
    if (e.ok()) out->email = *e;
    else errors->Add(rec.line, "email", e.status().message()), ok = false;
  }
  text(specs.phone, "phone", 40, false, &out->phone);
  text(specs.address, "address", 500, true, &out->address);
  if (std::string_view v = cols.Cell(rec, specs.language); !v.empty()) {
    auto l = ParseLanguageCell(v);
    if (l.ok()) out->language = *l;
    else errors->Add(rec.line, "language", l.status().message()), ok = false;
  }
  if (std::string_view v = cols.Cell(rec, specs.rep_email); !v.empty()) {
    auto e = ParseEmailCell(v);
    if (e.ok()) out->rep_email = *e;
    else errors->Add(rec.line, "rep_email", e.status().message()), ok = false;
  }
  if (std::string_view v = cols.Cell(rec, specs.business); !v.empty()) {
    auto b = ParseBusinessCell(v);
    if (b.ok()) out->business = *b;
    else errors->Add(rec.line, "business", b.status().message()), ok = false;
  }
  return ok;
}

void ApplyContactCells(const ContactCells& cells, Id rep_id, Customer* c) {
  if (cells.email) c->email.assign(*cells.email);
  if (cells.phone) c->phone.assign(*cells.phone);
  if (cells.address) c->address.assign(*cells.address);
  if (cells.language) c->language.assign(*cells.language);
  if (cells.business) c->business = *cells.business;
  if (cells.rep_email) c->rep_id = rep_id;
}

Result<RepDirectory> RepDirectory::Load(Store& store) {
  auto users = store.ListUsers();
  if (!users.ok()) return users.status();
  RepDirectory d;
  for (auto& u : *users) d.by_email_[AsciiLower(u.email)] = u;
  return d;
}

Result<Id> RepDirectory::Find(std::string_view email) const {
  auto it = by_email_.find(AsciiLower(email));
  if (it == by_email_.end()) return Status::Invalid("no user has the email " + Quoted(email));
  const User& u = it->second;
  if (u.role != Role::kSalesRep)
    return Status::Invalid(Quoted(email) + " is a " + std::string(encaisse::ToString(u.role)) + ", not a sales_rep");
  if (u.disabled) return Status::Invalid("the account of " + Quoted(email) + " is disabled");
  return u.id;
}

Result<std::unordered_map<std::string, StoredCustomer>> LoadCustomers(Db& db, const std::vector<std::string>& external_ids) {
  std::unordered_map<std::string, StoredCustomer> out;
  if (external_ids.empty()) return out;
  out.reserve(external_ids.size());
  auto st = db.Prepare(
      "SELECT id, external_id, name, email, phone, address, business, risk, payment_terms_days, rep_id, language, "
      "credit_limit_minor, external_risk_score, scenario_id FROM customers "
      "WHERE external_id IN (SELECT value FROM json_each(?))");
  if (!st.ok()) return st.status();
  st->Bind(1, JsonArray(external_ids));
  for (;;) {
    auto row = st->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    StoredCustomer s;
    Customer& c = s.customer;
    c.id = st->Int(0);
    c.external_id = st->Text(1);
    c.name = st->Text(2);
    c.email = st->Text(3);
    c.phone = st->Text(4);
    c.address = st->Text(5);
    c.business = st->Int(6) != 0;
    ENC_ASSIGN_OR_RETURN(c.risk, ParseRiskClass(st->Text(7)));
    c.payment_terms_days = static_cast<int32_t>(st->Int(8));
    c.rep_id = st->IsNull(9) ? 0 : st->Int(9);
    c.language = st->Text(10);
    c.credit_limit_minor = st->Int(11);
    if (!st->IsNull(12)) s.risk_score = static_cast<int32_t>(st->Int(12));
    c.scenario_id = st->Int(13);
    out.emplace(c.external_id, std::move(s));
  }
  return out;
}

Result<std::vector<Invoice>> LoadInvoices(Db& db, const std::vector<Id>& customer_ids) {
  std::vector<Invoice> out;
  if (customer_ids.empty()) return out;
  auto st = db.Prepare(
      "SELECT id, customer_id, number, issue_date, due_date, amount_minor, currency, status, open_minor FROM invoices "
      "WHERE customer_id IN (SELECT value FROM json_each(?))");
  if (!st.ok()) return st.status();
  st->Bind(1, JsonArray(customer_ids));
  for (;;) {
    auto row = st->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    Invoice i;
    i.id = st->Int(0);
    i.customer_id = st->Int(1);
    i.number = st->Text(2);
    ENC_ASSIGN_OR_RETURN(i.issue_date, DateColumn(*st, 3));
    ENC_ASSIGN_OR_RETURN(i.due_date, DateColumn(*st, 4));
    i.amount_minor = st->Int(5);
    ENC_ASSIGN_OR_RETURN(i.currency, CurrencyColumn(*st, 6));
    ENC_ASSIGN_OR_RETURN(i.status, ParseInvoiceStatus(st->Text(7)));
    i.open_minor = st->Int(8);
    out.push_back(std::move(i));
  }
  return out;
}

Result<std::unordered_set<Id>> LoadAllocatedInvoiceIds(Db& db, const std::vector<Id>& customer_ids) {
  return IdSet(db,
               "SELECT invoice_id, credit_note_id FROM allocations WHERE customer_id IN (SELECT value FROM json_each(?))",
               customer_ids);
}

Result<std::unordered_set<Id>> LoadPlannedInvoiceIds(Db& db, const std::vector<Id>& customer_ids) {
  return IdSet(db,
               "SELECT pi.invoice_id FROM plan_invoices pi JOIN payment_plans p ON p.id = pi.plan_id "
               "WHERE p.status IN ('pending', 'active') AND p.customer_id IN (SELECT value FROM json_each(?))",
               customer_ids);
}

Result<std::unordered_set<Id>> LoadDisputedInvoiceIds(Db& db, const std::vector<Id>& customer_ids) {
  return IdSet(db,
               "SELECT invoice_id FROM disputes WHERE status = 'open' AND customer_id IN (SELECT value FROM json_each(?))",
               customer_ids);
}

Result<Id> NextCustomerId(Db& db) { return db.QueryInt("SELECT COALESCE(max(id), 0) + 1 FROM customers"); }
Result<Id> NextPaymentId(Db& db) { return db.QueryInt("SELECT COALESCE(max(id), 0) + 1 FROM payments"); }

Status InsertCustomers(Db& db, std::span<const StoredCustomer> customers) {
  BatchInsert insert(db,
                     "INSERT INTO customers (id, external_id, name, email, phone, address, business, risk, "
                     "payment_terms_days, rep_id, language, credit_limit_minor, external_risk_score)",
                     13, RowsPerBatch(13));
  for (const auto& s : customers) {
    const Customer& c = s.customer;
    ENC_RETURN_IF_ERROR(insert.Add({c.id, c.external_id, c.name, c.email, c.phone, c.address, int64_t{c.business ? 1 : 0},
                                    std::string(encaisse::ToString(c.risk)), int64_t{c.payment_terms_days},
                                    c.rep_id ? BatchInsert::Value(c.rep_id) : BatchInsert::Value(), c.language,
                                    c.credit_limit_minor,
                                    s.risk_score ? BatchInsert::Value(int64_t{*s.risk_score}) : BatchInsert::Value()}));
  }
  return insert.Flush();
}

Status RecordImport(Db& db, const ImportOptions& options, ImportResult* result) {
  auto st = db.Prepare(
      "INSERT INTO imports (kind, user_id, source, created_at, rows, created, updated, unchanged) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  if (!st.ok()) return st.status();
  st->Bind(1, ToString(result->kind))
      .Bind(2, options.user_id ? std::optional<int64_t>(options.user_id) : std::nullopt)
      .Bind(3, Utf8Prefix(options.source, 200))
      .Bind(4, options.now)
      .Bind(5, result->rows)
      .Bind(6, result->created)
      .Bind(7, result->updated)
      .Bind(8, result->unchanged);
  ENC_RETURN_IF_ERROR(st->Run());
  result->import_id = db.LastInsertId();
  return Status::Ok();
}

}  // namespace import_detail
}  // namespace encaisse
