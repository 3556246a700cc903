// Schema version 3: dunning. The v1 `reminders` table becomes the outbox (one message per
// customer, channel, local day and kind; synced to the tablets as the reminder history),
// with its invoice lines (each invoice gets each scenario step once), installment notices,
// send attempts, personal portal links (hashes only), collector tasks, scenarios and
// templates.
#pragma once

namespace encaisse {

inline constexpr const char kSchemaV3[] = R"sql(
ALTER TABLE reminders ADD COLUMN kind TEXT NOT NULL DEFAULT 'reminder';
ALTER TABLE reminders ADD COLUMN scenario_id INTEGER NOT NULL DEFAULT 0;
ALTER TABLE reminders ADD COLUMN template_id TEXT NOT NULL DEFAULT '';
ALTER TABLE reminders ADD COLUMN attach_statement INTEGER NOT NULL DEFAULT 0;
ALTER TABLE reminders ADD COLUMN include_penalties INTEGER NOT NULL DEFAULT 0;
ALTER TABLE reminders ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE reminders ADD COLUMN next_attempt_at TEXT NOT NULL DEFAULT '';
ALTER TABLE reminders ADD COLUMN last_error TEXT NOT NULL DEFAULT '';
ALTER TABLE reminders ADD COLUMN created_at TEXT NOT NULL DEFAULT '';
ALTER TABLE reminders ADD COLUMN sent_at TEXT;
ALTER TABLE reminders ADD COLUMN recipient TEXT NOT NULL DEFAULT '';
-- A message is unique per customer, channel, company-local day and kind: a second run of
-- the same day cannot add one.
CREATE UNIQUE INDEX reminders_once_a_day ON reminders(customer_id, channel, date, kind);
CREATE INDEX reminders_to_send ON reminders(status, next_attempt_at);
CREATE TABLE reminder_lines (
  id INTEGER PRIMARY KEY,
  reminder_id INTEGER NOT NULL REFERENCES reminders(id),
  invoice_id INTEGER NOT NULL REFERENCES invoices(id),
  scenario_id INTEGER NOT NULL,
  step INTEGER NOT NULL,
  UNIQUE (invoice_id, scenario_id, step)
);
CREATE INDEX reminder_lines_reminder ON reminder_lines(reminder_id);
CREATE TABLE installment_notices (
  id INTEGER PRIMARY KEY,
  reminder_id INTEGER NOT NULL REFERENCES reminders(id),
  plan_id INTEGER NOT NULL REFERENCES payment_plans(id),
  seq INTEGER NOT NULL,
  notice TEXT NOT NULL CHECK (notice IN ('upcoming', 'missed')),
  UNIQUE (plan_id, seq, notice)
);
CREATE TABLE send_attempts (
  id INTEGER PRIMARY KEY,
  reminder_id INTEGER NOT NULL REFERENCES reminders(id),
  at TEXT NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('accepted', 'failed', 'refused')),
  detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX send_attempts_reminder ON send_attempts(reminder_id);
CREATE TABLE portal_links (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  revoked_at TEXT,
  reminder_id INTEGER REFERENCES reminders(id)
);
CREATE INDEX portal_links_customer ON portal_links(customer_id);
CREATE TABLE tasks (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  kind TEXT NOT NULL CHECK (kind IN ('phone_call', 'escalation', 'insolvency_claim', 'plan_broken')),
  due_date TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'done', 'cancelled')),
  outcome TEXT NOT NULL DEFAULT '',
  next_try TEXT,
  reminder_id INTEGER REFERENCES reminders(id),
  created_at TEXT NOT NULL,
  UNIQUE (customer_id, kind, due_date)
);
CREATE INDEX tasks_open ON tasks(status, due_date);
CREATE TABLE scenarios (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  steps TEXT NOT NULL,  -- JSON: [{day_offset, channel, template, attach_statement, include_penalties}]
  updated_at TEXT NOT NULL
);
CREATE TABLE templates (
  id INTEGER PRIMARY KEY,
  template_id TEXT NOT NULL,
  language TEXT NOT NULL,
  channel TEXT NOT NULL,
  subject TEXT NOT NULL DEFAULT '',
  body_text TEXT NOT NULL,
  body_html TEXT NOT NULL DEFAULT '',
  updated_at TEXT NOT NULL,
  UNIQUE (template_id, language, channel)
);
ALTER TABLE customers ADD COLUMN escalated_at TEXT;
CREATE TRIGGER reminder_lines_log_insert AFTER INSERT ON reminder_lines BEGIN
  INSERT INTO change_log (tbl, row_id, op, customer_id) VALUES ('reminder_lines', NEW.id, 'upsert', (SELECT customer_id FROM reminders WHERE id = NEW.reminder_id));
END;
CREATE TRIGGER reminder_lines_log_update AFTER UPDATE ON reminder_lines BEGIN
  INSERT INTO change_log (tbl, row_id, op, customer_id) VALUES ('reminder_lines', NEW.id, 'upsert', (SELECT customer_id FROM reminders WHERE id = NEW.reminder_id));
END;
CREATE TRIGGER reminder_lines_log_delete AFTER DELETE ON reminder_lines BEGIN
  INSERT INTO change_log (tbl, row_id, op, customer_id) VALUES ('reminder_lines', OLD.id, 'delete', (SELECT customer_id FROM reminders WHERE id = OLD.reminder_id));
END;
CREATE TRIGGER tasks_log_insert AFTER INSERT ON tasks BEGIN
  INSERT INTO change_log (tbl, row_id, op, customer_id) VALUES ('tasks', NEW.id, 'upsert', NEW.customer_id);
END;
CREATE TRIGGER tasks_log_update AFTER UPDATE ON tasks BEGIN
  INSERT INTO change_log (tbl, row_id, op, customer_id) VALUES ('tasks', NEW.id, 'upsert', NEW.customer_id);
END;
CREATE TRIGGER tasks_log_delete AFTER DELETE ON tasks BEGIN
  INSERT INTO change_log (tbl, row_id, op, customer_id) VALUES ('tasks', OLD.id, 'delete', OLD.customer_id);
END;
)sql";

}  // namespace encaisse
