#include "shared/dunning/scenario.h"

namespace encaisse {

std::vector<Scenario> DefaultScenarios() {
  using C = Channel;
  // Standard: J-5 preventive email; J+1 email; J+8 email + SMS; J+15 phone call; J+30
  // letter; J+45 formal notice claiming interest and the 40 EUR fee; J+60 litigation.
  Scenario standard{kStandardScenarioId, "Standard", {
      {-5, C::kEmail, "preventive", false, false},
      {1, C::kEmail, "reminder_1", false, false},
      {8, C::kEmail, "reminder_2", true, false},
      {8, C::kSms, "sms_reminder", false, false},
      {15, C::kPhoneTask, "phone_call", false, false},
      {30, C::kLetter, "letter", true, true},
      {45, C::kFormalNotice, "formal_notice", true, true},
      {60, C::kEscalation, "escalation", false, true},
  }};
  // Gentle (good payers): later, fewer, no SMS; the formal notice only after two months.
  Scenario gentle{kGentleScenarioId, "Bienveillant", {
      {-3, C::kEmail, "preventive", false, false},
      {5, C::kEmail, "reminder_1", false, false},
      {15, C::kEmail, "reminder_2", true, false},
      {25, C::kPhoneTask, "phone_call", false, false},
      {45, C::kLetter, "letter", true, true},
      {60, C::kFormalNotice, "formal_notice", true, true},
      {90, C::kEscalation, "escalation", false, true},
  }};
  // Firm (high risk): earlier and closer together.
  Scenario firm{kFirmScenarioId, "Ferme", {
      {-7, C::kEmail, "preventive", false, false},
      {1, C::kEmail, "reminder_1", false, false},
      {1, C::kSms, "sms_reminder", false, false},
      {5, C::kEmail, "reminder_2", true, false},
      {8, C::kPhoneTask, "phone_call", false, false},
      {15, C::kLetter, "letter", true, true},
      {25, C::kFormalNotice, "formal_notice", true, true},
      {40, C::kEscalation, "escalation", false, true},
  }};
  return {standard, gentle, firm};
}

Id DefaultScenarioFor(RiskClass risk) {
  switch (risk) {
    case RiskClass::kLow: return kGentleScenarioId;
    case RiskClass::kMedium: return kStandardScenarioId;
    case RiskClass::kHigh: return kFirmScenarioId;
  }
  return kStandardScenarioId;
}

Status ValidateScenario(const Scenario& s) {
  if (s.name.empty()) return Status::Invalid("a scenario needs a name", "name");
  if (s.steps.empty()) return Status::Invalid("a scenario needs at least one step", "steps");
  for (size_t i = 0; i < s.steps.size(); ++i) {
    const auto& step = s.steps[i];
    const std::string field = "steps[" + std::to_string(i) + "]";
    if (step.day_offset < -60 || step.day_offset > 365)
      return Status::Invalid("the day offset must be between -60 and 365", field + ".day_offset");
    if (i > 0 && step.day_offset < s.steps[i - 1].day_offset)
      return Status::Invalid("steps must be in order of their day offset", field + ".day_offset");
    if (step.template_id.empty()) return Status::Invalid("each step needs a template", field + ".template");
    for (size_t j = 0; j < i; ++j)
      if (s.steps[j].day_offset == step.day_offset && s.steps[j].channel == step.channel)
        return Status::Invalid("two steps on the same day and channel", field);
  }
  return Status::Ok();
}

}  // namespace encaisse
