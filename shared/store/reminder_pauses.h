// Pausing reminders, for a whole customer (customers.reminders_paused_until) or for one invoice
// (invoices.reminders_paused_until, schema v4). The date is the pause's last day: the run
// leaves them alone until then and resumes the day after, where the invoices stand.
#pragma once

#include <optional>

#include "shared/model/entities.h"
#include "shared/store/db.h"

namespace encaisse {

inline constexpr int kDefaultPauseDays = 30;  // a pause without a date: reminders come back by themselves
inline constexpr int kMaxPauseDays = 365;

// The last day of a pause asked on `today`: `until`, or today + kDefaultPauseDays without one.
// Invalid (field "until") outside today .. today + kMaxPauseDays.
Result<Date> PauseEnd(std::optional<Date> until, Date today);

// Sets (a date) or clears (nullopt: resume) the pause. NotFound without the customer.
Status SetCustomerReminderPause(Db& db, Id customer_id, std::optional<Date> until);
// Same for one invoice. NotFound without it; Conflict when pausing an invoice that is not open
// or is a credit note (it gets no reminder anyway). Resuming always succeeds.
Status SetInvoiceReminderPause(Db& db, Id invoice_id, std::optional<Date> until);

}  // namespace encaisse
