// A tablet's copy of the server's data: the same schema (the same migrations, so the shared
// queries that build an account, its statement and its aging run on it unchanged), filled
// only by pulled pages (shared/store/sync_pull.h).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "shared/store/store.h"

namespace encaisse {

// Opens or creates a replica. Its triggers are dropped (the rows arrive as the server computed
// them: a trigger replayed here would count a payment twice) and foreign keys are not checked
// (a page may bring a row before its parent). The indexes only the server reads are dropped.
Result<Store> OpenReplica(const std::string& path, const OpenOptions& options = {});

// A first sync copies every row into an empty replica, where building each index once at the
// end (CREATE INDEX sorts the rows) costs less than keeping it up row by row. DeferIndexes drops
// the indexes no constraint needs and keeps their SQL in the replica; RestoreIndexes builds
// them again (nothing to do when none are deferred), and OpenReplica does so for a sync that
// never ended. Queries are right either way, only slower in between.
Status DeferIndexes(Db& replica);
Status RestoreIndexes(Db& replica);

struct AppliedPage {
  std::string today;  // the server's day
  std::string next;   // the cursor for the next pull
  bool more = false;
  int64_t changes = 0;
  int64_t copy_rows = -1;  // a first sync's first page: the rows its copy sends; else -1
};

// Applies one pull page (the body as received, JSON or CBOR: shared/store/sync_pull.h) in one
// transaction: the company's settings and rate tables, then the changes: an upsert writes the
// row, a delete removes it, and a deleted customer takes everything under it. The body is
// streamed (no document tree: a first sync of 100 000 invoices is tens of megabytes), each row
// written as it ends. A table or column this replica does not have, a row whose size does not
// match its columns, or any malformed part refuses the whole page, naming the change.
Result<AppliedPage> ApplyPullPage(Db& replica, std::string_view body);

// The cursor and "more" a page ends with, read from its last bytes without decoding it (the
// server writes them last: shared/store/sync_pull.cpp), so that a tablet can ask for the next
// page while it applies this one. nullopt when the tail is not in that form. A hint only: the
// decoded page (ApplyPullPage) is the authority, and a caller checks the two agree.
struct PageEnd {
  std::string next;
  bool more = false;
};
std::optional<PageEnd> PeekPageEnd(std::string_view body);

}  // namespace encaisse
