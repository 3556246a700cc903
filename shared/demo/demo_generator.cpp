#include "shared/demo/demo_generator.h"

#include <algorithm>
#include <array>
#include <vector>

#include "shared/demo/french_names.h"
#include "shared/plans/installments.h"
#include "shared/store/batch_insert.h"
#include "shared/store/row_codec.h"

namespace encaisse {
namespace {

// SplitMix64: tiny, fast and identical on every platform (std:: distributions are not).
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  int64_t Range(int64_t lo, int64_t hi) { return lo + static_cast<int64_t>(Next() % static_cast<uint64_t>(hi - lo + 1)); }
  bool PerMille(int n) { return static_cast<int>(Next() % 1000) < n; }
  template <typename T, size_t N>
  const T& Pick(const T (&items)[N]) { return items[Next() % N]; }

 private:
  uint64_t state_;
};

// How a customer pays: the mean delay after the due date and how often an invoice stays unpaid.
struct Profile {
  int mean_delay;
  int unpaid_per_mille;
};

Profile ProfileFor(RiskClass risk, Rng& rng) {
  switch (risk) {
    case RiskClass::kLow: return {static_cast<int>(rng.Range(-3, 6)), 10};
    case RiskClass::kMedium: return {static_cast<int>(rng.Range(3, 25)), 50};
    case RiskClass::kHigh: return {static_cast<int>(rng.Range(20, 75)), 200};
  }
  return {0, 0};
}

// ISO strings of the days around `today`, computed once: the generator writes millions of dates.
class DateText {
 public:
  explicit DateText(Date today) : first_(today.AddDays(-800)) {
    for (int i = 0; i < 1600; ++i) text_.push_back(first_.AddDays(i).ToIso());
  }
  const std::string& operator()(Date d) const { return text_[static_cast<size_t>(d - first_)]; }

 private:
  Date first_;
  std::vector<std::string> text_;
};

struct OpenInvoice {
  Id id;
  Date due;
  int64_t open;
};

std::string Slug(std::string_view name) {
  std::string s;
  for (unsigned char c : name) {
    if (c >= 'A' && c <= 'Z') s += static_cast<char>(c - 'A' + 'a');
    else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) s += static_cast<char>(c);
    else if (!s.empty() && s.back() != '-' && c < 0x80) s += '-';
  }
  while (!s.empty() && s.back() == '-') s.pop_back();
  return s.empty() ? "client" : s;
}

class Generator {
 public:
  Generator(Store& store, const DemoOptions& o) : db_(store.db()), o_(o), rng_(o.seed), dates_(o.today) {}

  Result<DemoSummary> Run(Store& store) {
    if (o_.customers < 1) return Status::Invalid("need at least one customer", "customers");
    if (o_.invoices < 0) return Status::Invalid("the number of invoices cannot be negative", "invoices");
    if (o_.reps < 1) return Status::Invalid("need at least one sales rep", "reps");
    auto existing = db_.QueryInt("SELECT count(*) FROM customers");
    if (!existing.ok()) return existing.status();
    if (*existing > 0) return Status::Conflict("the database already has customers: generate the demo into a new file");

    // The connection's settings, as the store was opened (WAL natively, DELETE in wasm, whose
    // files have no shared memory for a WAL), to put back afterwards.
    auto journal = db_.Prepare("PRAGMA journal_mode");
    if (!journal.ok()) return journal.status();
    auto row = journal->Step();
    if (!row.ok()) return row.status();
    const std::string journal_mode(*row ? journal->Text(0) : std::string_view("delete"));
    journal->Reset();
    if (journal_mode.empty() || journal_mode.find_first_not_of("abcdefghijklmnopqrstuvwxyz") != std::string::npos)
      return Status::Internal("unexpected journal mode: " + journal_mode);
    int64_t synchronous = 0, foreign_keys = 0, cache_size = 0;
    ENC_ASSIGN_OR_RETURN(synchronous, db_.QueryInt("PRAGMA synchronous"));
    ENC_ASSIGN_OR_RETURN(foreign_keys, db_.QueryInt("PRAGMA foreign_keys"));
    ENC_ASSIGN_OR_RETURN(cache_size, db_.QueryInt("PRAGMA cache_size"));

    // A new file filled in one transaction, and nothing else reads it meanwhile: it is written
    // once, without the WAL and the per-row foreign-key checks (the generator makes consistent
    // rows by construction; the tests run foreign_key_check). Normal settings come back after.
    // Measured for a million invoices: 92 s with the defaults, 6 s like this.
    ENC_RETURN_IF_ERROR(db_.Exec("PRAGMA cache_size = -1048576; PRAGMA foreign_keys = OFF; "
                                 "PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF"));
    const Status filled = Fill(store);
    // Integers and a lowercase word read from SQLite itself, not user text.
    ENC_RETURN_IF_ERROR(db_.Exec("PRAGMA cache_size = " + std::to_string(cache_size) +
                                 "; PRAGMA foreign_keys = " + std::to_string(foreign_keys) +
                                 "; PRAGMA journal_mode = " + journal_mode +
                                 "; PRAGMA synchronous = " + std::to_string(synchronous) + "; PRAGMA optimize"));
    ENC_RETURN_IF_ERROR(filled);
    return sum_;
  }

 private:
  Status Fill(Store& store) {
    auto tx = Transaction::Begin(db_);
    if (!tx.ok()) return tx.status();
    // The settings too are part of the one transaction: a failed generation leaves none.
    CompanySettings settings;
    settings.name = "Encaisse Démo SAS";
    settings.email = "relances@demo.test";
    settings.phone = "04 72 00 00 00";
    settings.address = "Encaisse Démo SAS\n12 rue de la République\n69002 Lyon";
    settings.iban = "FR7630006000011234567890189";
    settings.bic = "AGRIFRPP";
    ENC_RETURN_IF_ERROR(store.SaveSettings(settings));
    ENC_RETURN_IF_ERROR(Users(store));
    ENC_RETURN_IF_ERROR(Customers());
    ENC_RETURN_IF_ERROR(Invoices());
    ENC_RETURN_IF_ERROR(FollowUps());
    return tx->Commit();
  }


  Status Users(Store& store) {
    struct Seat { const char* email; const char* name; Role role; };
    const Seat staff[] = {{"admin@demo.test", "Alice Admin", Role::kAdmin},
                          {"manager@demo.test", "Marc Durand (DAF)", Role::kManager},
                          {"collector@demo.test", "Claire Moreau", Role::kCollector}};
    for (const auto& s : staff) {
      auto id = store.AddUser({0, s.email, s.name, s.role, false}, {}, true);
      if (!id.ok()) return id.status();
      ++sum_.users;
    }
    for (int i = 1; i <= o_.reps; ++i) {
      const std::string name = std::string(rng_.Pick(demo::kFirstNames)) + " " + std::string(rng_.Pick(demo::kFamilyNames));
      auto id = store.AddUser({0, "rep" + std::to_string(i) + "@demo.test", name, Role::kSalesRep, false}, {}, true);
      if (!id.ok()) return id.status();
      rep_ids_.push_back(*id);
      ++sum_.users;
    }
    return Status::Ok();
  }

  Status Customers() {
    auto st = db_.Prepare(
        "INSERT INTO customers (external_id, name, email, phone, address, business, risk, payment_terms_days, rep_id, "
        "language, credit_limit_minor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st.ok()) return st.status();
    for (int64_t i = 0; i < o_.customers; ++i) {
      const bool business = !rng_.PerMille(40);
      std::string name;
      if (business) {
        name = std::string(rng_.Pick(demo::kTrades)) + " " + std::string(rng_.Pick(demo::kFamilyNames));
        if (rng_.PerMille(400)) name += " " + std::string(rng_.Pick(demo::kPlaces));
        name += " " + std::string(rng_.Pick(demo::kLegalForms));
      } else {
        name = std::string(rng_.Pick(demo::kFirstNames)) + " " + std::string(rng_.Pick(demo::kFamilyNames));
      }
      const auto& city = rng_.Pick(demo::kCities);
      const int64_t roll = rng_.Range(0, 99);
      const RiskClass risk = roll < 40 ? RiskClass::kLow : roll < 85 ? RiskClass::kMedium : RiskClass::kHigh;
      static constexpr int kTerms[] = {30, 30, 45, 60};
      const int terms = kTerms[rng_.Next() % 4];
      char ext[32], phone[48];
      std::snprintf(ext, sizeof ext, "C%06lld", static_cast<long long>(i + 1));
      std::snprintf(phone, sizeof phone, "%s %02d %02d %02d", std::string(city.phone_prefix).c_str(),
                    static_cast<int>(rng_.Range(10, 99)), static_cast<int>(rng_.Range(10, 99)), static_cast<int>(rng_.Range(10, 99)));
      const std::string address = std::to_string(rng_.Range(1, 120)) + " " + std::string(rng_.Pick(demo::kStreets)) + ", " +
                                  std::string(city.postcode) + " " + std::string(city.name);
      const std::string email = (business ? "compta@" : "contact@") + Slug(name) + ".fr";
      const Id rep = rep_ids_[static_cast<size_t>(i) % rep_ids_.size()];
      st->Bind(1, ext).Bind(2, name).Bind(3, email).Bind(4, phone).Bind(5, address).Bind(6, business ? 1 : 0)
          .Bind(7, ToString(risk)).Bind(8, terms).Bind(9, rep).Bind(10, rng_.PerMille(100) ? "en" : "fr")
          .Bind(11, rng_.Range(5, 100) * 100000);
      ENC_RETURN_IF_ERROR(st->Run());
      const int pay_day = rng_.PerMille(500) ? 0 : (rng_.PerMille(500) ? 10 : 31);
      customers_.push_back({db_.LastInsertId(), terms, ProfileFor(risk, rng_), pay_day, {}});
      ++sum_.customers;
    }
    return Status::Ok();
  }

  Status Invoices() {
    static constexpr const char* kMethods[] = {"transfer", "transfer", "transfer", "direct_debit", "cheque", "card"};
    // Invoice numbers follow issue dates (French law wants a chronological, unbroken series),
    // while rows go in customer by customer: the (customer, number) index then grows at its
    // end instead of at random places, and an account's invoices sit together on disk.
    struct Draft {
      uint32_t customer;
      Date issue;
      int64_t seq;
    };
    std::vector<Draft> drafts(static_cast<size_t>(o_.invoices));
    for (int64_t k = 0; k < o_.invoices; ++k) {
      // Every customer gets one invoice first, then they are drawn at random.
      const auto customer = static_cast<uint32_t>(k < o_.customers ? k : static_cast<int64_t>(rng_.Next() % customers_.size()));
      drafts[static_cast<size_t>(k)] = {customer, o_.today.AddDays(-static_cast<int32_t>(rng_.Range(0, 365))), k};
    }
    std::sort(drafts.begin(), drafts.end(), [](const Draft& a, const Draft& b) {
      return a.issue != b.issue ? a.issue < b.issue : a.seq < b.seq;
    });
    for (size_t n = 0; n < drafts.size(); ++n) drafts[n].seq = static_cast<int64_t>(n) + 1;
    std::stable_sort(drafts.begin(), drafts.end(), [](const Draft& a, const Draft& b) { return a.customer < b.customer; });

    // The database is new, so the generator numbers the rows itself and batches the inserts.
    BatchInsert invoices(db_, "INSERT INTO invoices (id, customer_id, number, issue_date, due_date, amount_minor, currency, status, open_minor)", 9);
    BatchInsert payments(db_, "INSERT INTO payments (id, customer_id, date, amount_minor, currency, method, reference)", 7);
    BatchInsert allocations(db_, "INSERT INTO allocations (id, customer_id, invoice_id, payment_id, amount_minor, date)", 6);
    BatchInsert disputes(db_, "INSERT INTO disputes (id, invoice_id, customer_id, opened, reason, status, resolved, resolution)", 8);

    // A customer's payments of one day are one bank transfer settling several invoices.
    struct Transfer {
      Id id;
      Date date;
      int64_t amount;
      std::string reference;
    };
    std::vector<Transfer> transfers;
    auto flush_transfers = [&](Id customer_id) -> Status {
      for (const auto& t : transfers)
        ENC_RETURN_IF_ERROR(payments.Add({t.id, customer_id, dates_(t.date), t.amount, "EUR", kMethods[rng_.Next() % 6], t.reference}));
      transfers.clear();
      return Status::Ok();
    };

    char number[32];
    Id invoice_id = 0;
    for (size_t n = 0; n < drafts.size(); ++n) {
      const Draft& d = drafts[n];
      auto& c = customers_[d.customer];
      const Date issue = d.issue;
      const Date due = issue.AddDays(c.terms);
      // Mostly a few hundred to a few thousand euros, sometimes much more.
      int64_t amount = rng_.Range(80, 4000) * 100 + rng_.Range(0, 99);
      if (rng_.PerMille(80)) amount *= rng_.Range(3, 12);
      const bool credit_note = rng_.PerMille(5);
      if (credit_note) amount = -amount / 5;
      std::snprintf(number, sizeof number, "%s%d-%07lld", credit_note ? "AV" : "FA", issue.year(), static_cast<long long>(d.seq));

      int64_t paid = 0;
      Date pay_date = due;
      if (!credit_note && !rng_.PerMille(c.profile.unpaid_per_mille)) {
        pay_date = due.AddDays(c.profile.mean_delay + static_cast<int32_t>(rng_.Range(-5, 15)));
        if (c.pay_day > 0) {  // pays on a fixed day of the month ("le 10 du mois")
          Date fixed = pay_date.AddMonthsKeepingDay(0, c.pay_day);
          pay_date = fixed < pay_date ? pay_date.AddMonthsKeepingDay(1, c.pay_day) : fixed;
        }
        if (pay_date < issue) pay_date = issue;
        if (pay_date <= o_.today) paid = rng_.PerMille(70) ? amount * rng_.Range(30, 70) / 100 : amount;
      }
      const int64_t open = amount - paid;
      ++invoice_id;
      ENC_RETURN_IF_ERROR(invoices.Add({invoice_id, c.id, std::string(number), dates_(issue), dates_(due), amount, "EUR",
                                        open == 0 ? "paid" : "open", open}));
      ++sum_.invoices;
      if (paid > 0) {
        auto t = std::find_if(transfers.begin(), transfers.end(), [&](const Transfer& x) { return x.date == pay_date; });
        if (t == transfers.end()) {
          transfers.push_back({++payment_id_, pay_date, 0, number});
          t = transfers.end() - 1;
          ++sum_.payments;
        } else if (t->reference.find(' ') == std::string::npos) {
          t->reference = "Règlement factures";
        }
        t->amount += paid;
        ENC_RETURN_IF_ERROR(allocations.Add({++allocation_id_, c.id, invoice_id, t->id, paid, dates_(pay_date)}));
        ++sum_.allocations;
      }
      if (open > 0 && due < o_.today) {
        c.overdue.push_back({invoice_id, due, open});
        if (rng_.PerMille(15)) {
          Date opened = due.AddDays(static_cast<int32_t>(rng_.Range(2, 20)));
          if (opened > o_.today) opened = o_.today;
          const bool resolved = rng_.PerMille(300) && opened < o_.today;
          ENC_RETURN_IF_ERROR(disputes.Add({++sum_.disputes, invoice_id, c.id, dates_(opened),
                                            std::string(rng_.Pick(demo::kDisputeReasons)), resolved ? "resolved" : "open",
                                            resolved ? BatchInsert::Value(dates_(o_.today)) : BatchInsert::Value(),
                                            resolved ? "Avoir émis, litige clos" : ""}));
        }
      }
      if (n + 1 == drafts.size() || drafts[n + 1].customer != d.customer) ENC_RETURN_IF_ERROR(flush_transfers(c.id));
    }
    ENC_RETURN_IF_ERROR(invoices.Flush());
    ENC_RETURN_IF_ERROR(payments.Flush());
    ENC_RETURN_IF_ERROR(allocations.Flush());
    return disputes.Flush();
  }

  // Promises, plans, notes and visits, decided per customer from what it owes.
  Status FollowUps() {
    auto promise = db_.Prepare(
        "INSERT INTO promises (customer_id, author_id, promised_date, amount_minor, status, created) VALUES (?, ?, ?, ?, ?, ?)");
    auto note = db_.Prepare("INSERT INTO notes (customer_id, author_id, date, text) VALUES (?, ?, ?, ?)");
    auto visit = db_.Prepare("INSERT INTO visits (customer_id, rep_id, planned, outcome) VALUES (?, ?, ?, ?)");
    if (!promise.ok()) return promise.status();
    if (!note.ok()) return note.status();
    if (!visit.ok()) return visit.status();
    for (size_t i = 0; i < customers_.size(); ++i) {
      auto& c = customers_[i];
      const Id rep = rep_ids_[i % rep_ids_.size()];
      int64_t overdue = 0;
      for (const auto& o : c.overdue) overdue += o.open;
      if (c.overdue.size() >= 2 && rng_.PerMille(60)) {
        ENC_RETURN_IF_ERROR(Plan(c));
      } else if (overdue > 0 && rng_.PerMille(80)) {
        const bool past = rng_.PerMille(400);
        const Date when = o_.today.AddDays(past ? -static_cast<int32_t>(rng_.Range(3, 30)) : static_cast<int32_t>(rng_.Range(1, 20)));
        const char* status = past ? (rng_.PerMille(500) ? "kept" : "broken") : "pending";
        ENC_RETURN_IF_ERROR(promise->Bind(1, c.id).Bind(2, rep).Bind(3, dates_(when)).Bind(4, overdue).Bind(5, status)
                                .Bind(6, dates_(when.AddDays(-7))).Run());
        ++sum_.promises;
      }
      if (rng_.PerMille(200)) {
        ENC_RETURN_IF_ERROR(note->Bind(1, c.id).Bind(2, rep).Bind(3, dates_(o_.today.AddDays(-static_cast<int32_t>(rng_.Range(0, 60)))))
                                .Bind(4, rng_.Pick(demo::kNoteTexts)).Run());
        ++sum_.notes;
      }
      if (rng_.PerMille(100)) {
        const bool done = rng_.PerMille(500);
        const Date when = o_.today.AddDays(done ? -static_cast<int32_t>(rng_.Range(1, 30)) : static_cast<int32_t>(rng_.Range(0, 14)));
        ENC_RETURN_IF_ERROR(visit->Bind(1, c.id).Bind(2, rep).Bind(3, dates_(when))
                                .Bind(4, done ? "Rencontré le gérant, règlement promis" : "").Run());
        ++sum_.visits;
      }
    }
    return Status::Ok();
  }

  struct CustomerState {
    Id id;
    int terms;
    Profile profile;
    int pay_day;  // 0: pays as it goes; 10 or 31: on that day of the month
    std::vector<OpenInvoice> overdue;
  };

  // An approved 3-month plan over the customer's overdue invoices, started three weeks ago:
  // the first installment was paid (and settled the oldest invoices), the others are coming.
  Status Plan(CustomerState& c) {
    int64_t total = 0;
    for (const auto& o : c.overdue) total += o.open;
    const Date first = o_.today.AddDays(-21);
    auto schedule = BuildSchedule(total, 3, first, PlanFrequency::kMonthly);
    if (!schedule.ok()) return Status::Ok();  // too small to split: no plan for this one
    auto plan = db_.Prepare(
        "INSERT INTO payment_plans (customer_id, status, frequency, total_minor, currency, created, approved) "
        "VALUES (?, 'active', 'monthly', ?, 'EUR', ?, ?)");
    if (!plan.ok()) return plan.status();
    ENC_RETURN_IF_ERROR(plan->Bind(1, c.id).Bind(2, total).Bind(3, dates_(first.AddDays(-10))).Bind(4, dates_(first.AddDays(-9))).Run());
    const Id plan_id = db_.LastInsertId();
    auto link = db_.Prepare("INSERT INTO plan_invoices (plan_id, invoice_id) VALUES (?, ?)");
    auto inst = db_.Prepare("INSERT INTO installments (plan_id, seq, due_date, amount_minor, paid_minor) VALUES (?, ?, ?, ?, ?)");
    if (!link.ok()) return link.status();
    if (!inst.ok()) return inst.status();
    for (const auto& o : c.overdue) ENC_RETURN_IF_ERROR(link->Bind(1, plan_id).Bind(2, o.id).Run());
    // Every installment first: the store's trigger then moves them as the payments settle the invoices.
    for (const auto& i : *schedule)
      ENC_RETURN_IF_ERROR(inst->Bind(1, plan_id).Bind(2, i.seq).Bind(3, dates_(i.due_date)).Bind(4, i.amount_minor).Bind(5, 0).Run());
    for (const auto& i : *schedule)
      if (i.due_date < o_.today) ENC_RETURN_IF_ERROR(PayOldestFirst(c, i.amount_minor, i.due_date));
    ++sum_.plans;
    return Status::Ok();
  }

  Status PayOldestFirst(CustomerState& c, int64_t amount, Date when) {
    auto pay = db_.Prepare("INSERT INTO payments (id, customer_id, date, amount_minor, currency, method, reference) VALUES (?, ?, ?, ?, 'EUR', 'transfer', 'Échéancier')");
    auto alloc = db_.Prepare("INSERT INTO allocations (id, customer_id, invoice_id, payment_id, amount_minor, date) VALUES (?, ?, ?, ?, ?, ?)");
    auto settle = db_.Prepare("UPDATE invoices SET open_minor = ?, status = CASE WHEN ? = 0 THEN 'paid' ELSE 'open' END WHERE id = ?");
    if (!pay.ok()) return pay.status();
    if (!alloc.ok()) return alloc.status();
    if (!settle.ok()) return settle.status();
    const Id payment_id = ++payment_id_;
    ENC_RETURN_IF_ERROR(pay->Bind(1, payment_id).Bind(2, c.id).Bind(3, dates_(when)).Bind(4, amount).Run());
    ++sum_.payments;
    std::sort(c.overdue.begin(), c.overdue.end(), [](const OpenInvoice& a, const OpenInvoice& b) {
      return a.due != b.due ? a.due < b.due : a.id < b.id;
    });
    for (auto& o : c.overdue) {
      if (amount == 0) break;
      const int64_t take = std::min(amount, o.open);
      if (take == 0) continue;
      o.open -= take;
      amount -= take;
      ENC_RETURN_IF_ERROR(alloc->Bind(1, ++allocation_id_).Bind(2, c.id).Bind(3, o.id).Bind(4, payment_id).Bind(5, take).Bind(6, dates_(when)).Run());
      ENC_RETURN_IF_ERROR(settle->Bind(1, o.open).Bind(2, o.open).Bind(3, o.id).Run());
      ++sum_.allocations;
    }
    return Status::Ok();
  }

  Db& db_;
  DemoOptions o_;
  Rng rng_;
  DateText dates_;
  std::vector<Id> rep_ids_;
  std::vector<CustomerState> customers_;
  Id payment_id_ = 0;
  Id allocation_id_ = 0;
  DemoSummary sum_;
};

}  // namespace

Result<DemoSummary> GenerateDemo(Store& store, const DemoOptions& options) {
  Generator g(store, options);
  return g.Run(store);
}

}  // namespace encaisse
