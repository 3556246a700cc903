// The company's settings as JSON (how the store keeps them and how the API and the client
// exchange them) and the rules a saved value must follow, each error naming its field.
#pragma once

#include <nlohmann/json.hpp>

#include "shared/core/result.h"
#include "shared/model/entities.h"

namespace encaisse {

nlohmann::json SettingsToJson(const CompanySettings& s);
// The fields of `j` over `base` (a partial update); an unknown field or a wrong type is
// Invalid naming the field. Only types are checked here: ValidateCompanySettings the rest.
Result<CompanySettings> ApplySettingsJson(const CompanySettings& base, const nlohmann::json& j);
// Name, e-mail, IBAN (stored normalised) and BIC, brand colour (#RRGGBB), portal address, times
// and ranges. Returns the settings as they should be stored.
Result<CompanySettings> ValidateCompanySettings(CompanySettings s);

}  // namespace encaisse
