// The rate tables an administrator edits: read back sorted, each mistake named by its entry.
#include "shared/penalties/rates_json.h"

#include <gtest/gtest.h>

namespace encaisse {
namespace {

using nlohmann::json;

Date D(const char* iso) { return Date::ParseIso(iso).value(); }

json Tables() {
  return {{"ecb_refi", {{{"from", "2025-06-11"}, {"bps", 215}}, {{"from", "2024-06-12"}, {"bps", 425}}}},
          {"legal_professional", {{{"from", "2026-07-01"}, {"bps", 262}}, {{"from", "2026-01-01"}, {"bps", 262}}}},
          {"legal_individual", json::array()}};
}

TEST(RatesJson, ReadBackSortedAndWrittenTheSame) {
  auto rates = RateTablesFromJson(Tables());
  ASSERT_TRUE(rates.ok()) << rates.status().ToString();
  ASSERT_EQ(rates->ecb_refi.size(), 2u);
  EXPECT_EQ(rates->ecb_refi[0].from.ToIso(), "2024-06-12");
  EXPECT_EQ(rates->legal_professional[1].from.ToIso(), "2026-07-01");
  auto again = RateTablesFromJson(RateTablesToJson(*rates));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(RateTablesToJson(*again), RateTablesToJson(*rates));
  EXPECT_TRUE(ValidateRateTables(RateTables::FrenchDefaults()).ok());
}

TEST(RatesJson, EachMistakeIsNamedByItsEntry) {
  struct Case {
    const char* what;
    json tables;
    const char* field;
  };
  std::vector<Case> cases;
  auto with = [](const char* table, size_t i, const char* key, json value) {
    json t = Tables();
    t[table][i][key] = std::move(value);
    return t;
  };
  cases.push_back({"the legal rate mid-half-year", with("legal_professional", 0, "from", "2026-03-01"),
                   "legal_professional[0].from"});
  cases.push_back({"a date that is none", with("ecb_refi", 1, "from", "2024-13-01"), "ecb_refi[1].from"});
  cases.push_back({"a typo of 100 times", with("ecb_refi", 0, "bps", 21500), "ecb_refi[0].bps"});
  cases.push_back({"a rate as text", with("ecb_refi", 0, "bps", "2,15"), "ecb_refi[0].bps"});
  cases.push_back({"the same day twice", with("legal_professional", 1, "from", "2026-07-01"),
                   "legal_professional[1].from"});
  json no_ecb = Tables();
  no_ecb["ecb_refi"] = json::array();
  cases.push_back({"no ECB rate at all", no_ecb, "ecb_refi"});
  json missing = Tables();
  missing.erase("legal_professional");
  cases.push_back({"a table left out", missing, "legal_professional"});
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    auto r = RateTablesFromJson(c.tables);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().field(), c.field) << r.status().ToString();
  }
}

TEST(RatesJson, HalfYearStartIsFirstJanuaryOrFirstJuly) {
  EXPECT_EQ(HalfYearStart(D("2026-11-24")).ToIso(), "2026-07-01");
  EXPECT_EQ(HalfYearStart(D("2026-06-30")).ToIso(), "2026-01-01");
  EXPECT_EQ(HalfYearStart(D("2026-07-01")).ToIso(), "2026-07-01");
}

}  // namespace
}  // namespace encaisse
