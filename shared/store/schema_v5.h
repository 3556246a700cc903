// Schema version 5: the debtor portal. A personal link opens a portal session (a cookie whose
// hash only is stored, ended with its link); the debtor's payments go through payment
// attempts (one per pay form, so a double click opens one checkout) and are recorded only
// from the gateway's verified events, each event applied once. A dispute opened by the debtor
// gives the collectors a task to review it: the tasks table is rebuilt for the new kind (SQLite
// cannot change a CHECK constraint in place).
#pragma once

namespace encaisse {

inline constexpr const char kSchemaV5[] = R"sql(
CREATE TABLE portal_sessions (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  link_id INTEGER NOT NULL REFERENCES portal_links(id),  -- revoking the link ends the session
  token_hash TEXT NOT NULL UNIQUE,
  csrf_token TEXT NOT NULL,  -- in every form of the session, checked on every POST
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL   -- UTC, ISO 8601
);
CREATE INDEX portal_sessions_customer ON portal_sessions(customer_id);
CREATE TABLE payment_attempts (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  form_key TEXT NOT NULL UNIQUE,  -- the pay form's one-time key: a second submit finds this row
  gateway TEXT NOT NULL,
  amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
  currency TEXT NOT NULL,
  invoice_ids TEXT NOT NULL DEFAULT '',  -- the invoices chosen, comma-separated ('' = oldest first)
  status TEXT NOT NULL CHECK (status IN ('created', 'open', 'pending', 'paid', 'failed', 'expired')),
  checkout_id TEXT NOT NULL DEFAULT '',
  checkout_url TEXT NOT NULL DEFAULT '',
  detail TEXT NOT NULL DEFAULT '',
  payment_id INTEGER REFERENCES payments(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX payment_attempts_customer ON payment_attempts(customer_id, id);
-- Every verified gateway event, once: a re-delivery finds its row and changes nothing.
CREATE TABLE gateway_events (
  gateway TEXT NOT NULL,
  event_id TEXT NOT NULL,
  type TEXT NOT NULL,
  attempt_id INTEGER,
  outcome TEXT NOT NULL,  -- what it did: paid, pending, failed, expired, ignored, unknown_attempt
  received_at TEXT NOT NULL,
  PRIMARY KEY (gateway, event_id)
);
CREATE TABLE tasks_v5 (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  kind TEXT NOT NULL CHECK (kind IN ('phone_call', 'escalation', 'insolvency_claim', 'plan_broken', 'dispute_review')),
  due_date TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'done', 'cancelled')),
  outcome TEXT NOT NULL DEFAULT '',
  next_try TEXT,
  reminder_id INTEGER REFERENCES reminders(id),
  created_at TEXT NOT NULL,
  UNIQUE (customer_id, kind, due_date)
);
INSERT INTO tasks_v5 SELECT id, customer_id, kind, due_date, status, outcome, next_try, reminder_id, created_at FROM tasks;
DROP TABLE tasks;
ALTER TABLE tasks_v5 RENAME TO tasks;
CREATE INDEX tasks_open ON tasks(status, due_date);
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
