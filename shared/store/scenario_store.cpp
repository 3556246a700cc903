#include "shared/store/scenario_store.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "shared/store/dunning_run.h"
#include "shared/store/template_store.h"

namespace encaisse {
namespace {

bool IsBuiltIn(Id id) {
  const auto shipped = DefaultScenarios();
  return std::any_of(shipped.begin(), shipped.end(), [&](const Scenario& s) { return s.id == id; });
}

Result<std::string> UpdatedAt(Db& db, Id id) {
  auto st = db.Prepare("SELECT updated_at FROM scenarios WHERE id = ?");
  if (!st.ok()) return st.status();
  st->Bind(1, id);
  auto row = st->Step();
  if (!row.ok()) return row.status();
  if (!*row) return Status::NotFound("no such scenario");
  return std::string(st->Text(0));
}

}  // namespace

std::string EncodeScenarioSteps(const std::vector<ScenarioStep>& steps) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& s : steps)
    out.push_back({{"day_offset", s.day_offset},
                   {"channel", ToString(s.channel)},
                   {"template", s.template_id},
                   {"attach_statement", s.attach_statement},
                   {"include_penalties", s.include_penalties}});
  return out.dump();
}

Result<std::vector<ScenarioEntry>> ListScenarios(Db& db) {
  std::vector<Scenario> scenarios;
  ENC_ASSIGN_OR_RETURN(scenarios, LoadScenarios(db));
  std::vector<ScenarioEntry> out;
  for (auto& s : scenarios) {
    ScenarioEntry e;
    e.shipped = IsBuiltIn(s.id);
    auto updated = UpdatedAt(db, s.id);
    if (updated.ok()) {
      e.custom = true;
      e.updated_at = *updated;
    } else if (updated.status().code() != Code::kNotFound) {
      return updated.status();
    }
    e.scenario = std::move(s);
    out.push_back(std::move(e));
  }
  std::sort(out.begin(), out.end(), [](const ScenarioEntry& a, const ScenarioEntry& b) { return a.scenario.id < b.scenario.id; });
  return out;
}

Status CheckScenario(Db& db, const Scenario& s) {
  if (s.name.size() > kMaxScenarioNameBytes)
    return Status::Invalid("name is too long (at most " + std::to_string(kMaxScenarioNameBytes) + " bytes)", "name");
  if (s.steps.size() > kMaxScenarioSteps)
    return Status::Invalid("at most " + std::to_string(kMaxScenarioSteps) + " steps", "steps");
  Status rules = ValidateScenario(s);
  if (!rules.ok()) return Status::Refused(rules.field() + ": " + rules.message(), rules.field());
  for (size_t i = 0; i < s.steps.size(); ++i) {
    const ScenarioStep& step = s.steps[i];
    auto exists = TemplateExists(db, step.template_id, step.channel);
    if (!exists.ok()) return exists.status();
    if (!*exists) {
      const std::string field = "steps[" + std::to_string(i) + "].template";
      return Status::Refused(field + ": no template '" + step.template_id + "' for the channel " +
                                 std::string(ToString(step.channel)) + " (save one first)",
                             field);
    }
  }
  return Status::Ok();
}

Result<ScenarioEntry> CreateScenario(Db& db, const Scenario& scenario, const std::string& now) {
  ENC_RETURN_IF_ERROR(CheckScenario(db, scenario));
  // The id in the same statement as the insert: two admins creating at once get two ids.
  auto st = db.Prepare(
      "INSERT INTO scenarios (id, name, steps, updated_at) "
      "SELECT max(coalesce((SELECT max(id) FROM scenarios), 0) + 1, ?1), ?2, ?3, ?4");
  if (!st.ok()) return st.status();
  ENC_RETURN_IF_ERROR(st->Bind(1, kFirstCustomScenarioId).Bind(2, scenario.name)
                          .Bind(3, EncodeScenarioSteps(scenario.steps)).Bind(4, now).Run());
  ScenarioEntry e{scenario, false, true, now};
  e.scenario.id = db.LastInsertId();
  return e;
}

Result<ScenarioEntry> UpdateScenario(Db& db, const Scenario& scenario, const std::string& now) {
  const bool built_in = IsBuiltIn(scenario.id);
  if (!built_in) {
    auto existing = UpdatedAt(db, scenario.id);
    if (!existing.ok()) return existing.status();
  }
  ENC_RETURN_IF_ERROR(CheckScenario(db, scenario));
  auto st = db.Prepare(
      "INSERT INTO scenarios (id, name, steps, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
      "name = excluded.name, steps = excluded.steps, updated_at = excluded.updated_at");
  if (!st.ok()) return st.status();
  ENC_RETURN_IF_ERROR(st->Bind(1, scenario.id).Bind(2, scenario.name).Bind(3, EncodeScenarioSteps(scenario.steps))
                          .Bind(4, now).Run());
  return ScenarioEntry{scenario, built_in, true, now};
}

}  // namespace encaisse
