// Numbered schema migrations. Each one runs in its own transaction with the version it
// reaches recorded in the same transaction, so a crash leaves the database at a version,
// never between two. A database newer than the code is refused, not touched.
#pragma once

#include <string_view>
#include <vector>

#include "shared/store/db.h"

namespace encaisse {

struct Migration {
  int version;
  std::string_view sql;
};

// The migrations this build knows, in order (version 1, 2, ...).
const std::vector<Migration>& Migrations();
int LatestSchemaVersion();

// The schema version recorded in the database (0 for an empty one).
Result<int> SchemaVersion(Db& db);
// Brings the database to LatestSchemaVersion() (or to `migrations`' last version, for tests).
Status Migrate(Db& db);
Status Migrate(Db& db, const std::vector<Migration>& migrations);

}  // namespace encaisse
