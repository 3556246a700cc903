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

class Collector {
 public:
  Collector(Db& db, Date today, std::optional<Id> rep) : db_(db), today_(today), rep_(rep) {}

  Status Overdue() {
    return Each(std::string(kOverdueSql) + kCustomerJoin + kOverdueWhere, 0, [&](const Statement& st, WorklistItem& item) {
      item.overdue_minor = st.Int(3);
      auto oldest = Date::ParseIso(st.Text(4));
      if (oldest.ok()) item.days_late = today_ - *oldest;
    });
  }
  Status Signal(const SignalQuery& q) {
    const std::string sql = std::string("SELECT DISTINCT x.customer_id, c.name, c.phone FROM ") + q.from + kCustomerJoin + q.where;
    return Each(sql, q.days_back, [&](const Statement&, WorklistItem& item) { item.signals |= q.signal; });
  }
  Status Tasks() {
    // Latest first, so the oldest task due is the one kept.
    return Each(std::string(kTasksSql) + kCustomerJoin + kTasksWhere, 0, [&](const Statement& st, WorklistItem& item) {
      item.signals |= kSignalTaskDue;
      item.task_id = st.Int(3);
      item.task_kind = std::string(st.Text(4));
      auto due = Date::ParseIso(st.Text(5));
      if (due.ok()) item.task_due = *due;
    });
  }

  std::unordered_map<Id, WorklistItem>& items() { return items_; }

 private:
  template <typename F>
  Status Each(const std::string& sql, int days_back, F&& fill) {
    auto st = db_.Prepare(sql);
    if (!st.ok()) return st.status();
    st->Bind(1, today_.ToIso());
    if (rep_) st->Bind(2, *rep_); else st->BindNull(2);
    if (sqlite3_bind_parameter_count(st->raw()) >= 3) st->Bind(3, today_.AddDays(-days_back).ToIso());
    for (;;) {
      auto row = st->Step();
      if (!row.ok()) return row.status();
      if (!*row) return Status::Ok();
      WorklistItem& item = items_[st->Int(0)];
      if (item.customer_id == 0) {
        item.customer_id = st->Int(0);
        item.name = std::string(st->Text(1));
        item.phone = std::string(st->Text(2));
      }
      fill(*st, item);
    }
  }

  Db& db_;
  const Date today_;
  const std::optional<Id> rep_;
  std::unordered_map<Id, WorklistItem> items_;
};

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
  Collector c(db, today, filter.only_rep);
  ENC_RETURN_IF_ERROR(c.Overdue());
  for (const auto& q : kSignalQueries) ENC_RETURN_IF_ERROR(c.Signal(q));
  ENC_RETURN_IF_ERROR(c.Tasks());

  std::vector<WorklistItem> out;
  out.reserve(c.items().size());
  for (auto& [id, item] : c.items()) {
    if ((item.signals & filter.signals) != filter.signals) continue;
    const double euros_days = static_cast<double>(item.overdue_minor) / 100.0 * std::max(item.days_late, 1);
    item.score = euros_days * (1 + std::popcount(item.signals));
    // An account with nothing overdue but a signal still needs someone: rank it by its signals.
    if (item.overdue_minor <= 0) item.score = std::popcount(item.signals);
    out.push_back(std::move(item));
  }
  auto before = [](const WorklistItem& a, const WorklistItem& b) {
    return a.score != b.score ? a.score > b.score : a.customer_id < b.customer_id;
  };
  const size_t keep = std::min(filter.limit, out.size());
  std::partial_sort(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(keep), out.end(), before);
  out.resize(keep);
  return out;
}

}  // namespace encaisse
