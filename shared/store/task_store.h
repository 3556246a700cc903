// Collector tasks (phone calls, escalations, insolvency claims, broken plans): the worklist, and
// the outcome of a call recorded with what it leads to (a promise to pay, a dispute, the next
// try, a note) in one transaction, so that a refused part leaves the task and the account as
// they were. Scope (which customers a user may touch) is the caller's, as for action_store.h;
// the list applies it in SQL.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shared/model/entities.h"
#include "shared/store/db.h"

namespace encaisse {

// reached: spoke to them, nothing more; promise: a promise to pay; dispute: an invoice is
// contested; wrong_number; no_answer: try again on next_try; done: a task that is not a call
// (an escalation handed over, a claim declared).
enum class TaskOutcome { kReached, kPromise, kDispute, kWrongNumber, kNoAnswer, kDone };
Result<TaskOutcome> ParseTaskOutcome(std::string_view s);  // Invalid naming "outcome"
std::string_view ToString(TaskOutcome outcome);

inline constexpr int kMaxNextTryDays = 90;

struct TaskView {
  Id id = 0;
  Id customer_id = 0;
  std::string customer_name;
  std::string customer_phone;
  std::string kind;  // phone_call | escalation | insolvency_claim | plan_broken | dispute_review
  Date due_date;
  std::string status;  // open | done | cancelled
  std::string outcome;
  std::optional<Date> next_try;
  Id reminder_id = 0;  // the message that made it (0: none)
  std::string created_at;
};

struct TaskFilter {
  std::string status = "open";  // open | done | cancelled | all
  std::string kind;             // "" = any
  std::optional<Date> due_to;   // due on or before
  std::optional<Id> customer_id;
  std::string cursor;  // "" = first page
  int limit = 50;
};

struct TaskPage {
  std::vector<TaskView> items;  // by due date, then id
  std::optional<std::string> next_cursor;
};

// Invalid naming `status`, `kind`, `cursor` or `limit` for a bad value.
Result<TaskPage> ListTasks(Db& db, const TaskFilter& filter, std::optional<Id> only_rep);
Result<TaskView> GetTask(Db& db, Id task_id);  // NotFound("no such task")

struct TaskOutcomeRequest {
  Id task_id = 0;
  TaskOutcome outcome = TaskOutcome::kReached;
  Id author_id = 0;
  std::string note;  // optional: kept as a note on the customer
  std::optional<Date> next_try;  // no_answer: required, after today, within kMaxNextTryDays
  std::optional<Promise> promise;  // promise: required (promised_date, amount_minor)
  std::optional<Id> dispute_invoice_id;  // dispute: required, an invoice of the task's customer
  std::string dispute_reason;
};

struct TaskOutcomeResult {
  TaskView task;  // after the outcome
  Id next_task_id = 0;  // no_answer: the open task of the next try (this one, or the one that took over)
  std::optional<Note> note;
  std::optional<Promise> promise;
  std::optional<Dispute> dispute;
};

// Closes the task (status done, with its outcome), or for no_answer keeps it open and moves it
// to next_try (closed instead when the customer already has that kind of task on that day: it
// takes over). NotFound without the task; Conflict when it is not open, or for the dispute's
// own conflicts; Invalid naming the field ("promise.date", "dispute.invoice_id", "next_try"...)
// for a missing part or one that does not belong to the outcome.
Result<TaskOutcomeResult> RecordTaskOutcome(Db& db, const TaskOutcomeRequest& request, Date today);

// A dispute opened by someone other than a collector (the debtor on the portal, a rep on a
// tablet) is a task for the collectors to review; one per customer and day.
Status QueueDisputeReview(Db& db, Id customer_id, Date day, const std::string& now);

}  // namespace encaisse
