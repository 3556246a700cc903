// The CSV exports: the same figures as the reports, in the form a French spreadsheet opens
// (BOM, ';', decimal commas, quoted text); and the promise and plan keeping rates.
#include "shared/reports/report_csv.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "shared/store/store.h"
#include "tests/shared/test_support.h"

namespace encaisse {
namespace {

Date D(const char* iso) { return Date::ParseIso(iso).value(); }

TEST(ReportCsv, AgingDsoCollectedAndRepsKeepTheirFigures) {
  AgingReport aging;
  aging.buckets[0] = {150000, 3};
  aging.buckets[4] = {2050, 1};
  aging.overdue = {2050, 1};
  aging.total = {152050, 4};
  const std::string a = AgingCsv(aging, Eur());
  EXPECT_EQ(a.rfind("\xEF\xBB\xBFtranche;montant;factures\r\nnot_due;1500,00;3\r\n", 0), 0u) << a;
  EXPECT_NE(a.find("over_90;20,50;1\r\n"), std::string::npos) << a;
  EXPECT_NE(a.find("total;1520,50;4\r\n"), std::string::npos) << a;

  const std::vector<DsoPoint> dso = {{D("2026-10-31"), {500000, 41.3, false}}, {D("2026-11-24"), {650000, 47.0, true}}};
  EXPECT_EQ(DsoCsv(dso, Eur()), "\xEF\xBB\xBF" "date;dso_jours;encours;plafonne\r\n2026-10-31;41,3;5000,00;non\r\n2026-11-24;47,0;6500,00;oui\r\n");

  WeekRow w;
  w.week = IsoWeekOf(D("2026-11-23"));
  w.start = D("2026-11-23");
  w.end = D("2026-11-29");
  w.collected_minor = 123456;
  w.payments = 7;
  w.due_minor = 99;
  w.invoices_due = 1;
  EXPECT_NE(CollectedCsv({w}, Eur()).find("2026-W48;2026-11-23;2026-11-29;1234,56;7;0,99;1\r\n"), std::string::npos);

  RepOverdue rep;
  rep.rep_id = 4;
  rep.rep_name = "Dupont; \"Jo\"";
  rep.total = {10000, 2, 1};
  rep.by_risk[2] = {10000, 2, 1};
  EXPECT_NE(OverdueByRepCsv({rep}, Eur()).find("\"Dupont; \"\"Jo\"\"\";100,00;2;1;0,00;0,00;100,00\r\n"), std::string::npos)
      << "a name with ';' and quotes stays one field";
}

TEST(KeepingRates, OnlyWhatCameToAnEndCounts) {
  ScopedDbPath path("keeping_rates");
  auto store = Store::Open(path.path(), TestOpenOptions());
  ASSERT_TRUE(store.ok());
  encaisse::Customer c;
  c.external_id = "K";
  c.name = "K";
  const Id id = store->AddCustomer(c).value();
  const std::string cid = std::to_string(id);
  ASSERT_TRUE(store->db().Exec(
      "INSERT INTO promises (customer_id, promised_date, amount_minor, status, created) VALUES "
      "(" + cid + ", '2026-10-01', 1, 'kept', '2026-09-01'), (" + cid + ", '2026-10-05', 1, 'kept', '2026-09-01'), "
      "(" + cid + ", '2026-10-09', 1, 'kept', '2026-09-01'), (" + cid + ", '2026-10-10', 1, 'broken', '2026-09-01'), "
      "(" + cid + ", '2026-11-30', 1, 'pending', '2026-11-01'), (" + cid + ", '2025-01-01', 1, 'broken', '2024-12-01');"
      "INSERT INTO payment_plans (customer_id, status, frequency, total_minor, currency, created) VALUES "
      "(" + cid + ", 'completed', 'monthly', 1, 'EUR', '2026-03-01'), (" + cid + ", 'active', 'monthly', 1, 'EUR', '2026-06-01')").ok());
  auto k = ComputeKeepingRates(store->db(), D("2025-11-24"), D("2026-11-24"));
  ASSERT_TRUE(k.ok()) << k.status().ToString();
  EXPECT_EQ(k->promises.kept, 3);
  EXPECT_EQ(k->promises.broken, 1) << "the 2025 one is outside the year";
  EXPECT_DOUBLE_EQ(k->promises.rate().value(), 0.75);
  EXPECT_EQ(k->plans.kept, 1);
  EXPECT_EQ(k->plans.broken, 0);
  EXPECT_DOUBLE_EQ(k->plans.rate().value(), 1.0);
  EXPECT_NE(KeepingRatesCsv(*k).find("promesses;2025-11-24;2026-11-24;3;1;75,0\r\n"), std::string::npos);
  EXPECT_FALSE(ComputeKeepingRates(store->db(), D("2026-11-24"), D("2026-01-01")).ok());
  KeepingRates empty;
  EXPECT_FALSE(empty.promises.rate().has_value());
}

}  // namespace
}  // namespace encaisse
