// The morning email of each collector, sales rep and manager: what the day's run sends
// (and to how many customers), the calls to make, the promises falling due, the disputes
// opened and the payments received the day before, and the plans waiting for approval.
// A sales rep sees only their own customers; plans awaiting approval go to the managers.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "shared/dunning/message_compose.h"
#include "shared/store/db.h"

namespace encaisse {

struct DigestItem {
  std::string customer;
  std::string detail;  // a date, a reason, a reference
  int64_t amount_minor = 0;
};

struct StaffDigest {
  Date date;
  std::map<std::string, int> reminders;  // today's outbox by channel
  int calls_due = 0;                     // open phone tasks due by today
  int escalations = 0;                   // open escalation and insolvency tasks
  std::vector<DigestItem> promises_due;  // pending, due today or already past
  std::vector<DigestItem> disputes;      // opened yesterday
  std::vector<DigestItem> payments;      // received yesterday
  std::vector<DigestItem> plans;         // waiting for approval (managers only)
};

// `rep_id` 0: every customer; otherwise that rep's customers. `with_plans`: the plans waiting
// for approval (the approver's part).
Result<StaffDigest> LoadStaffDigest(Db& db, Id rep_id, bool with_plans, Date today);
bool DigestIsEmpty(const StaffDigest& digest);
// Plain text and HTML (escaped), in the company's currency, signed by nobody: it is internal.
ComposedMessage ComposeStaffDigest(const StaffDigest& digest, const std::string& user_name,
                                   const CompanySettings& company, Locale locale);

}  // namespace encaisse
