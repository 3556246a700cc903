#include "shared/import/risk_policy.h"

#include <nlohmann/json.hpp>

#include "shared/core/json_parse.h"
#include "shared/store/row_codec.h"

namespace encaisse {
namespace {

constexpr const char* kKey = "risk_policy";

// An integer member of `j` when present; `fallback` when absent; an error when not an integer.
Result<int32_t> IntMember(const nlohmann::json& j, const char* name, int32_t fallback) {
  auto it = j.find(name);
  if (it == j.end()) return fallback;
  if (!it->is_number_integer()) return Status::Internal(std::string("corrupt risk_policy setting: ") + name + " is not an integer");
  const auto v = it->get<int64_t>();
  if (v < INT32_MIN || v > INT32_MAX) return Status::Internal(std::string("corrupt risk_policy setting: ") + name + " is out of range");
  return static_cast<int32_t>(v);
}

}  // namespace

RiskClass RiskPolicy::ClassFor(int32_t score) const {
  if (score >= low_min_score) return RiskClass::kLow;
  if (score >= medium_min_score) return RiskClass::kMedium;
  return RiskClass::kHigh;
}

int32_t RiskPolicy::TermsFor(RiskClass risk) const {
  switch (risk) {
    case RiskClass::kLow: return terms_low_days;
    case RiskClass::kMedium: return terms_medium_days;
    case RiskClass::kHigh: return terms_high_days;
  }
  return terms_medium_days;
}

Status RiskPolicy::Validate() const {
  if (medium_min_score < 0 || low_min_score > 100 || medium_min_score > low_min_score)
    return Status::Invalid("the score thresholds must satisfy 0 <= medium_min_score <= low_min_score <= 100", "risk_policy");
  for (int32_t days : {terms_low_days, terms_medium_days, terms_high_days})
    if (days < 0 || days > 365) return Status::Invalid("payment terms must be between 0 and 365 days", "risk_policy");
  return Status::Ok();
}

Result<RiskPolicy> LoadRiskPolicy(Db& db) {
  RiskPolicy p;
  auto st = db.Prepare("SELECT value FROM settings WHERE key = ?");
  if (!st.ok()) return st.status();
  st->Bind(1, kKey);
  auto row = st->Step();
  if (!row.ok()) return row.status();
  if (!*row) return p;
  const auto j = ParseJson(st->Text(0));
  if (j.is_discarded() || !j.is_object()) return Status::Internal("corrupt risk_policy setting: not a JSON object");
  ENC_ASSIGN_OR_RETURN(p.low_min_score, IntMember(j, "low_min_score", p.low_min_score));
  ENC_ASSIGN_OR_RETURN(p.medium_min_score, IntMember(j, "medium_min_score", p.medium_min_score));
  if (j.contains("payment_terms_days")) {
    const auto& t = j["payment_terms_days"];
    if (!t.is_object()) return Status::Internal("corrupt risk_policy setting: payment_terms_days is not an object");
    ENC_ASSIGN_OR_RETURN(p.terms_low_days, IntMember(t, "low", p.terms_low_days));
    ENC_ASSIGN_OR_RETURN(p.terms_medium_days, IntMember(t, "medium", p.terms_medium_days));
    ENC_ASSIGN_OR_RETURN(p.terms_high_days, IntMember(t, "high", p.terms_high_days));
  }
  Status valid = p.Validate();
  if (!valid.ok()) return Status::Internal("corrupt risk_policy setting: " + valid.message());
  return p;
}

Status SaveRiskPolicy(Db& db, const RiskPolicy& p) {
  ENC_RETURN_IF_ERROR(p.Validate());
  const nlohmann::json j = {
      {"low_min_score", p.low_min_score},
      {"medium_min_score", p.medium_min_score},
      {"payment_terms_days", {{"low", p.terms_low_days}, {"medium", p.terms_medium_days}, {"high", p.terms_high_days}}}};
  auto st = db.Prepare(
      "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  if (!st.ok()) return st.status();
  return st->Bind(1, kKey).Bind(2, j.dump()).Run();
}

}  // namespace encaisse
