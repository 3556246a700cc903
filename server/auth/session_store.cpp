#include "server/auth/session_store.h"

#include "server/auth/tokens.h"
#include "shared/store/row_codec.h"

namespace encaisse {

Result<std::optional<LoginRecord>> FindLogin(Db& db, const std::string& email) {
  auto st = db.Prepare("SELECT id, email, name, role, password_hash, disabled FROM users WHERE email = ?");
  if (!st.ok()) return st.status();
  st->Bind(1, email);
  auto row = st->Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<LoginRecord>();
  LoginRecord r;
  r.id = st->Int(0);
  r.email = st->Text(1);
  r.name = st->Text(2);
  ENC_ASSIGN_OR_RETURN(r.role, ParseRole(st->Text(3)));
  r.password_hash = st->Text(4);
  r.disabled = st->Int(5) != 0;
  return std::optional<LoginRecord>(std::move(r));
}

Result<std::string> CreateSession(Db& db, Id user_id, const std::string& device_name, const std::string& now) {
  const std::string token = NewToken("enc_");
  auto st = db.Prepare(
      "INSERT INTO sessions (user_id, token_hash, device_name, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)");
  if (!st.ok()) return st.status();
  ENC_RETURN_IF_ERROR(st->Bind(1, user_id).Bind(2, TokenHash(token)).Bind(3, device_name).Bind(4, now).Bind(5, now).Run());
  return token;
}

Result<std::optional<AuthUser>> FindSession(Db& db, const std::string& token, const std::string& now) {
  auto st = db.Prepare(
      "SELECT s.id, u.id, u.email, u.name, u.role, s.last_seen_at FROM sessions s JOIN users u ON u.id = s.user_id "
      "WHERE s.token_hash = ? AND s.revoked_at IS NULL AND u.disabled = 0");
  if (!st.ok()) return st.status();
  st->Bind(1, TokenHash(token));
  auto row = st->Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<AuthUser>();
  AuthUser u;
  u.session_id = st->Int(0);
  u.user_id = st->Int(1);
  u.email = st->Text(2);
  u.name = st->Text(3);
  ENC_ASSIGN_OR_RETURN(u.role, ParseRole(st->Text(4)));
  // Touch last_seen at most once a minute: reads should not all become writes.
  const bool stale = st->Text(5).substr(0, 16) != std::string_view(now).substr(0, 16);
  st->Reset();
  if (stale) {
    auto touch = db.Prepare("UPDATE sessions SET last_seen_at = ? WHERE id = ?");
    if (touch.ok()) (void)touch->Bind(1, now).Bind(2, u.session_id).Run();  // best effort
  }
  return std::optional<AuthUser>(std::move(u));
}

Status RevokeSession(Db& db, Id session_id, const std::string& now) {
  auto st = db.Prepare("UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL");
  if (!st.ok()) return st.status();
  ENC_RETURN_IF_ERROR(st->Bind(1, now).Bind(2, session_id).Run());
  if (db.Changes() == 0) return Status::NotFound("no active session " + std::to_string(session_id));
  return Status::Ok();
}

Result<std::vector<SessionInfo>> ListSessions(Db& db, std::optional<Id> user_id) {
  auto st = db.Prepare(
      "SELECT id, user_id, device_name, created_at, last_seen_at, revoked_at IS NOT NULL FROM sessions "
      "WHERE ?1 IS NULL OR user_id = ?1 ORDER BY id DESC LIMIT 500");
  if (!st.ok()) return st.status();
  st->Bind(1, user_id);
  std::vector<SessionInfo> out;
  for (;;) {
    auto row = st->Step();
    if (!row.ok()) return row.status();
    if (!*row) return out;
    out.push_back({st->Int(0), st->Int(1), std::string(st->Text(2)), std::string(st->Text(3)), std::string(st->Text(4)),
                   st->Int(5) != 0});
  }
}

}  // namespace encaisse
