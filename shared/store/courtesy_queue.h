// Messages to the debtor queued by an event rather than by the daily run: the receipt of a
// payment made on the portal, the answer to a plan the debtor asked for, a statement a
// collector sends at once. They go through
// the outbox like every reminder (the worker sends them within its interval, retried, once)
// and are written in the transaction of the event that causes them.
#pragma once

#include <span>
#include <string>

#include "shared/store/plan_store.h"

namespace encaisse {

// The thank-you email with its receipt for the invoices a portal payment settled, rather than
// at the next run. Each invoice is thanked once, whichever comes first; when today's
// thank-you was already handed to its channel, the invoices wait for tomorrow's.
Status QueueThankYou(Db& db, Id customer_id, std::span<const Id> invoices, Date today, const std::string& now);

// The debtor who asked for a plan on the portal hears of the manager's decision by email
// ("plan_approved" with the first installment, or "plan_rejected"; the manager's comment is
// internal and not sent). Plans proposed by staff are answered by staff: nothing is queued.
// Callers: the approve/reject route, and the tablets' sync when it applies a decision.
Status QueuePlanDecision(Db& db, const PlanRecord& decided, Date today, const std::string& now);

// A collector's "send now": the statement of account by email with the personal link, outside
// the scenario (which goes on as planned). At most one a day per customer: true when queued
// now, false when today's was already queued (a double click or a retried request).
Result<bool> QueueStatementNow(Db& db, Id customer_id, Date today, const std::string& now);

}  // namespace encaisse
