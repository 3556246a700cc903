// The portfolio computed in steps (the tablet spreads it over frames after a sync) is the one
// computed in one pass, whatever the step: totals, aging, and every customer's position.
#include "shared/reports/portfolio.h"

#include <gtest/gtest.h>

#include <cstdint>

#include "shared/demo/demo_generator.h"
#include "tests/shared/test_support.h"

namespace encaisse {
namespace {

Date D(const char* iso) { return Date::ParseIso(iso).value(); }

void ExpectSame(const Portfolio& a, const Portfolio& b) {
  EXPECT_EQ(a.invoices, b.invoices);
  EXPECT_EQ(a.open_invoices, b.open_invoices);
  EXPECT_EQ(a.open_minor, b.open_minor);
  EXPECT_EQ(a.overdue_minor, b.overdue_minor);
  EXPECT_EQ(a.interest_minor, b.interest_minor);
  EXPECT_EQ(a.fee_minor, b.fee_minor);
  EXPECT_EQ(a.aging.minor, b.aging.minor);
  ASSERT_EQ(a.customers.size(), b.customers.size());
  for (size_t i = 0; i < a.customers.size(); ++i) {
    const CustomerPosition& x = a.customers[i];
    const CustomerPosition& y = b.customers[i];
    EXPECT_EQ(x.customer_id, y.customer_id) << i;
    EXPECT_EQ(x.open_minor, y.open_minor) << x.customer_id;
    EXPECT_EQ(x.overdue_minor, y.overdue_minor) << x.customer_id;
    EXPECT_EQ(x.interest_minor, y.interest_minor) << x.customer_id;
    EXPECT_EQ(x.fee_minor, y.fee_minor) << x.customer_id;
    EXPECT_EQ(x.max_days_late, y.max_days_late) << x.customer_id;
  }
}

class PortfolioScanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = Store::Open(path_.path(), TestOpenOptions());
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_.emplace(std::move(s).value());
    DemoOptions o;
    o.customers = 30;
    o.invoices = 300;
    o.seed = 11;
    o.today = today_;
    o.reps = 2;
    ASSERT_TRUE(GenerateDemo(*store_, o).ok());
    settings_ = store_->LoadSettings().value();
    rates_ = store_->LoadRates().value();
    // A credit note this month: in the sales the DSO counts, never open nor late.
    Invoice credit;
    credit.customer_id = store_->db().QueryInt("SELECT min(id) FROM customers").value();
    credit.number = "AV-SCAN-1";
    credit.issue_date = D("2026-03-02");
    credit.due_date = D("2026-03-02");
    credit.amount_minor = -150000;
    credit.currency = settings_.currency;
    ASSERT_TRUE(store_->AddInvoice(credit).ok());
  }

  ScopedDbPath path_{"portfolio_scan"};
  std::optional<Store> store_;
  Date today_ = D("2026-03-14");
  CompanySettings settings_;
  RateTables rates_;
};

TEST_F(PortfolioScanTest, InStepsTheSameAsInOnePass) {
  const Portfolio whole = ComputePortfolio(*store_, settings_, rates_, today_).value();
  // A portfolio worth the comparison: late invoices with interest and fees, paid ones too.
  EXPECT_GT(whole.invoices, 200);
  EXPECT_GT(whole.open_invoices, 0);
  EXPECT_LT(whole.open_invoices, whole.invoices);
  EXPECT_GT(whole.overdue_minor, 0);
  EXPECT_GT(whole.interest_minor, 0);
  EXPECT_GT(whole.fee_minor, 0);
  EXPECT_FALSE(whole.customers.empty());

  // Every invoice the scan looks at, credit notes included.
  auto all = PortfolioScan::Begin(*store_, settings_, rates_, today_);
  ASSERT_TRUE(all.ok() && all->Step(INT64_MAX).value());
  const int64_t rows = all->invoices_seen();
  EXPECT_GT(rows, whole.invoices);  // the credit note

  for (int64_t step : {1, 7, 256}) {
    SCOPED_TRACE(step);
    auto scan = PortfolioScan::Begin(*store_, settings_, rates_, today_);
    ASSERT_TRUE(scan.ok()) << scan.status().ToString();
    int64_t steps = 0;
    for (;;) {
      auto done = scan->Step(step);
      ASSERT_TRUE(done.ok()) << done.status().ToString();
      ++steps;
      if (*done) break;
      EXPECT_EQ(scan->invoices_seen(), steps * step);  // each step looked at exactly its share
    }
    // The invoices' own steps, and one more when the last one found the end of them.
    EXPECT_EQ(steps, rows / step + 1);
    ExpectSame(scan->Finish(), whole);
  }
}

// The DSO from what the pass summed is the one DsoByMonth computes in a pass of its own, also
// over several months (credit notes lower the sales, payments count from their later date).
TEST_F(PortfolioScanTest, ItsSalesGiveTheSameDsoAsTheReport) {
  auto scan = PortfolioScan::Begin(*store_, settings_, rates_, today_);
  ASSERT_TRUE(scan.ok() && scan->Step(INT64_MAX).value());
  for (int months : {1, 3}) {
    SCOPED_TRACE(months);
    const auto report = DsoByMonth(store_->db(), settings_.currency, today_, months).value();
    const auto from_scan = scan->sales().Dso(today_, months);
    ASSERT_EQ(from_scan.size(), report.size());
    for (size_t i = 0; i < report.size(); ++i) {
      EXPECT_EQ(from_scan[i].end, report[i].end);
      EXPECT_EQ(from_scan[i].dso.days, report[i].dso.days);
      EXPECT_EQ(from_scan[i].dso.receivables_minor, report[i].dso.receivables_minor);
    }
  }
  EXPECT_GT(DsoByMonth(store_->db(), settings_.currency, today_, 1).value().back().dso.days, 0);
}

TEST_F(PortfolioScanTest, AStepOfNoInvoiceLooksAtNone) {
  auto scan = PortfolioScan::Begin(*store_, settings_, rates_, today_);
  ASSERT_TRUE(scan.ok());
  EXPECT_FALSE(scan->Step(0).value());
  EXPECT_EQ(scan->invoices_seen(), 0);
  EXPECT_TRUE(scan->Step(1000).value());
  const int64_t seen = scan->invoices_seen();
  EXPECT_GT(seen, 200);
  EXPECT_TRUE(scan->Step(1000).value());  // done stays done, counting nothing twice
  EXPECT_EQ(scan->invoices_seen(), seen);
}

}  // namespace
}  // namespace encaisse
