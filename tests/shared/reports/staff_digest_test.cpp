// The staff's morning digest: each section from the store, a sales rep's limited to their
// customers, plans only for the approvers, nothing to say -> empty; the HTML escapes names.
#include "shared/reports/staff_digest.h"

#include <gtest/gtest.h>

#include <optional>

#include "shared/store/store.h"
#include "tests/shared/test_support.h"

namespace encaisse {
namespace {

Date D(const char* iso) { return Date::ParseIso(iso).value(); }

class StaffDigestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = Store::Open(path_.path(), TestOpenOptions());
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_.emplace(std::move(s).value());
    rep1_ = store_->AddUser({0, "rep1@example.test", "Rémi", Role::kSalesRep, false}).value();
    rep2_ = store_->AddUser({0, "rep2@example.test", "Rose", Role::kSalesRep, false}).value();
    mine_ = AddCustomer("C1", "Boulangerie <Martin>", rep1_);
    theirs_ = AddCustomer("C2", "Garage Durand", rep2_);
  }

  Id AddCustomer(const std::string& ext, const std::string& name, Id rep) {
    Customer c;
    c.external_id = ext;
    c.name = name;
    c.rep_id = rep;
    return store_->AddCustomer(c).value();
  }

  void Exec(const std::string& sql) { ASSERT_TRUE(store_->db().Exec(sql).ok()) << sql; }

  void Seed() {
    const std::string a = std::to_string(mine_), b = std::to_string(theirs_);
    Exec("INSERT INTO reminders (customer_id, date, channel, step, status) VALUES (" + a +
         ", '2026-11-24', 'email', 1, 'queued'), (" + b + ", '2026-11-24', 'email', 1, 'queued'), (" + b +
         ", '2026-11-24', 'sms', 2, 'queued'), (" + b + ", '2026-11-23', 'letter', 5, 'sent')");
    Exec("INSERT INTO tasks (customer_id, kind, due_date, status, created_at) VALUES (" + a +
         ", 'phone_call', '2026-11-24', 'open', 'x'), (" + b + ", 'phone_call', '2026-11-25', 'open', 'x'), (" + b +
         ", 'escalation', '2026-11-20', 'open', 'x')");
    Exec("INSERT INTO promises (customer_id, promised_date, amount_minor, status, created) VALUES (" + a +
         ", '2026-11-24', 120000, 'pending', '2026-11-10'), (" + b + ", '2026-11-30', 5000, 'pending', '2026-11-10')");
    Exec("INSERT INTO payments (customer_id, date, amount_minor, currency, method, reference) VALUES (" + b +
         ", '2026-11-23', 45000, 'EUR', 'virement', 'VIR-77'), (" + a +
         ", '2026-11-20', 1000, 'EUR', 'virement', 'OLD')");
    Exec("INSERT INTO payment_plans (customer_id, status, frequency, total_minor, currency, created) VALUES (" + a +
         ", 'pending', 'monthly', 300000, 'EUR', '2026-11-22')");
  }

  ScopedDbPath path_{"staff_digest"};
  std::optional<Store> store_;
  Id rep1_ = 0, rep2_ = 0, mine_ = 0, theirs_ = 0;
};

TEST_F(StaffDigestTest, EverySectionForTheTeam) {
  Seed();
  auto d = LoadStaffDigest(store_->db(), 0, true, D("2026-11-24"));
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->reminders.at("email"), 2);
  EXPECT_EQ(d->reminders.at("sms"), 1);
  EXPECT_EQ(d->reminders.count("letter"), 0u) << "yesterday's letter is not today's";
  EXPECT_EQ(d->calls_due, 1);
  EXPECT_EQ(d->escalations, 1);
  ASSERT_EQ(d->promises_due.size(), 1u);
  EXPECT_EQ(d->promises_due[0].amount_minor, 120000);
  ASSERT_EQ(d->payments.size(), 1u) << "only yesterday's";
  EXPECT_EQ(d->payments[0].detail, "virement VIR-77");
  EXPECT_EQ(d->plans.size(), 1u);
  EXPECT_FALSE(DigestIsEmpty(*d));

  CompanySettings co;
  co.name = "Encaisse Démo SAS";
  const ComposedMessage m = ComposeStaffDigest(*d, "Claire", co, Locale::kFr);
  EXPECT_EQ(m.subject, "Votre journée de recouvrement du 24/11/2026");
  EXPECT_NE(m.text.find("Relances envoyées aujourd'hui : 2 e-mails, 1 SMS"), std::string::npos) << m.text;
  EXPECT_NE(m.text.find("Règlements reçus hier (1, 450,00\u00A0€)"), std::string::npos) << m.text;
  EXPECT_NE(m.text.find("Boulangerie <Martin> — 1\u202F200,00\u00A0€ — 2026-11-24"), std::string::npos) << m.text;
  EXPECT_EQ(m.html.find("<Martin>"), std::string::npos) << "names are escaped in HTML";
  EXPECT_NE(m.html.find("Boulangerie &lt;Martin&gt;"), std::string::npos);
}

TEST_F(StaffDigestTest, ARepSeesOnlyTheirCustomersAndNoPlans) {
  Seed();
  auto d = LoadStaffDigest(store_->db(), rep1_, false, D("2026-11-24"));
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->reminders.at("email"), 1);
  EXPECT_EQ(d->reminders.count("sms"), 0u);
  EXPECT_EQ(d->calls_due, 1);
  EXPECT_EQ(d->escalations, 0);
  EXPECT_TRUE(d->payments.empty()) << "the payment is another rep's customer's";
  EXPECT_TRUE(d->plans.empty());
}

TEST_F(StaffDigestTest, AQuietDayIsEmpty) {
  auto d = LoadStaffDigest(store_->db(), 0, true, D("2026-11-24"));
  ASSERT_TRUE(d.ok());
  EXPECT_TRUE(DigestIsEmpty(*d));
}

}  // namespace
}  // namespace encaisse
