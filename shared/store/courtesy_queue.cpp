#include "shared/store/courtesy_queue.h"

#include <vector>

#include "shared/dunning/courtesy_messages.h"
#include "shared/store/outbox_sql.h"

namespace encaisse {

Status QueueThankYou(Db& db, Id customer_id, std::span<const Id> invoices, Date today, const std::string& now) {
  auto thanked = db.Prepare("SELECT 1 FROM reminder_lines WHERE invoice_id = ? AND scenario_id = 0 AND step = ?");
  if (!thanked.ok()) return thanked.status();
  std::vector<Id> fresh;
  for (Id invoice : invoices) {
    thanked->Reset();
    auto row = thanked->Bind(1, invoice).Bind(2, kThankYouStep).Step();
    if (!row.ok()) return row.status();
    if (!*row) fresh.push_back(invoice);
  }
  if (fresh.empty()) return Status::Ok();  // no message without a line
  const std::string today_iso = today.ToIso();
  auto message = db.Prepare(kInsertOutboxMessage);
  if (!message.ok()) return message.status();
  ENC_RETURN_IF_ERROR(message->Bind(1, customer_id).Bind(2, today_iso).Bind(3, ToString(Channel::kEmail))
                          .Bind(4, kThankYouStep).Bind(5, "thank_you").Bind(6, 0).Bind(7, "thank_you").Bind(8, 0)
                          .Bind(9, 0).Bind(10, now).Bind(11, now).Run());
  // Today's thank-you, new or written earlier: lines join it only while it waits to be sent.
  auto queued = db.Prepare(
      "SELECT id FROM reminders WHERE customer_id = ? AND channel = ? AND date = ? AND kind = 'thank_you' "
      "AND status = 'queued'");
  if (!queued.ok()) return queued.status();
  queued->Bind(1, customer_id).Bind(2, ToString(Channel::kEmail)).Bind(3, today_iso);
  auto row = queued->Step();
  if (!row.ok()) return row.status();
  if (!*row) return Status::Ok();
  const Id reminder_id = queued->Int(0);
  auto line = db.Prepare(kInsertOutboxLine);
  if (!line.ok()) return line.status();
  for (Id invoice : fresh)
    ENC_RETURN_IF_ERROR(line->Bind(1, reminder_id).Bind(2, invoice).Bind(3, 0).Bind(4, kThankYouStep).Run());
  return Status::Ok();
}

Status QueuePlanDecision(Db& db, const PlanRecord& decided, Date today, const std::string& now) {
  const PaymentPlan& plan = decided.plan;
  if (decided.proposed_by != 0) return Status::Ok();
  if (plan.status != PlanStatus::kActive && plan.status != PlanStatus::kRejected) return Status::Ok();
  const char* tmpl = plan.status == PlanStatus::kActive ? "plan_approved" : "plan_rejected";
  auto message = db.Prepare(kInsertOutboxMessage);
  if (!message.ok()) return message.status();
  return message->Bind(1, plan.customer_id).Bind(2, today.ToIso()).Bind(3, ToString(Channel::kEmail))
      .Bind(4, kPlanDecisionStep).Bind(5, "plan_decision").Bind(6, 0).Bind(7, tmpl).Bind(8, 0).Bind(9, 0)
      .Bind(10, now).Bind(11, now).Run();
}

Result<bool> QueueStatementNow(Db& db, Id customer_id, Date today, const std::string& now) {
  auto message = db.Prepare(kInsertOutboxMessage);
  if (!message.ok()) return message.status();
  ENC_RETURN_IF_ERROR(message->Bind(1, customer_id).Bind(2, today.ToIso()).Bind(3, ToString(Channel::kEmail))
                          .Bind(4, kStatementNowStep).Bind(5, "statement").Bind(6, 0).Bind(7, "statement").Bind(8, 1)
                          .Bind(9, 1).Bind(10, now).Bind(11, now).Run());
  return db.Changes() > 0;
}

}  // namespace encaisse
