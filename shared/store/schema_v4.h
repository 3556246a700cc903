// Schema version 4: reminders paused per invoice (the customer-wide pause is v2's
// customers.reminders_paused_until), and an index on every invoice's due date so that the
// worklist of paid or all invoices reads a page, not the whole table.
#pragma once

namespace encaisse {

inline constexpr const char kSchemaV4[] = R"sql(
-- No reminder for this invoice until this date (inclusive); NULL = not paused. The change-log
-- triggers of v1 (AFTER UPDATE ON invoices) record a pause like any other invoice change.
ALTER TABLE invoices ADD COLUMN reminders_paused_until TEXT;
-- The dunning run reads the few paused invoices from here instead of scanning the table.
CREATE INDEX invoices_paused ON invoices(reminders_paused_until) WHERE reminders_paused_until IS NOT NULL;
CREATE INDEX invoices_due ON invoices(due_date);
)sql";

}  // namespace encaisse
