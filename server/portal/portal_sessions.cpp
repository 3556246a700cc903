#include "server/portal/portal_sessions.h"

#include "server/auth/tokens.h"
#include "server/clock.h"

namespace encaisse {

Result<std::optional<PortalSession>> OpenPortalSession(Db& db, const std::string& link_token, Date today, std::time_t now) {
  auto link = db.Prepare(
      "SELECT id, customer_id FROM portal_links WHERE token_hash = ?1 AND revoked_at IS NULL AND expires_at >= ?2");
  if (!link.ok()) return link.status();
  link->Bind(1, TokenHash(link_token)).Bind(2, today.ToIso());
  auto row = link->Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<PortalSession>();
  PortalSession s;
  const Id link_id = link->Int(0);
  s.customer_id = link->Int(1);
  s.cookie = NewToken("");
  s.csrf_token = NewToken("");
  auto ins = db.Prepare(
      "INSERT INTO portal_sessions (customer_id, link_id, token_hash, csrf_token, created_at, expires_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  if (!ins.ok()) return ins.status();
  ENC_RETURN_IF_ERROR(ins->Bind(1, s.customer_id).Bind(2, link_id).Bind(3, TokenHash(s.cookie)).Bind(4, s.csrf_token)
                          .Bind(5, IsoUtc(now)).Bind(6, IsoUtc(now + kPortalSessionSeconds)).Run());
  s.id = db.LastInsertId();
  return std::optional<PortalSession>(s);
}

Result<std::optional<PortalSession>> FindPortalSession(Db& db, const std::string& cookie, Date today, std::time_t now) {
  if (cookie.empty()) return std::optional<PortalSession>();
  auto st = db.Prepare(
      "SELECT s.id, s.customer_id, s.csrf_token FROM portal_sessions s JOIN portal_links l ON l.id = s.link_id "
      "WHERE s.token_hash = ?1 AND s.expires_at > ?2 AND l.revoked_at IS NULL AND l.expires_at >= ?3");
  if (!st.ok()) return st.status();
  st->Bind(1, TokenHash(cookie)).Bind(2, IsoUtc(now)).Bind(3, today.ToIso());
  auto row = st->Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<PortalSession>();
  PortalSession s;
  s.id = st->Int(0);
  s.customer_id = st->Int(1);
  s.csrf_token = st->Text(2);
  return std::optional<PortalSession>(s);
}

std::string PortalCookieValue(const std::string& header) {
  const std::string name = std::string(kPortalCookie) + "=";
  size_t pos = 0;
  while (pos < header.size()) {
    while (pos < header.size() && (header[pos] == ' ' || header[pos] == ';')) ++pos;
    const size_t end = std::min(header.find(';', pos), header.size());
    if (header.compare(pos, name.size(), name) == 0) return header.substr(pos + name.size(), end - pos - name.size());
    pos = end;
  }
  return "";
}

}  // namespace encaisse
