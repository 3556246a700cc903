#include "client_wasm/local_store.h"

#include <cstdio>

#include "client_wasm/browser.h"
#include "shared/store/replica.h"

namespace encaisse::client {
namespace {

constexpr const char* kReplicaPath = "/data/replica.db";  // web/app/boot.js reads it apart
constexpr const char* kActionsPath = "/data/actions.db";
// IndexedDB files have no shared memory: no WAL (shared/store/db.h).
const OpenOptions kOptions{.wal = false, .cache_kib = 32768};

}  // namespace

Status LocalStore::OpenReplicaFile() {
  auto r = encaisse::OpenReplica(kReplicaPath, kOptions);
  if (!r.ok()) return r.status();
  replica_.emplace(std::move(r).value());
  // A replica can be rebuilt from the server: speed over durability. Its rollback journal stays
  // in memory: /data reaches IndexedDB only between transactions (PersistData runs between
  // frames, and a page is applied within one), so a saved file is never half a transaction.
  ENC_RETURN_IF_ERROR(replica_->db().Exec("PRAGMA journal_mode = MEMORY"));
  return replica_->db().Exec("PRAGMA synchronous = OFF");
}

Status LocalStore::Open() {
  auto a = Db::Open(kActionsPath, kOptions);
  if (!a.ok()) return a.status();
  actions_.emplace(std::move(a).value());
  ENC_RETURN_IF_ERROR(actions_->Exec(
      "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
      "CREATE TABLE IF NOT EXISTS actions (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,"
      " json TEXT NOT NULL, state TEXT NOT NULL DEFAULT 'pending', reason TEXT NOT NULL DEFAULT '',"
      " created_at TEXT NOT NULL, summary TEXT NOT NULL DEFAULT '')"));
  return Status::Ok();
}

Status LocalStore::OpenReplica() {
  // The replica only keeps the server's data for offline use: one that cannot be read (a save
  // cut short) or is not there (IndexedDB failed to give it back) is pulled again from the start.
  std::FILE* file = std::fopen(kReplicaPath, "rb");
  const bool present = file != nullptr;
  if (present) std::fclose(file);
  if (present && OpenReplicaFile().ok()) return Status::Ok();
  if (!Get("cursor").empty()) ENC_RETURN_IF_ERROR(Set("cursor", "0"));  // signed in: from the start
  return NewReplica();
}

std::string LocalStore::Get(const std::string& key) const {
  auto st = actions_->Prepare("SELECT value FROM meta WHERE key = ?");
  if (!st.ok()) return "";
  st->Bind(1, key);
  auto row = st->Step();
  return row.ok() && *row ? std::string(st->Text(0)) : std::string();
}

Status LocalStore::Set(const std::string& key, const std::string& value) {
  auto st = actions_->Prepare("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
  if (!st.ok()) return st.status();
  return st->Bind(1, key).Bind(2, value).Run();
}

Status LocalStore::Record(const Mutation& m, const std::string& summary) {
  auto st = actions_->Prepare("INSERT INTO actions (id, kind, json, created_at, summary) VALUES (?, ?, ?, ?, ?)");
  if (!st.ok()) return st.status();
  return st->Bind(1, m.id).Bind(2, ToString(m.kind)).Bind(3, ToJson(m).dump()).Bind(4, m.created_at).Bind(5, summary).Run();
}

std::vector<PendingAction> LocalStore::Actions(const char* state_filter) const {
  std::vector<PendingAction> out;
  auto st = actions_->Prepare(state_filter
                                  ? "SELECT id, kind, json, state, reason, created_at, summary FROM actions WHERE state = ? ORDER BY seq"
                                  : "SELECT id, kind, json, state, reason, created_at, summary FROM actions ORDER BY seq");
  if (!st.ok()) return out;
  if (state_filter) st->Bind(1, state_filter);
  for (;;) {
    auto row = st->Step();
    if (!row.ok() || !*row) break;
    out.push_back({std::string(st->Text(0)), std::string(st->Text(1)), std::string(st->Text(2)), std::string(st->Text(3)),
                   std::string(st->Text(4)), std::string(st->Text(5)), std::string(st->Text(6))});
  }
  return out;
}

Status LocalStore::MarkResult(const std::string& id, const std::string& state, const std::string& reason) {
  auto st = actions_->Prepare("UPDATE actions SET state = ?, reason = ? WHERE id = ?");
  if (!st.ok()) return st.status();
  return st->Bind(1, state).Bind(2, reason).Bind(3, id).Run();
}

int LocalStore::CountPending() const {
  auto n = actions_->QueryInt("SELECT count(*) FROM actions WHERE state = 'pending'");
  return n.ok() ? static_cast<int>(*n) : 0;
}

void LocalStore::ReserveReplica(int64_t rows) {
  // 88 bytes a row with the indexes, measured on a first sync of 228 132 rows (bench_sync's
  // replica, 20 156 416 bytes); some margin above: a short guess costs one more copy, not more.
  constexpr double kBytesPerRow = 96;
  ReserveFile(kReplicaPath, static_cast<double>(rows) * kBytesPerRow);
}

Status LocalStore::Wipe() {
  ENC_RETURN_IF_ERROR(actions_->Exec("DELETE FROM actions; DELETE FROM meta WHERE key <> 'server' AND key <> 'device_id'"));
  return NewReplica();
}

Status LocalStore::NewReplica() {
  replica_.reset();
  for (const char* suffix : {"", "-journal"}) std::remove((std::string(kReplicaPath) + suffix).c_str());
  return OpenReplicaFile();
}

}  // namespace encaisse::client
