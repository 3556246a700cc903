// The rate tables as JSON (the settings row, the API, the admin's screen) and the checks an
// administrator's edit must pass: the ECB and professional legal tables have an entry, no day twice, rates in a plausible
// range, the legal rate only on 1 January or 1 July (it is fixed per half-year). An error names
// the entry ("legal_professional[3].from").
#pragma once

#include <nlohmann/json.hpp>

#include "shared/penalties/rates.h"

namespace encaisse {

nlohmann::json RateTablesToJson(const RateTables& rates);
// Reads and checks; the entries come back sorted by date.
Result<RateTables> RateTablesFromJson(const nlohmann::json& in);
Status ValidateRateTables(const RateTables& rates);

// 1 January or 1 July on or before `day`: the legal rate and the ECB rate that apply to late
// payments are those in force on that day.
Date HalfYearStart(Date day);

}  // namespace encaisse
