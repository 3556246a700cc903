#include "shared/store/migrations.h"

#include "shared/store/schema_v1.h"
#include "shared/store/schema_v2.h"
#include "shared/store/schema_v3.h"
#include "shared/store/schema_v4.h"
#include "shared/store/schema_v5.h"
#include "shared/store/schema_v6.h"
#include "shared/store/schema_v7.h"

namespace encaisse {

const std::vector<Migration>& Migrations() {
  static const std::vector<Migration> kMigrations = {
      {1, kSchemaV1},
      {2, kSchemaV2},
      {3, kSchemaV3},
      {4, kSchemaV4},
      {5, kSchemaV5},
      {6, kSchemaV6},
      {7, kSchemaV7},
  };
  return kMigrations;
}

int LatestSchemaVersion() { return Migrations().back().version; }

Result<int> SchemaVersion(Db& db) {
  auto version = db.QueryInt("PRAGMA user_version");
  if (!version.ok()) return version.status();
  return static_cast<int>(*version);
}

Status Migrate(Db& db) { return Migrate(db, Migrations()); }

Status Migrate(Db& db, const std::vector<Migration>& migrations) {
  auto current = SchemaVersion(db);
  if (!current.ok()) return current.status();
  const int latest = migrations.empty() ? 0 : migrations.back().version;
  if (*current > latest) {
    return Status::Conflict("database " + db.path() + " has schema version " + std::to_string(*current) +
                            ", newer than this program knows (" + std::to_string(latest) +
                            "): upgrade Encaisse before opening it");
  }
  for (const Migration& m : migrations) {
    if (m.version <= *current) continue;
    auto tx = Transaction::Begin(db);
    if (!tx.ok()) return tx.status();
    Status applied = db.Exec(std::string(m.sql));
    if (!applied.ok())
      return Status::Internal("migration " + std::to_string(m.version) + " failed: " + applied.message());
    // PRAGMA takes no bound parameters; the version is an integer from our own table.
    ENC_RETURN_IF_ERROR(db.Exec("PRAGMA user_version = " + std::to_string(m.version)));
    ENC_RETURN_IF_ERROR(tx->Commit());
  }
  return Status::Ok();
}

}  // namespace encaisse
