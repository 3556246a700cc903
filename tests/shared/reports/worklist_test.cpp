// The worklist: who is on it and why, in what order, for whom (a rep's own customers), and what
// keeps an account off it (nothing overdue, a disputed invoice, insolvency proceedings).
#include "shared/reports/worklist.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "shared/store/action_store.h"
#include "shared/store/store.h"
#include "tests/shared/test_support.h"

namespace encaisse {
namespace {

Date D(const char* iso) { return Date::ParseIso(iso).value(); }

class WorklistTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = Store::Open(path_.path(), TestOpenOptions());
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_.emplace(std::move(s).value());
    rep_ = store_->AddUser({0, "rep@example.test", "Rémi Rep", Role::kSalesRep, false}).value();
  }

  Id Customer(const std::string& name, Id rep = 0) {
    encaisse::Customer c;
    c.external_id = name;
    c.name = name;
    c.phone = "+33 1 23 45 67 89";
    c.rep_id = rep;
    return store_->AddCustomer(c).value();
  }
  Id Invoice(Id customer, int64_t amount, const char* due) {
    encaisse::Invoice i;
    i.customer_id = customer;
    i.number = "F-" + std::to_string(++invoices_);
    i.issue_date = D(due).AddDays(-30);
    i.due_date = D(due);
    i.amount_minor = amount;
    return store_->AddInvoice(i).value();
  }
  void Sql(const std::string& sql) { ASSERT_TRUE(db().Exec(sql).ok()) << sql; }

  std::vector<WorklistItem> Build(WorklistFilter f = {}) {
    auto list = BuildWorklist(db(), today_, f);
    EXPECT_TRUE(list.ok()) << list.status().ToString();
    return list.ok() ? *list : std::vector<WorklistItem>{};
  }
  static const WorklistItem* Find(const std::vector<WorklistItem>& list, Id customer) {
    for (const auto& i : list)
      if (i.customer_id == customer) return &i;
    return nullptr;
  }

  Db& db() { return store_->db(); }

  ScopedDbPath path_{"worklist"};
  std::optional<Store> store_;
  Id rep_ = 0;
  int invoices_ = 0;
  const Date today_ = D("2026-11-24");
};

TEST_F(WorklistTest, RanksOverdueEurosTimesDaysLate) {
  const Id big_recent = Customer("Grand récent");   // 10 000 € × 4 days = 40 000
  const Id small_old = Customer("Petit ancien");    // 500 € × 100 days = 50 000
  const Id not_due = Customer("Pas échu");
  Invoice(big_recent, 1000000, "2026-11-20");
  Invoice(small_old, 50000, "2026-08-16");
  Invoice(not_due, 900000, "2026-12-20");
  const auto list = Build();
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].customer_id, small_old);
  EXPECT_EQ(list[0].days_late, 100);
  EXPECT_EQ(list[0].overdue_minor, 50000);
  EXPECT_DOUBLE_EQ(list[0].score, 50000.0);
  EXPECT_EQ(list[1].customer_id, big_recent);
  EXPECT_EQ(list[1].days_late, 4);
  EXPECT_EQ(Find(list, not_due), nullptr);
}

TEST_F(WorklistTest, ABrokenPromiseOutranksAnAccountAsLargeThatIsOnlyLate) {
  const Id only_late = Customer("Seulement en retard");
  const Id broke = Customer("Promesse non tenue");
  Invoice(only_late, 100000, "2026-10-25");
  Invoice(broke, 100000, "2026-10-25");
  Promise p;
  p.customer_id = broke;
  p.promised_date = D("2026-11-20");
  p.amount_minor = 100000;
  ASSERT_TRUE(AddPromise(db(), p, D("2026-11-10")).ok());
  const auto list = Build();
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].customer_id, broke);
  EXPECT_EQ(list[0].signals, static_cast<uint32_t>(kSignalBrokenPromise));
  EXPECT_DOUBLE_EQ(list[0].score, 2 * list[1].score);
}

TEST_F(WorklistTest, EachSignalPutsAnAccountOnTheListEvenWithNothingOverdue) {
  const Id task = Customer("Appel dû");
  const Id later_task = Customer("Appel demain");
  const Id disputed = Customer("Litige récent");
  const Id old_dispute = Customer("Litige ancien");
  const Id plan = Customer("Échéance manquée");
  Sql("INSERT INTO tasks (customer_id, kind, due_date, status, created_at) VALUES (" + std::to_string(task) +
      ", 'phone_call', '2026-11-24', 'open', 'x'), (" + std::to_string(task) + ", 'escalation', '2026-11-20', 'open', 'x'), (" +
      std::to_string(later_task) + ", 'phone_call', '2026-11-25', 'open', 'x')");
  ASSERT_TRUE(OpenDispute(db(), Invoice(disputed, 30000, "2026-11-01"), D("2026-11-20"), "Livraison incomplète").ok());
  ASSERT_TRUE(OpenDispute(db(), Invoice(old_dispute, 30000, "2026-12-30"), D("2026-11-01"), "Prix").ok());
  Sql("INSERT INTO payment_plans (id, customer_id, status, frequency, total_minor, currency, created) VALUES (7, " +
      std::to_string(plan) + ", 'active', 'monthly', 20000, 'EUR', '2026-10-01');"
      "INSERT INTO installments (plan_id, seq, due_date, amount_minor, paid_minor) VALUES "
      "(7, 1, '2026-10-15', 10000, 10000), (7, 2, '2026-11-15', 10000, 4000)");

  const auto list = Build();
  const WorklistItem* t = Find(list, task);
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->signals, static_cast<uint32_t>(kSignalTaskDue));
  EXPECT_EQ(t->task_kind, "escalation") << "the oldest task due is the one to work";
  EXPECT_EQ(t->task_due, D("2026-11-20"));
  EXPECT_EQ(Find(list, later_task), nullptr);
  const WorklistItem* d = Find(list, disputed);
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->signals, static_cast<uint32_t>(kSignalNewDispute));
  EXPECT_EQ(d->overdue_minor, 0) << "a disputed invoice is not for a collection call";
  EXPECT_EQ(Find(list, old_dispute), nullptr);
  const WorklistItem* p = Find(list, plan);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->signals, static_cast<uint32_t>(kSignalMissedInstallment));

  WorklistFilter only_tasks;
  only_tasks.signals = kSignalTaskDue;
  const auto tasks = Build(only_tasks);
  ASSERT_EQ(tasks.size(), 1u);
  EXPECT_EQ(tasks[0].customer_id, task);
}

TEST_F(WorklistTest, ARepSeesTheirOwnCustomersAndInsolvencyOnlyForTasks) {
  const Id mine = Customer("Le mien", rep_);
  const Id other = Customer("Un autre");
  const Id insolvent = Customer("En redressement");
  Invoice(mine, 10000, "2026-11-01");
  Invoice(other, 10000, "2026-11-01");
  Invoice(insolvent, 10000, "2026-11-01");
  Sql("UPDATE customers SET insolvency_date = '2026-11-02' WHERE id = " + std::to_string(insolvent));
  WorklistFilter f;
  f.only_rep = rep_;
  const auto list = Build(f);
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].customer_id, mine);
  EXPECT_EQ(Find(Build(), insolvent), nullptr);
  WorklistFilter top1;
  top1.limit = 1;
  EXPECT_EQ(Build(top1).size(), 1u);
}

// The tablet builds the list a few rows a frame (client_wasm/screens_worklist.cpp): in steps of
// any size it is the list built in one go, and each step reads no more than it is given.
TEST_F(WorklistTest, BuiltInStepsItIsTheSameList) {
  for (int i = 0; i < 6; ++i) Invoice(Customer("Client " + std::to_string(i)), 10000 * (i + 1), "2026-11-01");
  const Id task = Customer("Appel dû");
  Sql("INSERT INTO tasks (customer_id, kind, due_date, status, created_at) VALUES (" + std::to_string(task) +
      ", 'phone_call', '2026-11-20', 'open', 'x')");
  const Id disputed = Customer("Litige récent");
  Invoice(disputed, 5000, "2026-10-01");
  ASSERT_TRUE(OpenDispute(db(), Invoice(disputed, 30000, "2026-11-01"), D("2026-11-20"), "Livraison incomplète").ok());
  const auto whole = Build();
  ASSERT_EQ(whole.size(), 8u);

  for (int64_t step : {1, 3}) {
    WorklistScan scan = WorklistScan::Begin(db(), today_, {});
    auto none = scan.Step(0);
    ASSERT_TRUE(none.ok());
    EXPECT_FALSE(*none);
    EXPECT_EQ(scan.rows_seen(), 0);
    int steps = 0;
    for (bool done = false; !done; ++steps) {
      const int64_t before = scan.rows_seen();
      auto r = scan.Step(step);
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      done = *r;
      EXPECT_LE(scan.rows_seen() - before, step);
      ASSERT_LT(steps, 100);
    }
    EXPECT_EQ(scan.rows_seen(), 9) << "7 overdue totals, a dispute, a task";
    EXPECT_GE(steps, 9 / step);
    auto again = scan.Step(step);
    ASSERT_TRUE(again.ok());
    EXPECT_TRUE(*again) << "a finished scan stays finished";
    const auto list = scan.Finish();
    ASSERT_EQ(list.size(), whole.size()) << "step " << step;
    for (size_t i = 0; i < list.size(); ++i) {
      EXPECT_EQ(list[i].customer_id, whole[i].customer_id) << "step " << step << ", row " << i;
      EXPECT_EQ(list[i].overdue_minor, whole[i].overdue_minor);
      EXPECT_EQ(list[i].signals, whole[i].signals);
      EXPECT_EQ(list[i].task_id, whole[i].task_id);
    }
  }
}

}  // namespace
}  // namespace encaisse
