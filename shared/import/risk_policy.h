// How the company turns an external risk score (0-100, as credit insurers and rating services
// give them: higher is safer) into its risk classes, and the default payment terms of each
// class ("adjust payment terms to the customer's risk profile"). Kept in the settings table
// under the key "risk_policy" as JSON:
//   {"low_min_score": 70, "medium_min_score": 40,
//    "payment_terms_days": {"low": 60, "medium": 45, "high": 30}}
#pragma once

#include <cstdint>

#include "shared/model/entities.h"
#include "shared/store/db.h"

namespace encaisse {

struct RiskPolicy {
  int32_t low_min_score = 70;     // score >= 70: low risk
  int32_t medium_min_score = 40;  // score >= 40: medium risk, below: high risk
  int32_t terms_low_days = 60;
  int32_t terms_medium_days = 45;
  int32_t terms_high_days = 30;

  RiskClass ClassFor(int32_t score) const;
  int32_t TermsFor(RiskClass risk) const;
  // 0 <= medium_min_score <= low_min_score <= 100, terms 0..365 days.
  Status Validate() const;
};

// The saved policy, or the defaults above when none was saved.
Result<RiskPolicy> LoadRiskPolicy(Db& db);
// Validates, then saves (one statement: it joins the caller's transaction when there is one).
Status SaveRiskPolicy(Db& db, const RiskPolicy& policy);

}  // namespace encaisse
