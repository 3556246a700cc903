#include "server/http/idempotency.h"

namespace encaisse {

Result<std::optional<StoredAnswer>> ReserveIdempotencyKey(Db& db, Id user_id, const std::string& key,
                                                          const std::string& fingerprint, const std::string& now) {
  auto ins = db.Prepare(
      "INSERT INTO idempotency_keys (user_id, key, request_hash, status, created_at) VALUES (?, ?, ?, 0, ?) "
      "ON CONFLICT (user_id, key) DO NOTHING");
  if (!ins.ok()) return ins.status();
  ENC_RETURN_IF_ERROR(ins->Bind(1, user_id).Bind(2, key).Bind(3, fingerprint).Bind(4, now).Run());
  if (db.Changes() == 1) return std::optional<StoredAnswer>();

  auto st = db.Prepare("SELECT request_hash, status, response FROM idempotency_keys WHERE user_id = ? AND key = ?");
  if (!st.ok()) return st.status();
  st->Bind(1, user_id).Bind(2, key);
  auto row = st->Step();
  if (!row.ok()) return row.status();
  if (!*row) return Status::Conflict("the idempotency key was released meanwhile: retry");
  if (st->Text(0) != fingerprint)
    return Status::Refused("this Idempotency-Key was already used for a different request", "Idempotency-Key");
  if (st->Int(1) == 0) return Status::Conflict("a request with this Idempotency-Key is still being processed");
  return std::optional<StoredAnswer>(StoredAnswer{static_cast<int>(st->Int(1)), std::string(st->Text(2))});
}

Status StoreIdempotentAnswer(Db& db, Id user_id, const std::string& key, const StoredAnswer& answer) {
  auto st = db.Prepare("UPDATE idempotency_keys SET status = ?, response = ? WHERE user_id = ? AND key = ?");
  if (!st.ok()) return st.status();
  return st->Bind(1, answer.status).Bind(2, answer.body).Bind(3, user_id).Bind(4, key).Run();
}

Status ReleaseIdempotencyKey(Db& db, Id user_id, const std::string& key) {
  auto st = db.Prepare("DELETE FROM idempotency_keys WHERE user_id = ? AND key = ? AND status = 0");
  if (!st.ok()) return st.status();
  return st->Bind(1, user_id).Bind(2, key).Run();
}

}  // namespace encaisse
