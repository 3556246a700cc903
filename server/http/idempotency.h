// Idempotency-Key: the first answer to a state-changing request is kept, so that a client
// retrying after a lost answer gets that answer again instead of a second payment or note.
// The key is reserved before the request is applied: a concurrent duplicate waits its turn
// (409) instead of running twice.
#pragma once

#include <optional>
#include <string>

#include "shared/model/entities.h"
#include "shared/store/db.h"

namespace encaisse {

struct StoredAnswer {
  int status = 0;
  std::string body;
};

// Reserves (user, key) for a request with this fingerprint. Returns the stored answer when
// the same request was already answered; Refused when the key was used for another request;
// Conflict while the first one is still running; nullopt when the caller should go ahead.
Result<std::optional<StoredAnswer>> ReserveIdempotencyKey(Db& db, Id user_id, const std::string& key,
                                                          const std::string& fingerprint, const std::string& now);
Status StoreIdempotentAnswer(Db& db, Id user_id, const std::string& key, const StoredAnswer& answer);
// Frees the key after a failure that changed nothing (5xx), so that a retry runs again.
Status ReleaseIdempotencyKey(Db& db, Id user_id, const std::string& key);

}  // namespace encaisse
