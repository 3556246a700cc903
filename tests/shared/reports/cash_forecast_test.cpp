// The cash forecast: each source in its week, shifted by the customer's observed delay (the
// company's without history), promises replacing the invoices they pay, plan installments
// replacing the invoices they cover, what is beyond habit kept apart, and the CSV export with
// the same figures.
#include "shared/reports/cash_forecast.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "shared/store/action_store.h"
#include "shared/reports/report_csv.h"
#include "shared/store/customer_queries.h"
#include "shared/store/store.h"
#include "tests/shared/test_support.h"

namespace encaisse {
namespace {

Date D(const char* iso) { return Date::ParseIso(iso).value(); }

class CashForecastTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = Store::Open(path_.path(), TestOpenOptions());
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_.emplace(std::move(s).value());
  }
  Id Customer(const std::string& name) {
    encaisse::Customer c;
    c.external_id = name;
    c.name = name;
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
  void Pay(Id customer, int64_t amount, const char* date) {
    Payment p;
    p.customer_id = customer;
    p.amount_minor = amount;
    p.currency = Eur();
    p.date = D(date);
    ASSERT_TRUE(RecordCustomerPayment(*store_, p, std::nullopt).ok());
  }
  void Sql(const std::string& sql) { ASSERT_TRUE(store_->db().Exec(sql).ok()) << sql; }
  CashForecast Forecast() {
    auto f = ForecastCollections(store_->db(), Eur(), today_);
    EXPECT_TRUE(f.ok()) << f.status().ToString();
    return f.ok() ? *f : CashForecast{};
  }

  ScopedDbPath path_{"cash_forecast"};
  std::optional<Store> store_;
  int invoices_ = 0;
  const Date today_ = D("2026-11-25");  // a Wednesday
};

TEST_F(CashForecastTest, ThirteenWeeksFromTodayMondayToSunday) {
  const CashForecast f = Forecast();
  ASSERT_EQ(f.weeks.size(), 13u);
  EXPECT_EQ(f.weeks[0].start, today_) << "the first week starts today";
  EXPECT_EQ(f.weeks[0].end, D("2026-11-29"));
  EXPECT_EQ(f.weeks[1].start, D("2026-11-30"));
  EXPECT_EQ(f.weeks[12].end, D("2027-02-21"));
  EXPECT_EQ(f.total_minor(), 0);
  EXPECT_FALSE(ForecastCollections(store_->db(), Eur(), today_, 0).ok());
}

TEST_F(CashForecastTest, EachSourceLandsInItsWeekShiftedByTheCustomersDelay) {
  // A pays 20 days late (history); the company's delay is A's as nobody else has history.
  const Id a = Customer("A");
  Invoice(a, 100000, "2026-09-01");
  Pay(a, 100000, "2026-09-21");
  Invoice(a, 50000, "2026-12-01");  // expected 2026-12-21: week 5
  // B has no history: the company's 20 days.
  const Id b = Customer("B");
  Invoice(b, 30000, "2026-11-20");  // expected 2026-12-10: week 3
  Invoice(b, 20000, "2026-10-01");  // expected 2026-10-21, passed: uncertain
  Invoice(b, 70000, "2027-06-01");  // after the 13 weeks
  // C promised 400 on Friday: that pays its oldest 400 of invoices.
  const Id c = Customer("C");
  Invoice(c, 30000, "2026-10-15");
  Invoice(c, 25000, "2026-11-30");  // 150 left, expected 2026-12-20: week 4
  Promise p;
  p.customer_id = c;
  p.promised_date = D("2026-11-27");
  p.amount_minor = 40000;
  ASSERT_TRUE(AddPromise(store_->db(), p, D("2026-11-20")).ok());
  // D is on a plan: its installments count, not the invoice they cover.
  const Id d = Customer("D");
  const Id covered = Invoice(d, 60000, "2026-10-01");
  Sql("INSERT INTO payment_plans (id, customer_id, status, frequency, total_minor, currency, created) VALUES (3, " +
      std::to_string(d) + ", 'active', 'monthly', 60000, 'EUR', '2026-11-01');"
      "INSERT INTO plan_invoices (plan_id, invoice_id) VALUES (3, " + std::to_string(covered) + ");"
      "INSERT INTO installments (plan_id, seq, due_date, amount_minor, paid_minor) VALUES "
      "(3, 1, '2026-12-05', 30000, 10000), (3, 2, '2027-01-05', 30000, 0)");
  // Neither a disputed invoice nor an insolvent customer's is expected.
  const Id e = Customer("E");
  ASSERT_TRUE(OpenDispute(store_->db(), Invoice(e, 90000, "2026-12-01"), D("2026-11-20"), "Prix").ok());
  const Id f_id = Customer("F");
  Invoice(f_id, 80000, "2026-12-01");
  Sql("UPDATE customers SET insolvency_date = '2026-11-01' WHERE id = " + std::to_string(f_id));

  const CashForecast f = Forecast();
  EXPECT_DOUBLE_EQ(f.company_delay_days, 20.0);
  ASSERT_EQ(f.weeks.size(), 13u);
  EXPECT_EQ(f.weeks[0].promises_minor, 40000);
  EXPECT_EQ(f.weeks[0].invoices_minor, 0) << "C's overdue invoice is what the promise pays";
  EXPECT_EQ(f.weeks[2].invoices_minor, 30000);
  EXPECT_EQ(f.weeks[3].invoices_minor, 15000);
  EXPECT_EQ(f.weeks[4].invoices_minor, 50000);
  EXPECT_EQ(f.weeks[4].installments_minor, 20000) << "what is left of the first installment, on 2026-12-25";
  EXPECT_EQ(f.weeks[9].installments_minor, 30000) << "2027-01-25";
  EXPECT_EQ(f.uncertain_minor, 20000);
  EXPECT_EQ(f.later_minor, 70000);
  EXPECT_EQ(f.total_minor(), 40000 + 30000 + 15000 + 50000 + 20000 + 30000);

  const std::string csv = ForecastCsv(f, Eur());
  EXPECT_EQ(csv.rfind("\xEF\xBB\xBFsemaine;du;au;factures;echeanciers;promesses;total\r\n", 0), 0u) << csv;
  EXPECT_NE(csv.find("2026-W48;2026-11-25;2026-11-29;0,00;0,00;400,00;400,00\r\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find("2026-W52;2026-12-21;2026-12-27;500,00;200,00;0,00;700,00\r\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find("total 13 semaines;;;;;;1850,00\r\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find("plus tard;;;;;;700,00\r\n"), std::string::npos) << csv;
}

}  // namespace
}  // namespace encaisse
