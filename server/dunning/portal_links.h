// Personal links to the debtor portal: /p/<token>, a random token of 256 bits, scoped to one
// customer, with an expiry; only its hash is stored. Minted when a message is handed to its
// channel, so the clear token never sits in the outbox or the logs.
#pragma once

#include <optional>
#include <string>

#include "shared/model/entities.h"
#include "shared/store/db.h"

namespace encaisse {

struct MintedLink {
  std::string token;
  std::string url;  // portal_url + "/p/" + token
};

// The company's portal address without its trailing slashes, for "<base>/p/..." and "<base>/portal".
std::string PortalBaseUrl(const std::string& portal_url);

Result<MintedLink> MintPortalLink(Db& db, Id customer_id, std::optional<Id> reminder_id, const std::string& portal_url,
                                  Date today, int valid_days, const std::string& now);
// The customer of a live link (not expired on `today`, not revoked), or nullopt.
Result<std::optional<Id>> ResolvePortalLink(Db& db, const std::string& token, Date today);
// Revokes every link of the customer (the next message carries a fresh one).
Result<int> RevokePortalLinks(Db& db, Id customer_id, const std::string& now);

}  // namespace encaisse
