// Schema version 2: what the server core adds (staff sessions, idempotency keys, import
// history, invoice documents) and the customer and plan fields its API edits.
#pragma once

namespace encaisse {

inline constexpr const char kSchemaV2[] = R"sql(
-- A device session of a staff member. Only a hash of the bearer token is kept.
CREATE TABLE sessions (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  token_hash TEXT NOT NULL UNIQUE,
  device_name TEXT NOT NULL,
  created_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE INDEX sessions_user ON sessions(user_id);
-- The first answer to a state-changing request sent with an Idempotency-Key, replayed to a
-- retry with the same key and body. status 0 = still being applied.
CREATE TABLE idempotency_keys (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL,
  key TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  status INTEGER NOT NULL,
  response TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  UNIQUE (user_id, key)
);
-- Import history (CSV files of invoices, customers, payments).
CREATE TABLE imports (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('invoices', 'customers', 'payments')),
  user_id INTEGER REFERENCES users(id),
  source TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  rows INTEGER NOT NULL,
  created INTEGER NOT NULL,
  updated INTEGER NOT NULL,
  unchanged INTEGER NOT NULL
);
-- The invoice's own PDF, attached by a collector (shown on the portal).
CREATE TABLE invoice_documents (
  invoice_id INTEGER PRIMARY KEY REFERENCES invoices(id),
  content_type TEXT NOT NULL,
  content BLOB NOT NULL,
  uploaded_at TEXT NOT NULL
);
ALTER TABLE customers ADD COLUMN external_risk_score INTEGER;
ALTER TABLE customers ADD COLUMN reminders_paused_until TEXT;
ALTER TABLE payment_plans ADD COLUMN proposed_by INTEGER REFERENCES users(id);
ALTER TABLE payment_plans ADD COLUMN decided_by INTEGER REFERENCES users(id);
ALTER TABLE payment_plans ADD COLUMN decision_comment TEXT NOT NULL DEFAULT '';
ALTER TABLE payment_plans ADD COLUMN policy_outcome TEXT NOT NULL DEFAULT '';
ALTER TABLE payment_plans ADD COLUMN policy_reasons TEXT NOT NULL DEFAULT '[]';
CREATE INDEX payment_plans_status ON payment_plans(status);
CREATE INDEX disputes_invoice ON disputes(invoice_id);
)sql";

}  // namespace encaisse
