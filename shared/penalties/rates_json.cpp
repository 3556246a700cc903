#include "shared/penalties/rates_json.h"

#include <algorithm>

namespace encaisse {
namespace {

using nlohmann::json;

struct Table {
  const char* name;
  std::vector<DatedRate> RateTables::*member;
  int32_t min_bps, max_bps;
  bool half_years;  // entries only on 1 January and 1 July
  bool required;    // the penalties need it (the individual's legal rate is never used by a company)
};
// The ECB rate has been as low as 0 and as high as 4,75 % since 1999; the legal rates moved
// between 0,04 % and 8,16 %. Wide bounds catch a typo (215 typed as 21500), not a policy.
constexpr Table kTables[] = {
    {"ecb_refi", &RateTables::ecb_refi, -1000, 2500, false, true},
    {"legal_professional", &RateTables::legal_professional, 0, 5000, true, true},
    {"legal_individual", &RateTables::legal_individual, 0, 5000, true, false},
};

std::string Entry(const char* table, size_t i, const char* field) {
  return std::string(table) + "[" + std::to_string(i) + "]." + field;
}

}  // namespace

Date HalfYearStart(Date day) { return Date::FromYmd(day.year(), day.month() >= 7 ? 7 : 1, 1).value(); }

json RateTablesToJson(const RateTables& rates) {
  json out = json::object();
  for (const Table& t : kTables) {
    json list = json::array();
    for (const DatedRate& r : rates.*t.member) list.push_back({{"from", r.from.ToIso()}, {"bps", r.bps}});
    out[t.name] = std::move(list);
  }
  return out;
}

Result<RateTables> RateTablesFromJson(const json& in) {
  if (!in.is_object()) return Status::Invalid("the rate tables are an object");
  RateTables rates;
  for (const Table& t : kTables) {
    auto list = in.find(t.name);
    if (list == in.end() || !list->is_array()) return Status::Invalid(std::string(t.name) + " must be a list", t.name);
    for (size_t i = 0; i < list->size(); ++i) {
      const json& item = (*list)[i];
      if (!item.is_object() || !item.contains("from") || !item["from"].is_string())
        return Status::Invalid("each entry needs its date (from: YYYY-MM-DD)", Entry(t.name, i, "from"));
      auto from = Date::ParseIso(item["from"].get<std::string>());
      if (!from.ok()) return Status::Invalid(from.status().message(), Entry(t.name, i, "from"));
      const auto bps = item.find("bps");
      if (bps == item.end() || !bps->is_number_integer() || *bps < -100000 || *bps > 100000)
        return Status::Invalid("each entry needs its rate in basis points (215 = 2,15 %)", Entry(t.name, i, "bps"));
      (rates.*t.member).push_back({*from, bps->get<int32_t>()});
    }
  }
  ENC_RETURN_IF_ERROR(ValidateRateTables(rates));
  for (const Table& t : kTables)
    std::sort((rates.*t.member).begin(), (rates.*t.member).end(),
              [](const DatedRate& a, const DatedRate& b) { return a.from < b.from; });
  return rates;
}

Status ValidateRateTables(const RateTables& rates) {
  for (const Table& t : kTables) {
    const std::vector<DatedRate>& list = rates.*t.member;
    if (t.required && list.empty()) return Status::Invalid("at least one rate is needed", t.name);
    for (size_t i = 0; i < list.size(); ++i) {
      const DatedRate& r = list[i];
      if (r.bps < t.min_bps || r.bps > t.max_bps)
        return Status::Invalid("a rate of " + FormatRateFr(r.bps) + " is out of range (" + FormatRateFr(t.min_bps) +
                                   " to " + FormatRateFr(t.max_bps) + ")",
                               Entry(t.name, i, "bps"));
      if (t.half_years && !(r.from.day() == 1 && (r.from.month() == 1 || r.from.month() == 7)))
        return Status::Invalid("the legal rate is set per half-year: from 1 January or 1 July", Entry(t.name, i, "from"));
      for (size_t j = 0; j < i; ++j)
        if (list[j].from == r.from)
          return Status::Invalid("two rates from " + r.from.ToIso(), Entry(t.name, i, "from"));
    }
  }
  return Status::Ok();
}

}  // namespace encaisse
