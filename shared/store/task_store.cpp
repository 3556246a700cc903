#include "shared/store/task_store.h"

#include <iterator>

#include "shared/store/action_store.h"
#include "shared/store/customer_queries.h"
#include "shared/store/row_codec.h"

namespace encaisse {
namespace {

constexpr std::string_view kOutcomes[] = {"reached", "promise", "dispute", "wrong_number", "no_answer", "done"};
constexpr std::string_view kKinds[] = {"phone_call", "escalation", "insolvency_claim", "plan_broken", "dispute_review"};
constexpr const char kCursorSort[] = "tasks";

constexpr const char kColumns[] =
    "SELECT t.id, t.customer_id, c.name, c.phone, t.kind, t.due_date, t.status, t.outcome, t.next_try, t.reminder_id, "
    "t.created_at FROM tasks t JOIN customers c ON c.id = t.customer_id ";

Result<TaskView> ReadTask(const Statement& st) {
  TaskView t;
  t.id = st.Int(0);
  t.customer_id = st.Int(1);
  t.customer_name = st.Text(2);
  t.customer_phone = st.Text(3);
  t.kind = st.Text(4);
  ENC_ASSIGN_OR_RETURN(t.due_date, DateColumn(st, 5));
  t.status = st.Text(6);
  t.outcome = st.Text(7);
  ENC_ASSIGN_OR_RETURN(t.next_try, OptionalDateColumn(st, 8));
  t.reminder_id = st.IsNull(9) ? 0 : st.Int(9);
  t.created_at = st.Text(10);
  return t;
}

template <size_t N>
bool OneOf(const std::string_view (&names)[N], std::string_view s) {
  for (std::string_view n : names)
    if (n == s) return true;
  return false;
}

// A part's error, with the part named in the field ("date" -> "promise.date").
Status InPart(const Status& s, const std::string& part) {
  if (s.code() != Code::kInvalidArgument) return s;
  const std::string field = s.field().empty() ? part : part + "." + s.field();
  return Status::Invalid(field + ": " + s.message(), field);
}

// Which parts go with which outcome: a part sent with another outcome is reported, not dropped.
Status CheckParts(const TaskOutcomeRequest& r, Date today) {
  const std::string name(ToString(r.outcome));
  auto part = [&](bool wanted, bool given, const char* field, const char* what) -> Status {
    if (wanted && !given) return Status::Invalid(std::string(field) + " " + what + " is required for the outcome " + name, field);
    if (!wanted && given) return Status::Invalid(std::string(field) + " does not go with the outcome " + name, field);
    return Status::Ok();
  };
  ENC_RETURN_IF_ERROR(part(r.outcome == TaskOutcome::kPromise, r.promise.has_value(), "promise", "{date, amount_minor}"));
  ENC_RETURN_IF_ERROR(part(r.outcome == TaskOutcome::kDispute, r.dispute_invoice_id.has_value(), "dispute", "{invoice_id, reason}"));
  ENC_RETURN_IF_ERROR(part(r.outcome == TaskOutcome::kNoAnswer, r.next_try.has_value(), "next_try", "(a date)"));
  if (r.next_try && (*r.next_try <= today || *r.next_try > today.AddDays(kMaxNextTryDays)))
    return Status::Invalid("next_try must fall between " + today.AddDays(1).ToIso() + " and " +
                               today.AddDays(kMaxNextTryDays).ToIso(),
                           "next_try");
  if (r.note.size() > kMaxNoteBytes)
    return Status::Invalid("note is too long (at most " + std::to_string(kMaxNoteBytes) + " bytes)", "note");
  return Status::Ok();
}

Result<Dispute> DisputeOfTask(Db& db, const TaskView& task, Id invoice_id, const std::string& reason, Date today) {
  auto st = db.Prepare("SELECT customer_id FROM invoices WHERE id = ?");
  if (!st.ok()) return st.status();
  st->Bind(1, invoice_id);
  auto row = st->Step();
  if (!row.ok()) return row.status();
  if (!*row || st->Int(0) != task.customer_id)
    return Status::Invalid("dispute.invoice_id must be an invoice of the task's customer", "dispute.invoice_id");
  auto dispute = OpenDispute(db, invoice_id, today, reason);
  if (!dispute.ok()) return InPart(dispute.status(), "dispute");
  return dispute;
}

// No answer: the task moves to the next try, or closes when that day already has the same task.
Result<Id> Reschedule(Db& db, const TaskView& task, Date next_try) {
  auto other = db.Prepare("SELECT id FROM tasks WHERE customer_id = ? AND kind = ? AND due_date = ? AND id <> ?");
  if (!other.ok()) return other.status();
  other->Bind(1, task.customer_id).Bind(2, task.kind).Bind(3, next_try.ToIso()).Bind(4, task.id);
  auto row = other->Step();
  if (!row.ok()) return row.status();
  const Id taken_over = *row ? other->Int(0) : 0;
  auto st = db.Prepare(taken_over
                           ? "UPDATE tasks SET status = 'done', outcome = 'no_answer', next_try = ?2 WHERE id = ?1"
                           : "UPDATE tasks SET due_date = ?2, next_try = ?2, outcome = 'no_answer' WHERE id = ?1");
  if (!st.ok()) return st.status();
  ENC_RETURN_IF_ERROR(st->Bind(1, task.id).Bind(2, next_try.ToIso()).Run());
  return taken_over ? taken_over : task.id;
}

}  // namespace

Result<TaskOutcome> ParseTaskOutcome(std::string_view s) {
  for (size_t i = 0; i < std::size(kOutcomes); ++i)
    if (kOutcomes[i] == s) return static_cast<TaskOutcome>(i);
  return Status::Invalid("outcome must be reached, promise, dispute, wrong_number, no_answer or done", "outcome");
}

std::string_view ToString(TaskOutcome outcome) { return kOutcomes[static_cast<size_t>(outcome)]; }

Result<TaskPage> ListTasks(Db& db, const TaskFilter& f, std::optional<Id> only_rep) {
  if (f.status != "all" && f.status != "open" && f.status != "done" && f.status != "cancelled")
    return Status::Invalid("status must be open, done, cancelled or all", "status");
  if (!f.kind.empty() && !OneOf(kKinds, f.kind))
    return Status::Invalid("kind must be phone_call, escalation, insolvency_claim, plan_broken or dispute_review", "kind");
  if (f.limit < 1 || f.limit > kMaxPageSize)
    return Status::Invalid("limit must be between 1 and " + std::to_string(kMaxPageSize), "limit");
  std::optional<PageCursor> after;
  if (!f.cursor.empty()) {
    ENC_ASSIGN_OR_RETURN(after, DecodeCursor(f.cursor));
    if (after->sort != kCursorSort || !Date::ParseIso(after->key).ok())
      return Status::Invalid("the cursor belongs to another list", "cursor");
  }
  auto st = db.Prepare(std::string(kColumns) +
                       "WHERE (?1 IS NULL OR t.status = ?1) AND (?2 IS NULL OR t.kind = ?2) "
                       "AND (?3 IS NULL OR t.due_date <= ?3) AND (?4 IS NULL OR t.customer_id = ?4) "
                       "AND (?5 IS NULL OR c.rep_id = ?5) AND (?6 IS NULL OR t.due_date > ?6 OR (t.due_date = ?6 AND t.id > ?7)) "
                       "ORDER BY t.due_date, t.id LIMIT ?8");
  if (!st.ok()) return st.status();
  std::optional<std::string> status, kind, due_to, after_key;
  if (f.status != "all") status = f.status;
  if (!f.kind.empty()) kind = f.kind;
  if (f.due_to) due_to = f.due_to->ToIso();
  if (after) after_key = after->key;
  st->Bind(1, status).Bind(2, kind).Bind(3, due_to).Bind(4, f.customer_id).Bind(5, only_rep).Bind(6, after_key)
      .Bind(7, after ? after->id : 0).Bind(8, f.limit + 1);  // one more: is there a next page?
  TaskPage page;
  for (;;) {
    auto row = st->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    if (static_cast<int>(page.items.size()) == f.limit) {
      const TaskView& last = page.items.back();
      page.next_cursor = EncodeCursor({kCursorSort, last.due_date.ToIso(), last.id});
      break;
    }
    auto task = ReadTask(*st);
    if (!task.ok()) return task.status();
    page.items.push_back(std::move(task).value());
  }
  return page;
}

Result<TaskView> GetTask(Db& db, Id task_id) {
  auto st = db.Prepare(std::string(kColumns) + "WHERE t.id = ?");
  if (!st.ok()) return st.status();
  st->Bind(1, task_id);
  auto row = st->Step();
  if (!row.ok()) return row.status();
  if (!*row) return Status::NotFound("no such task");
  return ReadTask(*st);
}

Result<TaskOutcomeResult> RecordTaskOutcome(Db& db, const TaskOutcomeRequest& r, Date today) {
  ENC_RETURN_IF_ERROR(CheckParts(r, today));
  auto tx = Transaction::Begin(db);
  if (!tx.ok()) return tx.status();
  TaskView task;
  ENC_ASSIGN_OR_RETURN(task, GetTask(db, r.task_id));
  if (task.status != "open") return Status::Conflict("the task is already " + task.status);

  TaskOutcomeResult out;
  if (r.promise) {
    Promise p = *r.promise;
    p.customer_id = task.customer_id;
    p.author_id = r.author_id;
    auto promise = AddPromise(db, p, today);
    if (!promise.ok()) return InPart(promise.status(), "promise");
    out.promise = *promise;
  }
  if (r.dispute_invoice_id) ENC_ASSIGN_OR_RETURN(out.dispute, DisputeOfTask(db, task, *r.dispute_invoice_id, r.dispute_reason, today));
  if (!r.note.empty()) {
    auto note = AddNote(db, Note{0, task.customer_id, r.author_id, today, r.note});
    if (!note.ok()) return InPart(note.status(), "note");
    out.note = *note;
  }
  if (r.outcome == TaskOutcome::kNoAnswer) {
    ENC_ASSIGN_OR_RETURN(out.next_task_id, Reschedule(db, task, *r.next_try));
  } else {
    auto st = db.Prepare("UPDATE tasks SET status = 'done', outcome = ?, next_try = NULL WHERE id = ? AND status = 'open'");
    if (!st.ok()) return st.status();
    ENC_RETURN_IF_ERROR(st->Bind(1, ToString(r.outcome)).Bind(2, task.id).Run());
  }
  ENC_RETURN_IF_ERROR(tx->Commit());
  ENC_ASSIGN_OR_RETURN(out.task, GetTask(db, r.task_id));
  return out;
}

Status QueueDisputeReview(Db& db, Id customer_id, Date day, const std::string& now) {
  auto task = db.Prepare(
      "INSERT INTO tasks (customer_id, kind, due_date, status, created_at) VALUES (?1, 'dispute_review', ?2, 'open', ?3) "
      "ON CONFLICT (customer_id, kind, due_date) DO NOTHING");
  if (!task.ok()) return task.status();
  return task->Bind(1, customer_id).Bind(2, day.ToIso()).Bind(3, now).Run();
}

}  // namespace encaisse
