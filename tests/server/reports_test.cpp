// Reports over HTTP. On a small database built by hand the figures are checked against values
// computed by hand (aging, count-back DSO, collected per ISO week, overdue per rep); on the demo
// database against SQL sums and against the ledger's own functions (CountBackDso, the
// portfolio's aging). Roles: manager, collector and admin see them, a sales rep never.
#include <gtest/gtest.h>

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "server/auth/passwords.h"
#include "shared/ledger/dso.h"
#include "shared/reports/portfolio.h"
#include "shared/reports/report_csv.h"
#include "shared/store/row_codec.h"
#include "shared/store/store.h"
#include "tests/server/server_harness.h"

namespace encaisse::testing {
namespace {

Date D(const char* iso) { return Date::ParseIso(iso).value(); }

template <typename T>
T Must(Result<T> r) {
  if (!r.ok()) throw std::runtime_error(r.status().ToString());
  return std::move(r).value();
}

int64_t SqlInt(const std::string& db_path, const std::string& sql) {
  auto db = Db::Open(db_path, OpenOptions{.create = false});
  if (!db.ok()) throw std::runtime_error(db.status().ToString());
  auto v = db->QueryInt(sql);
  if (!v.ok()) throw std::runtime_error(v.status().ToString() + " in " + sql);
  return *v;
}

// ---------------------------------------------------------------------------------------------
// The small database: one rep, one manager, one customer, three invoices, two payments.
//
//   A  issued 2026-09-15, due 2026-10-15, 3 000,00  paid in full on 2026-11-10
//   B  issued 2026-10-10, due 2026-11-09, 8 000,00  1 000,00 paid on 2026-11-20
//   C  issued 2026-11-05, due 2026-12-05, 2 400,00  open
//
// Count-back DSO (sales by issue month; the current month runs from the 1st to the end date):
//   2026-11-24: receivables 7 000 + 2 400 = 9 400. November (24 days, sales 2 400) counts in
//               full, 7 000 left; October (31 days, sales 8 000) pro rata 31 x 7 000 / 8 000 =
//               27,125 days. DSO = 51,125, rounded 51,1.
//   2026-10-31: receivables 3 000 + 8 000 = 11 000. October (31 days, 8 000) in full, 3 000
//               left; September (30 days, 3 000): 30 days. DSO = 61,0.
//   2026-09-30: receivables 3 000, September's sales 3 000: 30,0.
//   2026-08-31: nothing owed: 0,0.
std::string SmallDatabase() {
  const std::string path = TempDir() + "/small.db";
  Store store = Must(Store::Open(path));
  const std::string hash = Must(HashPassword("encaisse-demo"));
  Must(store.AddUser({0, "manager@small.test", "Marc DAF", Role::kManager, false}, hash));
  Must(store.AddUser({0, "collector@small.test", "Claire", Role::kCollector, false}, hash));
  const Id rep = Must(store.AddUser({0, "rep@small.test", "Rémi Rep", Role::kSalesRep, false}, hash));
  Must(store.AddUser({0, "rep2@small.test", "Rose Rep", Role::kSalesRep, false}, hash));
  Customer c;
  c.external_id = "C1";
  c.name = "Boulangerie Martin SARL";
  c.risk = RiskClass::kHigh;
  c.rep_id = rep;
  const Id customer = Must(store.AddCustomer(c));
  auto invoice = [&](const char* number, const char* issue, const char* due, int64_t amount) {
    Invoice i;
    i.customer_id = customer;
    i.number = number;
    i.issue_date = D(issue);
    i.due_date = D(due);
    i.amount_minor = amount;
    return Must(store.AddInvoice(i));
  };
  const Id a = invoice("A", "2026-09-15", "2026-10-15", 300000);
  const Id b = invoice("B", "2026-10-10", "2026-11-09", 800000);
  invoice("C", "2026-11-05", "2026-12-05", 240000);
  auto pay = [&](Id inv, const char* date, int64_t amount) {
    Payment p;
    p.customer_id = customer;
    p.date = D(date);
    p.amount_minor = amount;
    p.method = "transfer";
    const Allocation alloc{0, inv, 0, 0, amount, p.date};
    Must(store.RecordPayment(p, std::span<const Allocation>(&alloc, 1)));
  };
  pay(a, "2026-11-10", 300000);
  pay(b, "2026-11-20", 100000);
  return path;
}

class SmallReportsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new ServerProcess(SmallDatabase());
    manager_ = server_->Login("manager@small.test");
    collector_ = server_->Login("collector@small.test");
    rep_ = server_->Login("rep@small.test");
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static ServerProcess* server_;
  static std::string manager_, collector_, rep_;
};
ServerProcess* SmallReportsTest::server_ = nullptr;
std::string SmallReportsTest::manager_, SmallReportsTest::collector_, SmallReportsTest::rep_;

TEST_F(SmallReportsTest, ARepSeesNoReport) {
  ASSERT_FALSE(rep_.empty());
  for (const char* path : {"/api/v1/reports/aging", "/api/v1/reports/dso", "/api/v1/reports/collected", "/api/v1/reports/by-rep",
                           "/api/v1/reports/forecast", "/api/v1/reports/keeping", "/api/v1/reports/forecast?format=csv",
                           "/api/v1/reports/aging-history"}) {
    int status = 0;
    json r = server_->Get(path, rep_, &status);
    EXPECT_EQ(status, 403) << path;
    EXPECT_EQ(r["error"]["code"], "forbidden");
    server_->Get(path, "", &status);
    EXPECT_EQ(status, 401) << path;
    server_->Get(path, collector_, &status);
    EXPECT_EQ(status, 200) << path;
  }
}

TEST_F(SmallReportsTest, AgingByHand) {
  int status = 0;
  json r = server_->Get("/api/v1/reports/aging?date=2026-11-24", manager_, &status);
  ASSERT_EQ(status, 200) << r.dump();
  EXPECT_EQ(r["currency"], "EUR");
  const json expected = json::array({{{"bucket", "not_due"}, {"amount_minor", 240000}, {"invoices", 1}},
                                     {{"bucket", "1_30"}, {"amount_minor", 700000}, {"invoices", 1}},
                                     {{"bucket", "31_60"}, {"amount_minor", 0}, {"invoices", 0}},
                                     {{"bucket", "61_90"}, {"amount_minor", 0}, {"invoices", 0}},
                                     {{"bucket", "over_90"}, {"amount_minor", 0}, {"invoices", 0}}});
  EXPECT_EQ(r["buckets"], expected);
  EXPECT_EQ(r["total_minor"], 940000);
  EXPECT_EQ(r["total_invoices"], 2);
  EXPECT_EQ(r["overdue_minor"], 700000);
  EXPECT_EQ(r["overdue_invoices"], 1);
  // B is 30 days late on 2026-12-09 (still 1-30), 31 on 2026-12-10; C is due on 2026-12-05.
  r = server_->Get("/api/v1/reports/aging?date=2026-12-09", manager_, &status);
  EXPECT_EQ(r["buckets"][1], json({{"bucket", "1_30"}, {"amount_minor", 940000}, {"invoices", 2}}));
  r = server_->Get("/api/v1/reports/aging?date=2026-12-10", manager_, &status);
  EXPECT_EQ(r["buckets"][2], json({{"bucket", "31_60"}, {"amount_minor", 700000}, {"invoices", 1}}));
  server_->Get("/api/v1/reports/aging?date=24/11/2026", manager_, &status);
  EXPECT_EQ(status, 400);
}

TEST_F(SmallReportsTest, DsoByHand) {
  int status = 0;
  json r = server_->Get("/api/v1/reports/dso?date=2026-11-24&months=4", manager_, &status);
  ASSERT_EQ(status, 200) << r.dump();
  ASSERT_EQ(r["points"].size(), 4u) << r.dump();
  const std::vector<std::string> ends = {"2026-08-31", "2026-09-30", "2026-10-31", "2026-11-24"};
  const std::vector<double> days = {0.0, 30.0, 61.0, 51.1};
  const std::vector<int64_t> receivables = {0, 300000, 1100000, 940000};
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(r["points"][i]["end"], ends[i]);
    EXPECT_DOUBLE_EQ(r["points"][i]["days"].get<double>(), days[i]) << ends[i];
    EXPECT_EQ(r["points"][i]["receivables_minor"], receivables[i]) << ends[i];
    EXPECT_EQ(r["points"][i]["capped"], false);
  }
  // Twelve months by default.
  r = server_->Get("/api/v1/reports/dso", manager_, &status);
  ASSERT_EQ(status, 200);
  EXPECT_EQ(r["points"].size(), 12u);
  EXPECT_EQ(r["points"][11]["end"], "2026-11-24");
  server_->Get("/api/v1/reports/dso?months=0", manager_, &status);
  EXPECT_EQ(status, 400);
}

TEST_F(SmallReportsTest, CollectedPerIsoWeekByHand) {
  int status = 0;
  json r = server_->Get("/api/v1/reports/collected?from=2026-11-02&to=2026-11-22", collector_, &status);
  ASSERT_EQ(status, 200) << r.dump();
  const json expected = json::array(
      {{{"week", "2026-W45"}, {"start", "2026-11-02"}, {"end", "2026-11-08"}, {"collected_minor", 0}, {"payments", 0},
        {"due_minor", 0}, {"invoices_due", 0}},
       {{"week", "2026-W46"}, {"start", "2026-11-09"}, {"end", "2026-11-15"}, {"collected_minor", 300000}, {"payments", 1},
        {"due_minor", 800000}, {"invoices_due", 1}},
       {{"week", "2026-W47"}, {"start", "2026-11-16"}, {"end", "2026-11-22"}, {"collected_minor", 100000}, {"payments", 1},
        {"due_minor", 0}, {"invoices_due", 0}}});
  EXPECT_EQ(r["weeks"], expected);
  EXPECT_EQ(r["totals"]["collected_minor"], 400000);
  EXPECT_EQ(r["totals"]["due_minor"], 800000);
  // A range cut inside weeks keeps the weeks, cut to the range.
  r = server_->Get("/api/v1/reports/collected?from=2026-11-11&to=2026-11-20", collector_, &status);
  ASSERT_EQ(status, 200);
  ASSERT_EQ(r["weeks"].size(), 2u);
  EXPECT_EQ(r["weeks"][0]["start"], "2026-11-11");
  EXPECT_EQ(r["weeks"][0]["collected_minor"], 0) << "the payment of the 10th is before the range";
  EXPECT_EQ(r["weeks"][1]["end"], "2026-11-20");
  EXPECT_EQ(r["weeks"][1]["collected_minor"], 100000);
  server_->Get("/api/v1/reports/collected?from=2026-11-22&to=2026-11-02", collector_, &status);
  EXPECT_EQ(status, 400);
  server_->Get("/api/v1/reports/collected?from=2020-01-01&to=2026-11-02", collector_, &status);
  EXPECT_EQ(status, 400);
}

TEST_F(SmallReportsTest, OverduePerRepByHand) {
  int status = 0;
  json r = server_->Get("/api/v1/reports/by-rep?date=2026-11-24", manager_, &status);
  ASSERT_EQ(status, 200) << r.dump();
  ASSERT_EQ(r["reps"].size(), 2u) << "every rep, also one with nothing overdue";
  const json& rep = r["reps"][0];
  EXPECT_EQ(rep["rep_name"], "Rémi Rep");
  EXPECT_EQ(rep["overdue_minor"], 700000);
  EXPECT_EQ(rep["invoices"], 1);
  EXPECT_EQ(rep["customers"], 1);
  EXPECT_EQ(rep["by_risk"]["high"], json({{"overdue_minor", 700000}, {"invoices", 1}, {"customers", 1}}));
  EXPECT_EQ(rep["by_risk"]["low"]["overdue_minor"], 0);
  EXPECT_EQ(r["reps"][1]["rep_name"], "Rose Rep");
  EXPECT_EQ(r["reps"][1]["overdue_minor"], 0);
  EXPECT_EQ(r["totals"]["overdue_minor"], 700000);
  // On 2026-12-06, C is overdue too.
  r = server_->Get("/api/v1/reports/by-rep?date=2026-12-06", manager_, &status);
  EXPECT_EQ(r["reps"][0]["overdue_minor"], 940000);
  EXPECT_EQ(r["reps"][0]["invoices"], 2);
  EXPECT_EQ(r["reps"][0]["customers"], 1);
}

// ---------------------------------------------------------------------------------------------
// The demo database: the reports agree with SQL and with the ledger's functions.

class DemoReportsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new ServerProcess(DemoDatabaseCopy());
    manager_ = server_->Login("manager@demo.test");
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static int64_t Sql(const std::string& sql) { return SqlInt(server_->db(), sql); }
  static ServerProcess* server_;
  static std::string manager_;
};
ServerProcess* DemoReportsTest::server_ = nullptr;
std::string DemoReportsTest::manager_;

TEST_F(DemoReportsTest, AgingTotalsAreTheOpenInvoicesInSql) {
  int status = 0;
  json r = server_->Get("/api/v1/reports/aging", manager_, &status);
  ASSERT_EQ(status, 200) << r.dump();
  EXPECT_EQ(r["date"], "2026-11-24");
  const int64_t open = Sql("SELECT sum(open_minor) FROM invoices WHERE status = 'open' AND open_minor > 0");
  EXPECT_GT(open, 0);
  EXPECT_EQ(r["total_minor"], open);
  EXPECT_EQ(r["total_invoices"], Sql("SELECT count(*) FROM invoices WHERE status = 'open' AND open_minor > 0"));
  int64_t sum = 0;
  for (const auto& b : r["buckets"]) sum += b["amount_minor"].get<int64_t>();
  EXPECT_EQ(sum, open);
  EXPECT_EQ(r["buckets"][4]["amount_minor"],
            Sql("SELECT coalesce(sum(open_minor), 0) FROM invoices WHERE status = 'open' AND open_minor > 0 AND due_date < '2026-08-26'"));
  EXPECT_EQ(r["overdue_minor"],
            Sql("SELECT coalesce(sum(open_minor), 0) FROM invoices WHERE status = 'open' AND open_minor > 0 AND due_date < '2026-11-24'"));
  // The same buckets as the portfolio the ledger computes invoice by invoice.
  Store store = Must(Store::Open(server_->db(), OpenOptions{.create = false}));
  const Portfolio p = Must(ComputePortfolio(store, Must(store.LoadSettings()), Must(store.LoadRates()), D("2026-11-24")));
  for (int b = 0; b < kAgingBucketCount; ++b)
    EXPECT_EQ(r["buckets"][static_cast<size_t>(b)]["amount_minor"], p.aging.minor[static_cast<size_t>(b)]) << b;
}

TEST_F(DemoReportsTest, AgingHistoryEndsOnTodaysAgingAndTheCsvHasItsFigures) {
  int status = 0;
  json r = server_->Get("/api/v1/reports/aging-history?months=6", manager_, &status);
  ASSERT_EQ(status, 200) << r.dump();
  ASSERT_EQ(r["points"].size(), 6u);
  EXPECT_EQ(r["points"][0]["end"], "2026-06-30");
  EXPECT_EQ(r["points"][5]["end"], "2026-11-24");
  // The demo records no payment after its day: the last month end is today's aging report.
  json today = server_->Get("/api/v1/reports/aging", manager_, &status);
  EXPECT_EQ(r["points"][5]["total_minor"], today["total_minor"]);
  EXPECT_EQ(r["points"][5]["overdue_minor"], today["overdue_minor"]);
  EXPECT_EQ(r["points"][5]["buckets"]["over_90"], today["buckets"][4]["amount_minor"]);
  Store store = Must(Store::Open(server_->db(), OpenOptions{.create = false}));
  const auto points = Must(AgingByMonth(store.db(), Eur(), D("2026-11-24"), 6));
  httplib::Client http = server_->Client();
  auto csv = http.Get("/api/v1/reports/aging-history?months=6&format=csv", {{"Authorization", "Bearer " + manager_}});
  ASSERT_TRUE(csv);
  EXPECT_EQ(csv->body, AgingHistoryCsv(points, Eur()));
  server_->Get("/api/v1/reports/aging-history?months=61", manager_, &status);
  EXPECT_EQ(status, 400);
}

TEST_F(DemoReportsTest, TheForecastIsTheSharedOneAndEveryReportComesAsCsv) {
  int status = 0;
  json r = server_->Get("/api/v1/reports/forecast", manager_, &status);
  ASSERT_EQ(status, 200) << r.dump();
  ASSERT_EQ(r["weeks"].size(), 13u);
  EXPECT_EQ(r["weeks"][0]["start"], "2026-11-24");
  Store store = Must(Store::Open(server_->db(), OpenOptions{.create = false}));
  const CashForecast f = Must(ForecastCollections(store.db(), Eur(), D("2026-11-24")));
  EXPECT_EQ(r["total_minor"], f.total_minor());
  EXPECT_GT(f.total_minor(), 0);
  EXPECT_EQ(r["uncertain_minor"], f.uncertain_minor);
  int64_t sum = 0;
  for (const auto& w : r["weeks"]) sum += w["total_minor"].get<int64_t>();
  EXPECT_EQ(sum, r["total_minor"].get<int64_t>());

  httplib::Client http = server_->Client();
  const httplib::Headers auth = {{"Authorization", "Bearer " + manager_}};
  for (const char* path : {"/api/v1/reports/forecast", "/api/v1/reports/aging", "/api/v1/reports/dso", "/api/v1/reports/collected",
                           "/api/v1/reports/by-rep", "/api/v1/reports/keeping", "/api/v1/reports/aging-history"}) {
    auto res = http.Get(std::string(path) + "?format=csv", auth);
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->status, 200) << path;
    EXPECT_EQ(res->get_header_value("Content-Type"), "text/csv; charset=utf-8") << path;
    EXPECT_EQ(res->body.rfind("\xEF\xBB\xBF", 0), 0u) << path;
    EXPECT_NE(res->get_header_value("Content-Disposition").find(".csv"), std::string::npos) << path;
  }
  auto csv = http.Get("/api/v1/reports/forecast?format=csv", auth);
  ASSERT_TRUE(csv);
  EXPECT_EQ(csv->body, ForecastCsv(f, Eur())) << "the file has the screen's figures";
  json k = server_->Get("/api/v1/reports/keeping", manager_, &status);
  ASSERT_EQ(status, 200) << k.dump();
  EXPECT_EQ(k["promises"]["kept"], Sql("SELECT count(*) FROM promises WHERE status = 'kept' AND promised_date >= '2025-11-24'"));
  server_->Get("/api/v1/reports/forecast?weeks=0", manager_, &status);
  EXPECT_EQ(status, 400);
}

TEST_F(DemoReportsTest, DsoIsTheLedgersCountBackAtEachMonthEnd) {
  int status = 0;
  json r = server_->Get("/api/v1/reports/dso?months=12", manager_, &status);
  ASSERT_EQ(status, 200) << r.dump();
  ASSERT_EQ(r["points"].size(), 12u);
  // Every invoice and allocation, through CountBackDso.
  auto db = Must(Db::Open(server_->db(), OpenOptions{.create = false}));
  std::vector<Invoice> invoices;
  auto st = Must(db.Prepare("SELECT id, issue_date, amount_minor, status FROM invoices"));
  while (Must(st.Step())) {
    Invoice i;
    i.id = st.Int(0);
    i.issue_date = Must(DateColumn(st, 1));
    i.due_date = i.issue_date;
    i.amount_minor = st.Int(2);
    i.status = Must(ParseInvoiceStatus(st.Text(3)));
    invoices.push_back(i);
  }
  std::vector<Allocation> allocations;
  auto al = Must(db.Prepare("SELECT invoice_id, amount_minor, date, coalesce(payment_id, 0), coalesce(credit_note_id, 0) FROM allocations"));
  while (Must(al.Step())) allocations.push_back({0, al.Int(0), al.Int(3), al.Int(4), al.Int(1), Must(DateColumn(al, 2))});
  ASSERT_GT(invoices.size(), 100u);
  bool some_days = false;
  for (const auto& point : r["points"]) {
    const DsoResult expected = CountBackDso(invoices, allocations, D(point["end"].get<std::string>().c_str()));
    EXPECT_EQ(point["receivables_minor"], expected.receivables_minor) << point["end"];
    EXPECT_DOUBLE_EQ(point["days"].get<double>(), expected.days) << point["end"];
    EXPECT_EQ(point["capped"], expected.capped) << point["end"];
    some_days |= expected.days > 0;
  }
  EXPECT_TRUE(some_days);
  EXPECT_EQ(r["points"][10]["end"], "2026-10-31");
}

TEST_F(DemoReportsTest, CollectedPerWeekSumsAreTheSqlSums) {
  int status = 0;
  json r = server_->Get("/api/v1/reports/collected?from=2026-06-03&to=2026-11-24", manager_, &status);
  ASSERT_EQ(status, 200) << r.dump();
  const int64_t paid = Sql("SELECT coalesce(sum(amount_minor), 0) FROM payments WHERE date BETWEEN '2026-06-03' AND '2026-11-24'");
  const int64_t due = Sql("SELECT coalesce(sum(amount_minor), 0) FROM invoices WHERE status <> 'cancelled' AND amount_minor > 0 "
                          "AND due_date BETWEEN '2026-06-03' AND '2026-11-24'");
  EXPECT_GT(paid, 0);
  EXPECT_GT(due, 0);
  int64_t weekly_paid = 0, weekly_due = 0;
  for (const auto& w : r["weeks"]) {
    weekly_paid += w["collected_minor"].get<int64_t>();
    weekly_due += w["due_minor"].get<int64_t>();
    // Each week on its own, too.
    const std::string range = "BETWEEN '" + w["start"].get<std::string>() + "' AND '" + w["end"].get<std::string>() + "'";
    EXPECT_EQ(w["collected_minor"], Sql("SELECT coalesce(sum(amount_minor), 0) FROM payments WHERE date " + range)) << w["week"];
  }
  EXPECT_EQ(weekly_paid, paid);
  EXPECT_EQ(weekly_due, due);
  EXPECT_EQ(r["totals"]["collected_minor"], paid);
  EXPECT_EQ(r["weeks"][0]["week"], "2026-W23");
  EXPECT_EQ(r["weeks"].back()["week"], "2026-W48");
  EXPECT_EQ(r["weeks"].size(), 26u);
}

TEST_F(DemoReportsTest, OverduePerRepAddsUpToTheOverdueInSql) {
  int status = 0;
  json r = server_->Get("/api/v1/reports/by-rep", manager_, &status);
  ASSERT_EQ(status, 200) << r.dump();
  EXPECT_EQ(r["reps"].size(), 5u);
  const std::string overdue = "FROM invoices i JOIN customers c ON c.id = i.customer_id WHERE i.status = 'open' "
                              "AND i.open_minor > 0 AND i.due_date < '2026-11-24'";
  EXPECT_EQ(r["totals"]["overdue_minor"], Sql("SELECT sum(i.open_minor) " + overdue));
  EXPECT_EQ(r["totals"]["invoices"], Sql("SELECT count(*) " + overdue));
  for (const auto& rep : r["reps"]) {
    const std::string mine = overdue + " AND c.rep_id = " + std::to_string(rep["rep_id"].get<int64_t>());
    EXPECT_EQ(rep["overdue_minor"], Sql("SELECT coalesce(sum(i.open_minor), 0) " + mine));
    EXPECT_EQ(rep["customers"], Sql("SELECT count(DISTINCT i.customer_id) " + mine));
    int64_t by_risk = 0;
    for (const char* risk : {"low", "medium", "high"}) {
      by_risk += rep["by_risk"][risk]["overdue_minor"].get<int64_t>();
      EXPECT_EQ(rep["by_risk"][risk]["invoices"], Sql("SELECT count(*) " + mine + " AND c.risk = '" + risk + "'"));
    }
    EXPECT_EQ(by_risk, rep["overdue_minor"].get<int64_t>());
  }
}

}  // namespace
}  // namespace encaisse::testing
