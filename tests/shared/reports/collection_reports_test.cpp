// The SQL reports against the ledger's rules: aging buckets, count-back DSO month by month
// (the same figures as CountBackDso over every invoice), collected and due per ISO week, and
// overdue per rep and risk class.
#include "shared/reports/collection_reports.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "shared/store/store.h"
#include "tests/shared/test_support.h"

namespace encaisse {
namespace {

Date D(const char* iso) { return Date::ParseIso(iso).value(); }

TEST(IsoWeekTest, WeeksAroundTheNewYear) {
  EXPECT_EQ(IsoWeekOf(D("2026-01-01")).ToString(), "2026-W01");  // a Thursday
  EXPECT_EQ(IsoWeekOf(D("2025-12-29")).ToString(), "2026-W01");  // its Monday
  EXPECT_EQ(IsoWeekOf(D("2025-12-28")).ToString(), "2025-W52");
  EXPECT_EQ(IsoWeekOf(D("2027-01-01")).ToString(), "2026-W53");  // a Friday: 2026 has 53 weeks
  EXPECT_EQ(IsoWeekOf(D("2027-01-04")).ToString(), "2027-W01");
  EXPECT_EQ(IsoWeekOf(D("2024-12-30")).ToString(), "2025-W01");
  EXPECT_EQ(IsoWeekOf(D("2026-11-24")).ToString(), "2026-W48");
  EXPECT_EQ(MondayOf(D("2026-11-29")), D("2026-11-23"));
  EXPECT_EQ(MondayOf(D("2026-11-23")), D("2026-11-23"));
}

class CollectionReportsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = Store::Open(path_.path(), TestOpenOptions());
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_.emplace(std::move(s).value());
    rep1_ = store_->AddUser({0, "rep1@example.test", "Rémi", Role::kSalesRep, false}).value();
    rep2_ = store_->AddUser({0, "rep2@example.test", "Rose", Role::kSalesRep, false}).value();
    store_->AddUser({0, "daf@example.test", "Marc", Role::kManager, false}).value();
    low_ = AddCustomer("C1", RiskClass::kLow, rep1_);
    high_ = AddCustomer("C2", RiskClass::kHigh, rep1_);
    orphan_ = AddCustomer("C3", RiskClass::kMedium, 0);
  }

  Id AddCustomer(const std::string& ext, RiskClass risk, Id rep) {
    Customer c;
    c.external_id = ext;
    c.name = "Client " + ext;
    c.risk = risk;
    c.rep_id = rep;
    return store_->AddCustomer(c).value();
  }

  Id AddInvoice(Id customer, const char* issue, const char* due, int64_t amount, const char* currency = "EUR") {
    Invoice i;
    i.customer_id = customer;
    i.number = "F-" + std::to_string(++n_);
    i.issue_date = D(issue);
    i.due_date = D(due);
    i.amount_minor = amount;
    i.currency = FindCurrency(currency).value();
    return store_->AddInvoice(i).value();
  }

  void Pay(Id customer, Id invoice, const char* date, int64_t amount, int64_t extra = 0) {
    Payment p;
    p.customer_id = customer;
    p.date = D(date);
    p.amount_minor = amount + extra;
    const Allocation a{0, invoice, 0, 0, amount, p.date};
    auto r = store_->RecordPayment(p, std::span<const Allocation>(&a, 1));
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }

  // A year of business: invoices every few weeks for two customers, part paid, part late,
  // a credit note, a cancelled invoice, one in another currency.
  void Year() {
    const char* issues[] = {"2025-12-05", "2026-01-10", "2026-02-14", "2026-03-03", "2026-04-22", "2026-05-30",
                            "2026-06-11", "2026-07-07", "2026-08-19", "2026-09-25", "2026-10-02", "2026-11-13"};
    int k = 0;
    for (const char* issue : issues) {
      const Date d = D(issue);
      const Id a = AddInvoice(low_, issue, d.AddDays(30).ToIso().c_str(), 100000 + 1357 * k);
      const Id b = AddInvoice(high_, issue, d.AddDays(45).ToIso().c_str(), 250000 - 999 * k);
      if (k % 3 != 2) Pay(low_, a, d.AddDays(25 + k).ToIso().c_str(), 100000 + 1357 * k);
      if (k % 2 == 0) Pay(high_, b, d.AddDays(70).ToIso().c_str(), 120000, 5000);  // partly, with a credit left
      ++k;
    }
    AddInvoice(low_, "2026-06-20", "2026-06-20", -30000);  // credit note
    const Id cancelled = AddInvoice(low_, "2026-07-01", "2026-07-31", 999999);
    ASSERT_TRUE(db().Exec("UPDATE invoices SET status = 'cancelled' WHERE id = " + std::to_string(cancelled)).ok());
    AddInvoice(orphan_, "2026-08-01", "2026-08-31", 77700, "USD");
    AddInvoice(orphan_, "2026-08-02", "2026-09-01", 40000);
  }

  std::vector<Invoice> AllInvoices() {
    std::vector<Invoice> out;
    auto st = db().Prepare("SELECT id FROM invoices WHERE currency = 'EUR' ORDER BY id");
    while (st->Step().value()) out.push_back(store_->GetInvoice(st->Int(0)).value());
    return out;
  }

  std::vector<Allocation> AllAllocations() {
    std::vector<Allocation> out;
    auto st = db().Prepare("SELECT invoice_id, coalesce(payment_id, 0), amount_minor, date FROM allocations");
    while (st->Step().value()) out.push_back({0, st->Int(0), st->Int(1), 0, st->Int(2), D(std::string(st->Text(3)).c_str())});
    return out;
  }

  Db& db() { return store_->db(); }

  ScopedDbPath path_{"collection_reports"};
  std::optional<Store> store_;
  Id rep1_ = 0, rep2_ = 0, low_ = 0, high_ = 0, orphan_ = 0;
  int n_ = 0;
};

TEST_F(CollectionReportsTest, AgingBucketsByDueDate) {
  AddInvoice(low_, "2026-11-01", "2026-11-24", 1000);  // due today: not due
  AddInvoice(low_, "2026-10-01", "2026-11-23", 2000);  // 1 day
  AddInvoice(low_, "2026-09-01", "2026-10-25", 3000);  // 30 days
  AddInvoice(low_, "2026-09-01", "2026-10-24", 4000);  // 31 days
  AddInvoice(low_, "2026-07-01", "2026-08-26", 5000);  // 90 days
  AddInvoice(low_, "2026-07-01", "2026-08-25", 6000);  // 91 days
  const Id paid = AddInvoice(low_, "2026-07-01", "2026-08-25", 7000);
  Pay(low_, paid, "2026-11-01", 7000);
  const Id half = AddInvoice(high_, "2026-07-01", "2026-08-25", 8000);
  Pay(high_, half, "2026-11-01", 3000);
  AddInvoice(high_, "2026-07-01", "2026-08-25", 9000, "USD");  // another currency
  AddInvoice(high_, "2026-07-01", "2026-08-25", -500);         // a credit note is not aged
  auto r = AgingReportSql(db(), Eur(), D("2026-11-24"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->buckets[0].amount_minor, 1000);
  EXPECT_EQ(r->buckets[1].amount_minor, 5000);
  EXPECT_EQ(r->buckets[1].invoices, 2);
  EXPECT_EQ(r->buckets[2].amount_minor, 4000);
  EXPECT_EQ(r->buckets[3].amount_minor, 5000);
  EXPECT_EQ(r->buckets[4].amount_minor, 6000 + 5000);
  EXPECT_EQ(r->buckets[4].invoices, 2);
  EXPECT_EQ(r->total.amount_minor, 1000 + 2000 + 3000 + 4000 + 5000 + 6000 + 5000);
  EXPECT_EQ(r->total.invoices, 7);
  EXPECT_EQ(r->overdue.amount_minor, r->total.amount_minor - 1000);
  EXPECT_EQ(r->overdue.invoices, 6);
  // Without the dollar invoice every invoice is in euros: the index alone answers, the same.
  ASSERT_TRUE(db().Exec("DELETE FROM invoices WHERE currency = 'USD'").ok());
  auto euros = AgingReportSql(db(), Eur(), D("2026-11-24"));
  ASSERT_TRUE(euros.ok());
  for (size_t b = 0; b < euros->buckets.size(); ++b) {
    EXPECT_EQ(euros->buckets[b].amount_minor, r->buckets[b].amount_minor) << b;
    EXPECT_EQ(euros->buckets[b].invoices, r->buckets[b].invoices) << b;
  }
  // And a report in dollars has nothing left.
  auto dollars = AgingReportSql(db(), FindCurrency("USD").value(), D("2026-11-24"));
  ASSERT_TRUE(dollars.ok());
  EXPECT_EQ(dollars->total.amount_minor, 0);
}

TEST_F(CollectionReportsTest, AgingByMonthAgesWhatWasOpenAtEachMonthEnd) {
  Year();
  auto points = AgingByMonth(db(), Eur(), D("2026-11-24"), 12);
  ASSERT_TRUE(points.ok()) << points.status().ToString();
  ASSERT_EQ(points->size(), 12u);
  EXPECT_EQ(points->front().end, D("2025-12-31"));
  EXPECT_EQ(points->back().end, D("2026-11-24"));
  // 31 January: the first high-risk invoice (due 19 January, paid in part on 13 February) is
  // 12 days late; January's two invoices are not due; the first low-risk one was paid.
  const AgingReport& january = (*points)[1].aging;
  EXPECT_EQ((*points)[1].end, D("2026-01-31"));
  EXPECT_EQ(january.buckets[0].amount_minor, 101357 + 249001);
  EXPECT_EQ(january.buckets[0].invoices, 2);
  EXPECT_EQ(january.buckets[1].amount_minor, 250000);
  EXPECT_EQ(january.total.invoices, 3);
  EXPECT_EQ(january.overdue.amount_minor, 250000);
  // Once every payment is in (the last is dated 11 December), the last point is the aging
  // report of the open amounts, bucket by bucket.
  auto year_end = AgingByMonth(db(), Eur(), D("2026-12-31"), 1);
  auto open_now = AgingReportSql(db(), Eur(), D("2026-12-31"));
  ASSERT_TRUE(year_end.ok() && open_now.ok());
  for (size_t b = 0; b < open_now->buckets.size(); ++b) {
    EXPECT_EQ(year_end->back().aging.buckets[b].amount_minor, open_now->buckets[b].amount_minor) << b;
    EXPECT_EQ(year_end->back().aging.buckets[b].invoices, open_now->buckets[b].invoices) << b;
  }
  // On 24 November the payment of 11 December is not in yet: that invoice is still open.
  EXPECT_EQ(points->back().aging.total.amount_minor - open_now->total.amount_minor, 120000);
  EXPECT_EQ(AgingByMonth(db(), Eur(), D("2026-11-24"), 0).status().code(), Code::kInvalidArgument);
}

TEST_F(CollectionReportsTest, DsoByMonthIsCountBackDsoAtEachEnd) {
  Year();
  const auto invoices = AllInvoices();
  const auto allocations = AllAllocations();
  auto points = DsoByMonth(db(), Eur(), D("2026-11-24"), 14);
  ASSERT_TRUE(points.ok()) << points.status().ToString();
  ASSERT_EQ(points->size(), 14u);
  EXPECT_EQ((*points)[0].end, D("2025-10-31"));
  EXPECT_EQ((*points)[12].end, D("2026-10-31"));
  EXPECT_EQ((*points)[13].end, D("2026-11-24"));
  int with_days = 0;
  for (const auto& p : *points) {
    const DsoResult expected = CountBackDso(invoices, allocations, p.end);
    EXPECT_EQ(p.dso.receivables_minor, expected.receivables_minor) << p.end.ToIso();
    EXPECT_DOUBLE_EQ(p.dso.days, expected.days) << p.end.ToIso();
    EXPECT_EQ(p.dso.capped, expected.capped) << p.end.ToIso();
    with_days += p.dso.days > 0;
  }
  EXPECT_GE(with_days, 12);
  // An end date that is itself a month's last day.
  auto month_end = DsoByMonth(db(), Eur(), D("2026-09-30"), 2);
  ASSERT_TRUE(month_end.ok());
  EXPECT_EQ((*month_end)[0].end, D("2026-08-31"));
  EXPECT_EQ((*month_end)[1].end, D("2026-09-30"));
  EXPECT_DOUBLE_EQ((*month_end)[1].dso.days, CountBackDso(invoices, allocations, D("2026-09-30")).days);
  EXPECT_EQ(DsoByMonth(db(), Eur(), D("2026-09-30"), 0).status().code(), Code::kInvalidArgument);
}

TEST_F(CollectionReportsTest, APaymentDatedBeforeItsInvoiceCountsFromTheInvoice) {
  const Id inv = AddInvoice(low_, "2026-10-15", "2026-11-14", 50000);
  Pay(low_, inv, "2026-09-20", 20000);  // an advance, allocated to the invoice issued later
  const auto invoices = AllInvoices();
  const auto allocations = AllAllocations();
  auto points = DsoByMonth(db(), Eur(), D("2026-10-31"), 2);
  ASSERT_TRUE(points.ok());
  EXPECT_EQ((*points)[0].dso.receivables_minor, 0);
  EXPECT_EQ((*points)[1].dso.receivables_minor, 30000);
  EXPECT_EQ((*points)[1].dso.receivables_minor, CountBackDso(invoices, allocations, D("2026-10-31")).receivables_minor);
}

TEST_F(CollectionReportsTest, CollectedAndDuePerWeek) {
  Year();
  auto weeks = CollectedByWeek(db(), Eur(), D("2026-01-07"), D("2026-11-24"));
  ASSERT_TRUE(weeks.ok()) << weeks.status().ToString();
  EXPECT_EQ(weeks->front().week.ToString(), "2026-W02");
  EXPECT_EQ(weeks->front().start, D("2026-01-07"));
  EXPECT_EQ(weeks->front().end, D("2026-01-11"));
  EXPECT_EQ(weeks->back().week.ToString(), "2026-W48");
  EXPECT_EQ(weeks->back().end, D("2026-11-24"));
  int64_t collected = 0, due = 0, payments = 0;
  for (size_t i = 0; i < weeks->size(); ++i) {
    const WeekRow& w = (*weeks)[i];
    collected += w.collected_minor;
    due += w.due_minor;
    payments += w.payments;
    if (i > 0) {
      EXPECT_EQ(w.start, (*weeks)[i - 1].end.AddDays(1));
    }
  }
  EXPECT_EQ(collected, db().QueryInt("SELECT sum(amount_minor) FROM payments WHERE date BETWEEN '2026-01-07' AND '2026-11-24'").value());
  EXPECT_EQ(payments, db().QueryInt("SELECT count(*) FROM payments WHERE date BETWEEN '2026-01-07' AND '2026-11-24'").value());
  EXPECT_EQ(due, db().QueryInt("SELECT sum(amount_minor) FROM invoices WHERE currency = 'EUR' AND status <> 'cancelled' "
                               "AND amount_minor > 0 AND due_date BETWEEN '2026-01-07' AND '2026-11-24'").value());
  EXPECT_GT(collected, 0);
  EXPECT_EQ(CollectedByWeek(db(), Eur(), D("2026-02-01"), D("2026-01-01")).status().code(), Code::kInvalidArgument);
  auto one_day = CollectedByWeek(db(), Eur(), D("2026-03-04"), D("2026-03-04"));
  ASSERT_TRUE(one_day.ok());
  EXPECT_EQ(one_day->size(), 1u);
}

TEST_F(CollectionReportsTest, OverduePerRepAndRisk) {
  AddInvoice(low_, "2026-09-01", "2026-10-01", 10000);
  AddInvoice(low_, "2026-09-01", "2026-10-02", 20000);
  AddInvoice(high_, "2026-09-01", "2026-10-01", 40000);
  AddInvoice(high_, "2026-11-01", "2026-12-01", 80000);  // not yet due
  AddInvoice(orphan_, "2026-09-01", "2026-10-01", 160000);
  AddInvoice(orphan_, "2026-09-01", "2026-10-01", 5000, "USD");  // another currency: left out
  auto reps = OverdueByRep(db(), Eur(), D("2026-11-24"));
  ASSERT_TRUE(reps.ok()) << reps.status().ToString();
  ASSERT_EQ(reps->size(), 3u);  // both reps, then the customers without one
  const RepOverdue& r1 = (*reps)[0];
  EXPECT_EQ(r1.rep_id, rep1_);
  EXPECT_EQ(r1.rep_name, "Rémi");
  EXPECT_EQ(r1.total.overdue_minor, 70000);
  EXPECT_EQ(r1.total.invoices, 3);
  EXPECT_EQ(r1.total.customers, 2);
  EXPECT_EQ(r1.by_risk[static_cast<size_t>(RiskClass::kLow)].overdue_minor, 30000);
  EXPECT_EQ(r1.by_risk[static_cast<size_t>(RiskClass::kLow)].customers, 1);
  EXPECT_EQ(r1.by_risk[static_cast<size_t>(RiskClass::kHigh)].overdue_minor, 40000);
  EXPECT_EQ(r1.by_risk[static_cast<size_t>(RiskClass::kMedium)].invoices, 0);
  EXPECT_EQ((*reps)[1].rep_id, rep2_);
  EXPECT_EQ((*reps)[1].total.overdue_minor, 0);
  EXPECT_EQ((*reps)[2].rep_id, 0);
  EXPECT_EQ((*reps)[2].total.overdue_minor, 160000);
  EXPECT_EQ((*reps)[2].by_risk[static_cast<size_t>(RiskClass::kMedium)].overdue_minor, 160000);
  // On 2026-12-02 the December invoice is overdue too.
  auto later = OverdueByRep(db(), Eur(), D("2026-12-02"));
  ASSERT_TRUE(later.ok());
  EXPECT_EQ((*later)[0].total.overdue_minor, 150000);
}

}  // namespace
}  // namespace encaisse
