// The daily dunning run: for every customer, what DecideReminders says is due today, written
// to the outbox (`reminders` and its lines) in ONE transaction. The schema makes a message
// unique per customer, channel and day, and an invoice line unique per scenario step, so a
// second run the same day adds nothing and a crashed run leaves nothing half-written.
// Senders (server/dunning) drain the outbox afterwards.
#pragma once

#include <string>
#include <vector>

#include "shared/dunning/dunning_decide.h"
#include "shared/store/store.h"

namespace encaisse {

struct PlannedReminder {
  Id customer_id = 0;
  std::string customer_name;
  Id scenario_id = 0;
  DueMessage message;
};

struct DunningRunResult {
  int customers = 0;          // customers looked at
  int messages = 0;           // messages written (dry run: that would be written)
  int lines = 0;              // invoice lines in them
  int already_done = 0;       // messages of today that an earlier run had written
  int claim_tasks = 0;        // insolvency claims to declare (new collector tasks)
  std::vector<PlannedReminder> planned;
};

// The scenarios in force: the built-in ones, replaced or completed by the `scenarios` table.
Result<std::vector<Scenario>> LoadScenarios(Db& db);

// `today` is the company's local date; `now` the UTC timestamp recorded on new messages.
// A dry run writes nothing and returns the calendar of what would be sent.
Result<DunningRunResult> RunDunning(Store& store, Date today, const std::string& now, bool dry_run);

}  // namespace encaisse
