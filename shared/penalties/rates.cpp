#include "shared/penalties/rates.h"

namespace encaisse {
namespace {

// Only called with constant, valid dates.
Date Ymd(int y, int m, int d) { return Date::FromYmd(y, m, d).value(); }

}  // namespace

RateTables RateTables::FrenchDefaults() {
  RateTables t;
  // ECB main refinancing operations rate, by effective date (decision day + 6 days). Source: the
  // ECB key-rate tables republished by Banque de France ("Key ECB interest rates") and Banka
  // Slovenije ("ECB interest rates"), cross-checked with the ECB press releases quoted in the
  // news. The 2022-12-21 entry is there so that the rate in force on 2023-01-01 is known.
  // Checked up to the decision of 18 December 2025 (rates unchanged since 11 June 2025).
  t.ecb_refi = {
      {Ymd(2022, 12, 21), 250}, {Ymd(2023, 2, 8), 300},   {Ymd(2023, 3, 22), 350},
      {Ymd(2023, 5, 10), 375},  {Ymd(2023, 6, 21), 400},  {Ymd(2023, 8, 2), 425},
      {Ymd(2023, 9, 20), 450},  {Ymd(2024, 6, 12), 425},  {Ymd(2024, 9, 18), 365},
      {Ymd(2024, 10, 23), 340}, {Ymd(2024, 12, 18), 315}, {Ymd(2025, 2, 5), 290},
      {Ymd(2025, 3, 12), 265},  {Ymd(2025, 4, 23), 240},  {Ymd(2025, 6, 11), 215},
  };
  // Taux de l'intérêt légal (Code monétaire et financier L313-2, D313-1-A), fixed each half-year
  // by an arrêté at the Journal officiel: arrêtés of 26-12-2022, 27-6-2023, 21-12-2023,
  // 26-6-2024, 17-12-2024, 19-6-2025 and 15-12-2025 (JO of 26-12-2025), as quoted by Lefebvre
  // Dalloz, Bpifrance Création and the arrêté text itself. Later half-years: add them here.
  t.legal_professional = {
      {Ymd(2023, 1, 1), 206}, {Ymd(2023, 7, 1), 422}, {Ymd(2024, 1, 1), 507},
      {Ymd(2024, 7, 1), 492}, {Ymd(2025, 1, 1), 371}, {Ymd(2025, 7, 1), 276},
      {Ymd(2026, 1, 1), 262},
  };
  t.legal_individual = {
      {Ymd(2023, 1, 1), 447}, {Ymd(2023, 7, 1), 682}, {Ymd(2024, 1, 1), 801},
      {Ymd(2024, 7, 1), 816}, {Ymd(2025, 1, 1), 721}, {Ymd(2025, 7, 1), 665},
      {Ymd(2026, 1, 1), 667},
  };
  return t;
}

Result<int32_t> RateInForce(const std::vector<DatedRate>& table, Date on) {
  const DatedRate* best = nullptr;
  for (const DatedRate& r : table)
    if (r.from <= on && (best == nullptr || r.from >= best->from)) best = &r;
  if (best == nullptr) return Status::NotFound("no rate in force on " + on.ToIso());
  return best->bps;
}

std::string FormatRateFr(int32_t bps) {
  const int64_t v = bps;  // no overflow on INT32_MIN
  const int64_t a = v < 0 ? -v : v;
  const int64_t cents = a % 100;
  std::string out = v < 0 ? "-" : "";
  out += std::to_string(a / 100);
  out += ',';
  out += static_cast<char>('0' + cents / 10);
  out += static_cast<char>('0' + cents % 10);
  out += "\xC2\xA0%";  // U+00A0 NO-BREAK SPACE, as French typography puts before '%'
  return out;
}

}  // namespace encaisse
