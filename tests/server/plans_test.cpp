// Installment plans over HTTP: a proposal within policy is active at once, one beyond the
// automatic limits waits for a manager, one beyond the policy is refused with its reasons and
// writes nothing; the manager's queue shows each customer's history; approval and rejection
// are a manager's (or admin's) alone and happen once.
//
// The customers below are added to a copy of the demo database before the server starts, so
// the figures are exact.
#include <gtest/gtest.h>

#include <map>
#include <stdexcept>
#include <string>

#include "shared/store/store.h"
#include "tests/server/server_harness.h"

namespace encaisse::testing {
namespace {

Date D(const char* iso) { return Date::ParseIso(iso).value(); }

int64_t SqlInt(const std::string& db_path, const std::string& sql) {
  auto db = Db::Open(db_path, OpenOptions{.create = false});
  if (!db.ok()) throw std::runtime_error(db.status().ToString());
  auto v = db->QueryInt(sql);
  if (!v.ok()) throw std::runtime_error(v.status().ToString() + " in " + sql);
  return *v;
}

struct Seeded {
  std::map<std::string, Id> customers;  // by external id
  std::map<std::string, Id> invoices;   // by number
};

void Must(const Status& s) {
  if (!s.ok()) throw std::runtime_error(s.ToString());
}
template <typename T>
T Must(Result<T> r) {
  if (!r.ok()) throw std::runtime_error(r.status().ToString());
  return std::move(r).value();
}

// Adds customers with known invoices to the demo copy (today is 2026-11-24 for the server).
Seeded Seed(const std::string& path) {
  Store store = Must(Store::Open(path));
  const Id rep1 = Must(store.db().QueryInt("SELECT id FROM users WHERE email = 'rep1@demo.test'"));
  const Id rep2 = Must(store.db().QueryInt("SELECT id FROM users WHERE email = 'rep2@demo.test'"));
  Seeded s;
  auto customer = [&](const std::string& ext, const std::string& name, RiskClass risk, Id rep) {
    Customer c;
    c.external_id = ext;
    c.name = name;
    c.risk = risk;
    c.rep_id = rep;
    s.customers[ext] = Must(store.AddCustomer(c));
  };
  auto invoice = [&](const std::string& ext, const std::string& number, const char* due, int64_t amount) {
    Invoice i;
    i.customer_id = s.customers.at(ext);
    i.number = number;
    i.due_date = D(due);
    i.issue_date = i.due_date.AddDays(-30);
    i.amount_minor = amount;
    s.invoices[number] = Must(store.AddInvoice(i));
  };
  customer("P-AUTO", "Boulangerie Petit SARL", RiskClass::kLow, rep1);
  invoice("P-AUTO", "PA-1", "2026-10-01", 150000);
  invoice("P-AUTO", "PA-2", "2026-10-20", 90000);
  invoice("P-AUTO", "PA-3", "2026-12-20", 70000);  // not yet due: not in the default plan
  customer("P-MGR", "Transports Roux SAS", RiskClass::kMedium, rep1);
  invoice("P-MGR", "PM-1", "2026-09-15", 400000);
  invoice("P-MGR", "PM-2", "2026-10-15", 200000);
  customer("P-REJ", "Garage Lefèvre SARL", RiskClass::kMedium, rep2);
  invoice("P-REJ", "PR-1", "2026-09-30", 300000);
  customer("P-REF", "Menuiserie Blanc", RiskClass::kMedium, rep1);
  invoice("P-REF", "PF-1", "2026-08-31", 900000);
  customer("P-SUB", "Pharmacie Girard", RiskClass::kLow, rep1);
  invoice("P-SUB", "PS-1", "2026-09-01", 120000);
  invoice("P-SUB", "PS-2", "2026-10-01", 60000);
  customer("P-NONE", "Fleurs Mercier", RiskClass::kLow, rep1);
  invoice("P-NONE", "PN-1", "2026-12-31", 60000);  // nothing overdue
  customer("P-HIGH", "Bâtiment Faure SAS", RiskClass::kHigh, rep1);
  invoice("P-HIGH", "PH-1", "2026-10-31", 30000);
  customer("P-TWICE", "Imprimerie Chevalier", RiskClass::kLow, rep1);
  invoice("P-TWICE", "PT-1", "2026-10-31", 600000);
  // The P-MGR customer's record: two promises kept, one broken, one broken plan.
  Must(store.db().Exec("INSERT INTO promises (customer_id, author_id, promised_date, amount_minor, status, created) VALUES "
                       "(" + std::to_string(s.customers["P-MGR"]) + ", NULL, '2026-06-01', 1000, 'kept', '2026-05-20'), "
                       "(" + std::to_string(s.customers["P-MGR"]) + ", NULL, '2026-07-01', 1000, 'kept', '2026-06-20'), "
                       "(" + std::to_string(s.customers["P-MGR"]) + ", NULL, '2026-08-01', 1000, 'broken', '2026-07-20')"));
  Must(store.db().Exec("INSERT INTO payment_plans (customer_id, status, frequency, total_minor, currency, created, approved, broken) "
                       "VALUES (" + std::to_string(s.customers["P-MGR"]) +
                       ", 'broken', 'monthly', 50000, 'EUR', '2026-01-10', '2026-01-10', '2026-03-25')"));
  return s;
}

class PlansTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const std::string db = DemoDatabaseCopy();
    seeded_ = new Seeded(Seed(db));
    server_ = new ServerProcess(db);
    for (const char* who : {"admin", "manager", "collector", "rep1", "rep2"})
      tokens_[who] = server_->Login(std::string(who) + "@demo.test");
  }
  static void TearDownTestSuite() {
    delete server_;
    delete seeded_;
    server_ = nullptr;
    seeded_ = nullptr;
  }
  static const std::string& Token(const std::string& who) { return tokens_.at(who); }
  static Id Customer(const std::string& ext) { return seeded_->customers.at(ext); }
  static Id Invoice(const std::string& number) { return seeded_->invoices.at(number); }
  static int64_t Count(const std::string& sql) { return SqlInt(server_->db(), sql); }
  static std::string PlansPath(const std::string& ext) { return "/api/v1/customers/" + std::to_string(Customer(ext)) + "/plans"; }
  static int64_t PlanRows() {
    return Count("SELECT count(*) FROM payment_plans") + Count("SELECT count(*) FROM installments") +
           Count("SELECT count(*) FROM plan_invoices");
  }

  static ServerProcess* server_;
  static Seeded* seeded_;
  static std::map<std::string, std::string> tokens_;
};
ServerProcess* PlansTest::server_ = nullptr;
Seeded* PlansTest::seeded_ = nullptr;
std::map<std::string, std::string> PlansTest::tokens_;

bool HasReason(const json& reasons, const std::string& code) {
  for (const auto& r : reasons)
    if (r["code"] == code) return !r["message"].get<std::string>().empty();
  return false;
}

TEST_F(PlansTest, ThreeMonthlyInstallmentsForALowRiskCustomerAreApprovedAtOnce) {
  int status = 0;
  json r = server_->Post(PlansPath("P-AUTO"), {{"installments", 3}, {"first_date", "2026-12-01"}, {"frequency", "monthly"}},
                         Token("rep1"), &status);
  ASSERT_EQ(status, 201) << r.dump();
  EXPECT_EQ(r["status"], "active");
  EXPECT_EQ(r["outcome"], "auto_approve");
  EXPECT_TRUE(r["reasons"].empty());
  // The overdue invoices only: 1 500,00 + 900,00 = 2 400,00, in three equal parts.
  EXPECT_EQ(r["total_minor"], 240000);
  EXPECT_EQ(r["invoice_ids"], json::array({Invoice("PA-1"), Invoice("PA-2")}));
  const json expected = json::array({{{"seq", 1}, {"due_date", "2026-12-01"}, {"amount_minor", 80000}},
                                     {{"seq", 2}, {"due_date", "2027-01-01"}, {"amount_minor", 80000}},
                                     {{"seq", 3}, {"due_date", "2027-02-01"}, {"amount_minor", 80000}}});
  EXPECT_EQ(r["schedule"], expected);
  const std::string id = std::to_string(r["plan_id"].get<int64_t>());
  EXPECT_EQ(Count("SELECT count(*) FROM payment_plans WHERE id = " + id +
                  " AND status = 'active' AND approved = '2026-11-24' AND total_minor = 240000 AND policy_outcome = "
                  "'auto_approve' AND proposed_by = (SELECT id FROM users WHERE email = 'rep1@demo.test')"),
            1);
  EXPECT_EQ(Count("SELECT sum(amount_minor) FROM installments WHERE plan_id = " + id), 240000);
  EXPECT_EQ(Count("SELECT count(*) FROM plan_invoices WHERE plan_id = " + id), 2);
  // Now active, a second plan for the same customer is refused.
  json second = server_->Post(PlansPath("P-AUTO"), {{"installments", 2}, {"first_date", "2026-12-01"}}, Token("rep1"), &status);
  EXPECT_EQ(status, 422);
  EXPECT_TRUE(HasReason(second["reasons"], "active_plan_exists")) << second.dump();
}

TEST_F(PlansTest, TwelveInstallmentsWaitForTheManagerWhoApprovesOnce) {
  int status = 0;
  json r = server_->Post(PlansPath("P-MGR"), {{"installments", 12}, {"first_date", "2026-12-10"}, {"frequency", "monthly"}},
                         Token("rep1"), &status);
  ASSERT_EQ(status, 201) << r.dump();
  EXPECT_EQ(r["status"], "pending");
  EXPECT_EQ(r["outcome"], "needs_manager");
  EXPECT_TRUE(HasReason(r["reasons"], "installments_above_auto_limit"));
  EXPECT_TRUE(HasReason(r["reasons"], "total_above_auto_limit"));
  EXPECT_TRUE(HasReason(r["reasons"], "previous_broken_plan"));
  EXPECT_EQ(r["total_minor"], 600000);
  ASSERT_EQ(r["schedule"].size(), 12u);
  EXPECT_EQ(r["schedule"][11]["due_date"], "2027-11-10");
  const int64_t plan = r["plan_id"];
  const std::string id = std::to_string(plan);
  EXPECT_EQ(Count("SELECT count(*) FROM payment_plans WHERE id = " + id + " AND status = 'pending' AND approved IS NULL"), 1);

  // The queue, with the customer's history beside the request.
  json queue = server_->Get("/api/v1/plans?status=pending", Token("manager"), &status);
  ASSERT_EQ(status, 200) << queue.dump();
  const json* item = nullptr;
  for (const auto& i : queue["items"])
    if (i["id"] == plan) item = &i;
  ASSERT_NE(item, nullptr) << queue.dump();
  EXPECT_EQ((*item)["customer_name"], "Transports Roux SAS");
  EXPECT_EQ((*item)["status"], "pending");
  EXPECT_EQ((*item)["total_minor"], 600000);
  EXPECT_EQ((*item)["schedule"].size(), 12u);
  EXPECT_TRUE(HasReason((*item)["reasons"], "installments_above_auto_limit"));
  EXPECT_EQ((*item)["proposed_by"]["id"], Count("SELECT id FROM users WHERE email = 'rep1@demo.test'"));
  const json& h = (*item)["history"];
  EXPECT_EQ(h["balance_minor"], 600000);
  EXPECT_EQ(h["overdue_minor"], 600000);
  EXPECT_EQ(h["overdue_invoices"], 2);
  EXPECT_EQ(h["broken_plans"], 1);
  EXPECT_EQ(h["promises_kept"], 2);
  EXPECT_EQ(h["promises_broken"], 1);
  EXPECT_EQ(h["max_days_late"], 70);  // 2026-09-15 to 2026-11-24

  // Neither a collector nor a rep may decide; the manager approves, once.
  const std::string approve = "/api/v1/plans/" + id + "/approve";
  server_->Post(approve, {{"comment", "ok"}}, Token("collector"), &status);
  EXPECT_EQ(status, 403);
  server_->Post(approve, {{"comment", "ok"}}, Token("rep1"), &status);
  EXPECT_EQ(status, 403);
  EXPECT_EQ(Count("SELECT count(*) FROM payment_plans WHERE id = " + id + " AND status = 'pending'"), 1);
  json approved = server_->Post(approve, {{"comment", "Client fidèle depuis 2015"}}, Token("manager"), &status);
  ASSERT_EQ(status, 200) << approved.dump();
  EXPECT_EQ(approved["status"], "active");
  EXPECT_EQ(approved["approved"], "2026-11-24");
  EXPECT_EQ(approved["decision_comment"], "Client fidèle depuis 2015");
  EXPECT_EQ(approved["decided_by"]["id"], Count("SELECT id FROM users WHERE email = 'manager@demo.test'"));
  EXPECT_EQ(Count("SELECT count(*) FROM payment_plans WHERE id = " + id +
                  " AND status = 'active' AND approved = '2026-11-24' AND decided_by IS NOT NULL"),
            1);
  json twice = server_->Post(approve, {{"comment", "encore"}}, Token("manager"), &status);
  EXPECT_EQ(status, 409) << twice.dump();
  server_->Post("/api/v1/plans/" + id + "/reject", {{"comment", "trop tard"}}, Token("admin"), &status);
  EXPECT_EQ(status, 409);
  // Gone from the queue.
  queue = server_->Get("/api/v1/plans?status=pending", Token("admin"), &status);
  ASSERT_EQ(status, 200);
  for (const auto& i : queue["items"]) EXPECT_NE(i["id"], plan);
}

TEST_F(PlansTest, TheManagerRejectsWithAComment) {
  int status = 0;
  json r = server_->Post(PlansPath("P-REJ"), {{"installments", 6}, {"first_date", "2026-12-05"}}, Token("rep2"), &status);
  ASSERT_EQ(status, 201) << r.dump();
  EXPECT_EQ(r["status"], "pending");
  const std::string id = std::to_string(r["plan_id"].get<int64_t>());
  const std::string reject = "/api/v1/plans/" + id + "/reject";
  json no_comment = server_->Post(reject, json::object(), Token("manager"), &status);
  EXPECT_EQ(status, 400);
  EXPECT_EQ(no_comment["error"]["field"], "comment");
  server_->Post(reject, {{"comment", "non"}}, Token("collector"), &status);
  EXPECT_EQ(status, 403);
  json rejected = server_->Post(reject, {{"comment", "Deux impayés cette année : paiement comptant exigé"}}, Token("manager"), &status);
  ASSERT_EQ(status, 200) << rejected.dump();
  EXPECT_EQ(rejected["status"], "rejected");
  EXPECT_EQ(rejected["approved"], nullptr);
  EXPECT_EQ(Count("SELECT count(*) FROM payment_plans WHERE id = " + id +
                  " AND status = 'rejected' AND decision_comment = 'Deux impayés cette année : paiement comptant exigé'"),
            1);
  server_->Post("/api/v1/plans/" + id + "/approve", json::object(), Token("manager"), &status);
  EXPECT_EQ(status, 409);
  // The list by another status.
  json list = server_->Get("/api/v1/plans?status=rejected", Token("manager"), &status);
  ASSERT_EQ(status, 200);
  bool found = false;
  for (const auto& i : list["items"]) found |= i["id"] == r["plan_id"];
  EXPECT_TRUE(found);
  // After a rejection a new proposal can be made.
  server_->Post(PlansPath("P-REJ"), {{"installments", 2}, {"first_date", "2026-12-05"}}, Token("rep2"), &status);
  EXPECT_EQ(status, 201);
}

TEST_F(PlansTest, TwentyFourInstallmentsAreRefusedAndNothingIsWritten) {
  const int64_t before = PlanRows();
  const int64_t log_before = Count("SELECT count(*) FROM change_log");
  int status = 0;
  json r = server_->Post(PlansPath("P-REF"), {{"installments", 24}, {"first_date", "2026-12-01"}}, Token("rep1"), &status);
  ASSERT_EQ(status, 422) << r.dump();
  EXPECT_EQ(r["outcome"], "refuse");
  EXPECT_EQ(r["error"]["code"], "refused");
  EXPECT_TRUE(HasReason(r["reasons"], "too_many_installments"));
  EXPECT_TRUE(HasReason(r["reasons"], "plan_too_long"));
  EXPECT_EQ(r["schedule"].size(), 24u) << "the schedule as asked, for the rep to show";
  EXPECT_FALSE(r.contains("plan_id"));
  EXPECT_EQ(PlanRows(), before);
  EXPECT_EQ(Count("SELECT count(*) FROM change_log"), log_before);
  EXPECT_EQ(Count("SELECT count(*) FROM payment_plans WHERE customer_id = " + std::to_string(Customer("P-REF"))), 0);
}

TEST_F(PlansTest, TheFirstInstallmentTooLateIsRefused) {
  int status = 0;
  json r = server_->Post(PlansPath("P-REF"), {{"installments", 2}, {"first_date", "2027-01-31"}}, Token("collector"), &status);
  EXPECT_EQ(status, 422);
  EXPECT_TRUE(HasReason(r["reasons"], "first_installment_too_late")) << r.dump();
}

TEST_F(PlansTest, ARepCannotProposeForAnotherRepsCustomer) {
  const int64_t before = PlanRows();
  int s_other = 0, s_missing = 0;
  const json body = {{"installments", 2}, {"first_date", "2026-12-05"}};
  json other = server_->Post(PlansPath("P-REJ"), body, Token("rep1"), &s_other);
  json missing = server_->Post("/api/v1/customers/99999999/plans", body, Token("rep1"), &s_missing);
  EXPECT_EQ(s_other, 404);
  EXPECT_EQ(s_missing, 404);
  EXPECT_EQ(other, missing);
  EXPECT_EQ(PlanRows(), before);
}

TEST_F(PlansTest, OnlyManagersAndAdminsSeeTheQueue) {
  int status = 0;
  server_->Get("/api/v1/plans?status=pending", Token("collector"), &status);
  EXPECT_EQ(status, 403);
  server_->Get("/api/v1/plans?status=pending", Token("rep1"), &status);
  EXPECT_EQ(status, 403);
  server_->Get("/api/v1/plans?status=pending", "", &status);
  EXPECT_EQ(status, 401);
  json r = server_->Get("/api/v1/plans?status=pending", Token("admin"), &status);
  EXPECT_EQ(status, 200);
  EXPECT_TRUE(r["items"].is_array());
  server_->Get("/api/v1/plans?status=whatever", Token("manager"), &status);
  EXPECT_EQ(status, 400);
  server_->Post("/api/v1/plans/99999999/approve", json::object(), Token("manager"), &status);
  EXPECT_EQ(status, 404);
}

TEST_F(PlansTest, NamedInvoicesSetTheTotalAndMustBeTheCustomersOpenOnes) {
  int status = 0;
  json r = server_->Post(PlansPath("P-SUB"),
                         {{"installments", 2}, {"first_date", "2026-12-01"}, {"invoice_ids", {Invoice("PS-2")}}},
                         Token("rep1"), &status);
  ASSERT_EQ(status, 201) << r.dump();
  EXPECT_EQ(r["total_minor"], 60000);
  EXPECT_EQ(r["invoice_ids"], json::array({Invoice("PS-2")}));
  EXPECT_EQ(r["schedule"][0]["amount_minor"], 30000);
  // Another customer's invoice: bad input, nothing written.
  const int64_t before = PlanRows();
  json bad = server_->Post(PlansPath("P-TWICE"),
                           {{"installments", 2}, {"first_date", "2026-12-01"}, {"invoice_ids", {Invoice("PS-1")}}},
                           Token("rep1"), &status);
  EXPECT_EQ(status, 400) << bad.dump();
  EXPECT_EQ(bad["error"]["field"], "invoice_ids");
  EXPECT_EQ(PlanRows(), before);
}

TEST_F(PlansTest, NothingOverdueIsNothingToPlan) {
  int status = 0;
  json r = server_->Post(PlansPath("P-NONE"), {{"installments", 2}, {"first_date", "2026-12-01"}}, Token("rep1"), &status);
  EXPECT_EQ(status, 422) << r.dump();
  EXPECT_EQ(Count("SELECT count(*) FROM payment_plans WHERE customer_id = " + std::to_string(Customer("P-NONE"))), 0);
}

TEST_F(PlansTest, AHighRiskCustomerNeedsTheManagerEvenForASmallPlan) {
  int status = 0;
  json r = server_->Post(PlansPath("P-HIGH"), {{"installments", 2}, {"first_date", "2026-12-01"}, {"frequency", "weekly"}},
                         Token("manager"), &status);
  ASSERT_EQ(status, 201) << r.dump();
  EXPECT_EQ(r["status"], "pending");
  EXPECT_TRUE(HasReason(r["reasons"], "risk_class_not_auto"));
  EXPECT_EQ(r["schedule"][1]["due_date"], "2026-12-08");
}

TEST_F(PlansTest, MalformedRequestsAreBadInput) {
  int status = 0;
  json r = server_->Post(PlansPath("P-TWICE"), {{"first_date", "2026-12-01"}}, Token("rep1"), &status);
  EXPECT_EQ(status, 400);
  EXPECT_EQ(r["error"]["field"], "installments");
  r = server_->Post(PlansPath("P-TWICE"), {{"installments", 0}, {"first_date", "2026-12-01"}}, Token("rep1"), &status);
  EXPECT_EQ(status, 400);
  EXPECT_EQ(r["error"]["field"], "installments");
  r = server_->Post(PlansPath("P-TWICE"), {{"installments", 3}, {"first_date", "2026-11-01"}}, Token("rep1"), &status);
  EXPECT_EQ(status, 400);
  EXPECT_EQ(r["error"]["field"], "first_date");
  r = server_->Post(PlansPath("P-TWICE"), {{"installments", 3}, {"first_date", "2026-12-01"}, {"frequency", "daily"}},
                    Token("rep1"), &status);
  EXPECT_EQ(status, 400);
  EXPECT_EQ(r["error"]["field"], "frequency");
  EXPECT_EQ(Count("SELECT count(*) FROM payment_plans WHERE customer_id = " + std::to_string(Customer("P-TWICE"))), 0);
}

TEST_F(PlansTest, APendingPlanBlocksASecondProposal) {
  int status = 0;
  json first = server_->Post(PlansPath("P-TWICE"), {{"installments", 6}, {"first_date", "2026-12-01"}}, Token("rep1"), &status);
  ASSERT_EQ(status, 201) << first.dump();
  EXPECT_EQ(first["status"], "pending");  // 6 000,00 in 6: above the automatic limits
  json second = server_->Post(PlansPath("P-TWICE"), {{"installments", 3}, {"first_date", "2026-12-01"}}, Token("rep1"), &status);
  EXPECT_EQ(status, 422);
  EXPECT_TRUE(HasReason(second["reasons"], "active_plan_exists"));
  EXPECT_EQ(Count("SELECT count(*) FROM payment_plans WHERE customer_id = " + std::to_string(Customer("P-TWICE"))), 1);
}

}  // namespace
}  // namespace encaisse::testing
