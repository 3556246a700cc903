// The collectors' worklist: the accounts that need someone today, most urgent first. An account
// is on it when it has something collectible overdue or a signal that asks for a person: a
// promise to pay that fell through, a plan installment missed, a dispute opened this week, a
// task due (a phone call, a dispute to review...). Computed in a few aggregate queries so the
// server's API and the offline client rank the same 100 000 accounts the same way.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "shared/core/date.h"
#include "shared/model/entities.h"
#include "shared/store/db.h"

namespace encaisse {

// Why an account is on the list (bits of WorklistItem::signals).
enum WorklistSignal : uint32_t {
  kSignalBrokenPromise = 1u << 0,     // a promise whose date passed unkept (in the last 30 days)
  kSignalMissedInstallment = 1u << 1, // an installment of an active plan due and not fully paid
  kSignalNewDispute = 1u << 2,        // a dispute opened in the last 7 days and still open
  kSignalTaskDue = 1u << 3,           // an open task due today or before
};
inline constexpr int kWorklistSignalCount = 4;
std::string_view SignalName(WorklistSignal s);  // "broken_promise", ...

struct WorklistItem {
  Id customer_id = 0;
  std::string name;
  std::string phone;
  int64_t overdue_minor = 0;  // open, past due, not disputed (what a call can collect)
  int32_t days_late = 0;      // of the oldest such invoice
  uint32_t signals = 0;
  Id task_id = 0;  // the oldest open task due, if any
  std::string task_kind;
  Date task_due;
  // Rank: overdue euros × days late (at least 1), times 1 + the number of signals, so an
  // account that broke its promise outranks one as large that is only late.
  double score = 0;
};

struct WorklistFilter {
  std::optional<Id> only_rep;  // a sales rep sees their own customers
  uint32_t signals = 0;        // when not 0: only accounts with every one of these signals
  size_t limit = 500;
};

// The ranked list on `today`. Customers under insolvency proceedings only appear for their
// tasks (collection is the administrator's business then). A WorklistScan run to its end.
Result<std::vector<WorklistItem>> BuildWorklist(Db& db, Date today, const WorklistFilter& filter);

// The same list built in steps, a few rows of its queries at a time, so that a tablet spreads
// 100 000 invoices over frames instead of freezing one (40 ms in the browser). Its queries
// stream their rows (the overdue totals come grouped in customer order from an index), so
// each step costs about its share.
class WorklistScan {
 public:
  static WorklistScan Begin(Db& db, Date today, const WorklistFilter& filter);

  // Reads up to `rows` more rows (an account's overdue total, a signal, a task); true once
  // every query is read.
  Result<bool> Step(int64_t rows);
  // The ranked list, once Step has returned true (the scan is spent after).
  std::vector<WorklistItem> Finish();
  int64_t rows_seen() const { return seen_; }

 private:
  WorklistScan(Db& db, Date today, const WorklistFilter& filter) : db_(&db), today_(today), filter_(filter) {}
  Status PreparePass();  // the query of pass_, bound
  void AddRow();         // the current row of that query, into items_

  Db* db_;
  Date today_;
  WorklistFilter filter_;
  size_t pass_ = 0;  // which query (worklist.cpp: overdue, each signal, tasks), then done
  bool prepared_ = false;
  Statement rows_;
  int64_t seen_ = 0;
  std::unordered_map<Id, WorklistItem> items_;
};

}  // namespace encaisse
