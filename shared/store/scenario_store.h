// The administrator's scenarios (`scenarios` table) beside the shipped ones
// (shared/dunning/scenario.h): listed together, created with ids clear of the built-in ones,
// and edited; a built-in id saved here replaces the shipped scenario, as LoadScenarios
// (shared/store/dunning_run.h) reads it for the run.
#pragma once

#include <string>
#include <vector>

#include "shared/dunning/scenario.h"
#include "shared/store/db.h"

namespace encaisse {

// Room below for more shipped scenarios.
inline constexpr Id kFirstCustomScenarioId = 100;
inline constexpr size_t kMaxScenarioNameBytes = 200;
inline constexpr size_t kMaxScenarioSteps = 50;

struct ScenarioEntry {
  Scenario scenario;
  bool shipped = false;  // a built-in id (its shipped steps, or the administrator's over them)
  bool custom = false;   // stored in the scenarios table
  std::string updated_at;
};

// The scenarios in force, by id.
Result<std::vector<ScenarioEntry>> ListScenarios(Db& db);

// Refused naming the step for a scenario the run cannot follow: ValidateScenario's rules
// ("steps[2].day_offset: ..."), and a template for every step's channel ("steps[1].template").
Status CheckScenario(Db& db, const Scenario& scenario);
// Stores a new scenario (its id is chosen here, from kFirstCustomScenarioId).
Result<ScenarioEntry> CreateScenario(Db& db, const Scenario& scenario, const std::string& now);
// Replaces scenario `scenario.id`: a built-in one or one created before; NotFound otherwise.
Result<ScenarioEntry> UpdateScenario(Db& db, const Scenario& scenario, const std::string& now);

// The steps as the `scenarios.steps` column holds them (JSON).
std::string EncodeScenarioSteps(const std::vector<ScenarioStep>& steps);

}  // namespace encaisse
