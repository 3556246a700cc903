// The Encaisse store: the domain records in SQLite, behind one interface so that a server
// store on PostgreSQL can be a second implementation rather than a rewrite. Every write runs
// in a transaction; every change to a synced table reaches the change log in that same
// transaction (schema triggers).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "shared/model/entities.h"
#include "shared/penalties/rates.h"
#include "shared/store/db.h"

namespace encaisse {

// A customer with everything the ledger needs to compute balances and penalties.
struct Account {
  Customer customer;
  std::vector<Invoice> invoices;      // by due date, then id
  std::vector<Payment> payments;      // by date
  std::vector<Allocation> allocations;
  std::vector<Promise> promises;
  std::vector<Dispute> disputes;
  std::vector<PaymentPlan> plans;     // with their installments and covered invoices
};

struct Change {
  int64_t seq = 0;
  std::string table;
  Id row_id = 0;
  std::string op;  // upsert | delete
  std::optional<Id> customer_id;
};

// Company settings from their stored text (the defaults for an empty one).
Result<CompanySettings> ParseStoredSettings(std::string_view text);

class Store {
 public:
  // Opens (creating if asked) and migrates to the latest schema; refuses a newer database.
  static Result<Store> Open(const std::string& path, const OpenOptions& options = {});

  Db& db() { return db_; }

  Result<CompanySettings> LoadSettings();
  // The settings as stored: their JSON text, empty when none were ever saved. For a caller
  // that keeps what they parse to (ParseStoredSettings) while the text stays the same.
  Result<std::string> LoadSettingsText();
  Status SaveSettings(const CompanySettings& settings);
  Result<RateTables> LoadRates();  // the French defaults until an administrator saves others
  Status SaveRates(const RateTables& rates);

  Result<Id> AddUser(const User& user, std::string_view password_hash = {}, bool is_demo = false);
  Result<std::vector<User>> ListUsers();

  Result<Id> AddCustomer(const Customer& customer);
  Result<Customer> GetCustomer(Id id);
  Result<Id> AddInvoice(const Invoice& invoice);  // open_minor = amount, status open
  Result<Invoice> GetInvoice(Id id);

  // Records a payment and its allocations in one transaction; each allocation lowers its
  // invoice's open amount (settled invoices become paid). The allocations must come from
  // the ledger (AllocateFifo / AllocateExplicit); the store re-checks they fit.
  Result<Id> RecordPayment(const Payment& payment, std::span<const Allocation> allocations);

  Result<Account> LoadAccount(Id customer_id);

  // The change log after `since`, at most `limit` entries, in sequence order.
  Result<std::vector<Change>> ChangesSince(int64_t since, int limit);

  // Recomputes every invoice's open amount from its allocations and reports the first
  // mismatch (a consistency check for tests, backups and fault tests).
  Status VerifyLedger();

 private:
  explicit Store(Db db) : db_(std::move(db)) {}
  Db db_;
};

}  // namespace encaisse
