// A tablet's copy of the server's data: the same schema (the same migrations, so the shared
// queries that build an account, its statement and its aging run on it unchanged), filled
// only by pulled changes (shared/store/sync_pull.h).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "shared/store/store.h"

namespace encaisse {

// Opens or creates a replica. Its triggers are dropped (the rows arrive as the server computed
// them: a trigger replayed here would count a payment twice) and foreign keys are not checked
// (a page may bring a row before its parent).
Result<Store> OpenReplica(const std::string& path, const OpenOptions& options = {});

// Applies the "changes" array of a pull in one transaction: an upsert writes the row (the
// server's columns that this table has; an unknown table or column is refused); a delete
// removes it, and a deleted customer takes everything under it. Nothing is applied when one
// change is malformed; the error names its position.
Status ApplyPulledChanges(Db& replica, const nlohmann::json& changes);

}  // namespace encaisse
