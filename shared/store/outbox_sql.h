// The outbox's two writes, shared by the daily run and the messages queued beside it: a
// message at most once per customer, channel, company-local day and kind; an invoice line at
// most once per scenario step (scenario 0 for the messages beside the scenarios).
#pragma once

namespace encaisse {

inline constexpr const char kInsertOutboxMessage[] =
    "INSERT INTO reminders (customer_id, date, channel, step, status, kind, scenario_id, template_id, attach_statement, "
    "include_penalties, next_attempt_at, created_at) VALUES (?, ?, ?, ?, 'queued', ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (customer_id, channel, date, kind) DO NOTHING";
inline constexpr const char kInsertOutboxLine[] =
    "INSERT INTO reminder_lines (reminder_id, invoice_id, scenario_id, step) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (invoice_id, scenario_id, step) DO NOTHING";

}  // namespace encaisse
