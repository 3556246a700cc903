#include "server/dunning/portal_links.h"

#include "server/auth/tokens.h"

namespace encaisse {

std::string PortalBaseUrl(const std::string& portal_url) {
  std::string base = portal_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base;
}

Result<MintedLink> MintPortalLink(Db& db, Id customer_id, std::optional<Id> reminder_id, const std::string& portal_url,
                                  Date today, int valid_days, const std::string& now) {
  MintedLink link;
  link.token = NewToken("");
  link.url = PortalBaseUrl(portal_url) + "/p/" + link.token;
  auto st = db.Prepare(
      "INSERT INTO portal_links (customer_id, token_hash, created_at, expires_at, reminder_id) VALUES (?, ?, ?, ?, ?)");
  if (!st.ok()) return st.status();
  ENC_RETURN_IF_ERROR(st->Bind(1, customer_id).Bind(2, TokenHash(link.token)).Bind(3, now)
                          .Bind(4, today.AddDays(valid_days).ToIso()).Bind(5, reminder_id).Run());
  return link;
}

Result<std::optional<Id>> ResolvePortalLink(Db& db, const std::string& token, Date today) {
  auto st = db.Prepare(
      "SELECT customer_id FROM portal_links WHERE token_hash = ? AND revoked_at IS NULL AND expires_at >= ?");
  if (!st.ok()) return st.status();
  st->Bind(1, TokenHash(token)).Bind(2, today.ToIso());
  auto row = st->Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<Id>();
  return std::optional<Id>(st->Int(0));
}

Result<int> RevokePortalLinks(Db& db, Id customer_id, const std::string& now) {
  auto st = db.Prepare("UPDATE portal_links SET revoked_at = ? WHERE customer_id = ? AND revoked_at IS NULL");
  if (!st.ok()) return st.status();
  ENC_RETURN_IF_ERROR(st->Bind(1, now).Bind(2, customer_id).Run());
  return db.Changes();
}

}  // namespace encaisse
