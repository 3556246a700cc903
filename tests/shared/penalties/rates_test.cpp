#include "shared/penalties/rates.h"

#include <gtest/gtest.h>

namespace encaisse {
namespace {

Date D(const char* iso) { return Date::ParseIso(iso).value(); }

TEST(RateInForce, LatestEntryOnOrBeforeTheDay) {
  const std::vector<DatedRate> table = {{D("2025-03-12"), 265}, {D("2025-02-05"), 290}};
  EXPECT_EQ(*RateInForce(table, D("2025-02-05")), 290);  // in force from its own day
  EXPECT_EQ(*RateInForce(table, D("2025-03-11")), 290);
  EXPECT_EQ(*RateInForce(table, D("2025-03-12")), 265);  // entries in any order
  EXPECT_EQ(*RateInForce(table, D("2030-01-01")), 265);
}

TEST(RateInForce, BeforeFirstEntryIsAnError) {
  const std::vector<DatedRate> table = {{D("2025-02-05"), 290}};
  Result<int32_t> r = RateInForce(table, D("2025-02-04"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kNotFound);
  EXPECT_FALSE(RateInForce({}, D("2025-02-04")).ok());
}

// Spot checks of the published values (see rates.cpp for the sources).
TEST(RateTablesFrenchDefaults, PublishedValues) {
  const RateTables t = RateTables::FrenchDefaults();
  EXPECT_EQ(*RateInForce(t.ecb_refi, D("2023-01-01")), 250);
  EXPECT_EQ(*RateInForce(t.ecb_refi, D("2023-09-20")), 450);
  EXPECT_EQ(*RateInForce(t.ecb_refi, D("2024-01-01")), 450);
  EXPECT_EQ(*RateInForce(t.ecb_refi, D("2024-07-01")), 425);
  EXPECT_EQ(*RateInForce(t.ecb_refi, D("2024-09-18")), 365);
  EXPECT_EQ(*RateInForce(t.ecb_refi, D("2025-01-01")), 315);
  EXPECT_EQ(*RateInForce(t.ecb_refi, D("2025-07-01")), 215);
  EXPECT_EQ(*RateInForce(t.ecb_refi, D("2026-01-01")), 215);
  EXPECT_EQ(*RateInForce(t.legal_professional, D("2023-03-01")), 206);
  EXPECT_EQ(*RateInForce(t.legal_professional, D("2025-12-31")), 276);
  EXPECT_EQ(*RateInForce(t.legal_professional, D("2026-06-30")), 262);
  EXPECT_EQ(*RateInForce(t.legal_individual, D("2024-07-01")), 816);
  EXPECT_EQ(*RateInForce(t.legal_individual, D("2026-01-01")), 667);
  EXPECT_FALSE(RateInForce(t.legal_professional, D("2022-12-31")).ok());
}

TEST(FormatRateFr, CommaAndNoBreakSpace) {
  EXPECT_EQ(FormatRateFr(1215), "12,15\u00A0%");
  EXPECT_EQ(FormatRateFr(1000), "10,00\u00A0%");
  EXPECT_EQ(FormatRateFr(828), "8,28\u00A0%");
  EXPECT_EQ(FormatRateFr(5), "0,05\u00A0%");
  EXPECT_EQ(FormatRateFr(0), "0,00\u00A0%");
  EXPECT_EQ(FormatRateFr(-25), "-0,25\u00A0%");
}

}  // namespace
}  // namespace encaisse
