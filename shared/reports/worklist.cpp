#include "shared/reports/worklist.h"

#include <algorithm>
#include <array>
#include <bit>
#include <unordered_map>

namespace encaisse {
namespace {

constexpr int kBrokenPromiseDays = 30;
constexpr int kNewDisputeDays = 7;

// Every query returns customer_id, name, phone first; ?1 is today, ?2 the rep or NULL.
constexpr const char* kCustomerJoin = " JOIN customers c ON c.id = x.customer_id AND (?2 IS NULL OR c.rep_id = ?2) ";

constexpr const char* kOverdueSql =
    "SELECT x.customer_id, c.name, c.phone, sum(x.open_minor), min(x.due_date) FROM invoices x";
constexpr const char* kOverdueWhere =
    "WHERE x.status = 'open' AND x.open_minor > 0 AND x.due_date < ?1 AND c.insolvency_date IS NULL "
    "AND NOT EXISTS (SELECT 1 FROM disputes d WHERE d.invoice_id = x.id AND d.status = 'open') "
    "GROUP BY x.customer_id";

struct SignalQuery {
  WorklistSignal signal;
  const char* from;   // a table or subquery aliased x, with customer_id
  const char* where;  // ?3: a day some days before today
  int days_back;
};

constexpr std::array<SignalQuery, 3> kSignalQueries = {{
    {kSignalBrokenPromise, "promises x",
     "WHERE (x.status = 'pending' AND x.promised_date < ?1) OR (x.status = 'broken' AND x.promised_date >= ?3)",
     kBrokenPromiseDays},
    {kSignalMissedInstallment,
     "(SELECT p.customer_id FROM installments i JOIN payment_plans p ON p.id = i.plan_id "
     "WHERE p.status = 'active' AND i.due_date < ?1 AND i.paid_minor < i.amount_minor) x",
     "", 0},
    {kSignalNewDispute, "disputes x", "WHERE x.status = 'open' AND x.opened >= ?3", kNewDisputeDays},
}};

constexpr const char* kTasksSql =
    "SELECT x.customer_id, c.name, c.phone, x.id, x.kind, x.due_date FROM tasks x";
constexpr const char* kTasksWhere = "WHERE x.status = 'open' AND x.due_date <= ?1 ORDER BY x.due_date DESC, x.id DESC";

// The scan's passes, one query each: the overdue totals, each signal, then the tasks due.
constexpr size_t kPassOverdue = 0;
constexpr size_t kPassTasks = 1 + kSignalQueries.size();
constexpr size_t kPassCount = kPassTasks + 1;

}  // namespace

std::string_view SignalName(WorklistSignal s) {
  switch (s) {
    case kSignalBrokenPromise: return "broken_promise";
    case kSignalMissedInstallment: return "missed_installment";
    case kSignalNewDispute: return "new_dispute";
    case kSignalTaskDue: return "task_due";
  }
  return "";
}

Result<std::vector<WorklistItem>> BuildWorklist(Db& db, Date today, const WorklistFilter& filter) {
  WorklistScan scan = WorklistScan::Begin(db, today, filter);
  auto done = scan.Step(INT64_MAX);
  if (!done.ok()) return done.status();
  return scan.Finish();
}

WorklistScan WorklistScan::Begin(Db& db, Date today, const WorklistFilter& filter) {
  return WorklistScan(db, today, filter);
}

Status WorklistScan::PreparePass() {
  std::string sql;
  int days_back = 0;
  if (pass_ == kPassOverdue) {
    sql = std::string(kOverdueSql) + kCustomerJoin + kOverdueWhere;
  } else if (pass_ == kPassTasks) {
    sql = std::string(kTasksSql) + kCustomerJoin + kTasksWhere;
  } else {
    const SignalQuery& q = kSignalQueries[pass_ - 1];
    sql = std::string("SELECT DISTINCT x.customer_id, c.name, c.phone FROM ") + q.from + kCustomerJoin + q.where;
    days_back = q.days_back;
  }
  ENC_ASSIGN_OR_RETURN(rows_, db_->Prepare(sql));
  rows_.Bind(1, today_.ToIso());
  if (filter_.only_rep) rows_.Bind(2, *filter_.only_rep); else rows_.BindNull(2);
  if (sqlite3_bind_parameter_count(rows_.raw()) >= 3) rows_.Bind(3, today_.AddDays(-days_back).ToIso());
  return Status::Ok();
}

void WorklistScan::AddRow() {
  WorklistItem& item = items_[rows_.Int(0)];
  if (item.customer_id == 0) {
    item.customer_id = rows_.Int(0);
    item.name = std::string(rows_.Text(1));
    item.phone = std::string(rows_.Text(2));
  }
  if (pass_ == kPassOverdue) {
    item.overdue_minor = rows_.Int(3);
    auto oldest = Date::ParseIso(rows_.Text(4));
    if (oldest.ok()) item.days_late = today_ - *oldest;
  } else if (pass_ == kPassTasks) {
    // Latest first, so the oldest task due is the one kept.
    item.signals |= kSignalTaskDue;
    item.task_id = rows_.Int(3);
    item.task_kind = std::string(rows_.Text(4));
    auto due = Date::ParseIso(rows_.Text(5));
    if (due.ok()) item.task_due = *due;
  } else {
    item.signals |= kSignalQueries[pass_ - 1].signal;
  }
}

Result<bool> WorklistScan::Step(int64_t rows) {
  for (int64_t n = 0; pass_ < kPassCount && n < rows;) {
    if (!prepared_) {
      ENC_RETURN_IF_ERROR(PreparePass());
      prepared_ = true;
    }
    bool row = false;
    ENC_ASSIGN_OR_RETURN(row, rows_.Step());
    if (!row) {  // this query is read: the next one
      ++pass_;
      prepared_ = false;
      rows_ = Statement();
      continue;
    }
    ++n;
    ++seen_;
    AddRow();
  }
  return pass_ == kPassCount;
}

std::vector<WorklistItem> WorklistScan::Finish() {
  std::vector<WorklistItem> out;
  out.reserve(items_.size());
  for (auto& [id, item] : items_) {
    if ((item.signals & filter_.signals) != filter_.signals) continue;
    const double euros_days = static_cast<double>(item.overdue_minor) / 100.0 * std::max(item.days_late, 1);
    item.score = euros_days * (1 + std::popcount(item.signals));
    // An account with nothing overdue but a signal still needs someone: rank it by its signals.
    if (item.overdue_minor <= 0) item.score = std::popcount(item.signals);
    out.push_back(std::move(item));
  }
  auto before = [](const WorklistItem& a, const WorklistItem& b) {
    return a.score != b.score ? a.score > b.score : a.customer_id < b.customer_id;
  };
  items_.clear();
  const size_t keep = std::min(filter_.limit, out.size());
  std::partial_sort(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(keep), out.end(), before);
  out.resize(keep);
  return out;
}

}  // namespace encaisse
