// The debtor's portal session. Opening a personal link (/p/<token>) starts one: a random
// cookie token (only its hash is stored) and a CSRF token for the session's forms. The session
// lives a few hours and ends with its link (revoked or expired), so revoking a customer's
// links also signs out whoever opened them.
#pragma once

#include <ctime>
#include <optional>
#include <string>

#include "shared/model/entities.h"
#include "shared/store/db.h"

namespace encaisse {

inline constexpr int kPortalSessionSeconds = 4 * 3600;
inline constexpr char kPortalCookie[] = "encaisse_portal";

struct PortalSession {
  Id id = 0;
  Id customer_id = 0;
  std::string cookie;  // the clear token: only when it was just opened
  std::string csrf_token;
};

// Opens a session for a live link (nullopt for an unknown, expired or revoked one).
// `now` is UTC (time_t), `today` the company's date the link's expiry is read against.
Result<std::optional<PortalSession>> OpenPortalSession(Db& db, const std::string& link_token, Date today, std::time_t now);
// The session of a cookie, if it is live and its link still is.
Result<std::optional<PortalSession>> FindPortalSession(Db& db, const std::string& cookie, Date today, std::time_t now);

// The cookie token in a Cookie header ("" when absent).
std::string PortalCookieValue(const std::string& cookie_header);

}  // namespace encaisse
