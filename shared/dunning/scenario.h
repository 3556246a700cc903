// Dunning scenarios ("scénarios de relance"): ordered steps, each a day offset from the due
// date (negative: before it), a channel, a template and options. Customers follow the
// scenario of their risk class unless one is set for them.
#pragma once

#include <string>
#include <vector>

#include "shared/model/entities.h"

namespace encaisse {

struct ScenarioStep {
  int day_offset = 0;  // J-5 = -5, J+30 = 30
  Channel channel = Channel::kEmail;
  std::string template_id;  // "preventive", "reminder_1", "formal_notice"...
  bool attach_statement = false;
  bool include_penalties = false;
};

struct Scenario {
  Id id = 0;
  std::string name;
  std::vector<ScenarioStep> steps;  // by day_offset; steps sharing an offset go out together
};

// The built-in scenarios: 1 standard (medium risk), 2 gentle (low risk), 3 firm (high risk).
inline constexpr Id kStandardScenarioId = 1;
inline constexpr Id kGentleScenarioId = 2;
inline constexpr Id kFirmScenarioId = 3;
std::vector<Scenario> DefaultScenarios();
Id DefaultScenarioFor(RiskClass risk);

// Steps must be sorted by offset, within -60..365 days, and name a template.
Status ValidateScenario(const Scenario& scenario);

}  // namespace encaisse
