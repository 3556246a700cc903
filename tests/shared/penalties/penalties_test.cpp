// Late-payment penalties. Every expected value is worked out by hand in the comments:
//   interest = round_half_up( Σ principal × bps × days / (10 000 × 365) ), in cents.
// Rates come from RateTables::FrenchDefaults(): ECB refi in force on 1 January 2026 = 2,15 %
// (since 2025-06-11), so the default B2B rate for 2026 H1 is 2,15 + 10 = 12,15 % (1215 bps).
#include "shared/penalties/penalties.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace encaisse {
namespace {

Date D(const char* iso) { return Date::ParseIso(iso).value(); }

struct Case {
  const char* name;
  const char* due;
  int64_t amount;
  bool business;
  std::optional<int32_t> contract_bps;
  std::optional<int32_t> company_bps;
  std::vector<PrincipalReduction> reductions;
  std::optional<Date> notice;
  std::vector<FreezeWindow> freezes;
  const char* today;
  int64_t interest;
  int64_t fee;
  bool late;
};

Result<Penalties> Compute(const Case& c) {
  PenaltyInput in;
  in.due_date = D(c.due);
  in.amount_minor = c.amount;
  in.business = c.business;
  in.contract_rate_bps = c.contract_bps;
  in.reductions = c.reductions;
  in.formal_notice_date = c.notice;
  in.freezes = c.freezes;
  CompanySettings settings;
  settings.late_rate_bps = c.company_bps;
  return ComputePenalties(in, settings, RateTables::FrenchDefaults(), D(c.today));
}

const std::vector<Case>& Cases() {
  static const std::vector<Case> kCases = {
      // The reference example. (01-31, 02-10] = 10 days on 10 000,00; (02-10, 03-02] = 20 days
      // on 6 000,00. 1 000 000×1215×10 + 600 000×1215×20 = 12 150 000 000 + 14 580 000 000
      // = 26 730 000 000; / 3 650 000 = 7 323,29 -> 7 323 (per period: 3 329 + 3 995 = 7 324).
      {"Example", "2026-01-31", 1000000, true, {}, {},
       {{D("2026-02-10"), 400000}, {D("2026-03-02"), 600000}}, {}, {}, "2026-03-02",
       7323, 4000, true},
      // Interest stays due once paid: same invoice, computed much later (even in 2027, for
      // which no rate is needed since nothing is open).
      {"StaysDueAfterPayment", "2026-01-31", 1000000, true, {}, {},
       {{D("2026-03-02"), 600000}, {D("2026-02-10"), 400000}}, {}, {}, "2027-06-30",
       7323, 4000, true},
      {"PaidBeforeDue", "2026-01-31", 1000000, true, {}, {}, {{D("2026-01-20"), 1000000}}, {},
       {}, "2026-03-01", 0, 0, false},
      // Paid on the due date: 0 days, on time, no fee.
      {"PaidOnDueDate", "2026-01-31", 1000000, true, {}, {}, {{D("2026-01-31"), 1000000}}, {},
       {}, "2026-03-01", 0, 0, false},
      // Unpaid, open on today: (01-31, 03-02] = 30 days. 500 000×1215×30 = 18 225 000 000;
      // / 3 650 000 = 4 993,15 -> 4 993.
      {"OpenUntilToday", "2026-01-31", 500000, true, {}, {}, {}, {}, {}, "2026-03-02", 4993,
       4000, true},
      {"TodayIsDueDate", "2026-01-31", 500000, true, {}, {}, {}, {}, {}, "2026-01-31", 0, 0,
       false},
      {"TodayBeforeDue", "2026-01-31", 500000, true, {}, {}, {}, {}, {}, "2026-01-10", 0, 0,
       false},
      // A payment dated before the due date lowers the principal from the start: 6 000,00 over
      // 30 days. 600 000×1215×30 = 21 870 000 000; / 3 650 000 = 5 991,78 -> 5 992.
      {"ReductionBeforeDue", "2026-01-31", 1000000, true, {}, {}, {{D("2026-01-15"), 400000}},
       {}, {}, "2026-03-02", 5992, 4000, true},
      // Consumer, no formal notice: late, but no interest and never the fee.
      {"ConsumerNoNotice", "2026-01-31", 1000000, false, {}, {}, {}, {}, {}, "2026-03-02", 0, 0,
       true},
      // Consumer, notice 02-15: (02-15, 03-02] = 15 days at the legal rate "autres cas" of
      // 2026 H1, 2,62 %. 1 000 000×262×15 = 3 930 000 000; / 3 650 000 = 1 076,71 -> 1 077.
      {"ConsumerWithNotice", "2026-01-31", 1000000, false, {}, {}, {}, D("2026-02-15"), {},
       "2026-03-02", 1077, 0, true},
      // Notice sent before the due date: interest from the due date, (01-31, 03-02] = 30 days.
      // 1 000 000×262×30 = 7 860 000 000; / 3 650 000 = 2 153,42 -> 2 153.
      {"ConsumerNoticeBeforeDue", "2026-01-31", 1000000, false, {}, {}, {}, D("2026-01-20"), {},
       "2026-03-02", 2153, 0, true},
      // Leap year, company rate 10 %: (2028-02-01, 2028-03-02] = 28 + 2 = 30 days.
      // 365 000×1000×30 / 3 650 000 = 3 000 exactly (/366 would give 2 992).
      {"LeapYearFebruary", "2028-02-01", 365000, true, {}, 1000, {{D("2028-03-02"), 365000}}, {},
       {}, "2028-03-02", 3000, 4000, true},
      // A whole leap year, 366 days, still over 365: 365 000×1000×366 / 3 650 000 = 36 600.
      {"LeapYearWhole", "2028-01-01", 365000, true, {}, 1000, {}, {}, {}, "2029-01-01", 36600,
       4000, true},
      // Partial payments given out of order. ECB on 2025-01-01 = 3,15 % -> 1315 bps.
      // (03-31, 04-10] 10 d × 1 000 000; (04-10, 05-15] 35 d × 800 000; (05-15, 06-10] 26 d ×
      // 500 000. 1315 × (10 000 000 + 28 000 000 + 13 000 000) = 67 065 000 000;
      // / 3 650 000 = 18 373,97 -> 18 374.
      {"PartialPayments", "2025-03-31", 1000000, true, {}, {},
       {{D("2025-05-15"), 300000}, {D("2025-04-10"), 200000}, {D("2025-06-10"), 500000}}, {},
       {}, "2025-12-31", 18374, 4000, true},
      // Overpaid: the principal stops at 0, (01-31, 02-10] only. 1 000 000×1215×10
      // = 12 150 000 000; / 3 650 000 = 3 328,77 -> 3 329.
      {"Overpaid", "2026-01-31", 1000000, true, {}, {}, {{D("2026-02-10"), 1200000}}, {}, {},
       "2026-03-02", 3329, 4000, true},
      // Across 1 July 2024: H1 uses the ECB rate of 1 January (4,50 %, although it fell to
      // 4,25 % on 06-12), H2 the rate of 1 July (4,25 %). (06-20, 06-30] 10 d at 1450,
      // (06-30, 07-10] 10 d at 1425. 1 000 000 × (14 500 + 14 250) = 28 750 000 000;
      // / 3 650 000 = 7 876,71 -> 7 877.
      {"AcrossFirstJuly", "2024-06-20", 1000000, true, {}, {}, {{D("2024-07-10"), 1000000}}, {},
       {}, "2024-07-10", 7877, 4000, true},
      // Across 1 January 2025: (12-20, 12-31] 11 d at 1425, (12-31, 01-10] 10 d at 1315.
      // 1 000 000 × (15 675 + 13 150) = 28 825 000 000; / 3 650 000 = 7 897,26 -> 7 897.
      {"AcrossFirstJanuary", "2024-12-20", 1000000, true, {}, {}, {{D("2025-01-10"), 1000000}},
       {}, {}, "2025-01-10", 7897, 4000, true},
      // Contract rate 15 % wins over the company rate: 30 days. 1 000 000×1500×30
      // = 45 000 000 000; / 3 650 000 = 12 328,77 -> 12 329.
      {"ContractRate", "2026-01-31", 1000000, true, 1500, 1000, {}, {}, {}, "2026-03-02", 12329,
       4000, true},
      // Company rate 10 %: 1 000 000×1000×30 = 30 000 000 000; / 3 650 000 = 8 219,18 -> 8 219.
      {"CompanyRate", "2026-01-31", 1000000, true, {}, 1000, {}, {}, {}, "2026-03-02", 8219, 4000,
       true},
      // Plan approved 02-10 and kept: only (01-31, 02-10] accrues, 10 days -> 3 329 (above).
      {"FreezeKept", "2026-01-31", 1000000, true, {}, {}, {}, {},
       {{D("2026-02-10"), std::nullopt}}, "2026-06-30", 3329, 4000, true},
      // Plan approved 02-10, breached 03-02: (01-31, 02-10] + (03-02, 03-12] = 20 days.
      // 1 000 000×1215×20 = 24 300 000 000; / 3 650 000 = 6 657,53 -> 6 658.
      {"FreezeThenBreach", "2026-01-31", 1000000, true, {}, {}, {}, {},
       {{D("2026-02-10"), D("2026-03-02")}}, "2026-03-12", 6658, 4000, true},
      {"CreditNote", "2026-01-31", -50000, true, {}, {}, {}, {}, {}, "2026-03-02", 0, 0, false},
      {"ZeroAmount", "2026-01-31", 0, true, {}, {}, {}, {}, {}, "2026-03-02", 0, 0, false},
  };
  return kCases;
}

class PenaltiesTable : public ::testing::TestWithParam<Case> {};

TEST_P(PenaltiesTable, ExactMinorUnits) {
  const Case& c = GetParam();
  Result<Penalties> p = Compute(c);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->interest_minor, c.interest);
  EXPECT_EQ(p->fee_minor, c.fee);
  EXPECT_EQ(p->late, c.late);
}

INSTANTIATE_TEST_SUITE_P(Penalties, PenaltiesTable, ::testing::ValuesIn(Cases()),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(PenaltiesDetailed, ExampleListsBothPeriods) {
  const PrincipalReduction pays[] = {{D("2026-02-10"), 400000}, {D("2026-03-02"), 600000}};
  PenaltyInput in;
  in.due_date = D("2026-01-31");
  in.amount_minor = 1000000;
  in.reductions = pays;
  std::vector<InterestPeriod> periods{{}};  // cleared by the call
  Result<Penalties> p = ComputePenaltiesDetailed(in, CompanySettings{},
                                                 RateTables::FrenchDefaults(), D("2026-03-02"),
                                                 &periods);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->interest_minor, 7323);
  ASSERT_EQ(periods.size(), 2u);
  EXPECT_EQ(periods[0].from, D("2026-01-31"));
  EXPECT_EQ(periods[0].to, D("2026-02-10"));
  EXPECT_EQ(periods[0].days, 10);
  EXPECT_EQ(periods[0].principal_minor, 1000000);
  EXPECT_EQ(periods[0].rate_bps, 1215);
  EXPECT_EQ(periods[1].from, D("2026-02-10"));
  EXPECT_EQ(periods[1].to, D("2026-03-02"));
  EXPECT_EQ(periods[1].days, 20);
  EXPECT_EQ(periods[1].principal_minor, 600000);
  EXPECT_EQ(periods[1].rate_bps, 1215);
}

TEST(PenaltiesDetailed, SplitsAtFirstJulyAndMergesSameRate) {
  PenaltyInput in;
  in.due_date = D("2024-06-20");
  in.amount_minor = 1000000;
  std::vector<InterestPeriod> periods;
  // ECB rates differ: two periods, 1450 then 1425 (see AcrossFirstJuly).
  ASSERT_TRUE(ComputePenaltiesDetailed(in, CompanySettings{}, RateTables::FrenchDefaults(),
                                       D("2024-07-10"), &periods)
                  .ok());
  ASSERT_EQ(periods.size(), 2u);
  EXPECT_EQ(periods[0].to, D("2024-06-30"));
  EXPECT_EQ(periods[0].rate_bps, 1450);
  EXPECT_EQ(periods[1].days, 10);
  EXPECT_EQ(periods[1].rate_bps, 1425);
  // A fixed company rate: one period of 20 days.
  CompanySettings fixed;
  fixed.late_rate_bps = 1000;
  ASSERT_TRUE(
      ComputePenaltiesDetailed(in, fixed, RateTables::FrenchDefaults(), D("2024-07-10"), &periods)
          .ok());
  ASSERT_EQ(periods.size(), 1u);
  EXPECT_EQ(periods[0].days, 20);
}

TEST(PenaltiesErrors, NegativeReductionIsRefused) {
  const PrincipalReduction pays[] = {{D("2026-02-10"), -100}};
  PenaltyInput in;
  in.due_date = D("2026-01-31");
  in.amount_minor = 1000000;
  in.reductions = pays;
  Result<Penalties> p =
      ComputePenalties(in, CompanySettings{}, RateTables::FrenchDefaults(), D("2026-03-02"));
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().code(), Code::kInvalidArgument);
  EXPECT_EQ(p.status().field(), "reductions");
}

TEST(PenaltiesErrors, FreezeEndingBeforeItStarts) {
  const FreezeWindow freezes[] = {{D("2026-02-10"), D("2026-02-01")}};
  PenaltyInput in;
  in.due_date = D("2026-01-31");
  in.amount_minor = 1000000;
  in.freezes = freezes;
  Result<Penalties> p =
      ComputePenalties(in, CompanySettings{}, RateTables::FrenchDefaults(), D("2026-03-02"));
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().field(), "freezes");
}

TEST(PenaltiesErrors, MissingEcbRateIsAnErrorNotZero) {
  // 2022 H1 needs the ECB rate in force on 2022-01-01; the defaults start on 2022-12-21.
  PenaltyInput in;
  in.due_date = D("2022-03-31");
  in.amount_minor = 1000000;
  Result<Penalties> p =
      ComputePenalties(in, CompanySettings{}, RateTables::FrenchDefaults(), D("2022-04-30"));
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().code(), Code::kNotFound);
  EXPECT_NE(p.status().message().find("ECB"), std::string::npos) << p.status().message();
  EXPECT_NE(p.status().message().find("2022-01-01"), std::string::npos);
}

TEST(PenaltiesErrors, LegalRateCarriesOverUntilTheNextIsEntered) {
  PenaltyInput in;
  in.due_date = D("2026-05-31");
  in.amount_minor = 1000000;
  in.business = false;
  in.formal_notice_date = D("2026-06-15");
  // 2026 H2 is not in the defaults: the 2026 H1 rate (2,62 %) goes on applying.
  // 10 000,00 × 262 × 30 days (06-15 → 07-15) / 3 650 000 = 21,53 €.
  Result<Penalties> p = ComputePenalties(in, CompanySettings{}, RateTables::FrenchDefaults(), D("2026-07-15"));
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->interest_minor, 2153);
  // Before the first entry of the table there is nothing to carry over: an error, never 0.
  in.due_date = D("2020-05-31");
  in.formal_notice_date = D("2020-06-15");
  p = ComputePenalties(in, CompanySettings{}, RateTables::FrenchDefaults(), D("2020-07-15"));
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().code(), Code::kNotFound);
}

// L441-10 floor: 3 × legal rate "autres cas". 2025 H2: 3 × 2,76 % = 8,28 %; 2026 H1:
// 3 × 2,62 % = 7,86 %.
TEST(ContractRateFloor, AcceptedAndRefused) {
  const RateTables rates = RateTables::FrenchDefaults();
  EXPECT_TRUE(ValidateContractRate(828, rates, D("2025-09-01")).ok());
  EXPECT_TRUE(ValidateContractRate(1215, rates, D("2025-09-01")).ok());
  EXPECT_TRUE(ValidateContractRate(800, rates, D("2026-02-01")).ok());
  Status refused = ValidateContractRate(800, rates, D("2025-09-01"));
  EXPECT_EQ(refused.code(), Code::kRefused);
  EXPECT_EQ(refused.field(), "contract_late_rate");
  EXPECT_EQ(refused.message(),
            "8,00\u00A0% est inférieur au minimum légal de 8,28\u00A0% (3 × taux légal "
            "2,76\u00A0%)");
  EXPECT_EQ(ValidateContractRate(827, rates, D("2025-09-01")).code(), Code::kRefused);
  // No legal rate known for that half-year: the floor is unknown, an error.
  EXPECT_EQ(ValidateContractRate(1500, rates, D("2022-06-01")).code(), Code::kNotFound);
  // 2026 H2 not entered yet: the 2026 H1 legal rate (floor 7,86 %) still applies.
  EXPECT_TRUE(ValidateContractRate(1500, rates, D("2026-07-15")).ok());
  EXPECT_EQ(ValidateContractRate(700, rates, D("2026-07-15")).code(), Code::kRefused);
}

}  // namespace
}  // namespace encaisse
