#include "shared/store/mutation_apply.h"

#include <algorithm>
#include <optional>

#include "shared/plans/plan_policy.h"
#include "shared/store/action_store.h"
#include "shared/store/courtesy_queue.h"
#include "shared/store/customer_queries.h"
#include "shared/store/customer_scope.h"
#include "shared/store/plan_store.h"
#include "shared/store/task_store.h"

namespace encaisse {
namespace {

struct Remembered {
  MutationStatus status;
  std::string reason;
  Id record_id;
};

Result<std::optional<Remembered>> Recall(Db& db, Id user_id, std::string_view id) {
  auto st = db.Prepare("SELECT status, reason, coalesce(record_id, 0) FROM sync_mutations WHERE user_id = ? AND id = ?");
  if (!st.ok()) return st.status();
  st->Bind(1, user_id).Bind(2, id);
  auto row = st->Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<Remembered>();
  return std::optional<Remembered>(Remembered{
      st->Text(0) == "applied" ? MutationStatus::kApplied : MutationStatus::kRejected, std::string(st->Text(1)), st->Int(2)});
}

Status Remember(Db& db, const SyncActor& actor, std::string_view id, std::string_view kind, const MutationResult& r,
                std::string_view created_at, const std::string& now) {
  auto st = db.Prepare(
      "INSERT INTO sync_mutations (user_id, id, device_id, kind, status, reason, record_id, created_at, received_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!st.ok()) return st.status();
  st->Bind(1, actor.user_id).Bind(2, id).Bind(3, actor.device_id).Bind(4, kind);
  st->Bind(5, r.status == MutationStatus::kApplied ? "applied" : "rejected").Bind(6, r.reason);
  if (r.record_id) st->Bind(7, r.record_id); else st->BindNull(7);
  return st->Bind(8, created_at).Bind(9, now).Run();
}

MutationResult Duplicate(const std::string& id, const Remembered& first) {
  MutationResult r;
  r.id = id;
  r.status = MutationStatus::kDuplicate;
  r.record_id = first.record_id;
  r.original = first.status;
  r.original_reason = first.reason;
  return r;
}

std::string RefusalReasons(const PlanDecision& d) {
  std::string out = "Plan refusé par la politique de l'entreprise";
  for (size_t i = 0; i < d.reasons.size(); ++i) out += (i ? " ; " : " : ") + d.reasons[i].message;
  return out;
}

// The action itself; its id on success. Runs inside the caller's transaction.
class Applier {
 public:
  Applier(Store& store, const SyncActor& actor, MutationKind kind, Date day, Date today, const std::string& now)
      : store_(store), db_(store.db()), actor_(actor), kind_(kind), day_(day), today_(today), now_(now) {}

  Result<Id> operator()(const NoteArgs& a) {
    ENC_RETURN_IF_ERROR(Visible(a.customer_id));
    auto note = AddNote(db_, Note{0, a.customer_id, actor_.user_id, day_, a.text});
    if (!note.ok()) return note.status();
    return note->id;
  }
  Result<Id> operator()(const PromiseArgs& a) {
    ENC_RETURN_IF_ERROR(Visible(a.customer_id));
    Promise p;
    p.customer_id = a.customer_id;
    p.author_id = actor_.user_id;
    p.promised_date = a.date;
    p.amount_minor = a.amount_minor;
    auto stored = AddPromise(db_, p, day_);
    if (!stored.ok()) return stored.status();
    return stored->id;
  }
  Result<Id> operator()(const DisputeArgs& a) {
    auto customer = VisibleInvoiceCustomer(db_, a.invoice_id, actor_.role, actor_.user_id);
    if (!customer.ok()) return customer.status();
    auto dispute = OpenDispute(db_, a.invoice_id, day_, a.reason);
    if (!dispute.ok()) return dispute.status();
    if (actor_.role != Role::kCollector) ENC_RETURN_IF_ERROR(QueueDisputeReview(db_, *customer, today_, now_));
    return dispute->id;
  }
  Result<Id> operator()(const PlanArgs& a) {
    ENC_RETURN_IF_ERROR(Visible(a.customer_id));
    PlanProposal proposal;
    proposal.customer_id = a.customer_id;
    proposal.proposed_by = actor_.user_id;
    proposal.count = a.installments;
    proposal.first_date = a.first_date;
    proposal.frequency = a.frequency;
    proposal.invoice_ids = a.invoice_ids;
    auto proposed = ProposePlan(store_, proposal, PlanPolicy{}, day_);
    if (!proposed.ok()) return proposed.status();
    if (proposed->decision.outcome == PlanOutcome::kRefuse) return Status::Refused(RefusalReasons(proposed->decision));
    return proposed->plan_id;
  }
  Result<Id> operator()(const DecisionArgs& a) {
    if (actor_.role != Role::kManager && actor_.role != Role::kAdmin)
      return Status::Refused("only a manager may approve or reject a plan");
    auto plan = kind_ == MutationKind::kApprovePlan ? ApprovePlan(db_, a.plan_id, actor_.user_id, today_, a.comment)
                         : RejectPlan(db_, a.plan_id, actor_.user_id, a.comment);
    if (!plan.ok()) return plan.status();
    ENC_RETURN_IF_ERROR(QueuePlanDecision(db_, *plan, today_, now_));  // the debtor hears of it
    return a.plan_id;
  }
  Result<Id> operator()(const VisitArgs& a) {
    ENC_RETURN_IF_ERROR(Visible(a.customer_id));
    auto visit = AddVisit(db_, Visit{0, a.customer_id, actor_.user_id, a.date, a.outcome}, day_);
    if (!visit.ok()) return visit.status();
    return visit->id;
  }

  Result<Id> operator()(const TaskOutcomeArgs& a) {
    auto task = GetTask(db_, a.task_id);
    if (!task.ok()) return task.status();
    ENC_RETURN_IF_ERROR(Visible(task->customer_id));
    TaskOutcomeRequest r;
    r.task_id = a.task_id;
    r.author_id = actor_.user_id;
    ENC_ASSIGN_OR_RETURN(r.outcome, ParseTaskOutcome(a.outcome));
    r.note = a.note;
    r.next_try = a.next_try;
    if (a.promise_date) {
      Promise p;
      p.promised_date = *a.promise_date;
      p.amount_minor = a.promise_amount_minor;
      r.promise = p;
    }
    if (a.dispute_invoice_id) {
      r.dispute_invoice_id = a.dispute_invoice_id;
      r.dispute_reason = a.dispute_reason;
    }
    auto done = RecordTaskOutcome(db_, r, day_);
    if (!done.ok()) return done.status();
    return a.task_id;
  }
  Result<Id> operator()(const PaymentArgs& a) {
    ENC_RETURN_IF_ERROR(DeskOnly("record a payment"));
    if (a.date > today_) return Status::Invalid("date cannot be in the future", "args.date");
    Payment p;
    p.customer_id = a.customer_id;
    p.amount_minor = a.amount_minor;
    ENC_ASSIGN_OR_RETURN(p.currency, FindCurrency(a.currency));
    p.date = a.date;
    p.method = a.method;
    p.reference = a.reference;
    auto recorded = RecordCustomerPayment(store_, p, a.allocations);
    if (!recorded.ok()) return recorded.status();
    return recorded->payment_id;
  }
  Result<Id> operator()(const ResolveArgs& a) {
    ENC_RETURN_IF_ERROR(DeskOnly("resolve a dispute"));
    auto dispute = ResolveDispute(db_, a.dispute_id, day_, a.resolution);
    if (!dispute.ok()) return dispute.status();
    return a.dispute_id;
  }

 private:
  Status Visible(Id customer) { return CheckCustomerVisible(db_, customer, actor_.role, actor_.user_id); }
  // What the API keeps to collectors and admins.
  Status DeskOnly(const char* what) {
    if (actor_.role == Role::kCollector || actor_.role == Role::kAdmin) return Status::Ok();
    return Status::Refused(std::string("only a collector may ") + what);
  }

  Store& store_;
  Db& db_;
  const SyncActor& actor_;
  const MutationKind kind_;  // approve_plan and reject_plan share their args
  const Date day_;
  const Date today_;
  const std::string& now_;
};

}  // namespace

std::string_view ToString(MutationStatus status) {
  switch (status) {
    case MutationStatus::kApplied: return "applied";
    case MutationStatus::kDuplicate: return "duplicate";
    case MutationStatus::kRejected: return "rejected";
  }
  return "rejected";
}

Result<MutationResult> ApplyMutation(Store& store, const SyncActor& actor, const Mutation& m, Date today,
                                     const std::string& now) {
  Db& db = store.db();
  auto tx = Transaction::Begin(db);
  if (!tx.ok()) return tx.status();
  auto first = Recall(db, actor.user_id, m.id);
  if (!first.ok()) return first.status();
  if (*first) return Duplicate(m.id, **first);

  MutationResult r;
  r.id = m.id;
  Applier apply(store, actor, m.kind, std::min(m.day(), today), today, now);
  Result<Id> done = [&]() -> Result<Id> {
    // A tablet's clock or a very late sync must not date an action far in the past: the
    // rules that count from the action's day (a promise within 90 days...) would be void.
    if (m.day() < today.AddDays(-kMaxActionAgeDays))
      return Status::Refused("recorded more than " + std::to_string(kMaxActionAgeDays) +
                             " days ago (" + m.created_at + "): enter it again");
    auto part = Transaction::Begin(db);  // a refused action leaves nothing behind
    if (!part.ok()) return part.status();
    auto id = std::visit(apply, m.args);
    if (id.ok()) ENC_RETURN_IF_ERROR(part->Commit());
    return id;
  }();
  if (done.ok()) {
    r.status = MutationStatus::kApplied;
    r.record_id = *done;
  } else if (done.status().IsServerFault()) {  // the client tries again later
    return done.status();
  } else {
    r.status = MutationStatus::kRejected;
    r.reason = done.status().message();
  }
  ENC_RETURN_IF_ERROR(Remember(db, actor, m.id, ToString(m.kind), r, m.created_at, now));
  ENC_RETURN_IF_ERROR(tx->Commit());
  return r;
}

Result<MutationResult> RejectMalformed(Db& db, const SyncActor& actor, const std::string& id, std::string_view kind,
                                       const std::string& reason, const std::string& now) {
  auto tx = Transaction::Begin(db);
  if (!tx.ok()) return tx.status();
  auto first = Recall(db, actor.user_id, id);
  if (!first.ok()) return first.status();
  if (*first) return Duplicate(id, **first);
  MutationResult r;
  r.id = id;
  r.status = MutationStatus::kRejected;
  r.reason = reason;
  ENC_RETURN_IF_ERROR(Remember(db, actor, id, kind.substr(0, 40), r, "", now));
  ENC_RETURN_IF_ERROR(tx->Commit());
  return r;
}

}  // namespace encaisse
