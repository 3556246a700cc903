// The dunning run over a real store: what it writes, that a rerun adds nothing, that a dry
// run writes nothing, and that paid, disputed and promised accounts are left alone.
#include "shared/store/dunning_run.h"

#include <gtest/gtest.h>

#include "tests/shared/test_support.h"

namespace encaisse {
namespace {

Date D(const char* iso) { return *Date::ParseIso(iso); }

class DunningRunTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = TempDbPath("dunning");
    auto s = Store::Open(path_, TestOpenOptions());
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_.emplace(std::move(s).value());
    customer_ = AddCustomer("C1", RiskClass::kMedium);  // standard scenario
  }
  void TearDown() override {
    store_.reset();
    RemoveDbFiles(path_);
  }
  Id AddCustomer(const char* ext, RiskClass risk) {
    Customer c;
    c.external_id = ext;
    c.name = std::string("Client ") + ext;
    c.risk = risk;
    auto id = store_->AddCustomer(c);
    EXPECT_TRUE(id.ok());
    return *id;
  }
  Id AddInvoice(Id customer, const char* number, const char* due, int64_t amount) {
    Invoice i;
    i.customer_id = customer;
    i.number = number;
    i.issue_date = D(due).AddDays(-30);
    i.due_date = D(due);
    i.amount_minor = amount;
    auto id = store_->AddInvoice(i);
    EXPECT_TRUE(id.ok());
    return *id;
  }
  Result<DunningRunResult> Run(const char* day, bool dry = false) {
    return RunDunning(*store_, D(day), std::string(day) + "T07:00:00Z", dry);
  }
  int64_t Count(const std::string& what) { return CountRows(store_->db(), what); }

  std::string path_;
  std::optional<Store> store_;
  Id customer_ = 0;
};

TEST_F(DunningRunTest, WritesOneGroupedMessagePerChannel) {
  AddInvoice(customer_, "FA-1", "2026-03-10", 10000);
  AddInvoice(customer_, "FA-2", "2026-03-10", 5000);
  auto r = Run("2026-03-11");  // J+1 for both
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->messages, 1);
  EXPECT_EQ(r->lines, 2);
  EXPECT_EQ(Count("reminders"), 1);
  EXPECT_EQ(Count("reminder_lines"), 2);
  EXPECT_EQ(QueryText(store_->db(), "SELECT channel || '/' || template_id || '/' || status || '/' || date FROM reminders"),
            "email/reminder_1/queued/2026-03-11");
}

TEST_F(DunningRunTest, ASecondRunTheSameDayAddsNothing) {
  AddInvoice(customer_, "FA-1", "2026-03-10", 10000);
  ASSERT_TRUE(Run("2026-03-18").ok());  // J+8: email + SMS
  EXPECT_EQ(Count("reminders"), 2);
  auto again = Run("2026-03-18");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->messages, 0);
  EXPECT_EQ(Count("reminders"), 2);
  EXPECT_EQ(Count("reminder_lines"), 2);
  // And the next day, nothing new either: each step once.
  auto next = Run("2026-03-19");
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(next->messages, 0);
}

TEST_F(DunningRunTest, ADryRunListsTheCalendarAndWritesNothing) {
  AddInvoice(customer_, "FA-1", "2026-03-10", 10000);
  const int64_t log_before = Count("change_log");
  auto dry = Run("2026-03-18", /*dry=*/true);
  ASSERT_TRUE(dry.ok());
  EXPECT_EQ(dry->messages, 2);
  ASSERT_EQ(dry->planned.size(), 2u);
  EXPECT_EQ(dry->planned[0].customer_name, "Client C1");
  EXPECT_EQ(Count("reminders"), 0);
  EXPECT_EQ(Count("change_log"), log_before);
}

TEST_F(DunningRunTest, AFormalNoticeTakesTheSameDaysLetterInvoices) {
  const Id older = AddInvoice(customer_, "FA-1", "2026-02-23", 10000);  // J+45 on 2026-04-09: formal notice
  const Id newer = AddInvoice(customer_, "FA-2", "2026-03-10", 5000);   // J+30 on 2026-04-09: letter
  auto r = Run("2026-04-09");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Count("SELECT 1 FROM reminders WHERE channel = 'letter'"), 0);
  EXPECT_EQ(Count("SELECT 1 FROM reminders WHERE channel = 'formal_notice'"), 1);
  EXPECT_EQ(QueryText(store_->db(), "SELECT group_concat(invoice_id || ':' || step) FROM (SELECT l.invoice_id, l.step FROM "
                                    "reminder_lines l JOIN reminders m ON m.id = l.reminder_id WHERE m.channel = "
                                    "'formal_notice' ORDER BY l.invoice_id)"),
            std::to_string(older) + ":6," + std::to_string(newer) + ":5");
}

TEST_F(DunningRunTest, AfterDaysWithoutRunOnlyTheLatestStep) {
  AddInvoice(customer_, "FA-1", "2026-03-10", 10000);
  ASSERT_TRUE(Run("2026-04-12").ok());  // J+33: the letter only
  EXPECT_EQ(Count("reminders"), 1);
  EXPECT_EQ(QueryText(store_->db(), "SELECT channel FROM reminders"), "letter");
}

TEST_F(DunningRunTest, PaidDisputedPromisedAndInsolventAreLeftAlone) {
  const Id paid = AddInvoice(customer_, "FA-1", "2026-03-10", 10000);
  Payment p;
  p.customer_id = customer_;
  p.date = D("2026-03-09");
  p.amount_minor = 10000;
  const Allocation a{0, paid, 0, 0, 10000, p.date};
  ASSERT_TRUE(store_->RecordPayment(p, std::span<const Allocation>(&a, 1)).ok());

  const Id c2 = AddCustomer("C2", RiskClass::kMedium);
  const Id disputed = AddInvoice(c2, "FA-2", "2026-03-10", 500);
  ASSERT_TRUE(store_->db().Exec("INSERT INTO disputes (invoice_id, customer_id, opened, reason, status) VALUES (" +
                                std::to_string(disputed) + ", " + std::to_string(c2) + ", '2026-03-10', 'Prix', 'open')").ok());
  const Id c3 = AddCustomer("C3", RiskClass::kMedium);
  AddInvoice(c3, "FA-3", "2026-03-10", 500);
  ASSERT_TRUE(store_->db().Exec("INSERT INTO promises (customer_id, promised_date, amount_minor, status, created) VALUES (" +
                                std::to_string(c3) + ", '2026-03-20', 500, 'pending', '2026-03-10')").ok());
  const Id c4 = AddCustomer("C4", RiskClass::kMedium);
  AddInvoice(c4, "FA-4", "2026-03-10", 500);
  ASSERT_TRUE(store_->db().Exec("UPDATE customers SET insolvency_date = '2026-03-01' WHERE id = " + std::to_string(c4)).ok());

  auto r = Run("2026-03-11");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->messages, 0);
  EXPECT_EQ(Count("reminders"), 0);
}

TEST_F(DunningRunTest, APausedInvoiceIsSkippedUntilTheDayAfterItsPause) {
  const Id paused = AddInvoice(customer_, "FA-1", "2026-03-10", 10000);
  const Id other = AddInvoice(customer_, "FA-2", "2026-03-10", 5000);
  ASSERT_TRUE(store_->db().Exec("UPDATE invoices SET reminders_paused_until = '2026-03-12' WHERE id = " +
                                std::to_string(paused)).ok());
  EXPECT_EQ(Count("SELECT 1 FROM change_log WHERE tbl = 'invoices' AND row_id = " + std::to_string(paused)), 2)
      << "the pause reaches the change log (insert, then the update)";
  auto r = Run("2026-03-11");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(QueryText(store_->db(), "SELECT group_concat(invoice_id) FROM reminder_lines"), std::to_string(other));
  ASSERT_TRUE(Run("2026-03-12").ok());
  EXPECT_EQ(Count("reminder_lines"), 1) << "still paused on its last day";
  ASSERT_TRUE(Run("2026-03-13").ok());
  EXPECT_EQ(Count("SELECT 1 FROM reminder_lines WHERE invoice_id = " + std::to_string(paused)), 1) << "resumed";
}

TEST_F(DunningRunTest, CollectiveProceedingsGiveOneClaimTaskDueTwoMonthsAfterTheJudgment) {
  const Id c = AddCustomer("C5", RiskClass::kMedium);
  AddInvoice(c, "FA-5", "2026-03-10", 500);
  ASSERT_TRUE(store_->db().Exec("UPDATE customers SET insolvency_date = '2026-03-05' WHERE id = " + std::to_string(c)).ok());
  auto r = Run("2026-03-11");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->messages, 0);
  EXPECT_EQ(r->claim_tasks, 1);
  EXPECT_EQ(QueryText(store_->db(), "SELECT kind || ' ' || due_date || ' ' || status FROM tasks"),
            "insolvency_claim 2026-05-05 open");
  auto again = Run("2026-03-12");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->claim_tasks, 0);
  EXPECT_EQ(Count("tasks"), 1);
}

TEST_F(DunningRunTest, TheRepHearsFiveDaysBeforeAnAccountEscalatesOnce) {
  const Id rep = store_->AddUser({0, "rep@example.test", "Rémi", Role::kSalesRep, false}).value();
  ASSERT_TRUE(store_->db().Exec("UPDATE customers SET rep_id = " + std::to_string(rep) + " WHERE id = " +
                                std::to_string(customer_)).ok());
  const Id invoice = AddInvoice(customer_, "FA-1", "2026-03-10", 10000);  // J+60 (escalation) on 2026-05-09
  ASSERT_TRUE(Run("2026-05-03").ok());  // 6 days before: nothing for the rep
  EXPECT_EQ(Count("SELECT 1 FROM reminders WHERE kind = 'rep_notice'"), 0);
  auto r = Run("2026-05-04");  // 5 days before
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(QueryText(store_->db(), "SELECT channel || '/' || template_id || '/' || scenario_id FROM reminders WHERE kind = 'rep_notice'"),
            "email/rep_escalation_notice/0");
  EXPECT_EQ(Count("SELECT 1 FROM reminder_lines WHERE step = -3 AND invoice_id = " + std::to_string(invoice)), 1);
  ASSERT_TRUE(Run("2026-05-05").ok());
  EXPECT_EQ(Count("SELECT 1 FROM reminders WHERE kind = 'rep_notice'"), 1) << "once";
  ASSERT_TRUE(Run("2026-05-09").ok());
  EXPECT_EQ(Count("SELECT 1 FROM reminders WHERE channel = 'escalation'"), 1);
}

TEST_F(DunningRunTest, RiskClassChoosesTheScenario) {
  const Id high = AddCustomer("C9", RiskClass::kHigh);  // firm: J+1 email and SMS
  AddInvoice(high, "FA-9", "2026-03-10", 10000);
  AddInvoice(customer_, "FA-1", "2026-03-10", 10000);   // standard: J+1 email only
  auto r = Run("2026-03-11");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->messages, 3);
  EXPECT_EQ(Count("SELECT 1 FROM reminders WHERE channel = 'sms'"), 1);
  EXPECT_EQ(QueryText(store_->db(), "SELECT group_concat(DISTINCT scenario_id) FROM reminders WHERE customer_id = " +
                                        std::to_string(high)),
            std::to_string(kFirmScenarioId));
}

TEST_F(DunningRunTest, CustomScenariosReplaceTheBuiltIns) {
  ASSERT_TRUE(store_->db().Exec(
      "INSERT INTO scenarios (id, name, steps, updated_at) VALUES (1, 'Maison', "
      "'[{\"day_offset\": 3, \"channel\": \"letter\", \"template\": \"letter\"}]', '2026-01-01')").ok());
  auto scenarios = LoadScenarios(store_->db());
  ASSERT_TRUE(scenarios.ok());
  EXPECT_EQ(scenarios->size(), 3u);
  EXPECT_EQ((*scenarios)[0].name, "Maison");
  AddInvoice(customer_, "FA-1", "2026-03-10", 10000);
  ASSERT_TRUE(Run("2026-03-13").ok());
  EXPECT_EQ(QueryText(store_->db(), "SELECT channel FROM reminders"), "letter");
}

}  // namespace
}  // namespace encaisse
