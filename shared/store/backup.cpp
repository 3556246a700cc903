#include "shared/store/backup.h"

#include "shared/store/migrations.h"
#include "shared/store/store.h"

namespace encaisse {
namespace {

// Copies every page of `from` into `to` in one step (one read snapshot of the source).
Status Copy(Db& from, Db& to, const std::string& what) {
  sqlite3_backup* b = sqlite3_backup_init(to.raw(), "main", from.raw(), "main");
  if (!b) return Status::Internal(what + ": " + sqlite3_errmsg(to.raw()));
  const int step = sqlite3_backup_step(b, -1);
  const int finish = sqlite3_backup_finish(b);
  if (step != SQLITE_DONE) return Status::Internal(what + ": " + sqlite3_errstr(step));
  if (finish != SQLITE_OK) return Status::Internal(what + ": " + sqlite3_errstr(finish));
  return Status::Ok();
}

}  // namespace

Status BackupDatabase(Db& source, const std::string& to_path) {
  auto dest = Db::Open(to_path, OpenOptions{.wal = false});
  if (!dest.ok()) return dest.status();
  auto pages = dest->QueryInt("PRAGMA page_count");
  if (!pages.ok()) return pages.status();
  if (*pages > 0) return Status::Conflict(to_path + " is not empty: a backup never overwrites a database");
  return Copy(source, *dest, "backup to " + to_path);
}

Status CheckBackup(const std::string& path) {
  auto db = Db::Open(path, OpenOptions{.wal = false, .create = false});
  if (!db.ok()) return db.status();
  auto st = db->Prepare("PRAGMA integrity_check");
  if (!st.ok()) return st.status();
  auto row = st->Step();
  if (!row.ok()) return row.status();
  if (!*row || st->Text(0) != "ok") return Status::Invalid(path + ": SQLite's integrity check failed: " + std::string(st->Text(0)));
  st->Reset();
  auto version = SchemaVersion(*db);
  if (!version.ok()) return version.status();
  if (*version < 1 || *version > LatestSchemaVersion())
    return Status::Invalid(path + ": schema version " + std::to_string(*version) + " is not one this program knows");
  auto entries = db->QueryInt("SELECT count(*) FROM change_log");
  auto top = db->QueryInt("SELECT coalesce(max(seq), 0) FROM change_log");
  if (!entries.ok() || !top.ok()) return entries.ok() ? top.status() : entries.status();
  if (*entries != *top)
    return Status::Invalid(path + ": the change log has gaps (" + std::to_string(*entries) + " entries up to " + std::to_string(*top) + ")");
  // The ledger check reads through a store, and opening a store migrates: an older backup is
  // checked as far as the above, and migrated (then served) only once restored.
  if (*version != LatestSchemaVersion()) return Status::Ok();
  auto store = Store::Open(path, OpenOptions{.wal = false, .create = false});
  if (!store.ok()) return store.status();
  return store->VerifyLedger();
}

Status RestoreDatabase(const std::string& from_path, const std::string& to_path) {
  ENC_RETURN_IF_ERROR(CheckBackup(from_path));
  auto from = Db::Open(from_path, OpenOptions{.wal = false, .create = false});
  if (!from.ok()) return from.status();
  auto to = Db::Open(to_path);
  if (!to.ok()) return to.status();
  return Copy(*from, *to, "restore into " + to_path);
}

}  // namespace encaisse
