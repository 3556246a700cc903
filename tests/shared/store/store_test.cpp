// The store: users, customers and invoices; payments with their allocations (all or nothing);
// the ledger check; accounts as the ledger reads them; settings and rate tables.
#include "shared/store/store.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "shared/ledger/allocation.h"
#include "tests/shared/test_support.h"

namespace encaisse {
namespace {

Date D(const char* iso) { return Date::ParseIso(iso).value(); }

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = Store::Open(path_.path(), TestOpenOptions());
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_.emplace(std::move(s).value());
    auto rep = store_->AddUser({0, "rep@example.test", "Rémi Rep", Role::kSalesRep, false});
    ASSERT_TRUE(rep.ok()) << rep.status().ToString();
    rep_ = *rep;
    alpha_ = AddCustomer("C001", "Boulangerie Martin SARL");
    beta_ = AddCustomer("C002", "Garage Dubois SAS");
    inv_a1_ = AddInvoice(alpha_, "FA-001", "2024-04-01", "2024-05-01", 100000);
    inv_a2_ = AddInvoice(alpha_, "FA-002", "2024-04-15", "2024-05-15", 50000);
    inv_b1_ = AddInvoice(beta_, "FA-001", "2024-04-01", "2024-05-01", 70000);  // same number, other customer
  }

  Store& store() { return *store_; }
  Db& db() { return store_->db(); }

  Id AddCustomer(const std::string& external_id, const std::string& name) {
    Customer c;
    c.external_id = external_id;
    c.name = name;
    c.rep_id = rep_;
    auto id = store_->AddCustomer(c);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : 0;
  }

  Id AddInvoice(Id customer, const std::string& number, const char* issue, const char* due, int64_t amount,
                Currency currency = Eur()) {
    Invoice i;
    i.customer_id = customer;
    i.number = number;
    i.issue_date = D(issue);
    i.due_date = D(due);
    i.amount_minor = amount;
    i.currency = currency;
    auto id = store_->AddInvoice(i);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : 0;
  }

  Payment Pay(Id customer, int64_t amount, const char* date = "2024-05-20") {
    Payment p;
    p.customer_id = customer;
    p.date = D(date);
    p.amount_minor = amount;
    p.method = "transfer";
    p.reference = "VIR 123";
    return p;
  }

  static Allocation To(Id invoice, int64_t amount) { return Allocation{0, invoice, 0, 0, amount, Date()}; }

  // Everything a failed write must leave as it was.
  std::string Snapshot() {
    return std::to_string(CountRows(db(), "payments")) + "/" + std::to_string(CountRows(db(), "allocations")) + "/" +
           std::to_string(CountRows(db(), "change_log")) + "/" +
           QueryText(db(), "SELECT group_concat(id || ':' || open_minor || ':' || status, ',') FROM "
                           "(SELECT * FROM invoices ORDER BY id)");
  }

  ScopedDbPath path_{"store"};
  std::optional<Store> store_;
  Id rep_ = 0, alpha_ = 0, beta_ = 0, inv_a1_ = 0, inv_a2_ = 0, inv_b1_ = 0;
};

// --- users, customers, invoices ----------------------------------------------------------------

TEST_F(StoreTest, AddUserRefusesADuplicateEmail) {
  struct Row {
    const char* email;
    bool ok;
  };
  const Row rows[] = {{"rep@example.test", false},
                      {"REP@Example.Test", false},  // emails compare without case
                      {"other@example.test", true},
                      {"other@example.test", false}};
  for (const Row& r : rows) {
    SCOPED_TRACE(r.email);
    auto id = store().AddUser({0, r.email, "Someone", Role::kCollector, false}, "hash");
    EXPECT_EQ(id.ok(), r.ok) << (id.ok() ? "" : id.status().ToString());
    if (!id.ok()) {
      EXPECT_EQ(id.status().code(), Code::kConflict);
      EXPECT_NE(id.status().message().find(r.email), std::string::npos) << id.status().message();
    }
  }
  auto users = store().ListUsers();
  ASSERT_TRUE(users.ok());
  ASSERT_EQ(users->size(), 2u);
  EXPECT_EQ((*users)[0].email, "rep@example.test");
  EXPECT_EQ((*users)[0].name, "Rémi Rep");
  EXPECT_EQ((*users)[0].role, Role::kSalesRep);
  EXPECT_EQ((*users)[1].email, "other@example.test");
  EXPECT_EQ((*users)[1].role, Role::kCollector);
  EXPECT_FALSE((*users)[1].disabled);
}

TEST_F(StoreTest, CustomerRoundTripsAndDuplicatesAreRefused) {
  Customer c;
  c.external_id = "C900";
  c.name = "Pharmacie Lefèvre & Fils";
  c.email = "compta@lefevre.fr";
  c.phone = "01 23 45 67 89";
  c.address = "3 rue de la Paix, 75002 Paris";
  c.business = false;
  c.risk = RiskClass::kHigh;
  c.payment_terms_days = 45;
  c.contract_late_rate_bps = 1215;
  c.rep_id = rep_;
  c.scenario_id = 7;
  c.language = "en";
  c.insolvency_date = D("2024-03-04");
  c.credit_limit_minor = 5000000;
  auto id = store().AddCustomer(c);
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  auto got = store().GetCustomer(*id);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->id, *id);
  EXPECT_EQ(got->external_id, c.external_id);
  EXPECT_EQ(got->name, c.name);
  EXPECT_EQ(got->email, c.email);
  EXPECT_EQ(got->phone, c.phone);
  EXPECT_EQ(got->address, c.address);
  EXPECT_EQ(got->business, c.business);
  EXPECT_EQ(got->risk, c.risk);
  EXPECT_EQ(got->payment_terms_days, c.payment_terms_days);
  EXPECT_EQ(got->contract_late_rate_bps, c.contract_late_rate_bps);
  EXPECT_EQ(got->rep_id, c.rep_id);
  EXPECT_EQ(got->scenario_id, c.scenario_id);
  EXPECT_EQ(got->language, c.language);
  EXPECT_EQ(got->insolvency_date, c.insolvency_date);
  EXPECT_EQ(got->credit_limit_minor, c.credit_limit_minor);

  // Defaults: no rep, no contract rate, no insolvency.
  Customer plain;
  plain.external_id = "C901";
  plain.name = "Plain";
  auto plain_id = store().AddCustomer(plain);
  ASSERT_TRUE(plain_id.ok());
  auto plain_got = store().GetCustomer(*plain_id);
  ASSERT_TRUE(plain_got.ok());
  EXPECT_EQ(plain_got->rep_id, 0);
  EXPECT_FALSE(plain_got->contract_late_rate_bps.has_value());
  EXPECT_FALSE(plain_got->insolvency_date.has_value());

  auto dup = store().AddCustomer(c);
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.status().code(), Code::kConflict);
  auto missing = store().GetCustomer(99999);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), Code::kNotFound);
}

TEST_F(StoreTest, InvoiceRoundTripsOpenAndUniquePerCustomer) {
  Invoice i;
  i.customer_id = alpha_;
  i.number = "FA-777";
  i.issue_date = D("2024-02-29");
  i.due_date = D("2024-03-30");
  i.amount_minor = 123456;
  i.currency = FindCurrency("JPY").value();
  i.status = InvoiceStatus::kPaid;  // ignored: a new invoice is open
  i.open_minor = 1;                 // ignored: a new invoice's open amount is its amount
  i.formal_notice_date = D("2024-04-15");
  auto id = store().AddInvoice(i);
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  auto got = store().GetInvoice(*id);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->customer_id, alpha_);
  EXPECT_EQ(got->number, "FA-777");
  EXPECT_EQ(got->issue_date, i.issue_date);
  EXPECT_EQ(got->due_date, i.due_date);
  EXPECT_EQ(got->amount_minor, 123456);
  EXPECT_EQ(got->currency.Code(), "JPY");
  EXPECT_EQ(got->status, InvoiceStatus::kOpen);
  EXPECT_EQ(got->open_minor, 123456);
  EXPECT_EQ(got->formal_notice_date, i.formal_notice_date);

  auto dup = store().AddInvoice(i);
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.status().code(), Code::kConflict);
  EXPECT_NE(dup.status().message().find("FA-777"), std::string::npos);
  EXPECT_EQ(store().GetInvoice(99999).status().code(), Code::kNotFound);
}

// --- payments ----------------------------------------------------------------------------------

TEST_F(StoreTest, RecordPaymentLowersOpenAmountsAndMarksPaid) {
  // 1 200,00 received: FIFO settles FA-001 (1 000,00) and 200,00 of FA-002; nothing is left.
  auto account = store().LoadAccount(alpha_);
  ASSERT_TRUE(account.ok());
  const Payment payment = Pay(alpha_, 120000);
  auto plan = AllocateFifo(payment, account->invoices);
  ASSERT_TRUE(plan.ok());
  auto id = store().RecordPayment(payment, plan->allocations);
  ASSERT_TRUE(id.ok()) << id.status().ToString();

  struct Row {
    Id invoice;
    int64_t open;
    InvoiceStatus status;
  };
  const Row rows[] = {{inv_a1_, 0, InvoiceStatus::kPaid},
                      {inv_a2_, 30000, InvoiceStatus::kOpen},
                      {inv_b1_, 70000, InvoiceStatus::kOpen}};
  for (const Row& r : rows) {
    SCOPED_TRACE(r.invoice);
    auto inv = store().GetInvoice(r.invoice);
    ASSERT_TRUE(inv.ok());
    EXPECT_EQ(inv->open_minor, r.open);
    EXPECT_EQ(inv->status, r.status);
  }
  EXPECT_EQ(CountRows(db(), "allocations"), 2);
  EXPECT_EQ(QueryText(db(), "SELECT group_concat(payment_id || ':' || invoice_id || ':' || amount_minor || ':' || date "
                            "|| ':' || customer_id, ',') FROM (SELECT * FROM allocations ORDER BY id)"),
            std::to_string(*id) + ":" + std::to_string(inv_a1_) + ":100000:2024-05-20:" + std::to_string(alpha_) + "," +
                std::to_string(*id) + ":" + std::to_string(inv_a2_) + ":20000:2024-05-20:" + std::to_string(alpha_));
  EXPECT_TRUE(store().VerifyLedger().ok());

  // A payment without allocations is an unallocated credit.
  auto credit = store().RecordPayment(Pay(alpha_, 5000), {});
  ASSERT_TRUE(credit.ok());
  EXPECT_EQ(CountRows(db(), "payments"), 2);
  EXPECT_EQ(CountRows(db(), "allocations"), 2);
  EXPECT_TRUE(store().VerifyLedger().ok());
}

TEST_F(StoreTest, RecordPaymentRefusesAndChangesNothing) {
  const Id usd_invoice = AddInvoice(alpha_, "FA-USD", "2024-04-01", "2024-05-01", 10000, FindCurrency("USD").value());
  const Id credit_note = AddInvoice(alpha_, "AV-001", "2024-04-01", "2024-04-01", -10000);
  // Half of FA-002 already paid.
  ASSERT_TRUE(store().RecordPayment(Pay(alpha_, 25000), std::vector<Allocation>{To(inv_a2_, 25000)}).ok());

  struct Row {
    const char* name;
    Payment payment;
    std::vector<Allocation> allocations;
    Code code;
  };
  const Row rows[] = {
      {"more than the open amount", Pay(alpha_, 100000), {To(inv_a2_, 25001)}, Code::kConflict},
      {"another customer's invoice", Pay(alpha_, 100000), {To(inv_b1_, 100)}, Code::kConflict},
      {"an invoice in another currency", Pay(alpha_, 100000), {To(usd_invoice, 100)}, Code::kConflict},
      {"a credit note", Pay(alpha_, 100000), {To(credit_note, 100)}, Code::kConflict},
      {"an unknown invoice", Pay(alpha_, 100000), {To(99999, 100)}, Code::kConflict},
      {"a paid invoice (the first allocation is rolled back too)", Pay(alpha_, 200000),
       {To(inv_a1_, 100000), To(inv_a1_, 1)}, Code::kConflict},
      {"the second allocation fails: the first is rolled back", Pay(alpha_, 200000),
       {To(inv_a1_, 40000), To(inv_b1_, 100)}, Code::kConflict},
      {"allocations exceed the payment", Pay(alpha_, 1000), {To(inv_a1_, 600), To(inv_a2_, 600)},
       Code::kInvalidArgument},
      {"a zero allocation", Pay(alpha_, 1000), {To(inv_a1_, 0)}, Code::kInvalidArgument},
      {"a negative allocation", Pay(alpha_, 1000), {To(inv_a1_, 500), To(inv_a2_, -1)}, Code::kInvalidArgument},
      {"a zero payment", Pay(alpha_, 0), {}, Code::kInvalidArgument},
      {"an unknown payer", Pay(99999, 1000), {}, Code::kConflict},
  };
  for (const Row& r : rows) {
    SCOPED_TRACE(r.name);
    const std::string before = Snapshot();
    auto id = store().RecordPayment(r.payment, r.allocations);
    ASSERT_FALSE(id.ok()) << "recorded as payment " << *id;
    EXPECT_EQ(id.status().code(), r.code) << id.status().ToString();
    EXPECT_EQ(Snapshot(), before);
  }
  EXPECT_TRUE(store().VerifyLedger().ok());
  // The store still takes a good payment afterwards (no transaction left open).
  EXPECT_TRUE(store().RecordPayment(Pay(alpha_, 25000), std::vector<Allocation>{To(inv_a2_, 25000)}).ok());
  EXPECT_EQ(store().GetInvoice(inv_a2_)->status, InvoiceStatus::kPaid);
}

TEST_F(StoreTest, VerifyLedgerDetectsTampering) {
  ASSERT_TRUE(store().RecordPayment(Pay(alpha_, 30000), std::vector<Allocation>{To(inv_a1_, 30000)}).ok());
  ASSERT_TRUE(store().RecordPayment(Pay(alpha_, 50000), std::vector<Allocation>{To(inv_a2_, 50000)}).ok());
  ASSERT_TRUE(store().VerifyLedger().ok());
  const std::string a1 = std::to_string(inv_a1_), a2 = std::to_string(inv_a2_);
  struct Row {
    const char* name;
    std::string tamper;
    const char* number;
  };
  const Row rows[] = {
      {"open amount lowered by one cent", "UPDATE invoices SET open_minor = open_minor - 1 WHERE id = " + a1, "FA-001"},
      {"open amount raised on a paid invoice", "UPDATE invoices SET open_minor = 1 WHERE id = " + a2, "FA-002"},
      {"open with nothing open", "UPDATE invoices SET status = 'open' WHERE id = " + a2, "FA-002"},
      {"paid with something open", "UPDATE invoices SET status = 'paid' WHERE id = " + a1, "FA-001"},
      {"an allocation removed", "DELETE FROM allocations WHERE invoice_id = " + a1, "FA-001"},
      {"an allocation increased", "UPDATE allocations SET amount_minor = 30001 WHERE invoice_id = " + a1, "FA-001"},
  };
  for (const Row& r : rows) {
    SCOPED_TRACE(r.name);
    // Tampered inside a transaction, checked, then rolled back for the next row.
    ASSERT_TRUE(db().Exec("BEGIN").ok());
    ASSERT_TRUE(db().Exec(r.tamper).ok());
    EXPECT_EQ(db().Changes(), 1);
    const Status s = store().VerifyLedger();
    EXPECT_FALSE(s.ok());
    EXPECT_EQ(s.code(), Code::kInternal);
    EXPECT_NE(s.message().find(r.number), std::string::npos) << s.message();
    ASSERT_TRUE(db().Exec("ROLLBACK").ok());
    EXPECT_TRUE(store().VerifyLedger().ok());
  }
}

TEST_F(StoreTest, VerifyLedgerChecksCreditNotesToo) {
  // A 300,00 credit note of which 200,00 settled FA-001 (written as the ledger would).
  const Id credit_note = AddInvoice(alpha_, "AV-001", "2024-04-20", "2024-04-20", -30000);
  const std::string cn = std::to_string(credit_note), a1 = std::to_string(inv_a1_);
  ASSERT_TRUE(db().Exec("INSERT INTO allocations (customer_id, invoice_id, credit_note_id, amount_minor, date) VALUES (" +
                        std::to_string(alpha_) + ", " + a1 + ", " + cn + ", 20000, '2024-04-20');"
                        "UPDATE invoices SET open_minor = 80000 WHERE id = " + a1 + ";"
                        "UPDATE invoices SET open_minor = -10000 WHERE id = " + cn).ok());
  const Status consistent = store().VerifyLedger();
  EXPECT_TRUE(consistent.ok()) << consistent.ToString();

  struct Row {
    const char* name;
    std::string tamper;
  };
  const Row rows[] = {
      {"credit note's open amount changed", "UPDATE invoices SET open_minor = -30000 WHERE id = " + cn},
      {"credit note marked paid with some left", "UPDATE invoices SET status = 'paid' WHERE id = " + cn},
      {"credit note applied beyond its amount",
       "UPDATE allocations SET amount_minor = 40000 WHERE credit_note_id = " + cn + ";"
       "UPDATE invoices SET open_minor = 60000 WHERE id = " + a1 + ";"
       "UPDATE invoices SET open_minor = 10000 WHERE id = " + cn},
  };
  for (const Row& r : rows) {
    SCOPED_TRACE(r.name);
    ASSERT_TRUE(db().Exec("BEGIN").ok());
    ASSERT_TRUE(db().Exec(r.tamper).ok());
    const Status s = store().VerifyLedger();
    EXPECT_FALSE(s.ok());
    EXPECT_NE(s.message().find("AV-001"), std::string::npos) << s.message();
    ASSERT_TRUE(db().Exec("ROLLBACK").ok());
  }
  EXPECT_TRUE(store().VerifyLedger().ok());
}

// --- accounts ----------------------------------------------------------------------------------

TEST_F(StoreTest, LoadAccountReturnsEverythingInOrder) {
  // Invoices added out of due-date order; two with the same due date (then by id).
  const Id late = AddInvoice(alpha_, "FA-010", "2024-01-01", "2024-01-31", 1000);
  const Id same_due_2 = AddInvoice(alpha_, "FA-011", "2024-04-20", "2024-05-15", 2000);
  ASSERT_TRUE(store().RecordPayment(Pay(alpha_, 500, "2024-03-10"), std::vector<Allocation>{To(late, 500)}).ok());
  ASSERT_TRUE(store().RecordPayment(Pay(alpha_, 700, "2024-02-10"), std::vector<Allocation>{To(late, 500)}).ok());
  ASSERT_TRUE(store().RecordPayment(Pay(beta_, 100, "2024-02-11"), std::vector<Allocation>{To(inv_b1_, 100)}).ok());
  const std::string a = std::to_string(alpha_), b = std::to_string(beta_), r = std::to_string(rep_);
  ASSERT_TRUE(db().Exec(
      "INSERT INTO promises (customer_id, author_id, promised_date, amount_minor, status, created) VALUES "
      "(" + a + ", " + r + ", '2024-06-30', 3000, 'pending', '2024-06-01'),"
      "(" + a + ", NULL, '2024-06-10', 4000, 'broken', '2024-05-01'),"
      "(" + b + ", NULL, '2024-06-10', 1, 'pending', '2024-05-01');"
      "INSERT INTO disputes (invoice_id, customer_id, opened, reason, status, resolved, resolution) VALUES "
      "(" + std::to_string(inv_a2_) + ", " + a + ", '2024-05-20', 'Livraison incomplète', 'resolved', '2024-05-30', 'Avoir'),"
      "(" + std::to_string(late) + ", " + a + ", '2024-02-05', 'Prix', 'open', NULL, '');"
      "INSERT INTO payment_plans (customer_id, status, frequency, total_minor, currency, created, approved) VALUES "
      "(" + a + ", 'active', 'monthly', 3000, 'EUR', '2024-06-01', '2024-06-02'),"
      "(" + a + ", 'pending', 'weekly', 100, 'EUR', '2024-06-03', NULL),"
      "(" + b + ", 'pending', 'weekly', 100, 'EUR', '2024-06-03', NULL);").ok());
  const std::string plan1 = QueryText(db(), "SELECT min(id) FROM payment_plans");
  ASSERT_TRUE(db().Exec(
      "INSERT INTO installments (plan_id, seq, due_date, amount_minor, paid_minor) VALUES "
      "(" + plan1 + ", 2, '2024-07-01', 1500, 0), (" + plan1 + ", 1, '2024-06-01', 1500, 1500);"
      "INSERT INTO plan_invoices (plan_id, invoice_id) VALUES (" + plan1 + ", " + std::to_string(same_due_2) + "), (" +
      plan1 + ", " + std::to_string(inv_a2_) + ");").ok());

  auto account = store().LoadAccount(alpha_);
  ASSERT_TRUE(account.ok()) << account.status().ToString();
  EXPECT_EQ(account->customer.id, alpha_);
  EXPECT_EQ(account->customer.external_id, "C001");

  std::vector<std::string> numbers;
  for (const auto& i : account->invoices) numbers.push_back(i.number);
  EXPECT_EQ(numbers, (std::vector<std::string>{"FA-010", "FA-001", "FA-002", "FA-011"}));
  EXPECT_EQ(account->invoices[0].open_minor, 0);
  EXPECT_EQ(account->invoices[0].status, InvoiceStatus::kPaid);

  ASSERT_EQ(account->payments.size(), 2u);  // by date; beta's payment is not here
  EXPECT_EQ(account->payments[0].date, D("2024-02-10"));
  EXPECT_EQ(account->payments[0].amount_minor, 700);
  EXPECT_EQ(account->payments[0].reference, "VIR 123");
  EXPECT_EQ(account->payments[1].date, D("2024-03-10"));

  ASSERT_EQ(account->allocations.size(), 2u);  // by date
  EXPECT_EQ(account->allocations[0].date, D("2024-02-10"));
  EXPECT_EQ(account->allocations[0].payment_id, account->payments[0].id);
  EXPECT_EQ(account->allocations[0].invoice_id, late);
  EXPECT_EQ(account->allocations[0].credit_note_id, 0);
  EXPECT_EQ(account->allocations[1].date, D("2024-03-10"));

  ASSERT_EQ(account->promises.size(), 2u);  // by promised date
  EXPECT_EQ(account->promises[0].promised_date, D("2024-06-10"));
  EXPECT_EQ(account->promises[0].status, PromiseStatus::kBroken);
  EXPECT_EQ(account->promises[0].author_id, 0);
  EXPECT_EQ(account->promises[1].author_id, rep_);
  EXPECT_EQ(account->promises[1].created, D("2024-06-01"));

  ASSERT_EQ(account->disputes.size(), 2u);  // by opening date
  EXPECT_EQ(account->disputes[0].reason, "Prix");
  EXPECT_EQ(account->disputes[0].status, DisputeStatus::kOpen);
  EXPECT_FALSE(account->disputes[0].resolved.has_value());
  EXPECT_EQ(account->disputes[1].status, DisputeStatus::kResolved);
  EXPECT_EQ(account->disputes[1].resolved, D("2024-05-30"));
  EXPECT_EQ(account->disputes[1].resolution, "Avoir");

  ASSERT_EQ(account->plans.size(), 2u);  // by id
  const PaymentPlan& plan = account->plans[0];
  EXPECT_EQ(std::to_string(plan.id), plan1);
  EXPECT_EQ(plan.status, PlanStatus::kActive);
  EXPECT_EQ(plan.approved, D("2024-06-02"));
  ASSERT_EQ(plan.installments.size(), 2u);  // by seq
  EXPECT_EQ(plan.installments[0].seq, 1);
  EXPECT_EQ(plan.installments[0].paid_minor, 1500);
  EXPECT_EQ(plan.installments[1].seq, 2);
  EXPECT_EQ(plan.invoice_ids, (std::vector<Id>{inv_a2_, same_due_2}));
  EXPECT_EQ(account->plans[1].frequency, PlanFrequency::kWeekly);
  EXPECT_FALSE(account->plans[1].approved.has_value());
  EXPECT_TRUE(account->plans[1].installments.empty());

  auto missing = store().LoadAccount(99999);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), Code::kNotFound);
}

// --- settings and rates ------------------------------------------------------------------------

TEST_F(StoreTest, SettingsRoundTrip) {
  auto defaults = store().LoadSettings();
  ASSERT_TRUE(defaults.ok()) << defaults.status().ToString();
  const CompanySettings d;
  EXPECT_EQ(defaults->name, d.name);
  EXPECT_EQ(defaults->currency, Eur());
  EXPECT_FALSE(defaults->late_rate_bps.has_value());
  EXPECT_EQ(defaults->recovery_fee_minor, 4000);

  CompanySettings s;
  s.name = "Établissements Müller & Fils \"Le Quai\"";
  s.currency = FindCurrency("CHF").value();
  s.late_rate_bps = 1215;
  s.ecb_margin_bps = 700;
  s.recovery_fee_minor = 5000;
  s.installment_grace_days = 7;
  s.timezone = "Europe/Zurich";
  ASSERT_TRUE(store().SaveSettings(s).ok());
  auto got = store().LoadSettings();
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->name, s.name);
  EXPECT_EQ(got->currency, s.currency);
  EXPECT_EQ(got->currency.minor_digits, 2);
  EXPECT_EQ(got->late_rate_bps, s.late_rate_bps);
  EXPECT_EQ(got->ecb_margin_bps, s.ecb_margin_bps);
  EXPECT_EQ(got->recovery_fee_minor, s.recovery_fee_minor);
  EXPECT_EQ(got->installment_grace_days, s.installment_grace_days);
  EXPECT_EQ(got->timezone, s.timezone);

  // Saved again without a contractual rate: back to the legal default, not the old value.
  s.late_rate_bps.reset();
  s.currency = FindCurrency("XOF").value();
  ASSERT_TRUE(store().SaveSettings(s).ok());
  got = store().LoadSettings();
  ASSERT_TRUE(got.ok());
  EXPECT_FALSE(got->late_rate_bps.has_value());
  EXPECT_EQ(got->currency.Code(), "XOF");
  EXPECT_EQ(got->currency.minor_digits, 0);
  EXPECT_EQ(CountRows(db(), "settings"), 1);

  ASSERT_TRUE(db().Exec("UPDATE settings SET value = 'not json' WHERE key = 'company'").ok());
  EXPECT_EQ(store().LoadSettings().status().code(), Code::kInternal);
}

TEST_F(StoreTest, RatesRoundTrip) {
  auto defaults = store().LoadRates();
  ASSERT_TRUE(defaults.ok()) << defaults.status().ToString();
  const RateTables french = RateTables::FrenchDefaults();
  ASSERT_EQ(defaults->ecb_refi.size(), french.ecb_refi.size());
  ASSERT_FALSE(french.ecb_refi.empty());
  EXPECT_EQ(defaults->ecb_refi.back().from, french.ecb_refi.back().from);
  EXPECT_EQ(defaults->ecb_refi.back().bps, french.ecb_refi.back().bps);

  RateTables r;
  r.ecb_refi = {{D("2023-09-20"), 450}, {D("2024-06-12"), 425}, {D("2025-06-11"), 215}};
  r.legal_professional = {{D("2025-01-01"), 312}};
  r.legal_individual = {};
  ASSERT_TRUE(store().SaveRates(r).ok());
  auto got = store().LoadRates();
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  auto same = [](const std::vector<DatedRate>& a, const std::vector<DatedRate>& b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
      if (a[i].from != b[i].from || a[i].bps != b[i].bps) return false;
    return true;
  };
  EXPECT_TRUE(same(got->ecb_refi, r.ecb_refi));
  EXPECT_TRUE(same(got->legal_professional, r.legal_professional));
  EXPECT_TRUE(same(got->legal_individual, r.legal_individual));
  EXPECT_FALSE(same(got->ecb_refi, french.ecb_refi));

  // Settings and rates are separate rows: saving one keeps the other.
  ASSERT_TRUE(store().SaveSettings(CompanySettings{}).ok());
  got = store().LoadRates();
  ASSERT_TRUE(got.ok());
  EXPECT_TRUE(same(got->ecb_refi, r.ecb_refi));

  ASSERT_TRUE(db().Exec("UPDATE settings SET value = '{\"ecb_refi\": 3}' WHERE key = 'rates'").ok());
  EXPECT_FALSE(store().LoadRates().ok());
}

TEST_F(StoreTest, ATransactionInsideAnotherIsASavepointOfIt) {
  auto count = [&] { return db().QueryInt("SELECT count(*) FROM notes").value(); };
  auto note = [&](const char* text) {
    auto st = db().Prepare("INSERT INTO notes (customer_id, author_id, date, text) VALUES (?1, ?2, '2024-05-02', ?3)");
    ASSERT_TRUE(st.ok()) << st.status().ToString();
    ASSERT_TRUE(st->Bind(1, alpha_).Bind(2, rep_).Bind(3, text).Run().ok());
  };
  const int64_t before = count();
  {
    auto outer = Transaction::Begin(db());
    ASSERT_TRUE(outer.ok());
    note("outer");
    {
      auto inner = Transaction::Begin(db());
      ASSERT_TRUE(inner.ok());
      note("inner, rolled back");
    }  // not committed: its part only is undone
    {
      auto inner = Transaction::Begin(db());
      ASSERT_TRUE(inner.ok());
      note("inner, kept");
      ASSERT_TRUE(inner->Commit().ok());
    }
    ASSERT_TRUE(outer->Commit().ok());
  }
  EXPECT_EQ(count(), before + 2);
  {
    auto outer = Transaction::Begin(db());
    ASSERT_TRUE(outer.ok());
    auto inner = Transaction::Begin(db());
    ASSERT_TRUE(inner.ok());
    note("inner of a rolled back outer");
    ASSERT_TRUE(inner->Commit().ok());
  }  // the outer one rolls back: the inner one's commit goes with it
  EXPECT_EQ(count(), before + 2);
}

}  // namespace
}  // namespace encaisse
