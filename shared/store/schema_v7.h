// Schema version 7: what the tablets' sync needs beyond the change log.
// - A customer moved from one sales rep to another is announced in the log ('scope' entry) with
//   both reps kept beside it, so a pull tells the old rep to drop the account and gives the
//   new rep all of it (shared/store/sync_pull.h).
// - Every action pushed by a tablet is remembered by its client-made id with the answer it got,
//   so a retried push is answered the same way and never applied twice
//   (shared/store/mutation_apply.h).
#pragma once

namespace encaisse {

inline constexpr const char kSchemaV7[] = R"sql(
CREATE TABLE scope_moves (
  seq INTEGER PRIMARY KEY,  -- the change_log entry of the move
  customer_id INTEGER NOT NULL,
  from_rep INTEGER,
  to_rep INTEGER
);
CREATE TRIGGER customers_scope_move AFTER UPDATE OF rep_id ON customers
WHEN OLD.rep_id IS NOT NEW.rep_id
BEGIN
  INSERT INTO change_log (tbl, row_id, op, customer_id) VALUES ('scope', NEW.id, 'upsert', NEW.id);
  INSERT INTO scope_moves (seq, customer_id, from_rep, to_rep)
  VALUES ((SELECT max(seq) FROM change_log), NEW.id, OLD.rep_id, NEW.rep_id);
END;
CREATE TABLE sync_mutations (
  user_id INTEGER NOT NULL,
  id TEXT NOT NULL,  -- the client's UUID
  device_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('applied', 'rejected')),
  reason TEXT NOT NULL DEFAULT '',
  record_id INTEGER,  -- what it created or decided (note, promise, dispute, plan, visit)
  created_at TEXT NOT NULL,  -- when the rep recorded it, on the tablet's clock
  received_at TEXT NOT NULL,
  PRIMARY KEY (user_id, id)
);
)sql";

}  // namespace encaisse
