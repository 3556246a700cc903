// Schema version 1, as one SQL script (run by Migrate in a transaction).
#pragma once

namespace encaisse {

inline constexpr const char kSchemaV1[] = R"sql(
-- Schema version 1. Money in minor units (INTEGER), dates as ISO text (YYYY-MM-DD), which
-- sorts as dates and maps to DATE in PostgreSQL.
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL UNIQUE COLLATE NOCASE,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'manager', 'collector', 'sales_rep')),
  password_hash TEXT NOT NULL DEFAULT '',
  disabled INTEGER NOT NULL DEFAULT 0,
  is_demo INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE customers (
  id INTEGER PRIMARY KEY,
  external_id TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  email TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  address TEXT NOT NULL DEFAULT '',
  business INTEGER NOT NULL DEFAULT 1,
  risk TEXT NOT NULL DEFAULT 'medium' CHECK (risk IN ('low', 'medium', 'high')),
  payment_terms_days INTEGER NOT NULL DEFAULT 30,
  contract_late_rate_bps INTEGER,
  rep_id INTEGER REFERENCES users(id),
  scenario_id INTEGER NOT NULL DEFAULT 0,
  language TEXT NOT NULL DEFAULT 'fr',
  insolvency_date TEXT,
  credit_limit_minor INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX customers_rep ON customers(rep_id);
CREATE INDEX customers_name ON customers(name);
CREATE TABLE invoices (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  number TEXT NOT NULL,
  issue_date TEXT NOT NULL,
  due_date TEXT NOT NULL,
  amount_minor INTEGER NOT NULL,
  currency TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'paid', 'cancelled')),
  open_minor INTEGER NOT NULL,
  formal_notice_date TEXT,
  UNIQUE (customer_id, number)
);
-- The open invoices by due date (worklists, dunning, aging), covering what those read, so a
-- scan of the open rows never touches the table; paid invoices are not in it.
CREATE INDEX invoices_open_due ON invoices(due_date, customer_id, open_minor) WHERE status = 'open';
CREATE TABLE payments (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  date TEXT NOT NULL,
  amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
  currency TEXT NOT NULL,
  method TEXT NOT NULL DEFAULT 'transfer',
  reference TEXT NOT NULL DEFAULT ''
);
CREATE INDEX payments_customer ON payments(customer_id, date);
CREATE TABLE allocations (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id),  -- the invoice's, kept for scoping (sync, statements)
  invoice_id INTEGER NOT NULL REFERENCES invoices(id),
  payment_id INTEGER REFERENCES payments(id),
  credit_note_id INTEGER REFERENCES invoices(id),
  amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
  date TEXT NOT NULL,
  CHECK ((payment_id IS NULL) <> (credit_note_id IS NULL))
);
-- Covering: an invoice's payment history (date, amount) is read without the table.
CREATE INDEX allocations_invoice ON allocations(invoice_id, date, amount_minor);
CREATE INDEX allocations_customer ON allocations(customer_id);
CREATE INDEX allocations_payment ON allocations(payment_id);
CREATE TABLE notes (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  author_id INTEGER REFERENCES users(id),
  date TEXT NOT NULL,
  text TEXT NOT NULL
);
CREATE INDEX notes_customer ON notes(customer_id);
CREATE TABLE promises (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  author_id INTEGER REFERENCES users(id),
  promised_date TEXT NOT NULL,
  amount_minor INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'kept', 'broken', 'cancelled')),
  created TEXT NOT NULL
);
CREATE INDEX promises_customer ON promises(customer_id);
CREATE TABLE disputes (
  id INTEGER PRIMARY KEY,
  invoice_id INTEGER NOT NULL REFERENCES invoices(id),
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  opened TEXT NOT NULL,
  reason TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'resolved')),
  resolved TEXT,
  resolution TEXT NOT NULL DEFAULT ''
);
CREATE INDEX disputes_customer ON disputes(customer_id);
CREATE TABLE visits (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  rep_id INTEGER REFERENCES users(id),
  planned TEXT NOT NULL,
  outcome TEXT NOT NULL DEFAULT ''
);
CREATE INDEX visits_customer ON visits(customer_id);
CREATE TABLE payment_plans (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  status TEXT NOT NULL CHECK (status IN ('pending', 'active', 'completed', 'broken', 'rejected', 'cancelled')),
  frequency TEXT NOT NULL CHECK (frequency IN ('monthly', 'weekly')),
  total_minor INTEGER NOT NULL,
  currency TEXT NOT NULL,
  created TEXT NOT NULL,
  approved TEXT,
  broken TEXT
);
CREATE INDEX payment_plans_customer ON payment_plans(customer_id);
CREATE TABLE plan_invoices (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER NOT NULL REFERENCES payment_plans(id),
  invoice_id INTEGER NOT NULL REFERENCES invoices(id),
  UNIQUE (plan_id, invoice_id)
);
CREATE TABLE installments (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER NOT NULL REFERENCES payment_plans(id),
  seq INTEGER NOT NULL,
  due_date TEXT NOT NULL,
  amount_minor INTEGER NOT NULL,
  paid_minor INTEGER NOT NULL DEFAULT 0,
  UNIQUE (plan_id, seq)
);
CREATE TABLE reminders (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  date TEXT NOT NULL,
  channel TEXT NOT NULL,
  step INTEGER NOT NULL,
  status TEXT NOT NULL
);
CREATE INDEX reminders_customer ON reminders(customer_id, date);
-- Every write to a synced table appends here in the same transaction (the triggers below), so
-- the log cannot miss a change whatever code path wrote it. Writers are serialised
-- (BEGIN IMMEDIATE), so sequence order is commit order: a reader never sees a gap fill later.
-- seq is the rowid (max + 1, without AUTOINCREMENT's extra write per row): it stays
-- monotonic as long as the newest entry is never deleted, which compaction must respect.
CREATE TABLE change_log (
  seq INTEGER PRIMARY KEY,
  tbl TEXT NOT NULL,
  row_id INTEGER NOT NULL,
  op TEXT NOT NULL CHECK (op IN ('upsert', 'delete')),
  customer_id INTEGER
);
CREATE TRIGGER users_log_insert AFTER INSERT ON users BEGIN
  INSERT INTO change_log (tbl, row_id, op, customer_id) VALUES ('users', NEW.id, 'upsert', NULL);
END;
CREATE TRIGGER users_log_update AFTER UPDATE ON users BEGIN
  INSERT INTO change_log (tbl, row_id, op, customer_id) VALUES ('users', NEW.id, 'upsert', NULL);
END;
CREATE TRIGGER users_log_delete AFTER DELETE ON users BEGIN
  INSERT INTO change_log (tbl, row_id, op, customer_id) VALUES ('users', OLD.id, 'delete', NULL);
END;
CREATE TRIGGER customers_log_insert AFTER INSERT ON customers BEGIN
  INSERT INTO change_log (tbl, row_id, op, customer_id) VALUES ('customers', NEW.id, 'upsert', NEW.id);
END;
CREATE TRIGGER customers_log_update AFTER UPDATE ON customers BEGIN
  INSERT INTO change_log (tbl, row_id, op, customer_id) VALUES ('customers', NEW.id, 'upsert', NEW.id);
END;
CREATE TRIGGER customers_log_delete AFTER DELETE ON customers BEGIN
  INSERT INTO change_log (tbl, row_id, op, customer_id) VALUES ('customers', OLD.id, 'delete', OLD.id);
END;
CREATE TRIGGER invoices_log_insert AFTER INSERT ON invoices BEGIN
  INSERT INTO change_log (tbl, row_id, op, customer_id) VALUES ('invoices', NEW.id, 'upsert', NEW.customer_id);
END;
CREATE TRIGGER invoices_log_update AFTER UPDATE ON invoices BEGIN
  INSERT INTO change_log (tbl, row_id, op, customer_id) VALUES ('invoices', NEW.id, 'upsert', NEW.customer_id);
END;
CREATE TRIGGER invoices_log_delete AFTER DELETE ON invoices BEGIN
  INSERT INTO change_log (tbl, row_id, op, customer_id) VALUES ('invoices', OLD.id, 'delete', OLD.customer_id);
END;
CREATE TRIGGER payments_log_insert AFTER INSERT ON payments BEGIN
  INSERT INTO change_log (tbl, row_id, op, customer_id) VALUES ('payments', NEW.id, 'upsert', NEW.customer_id);
END;
CREATE TRIGGER payments_log_update AFTER UPDATE ON payments BEGIN
  INSERT INTO change_log (tbl, row_id, op, customer_id) VALUES ('payments', NEW.id, 'upsert', NEW.customer_id);
END;
CREATE TRIGGER payments_log_delete AFTER DELETE ON payments BEGIN
  INSERT INTO change_log (tbl, row_id, op, customer_id) VALUES ('payments', OLD.id, 'delete', OLD.customer_id);
END;
CREATE TRIGGER allocations_log_insert AFTER INSERT ON allocations BEGIN
  INSERT INTO change_log (tbl, row_id, op, customer_id) VALUES ('allocations', NEW.id, 'upsert', NEW.customer_id);
END;
CREATE TRIGGER allocations_log_update AFTER UPDATE ON allocations BEGIN
  INSERT INTO change_log (tbl, row_id, op, customer_id) VALUES ('allocations', NEW.id, 'upsert', NEW.customer_id);
END;
CREATE TRIGGER allocations_log_delete AFTER DELETE ON allocations BEGIN
  INSERT INTO change_log (tbl, row_id, op, customer_id) VALUES ('allocations', OLD.id, 'delete', OLD.customer_id);
END;
CREATE TRIGGER notes_log_insert AFTER INSERT ON notes BEGIN
  INSERT INTO change_log (tbl, row_id, op, customer_id) VALUES ('notes', NEW.id, 'upsert', NEW.customer_id);
END;
CREATE TRIGGER notes_log_update AFTER UPDATE ON notes BEGIN
  INSERT INTO change_log (tbl, row_id, op, customer_id) VALUES ('notes', NEW.id, 'upsert', NEW.customer_id);
END;
CREATE TRIGGER notes_log_delete AFTER DELETE ON notes BEGIN
  INSERT INTO change_log (tbl, row_id, op, customer_id) VALUES ('notes', OLD.id, 'delete', OLD.customer_id);
END;
CREATE TRIGGER promises_log_insert AFTER INSERT ON promises BEGIN
  INSERT INTO change_log (tbl, row_id, op, customer_id) VALUES ('promises', NEW.id, 'upsert', NEW.customer_id);
END;
CREATE TRIGGER promises_log_update AFTER UPDATE ON promises BEGIN
  INSERT INTO change_log (tbl, row_id, op, customer_id) VALUES ('promises', NEW.id, 'upsert', NEW.customer_id);
END;
CREATE TRIGGER promises_log_delete AFTER DELETE ON promises BEGIN
  INSERT INTO change_log (tbl, row_id, op, customer_id) VALUES ('promises', OLD.id, 'delete', OLD.customer_id);
END;
CREATE TRIGGER disputes_log_insert AFTER INSERT ON disputes BEGIN
  INSERT INTO change_log (tbl, row_id, op, customer_id) VALUES ('disputes', NEW.id, 'upsert', NEW.customer_id);
END;
CREATE TRIGGER disputes_log_update AFTER UPDATE ON disputes BEGIN
  INSERT INTO change_log (tbl, row_id, op, customer_id) VALUES ('disputes', NEW.id, 'upsert', NEW.customer_id);
END;
CREATE TRIGGER disputes_log_delete AFTER DELETE ON disputes BEGIN
  INSERT INTO change_log (tbl, row_id, op, customer_id) VALUES ('disputes', OLD.id, 'delete', OLD.customer_id);
END;
CREATE TRIGGER visits_log_insert AFTER INSERT ON visits BEGIN
  INSERT INTO change_log (tbl, row_id, op, customer_id) VALUES ('visits', NEW.id, 'upsert', NEW.customer_id);
END;
CREATE TRIGGER visits_log_update AFTER UPDATE ON visits BEGIN
  INSERT INTO change_log (tbl, row_id, op, customer_id) VALUES ('visits', NEW.id, 'upsert', NEW.customer_id);
END;
CREATE TRIGGER visits_log_delete AFTER DELETE ON visits BEGIN
  INSERT INTO change_log (tbl, row_id, op, customer_id) VALUES ('visits', OLD.id, 'delete', OLD.customer_id);
END;
CREATE TRIGGER payment_plans_log_insert AFTER INSERT ON payment_plans BEGIN
  INSERT INTO change_log (tbl, row_id, op, customer_id) VALUES ('payment_plans', NEW.id, 'upsert', NEW.customer_id);
END;
CREATE TRIGGER payment_plans_log_update AFTER UPDATE ON payment_plans BEGIN
  INSERT INTO change_log (tbl, row_id, op, customer_id) VALUES ('payment_plans', NEW.id, 'upsert', NEW.customer_id);
END;
CREATE TRIGGER payment_plans_log_delete AFTER DELETE ON payment_plans BEGIN
  INSERT INTO change_log (tbl, row_id, op, customer_id) VALUES ('payment_plans', OLD.id, 'delete', OLD.customer_id);
END;
CREATE TRIGGER plan_invoices_log_insert AFTER INSERT ON plan_invoices BEGIN
  INSERT INTO change_log (tbl, row_id, op, customer_id) VALUES ('plan_invoices', NEW.id, 'upsert', (SELECT customer_id FROM payment_plans WHERE id = NEW.plan_id));
END;
CREATE TRIGGER plan_invoices_log_update AFTER UPDATE ON plan_invoices BEGIN
  INSERT INTO change_log (tbl, row_id, op, customer_id) VALUES ('plan_invoices', NEW.id, 'upsert', (SELECT customer_id FROM payment_plans WHERE id = NEW.plan_id));
END;
CREATE TRIGGER plan_invoices_log_delete AFTER DELETE ON plan_invoices BEGIN
  INSERT INTO change_log (tbl, row_id, op, customer_id) VALUES ('plan_invoices', OLD.id, 'delete', (SELECT customer_id FROM payment_plans WHERE id = OLD.plan_id));
END;
CREATE TRIGGER installments_log_insert AFTER INSERT ON installments BEGIN
  INSERT INTO change_log (tbl, row_id, op, customer_id) VALUES ('installments', NEW.id, 'upsert', (SELECT customer_id FROM payment_plans WHERE id = NEW.plan_id));
END;
CREATE TRIGGER installments_log_update AFTER UPDATE ON installments BEGIN
  INSERT INTO change_log (tbl, row_id, op, customer_id) VALUES ('installments', NEW.id, 'upsert', (SELECT customer_id FROM payment_plans WHERE id = NEW.plan_id));
END;
CREATE TRIGGER installments_log_delete AFTER DELETE ON installments BEGIN
  INSERT INTO change_log (tbl, row_id, op, customer_id) VALUES ('installments', OLD.id, 'delete', (SELECT customer_id FROM payment_plans WHERE id = OLD.plan_id));
END;
CREATE TRIGGER reminders_log_insert AFTER INSERT ON reminders BEGIN
  INSERT INTO change_log (tbl, row_id, op, customer_id) VALUES ('reminders', NEW.id, 'upsert', NEW.customer_id);
END;
CREATE TRIGGER reminders_log_update AFTER UPDATE ON reminders BEGIN
  INSERT INTO change_log (tbl, row_id, op, customer_id) VALUES ('reminders', NEW.id, 'upsert', NEW.customer_id);
END;
CREATE TRIGGER reminders_log_delete AFTER DELETE ON reminders BEGIN
  INSERT INTO change_log (tbl, row_id, op, customer_id) VALUES ('reminders', OLD.id, 'delete', OLD.customer_id);
END;
)sql";

}  // namespace encaisse
