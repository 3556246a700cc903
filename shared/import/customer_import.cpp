#include "shared/import/customer_import.h"

#include <unordered_map>

#include "shared/import/import_rows.h"
#include "shared/import/risk_policy.h"
#include "shared/store/row_codec.h"

namespace encaisse {
namespace {

using namespace import_detail;

enum Col : size_t {
  kCustomerId, kName, kEmail, kPhone, kAddress, kLanguage, kRepEmail, kBusiness,
  kPaymentTerms, kCreditLimit, kRiskScore, kRiskClass,
};
constexpr ColumnSpec kSpecs[] = {
    {"customer_id", true},    {"name", true},          {"email", false},      {"phone", false},
    {"address", false},       {"language", false},     {"rep_email", false},  {"business", false},
    {"payment_terms", false}, {"credit_limit", false}, {"risk_score", false}, {"risk_class", false},
};
constexpr ContactSpecs kContact{kEmail, kPhone, kAddress, kLanguage, kRepEmail, kBusiness};

struct Row {
  int line = 0;
  std::string_view external_id;  // views into the CSV file
  std::string_view name;
  ContactCells contact;
  std::optional<int32_t> payment_terms;
  std::optional<int64_t> credit_limit;
  std::optional<int32_t> risk_score;
  std::optional<RiskClass> risk_class;
};

std::vector<Row> ParseRows(const CsvFile& file, const Columns& cols, const Currency& currency, ErrorList* errors) {
  std::vector<Row> rows;
  rows.reserve(file.records.size());
  std::unordered_map<std::string_view, int> first_line;
  for (const CsvRecord& rec : file.records) {
    bool ok = cols.CheckWidth(rec, errors);
    Row r;
    r.line = rec.line;
    ok &= TextCell(cols, rec, kCustomerId, "customer_id", 64, true, errors, &r.external_id);
    ok &= TextCell(cols, rec, kName, "name", 200, true, errors, &r.name);
    ok &= ParseContactCells(cols, kContact, rec, errors, &r.contact);
    if (std::string_view v = cols.Cell(rec, kPaymentTerms); !v.empty()) {
      auto t = ParseWholeCell(v, 0, 365, "a number of days");
      if (t.ok()) r.payment_terms = *t;
      else errors->Add(rec.line, "payment_terms", t.status().message()), ok = false;
    }
    if (std::string_view v = cols.Cell(rec, kCreditLimit); !v.empty()) {
      auto a = ParseAmountCell(v, currency);
      if (!a.ok()) errors->Add(rec.line, "credit_limit", a.status().message()), ok = false;
      else if (*a < 0) errors->Add(rec.line, "credit_limit", "a credit limit cannot be negative"), ok = false;
      else r.credit_limit = *a;
    }
    if (std::string_view v = cols.Cell(rec, kRiskScore); !v.empty()) {
      auto s = ParseWholeCell(v, 0, 100, "a risk score");
      if (s.ok()) r.risk_score = *s;
      else errors->Add(rec.line, "risk_score", s.status().message()), ok = false;
    }
    if (std::string_view v = cols.Cell(rec, kRiskClass); !v.empty()) {
      auto c = ParseRiskClassCell(v);
      if (c.ok()) r.risk_class = *c;
      else errors->Add(rec.line, "risk_class", c.status().message()), ok = false;
    }
    if (!r.external_id.empty()) {
      auto [it, inserted] = first_line.emplace(r.external_id, rec.line);
      if (!inserted) {
        errors->Add(rec.line, "customer_id",
                    "customer " + std::string(r.external_id) + " is already on line " + std::to_string(it->second));
        ok = false;
      }
    }
    if (ok) rows.push_back(std::move(r));
  }
  return rows;
}

bool SameCustomer(const StoredCustomer& a, const StoredCustomer& b) {
  const Customer& x = a.customer;
  const Customer& y = b.customer;
  return x.name == y.name && x.email == y.email && x.phone == y.phone && x.address == y.address &&
         x.business == y.business && x.risk == y.risk && x.payment_terms_days == y.payment_terms_days &&
         x.rep_id == y.rep_id && x.language == y.language && x.credit_limit_minor == y.credit_limit_minor &&
         a.risk_score == b.risk_score;
}

}  // namespace

Result<ImportResult> ImportCustomers(Store& store, std::string_view csv, const ImportOptions& options) {
  ImportResult result;
  result.kind = ImportKind::kCustomers;
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
  std::vector<Row> rows = ParseRows(*file, cols, settings->currency, &errors);

  Db& db = store.db();
  auto begun = Transaction::Begin(db);
  if (!begun.ok()) return begun.status();
  Transaction tx(std::move(begun).value());
  auto policy = LoadRiskPolicy(db);
  if (!policy.ok()) return policy.status();
  auto reps = RepDirectory::Load(store);
  if (!reps.ok()) return reps.status();
  std::vector<std::string> external_ids;
  external_ids.reserve(rows.size());
  for (const Row& r : rows) external_ids.emplace_back(r.external_id);
  auto stored = LoadCustomers(db, external_ids);
  if (!stored.ok()) return stored.status();

  std::vector<StoredCustomer> created, updated;
  int64_t unchanged = 0;
  Id next_id = 0;
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
    auto found = stored->find(std::string(r.external_id));
    const bool is_new = found == stored->end();
    StoredCustomer want;
    if (!is_new) want = found->second;
    Customer& c = want.customer;
    c.external_id = r.external_id;
    c.name = r.name;
    ApplyContactCells(r.contact, rep_id, &c);
    if (r.credit_limit) c.credit_limit_minor = *r.credit_limit;
    if (r.risk_score) want.risk_score = *r.risk_score;
    if (r.risk_class) c.risk = *r.risk_class;
    else if (r.risk_score) c.risk = policy->ClassFor(*r.risk_score);
    // The terms follow the risk profile unless the file sets them.
    if (r.payment_terms) c.payment_terms_days = *r.payment_terms;
    else if (is_new || r.risk_class || r.risk_score) c.payment_terms_days = policy->TermsFor(c.risk);
    if (is_new) {
      if (next_id == 0) ENC_ASSIGN_OR_RETURN(next_id, NextCustomerId(db));
      c.id = next_id++;
      created.push_back(std::move(want));
    } else if (SameCustomer(want, found->second)) {
      ++unchanged;
    } else {
      updated.push_back(std::move(want));
    }
  }

  if (!errors.empty()) {
    errors.MoveTo(&result);
    return result;
  }
  result.customers = {static_cast<int64_t>(created.size()), static_cast<int64_t>(updated.size()), unchanged};
  result.created = result.customers.created;
  result.updated = result.customers.updated;
  result.unchanged = result.customers.unchanged;
  if (options.dry_run) return result;

  ENC_RETURN_IF_ERROR(InsertCustomers(db, created));
  if (!updated.empty()) {
    auto update = db.Prepare(
        "UPDATE customers SET name = ?, email = ?, phone = ?, address = ?, business = ?, risk = ?, "
        "payment_terms_days = ?, rep_id = ?, language = ?, credit_limit_minor = ?, external_risk_score = ? WHERE id = ?");
    if (!update.ok()) return update.status();
    for (const StoredCustomer& s : updated) {
      const Customer& c = s.customer;
      update->Bind(1, c.name).Bind(2, c.email).Bind(3, c.phone).Bind(4, c.address).Bind(5, c.business ? 1 : 0)
          .Bind(6, ToString(c.risk)).Bind(7, c.payment_terms_days)
          .Bind(8, c.rep_id ? std::optional<int64_t>(c.rep_id) : std::nullopt).Bind(9, c.language)
          .Bind(10, c.credit_limit_minor)
          .Bind(11, s.risk_score ? std::optional<int64_t>(*s.risk_score) : std::nullopt).Bind(12, c.id);
      ENC_RETURN_IF_ERROR(update->Run());
    }
  }
  ENC_RETURN_IF_ERROR(RecordImport(db, options, &result));
  ENC_RETURN_IF_ERROR(tx.Commit());
  return result;
}

}  // namespace encaisse
