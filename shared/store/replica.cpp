#include "shared/store/replica.h"

#include <map>
#include <set>
#include <vector>

#include "shared/sync/sync_tables.h"

namespace encaisse {
namespace {

using nlohmann::json;

// Column names of the local tables, read once: a pulled row's keys are checked against them
// before any is written into SQL, so a hostile or newer server cannot inject SQL text.
class Columns {
 public:
  explicit Columns(Db& db) : db_(db) {}
  Result<const std::set<std::string, std::less<>>*> Of(std::string_view table) {
    auto it = known_.find(table);
    if (it != known_.end()) return &it->second;
    auto st = db_.Prepare("SELECT name FROM pragma_table_info(?)");
    if (!st.ok()) return st.status();
    st->Bind(1, table);
    std::set<std::string, std::less<>> names;
    for (;;) {
      auto row = st->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      names.emplace(st->Text(0));
    }
    return &known_.emplace(std::string(table), std::move(names)).first->second;
  }

 private:
  Db& db_;
  std::map<std::string, std::set<std::string, std::less<>>, std::less<>> known_;
};

Status Bad(size_t index, const std::string& why) {
  return Status::Invalid("change " + std::to_string(index) + ": " + why, "changes");
}

Status Upsert(Db& db, Columns& columns, const SyncTable& table, Id id, const json& row, size_t index) {
  if (!row.is_object()) return Bad(index, "row must be an object");
  auto id_it = row.find("id");
  if (id_it == row.end() || !id_it->is_number_integer() || id_it->get<int64_t>() != id)
    return Bad(index, "row id does not match the change id");
  auto known = columns.Of(table.name);
  if (!known.ok()) return known.status();
  std::string names, marks;
  std::vector<const json*> values;
  for (auto it = row.begin(); it != row.end(); ++it) {
    if (!(*known)->count(it.key())) return Bad(index, "unknown column " + std::string(table.name) + "." + it.key());
    names += (values.empty() ? "" : ",") + it.key();  // a column name checked above, not a value
    marks += values.empty() ? "?" : ",?";
    values.push_back(&it.value());
  }
  auto st = db.Prepare("INSERT OR REPLACE INTO " + std::string(table.name) + " (" + names + ") VALUES (" + marks + ")");
  if (!st.ok()) return st.status();
  for (size_t i = 0; i < values.size(); ++i) {
    const json& v = *values[i];
    const int at = static_cast<int>(i) + 1;
    if (v.is_null()) st->BindNull(at);
    else if (v.is_number_integer()) st->Bind(at, v.get<int64_t>());
    else if (v.is_boolean()) st->Bind(at, v.get<bool>() ? 1 : 0);
    else if (v.is_string()) st->Bind(at, v.get_ref<const std::string&>());
    else return Bad(index, "values must be integers, text or null");
  }
  return st->Run();
}

Status Delete(Db& db, const SyncTable& table, Id id) {
  if (table.name == "customers") {  // the account and everything under it, children first
    const auto tables = SyncTables();
    for (size_t t = tables.size(); t-- > 0;) {
      if (tables[t].customer_of.empty() || tables[t].name == "customers") continue;
      auto st = db.Prepare("DELETE FROM " + std::string(tables[t].name) + " WHERE " + std::string(tables[t].customer_of) + " = ?");
      if (!st.ok()) return st.status();
      ENC_RETURN_IF_ERROR(st->Bind(1, id).Run());
    }
  }
  auto st = db.Prepare("DELETE FROM " + std::string(table.name) + " WHERE id = ?");
  if (!st.ok()) return st.status();
  return st->Bind(1, id).Run();
}

}  // namespace

Result<Store> OpenReplica(const std::string& path, const OpenOptions& options) {
  auto store = Store::Open(path, options);
  if (!store.ok()) return store.status();
  Db& db = store->db();
  auto list = db.Prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'");
  if (!list.ok()) return list.status();
  std::vector<std::string> triggers;
  for (;;) {
    auto row = list->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    triggers.emplace_back(list->Text(0));
  }
  for (const auto& name : triggers) {
    std::string quoted = "\"";
    for (char c : name) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    ENC_RETURN_IF_ERROR(db.Exec("DROP TRIGGER IF EXISTS " + quoted + "\""));
  }
  ENC_RETURN_IF_ERROR(db.Exec("PRAGMA foreign_keys = OFF"));
  return store;
}

Status ApplyPulledChanges(Db& replica, const json& changes) {
  if (!changes.is_array()) return Status::Invalid("changes must be a list", "changes");
  auto tx = Transaction::Begin(replica);
  if (!tx.ok()) return tx.status();
  Columns columns(replica);
  for (size_t i = 0; i < changes.size(); ++i) {
    const json& c = changes[i];
    if (!c.is_object()) return Bad(i, "must be an object");
    auto table = c.find("table");
    auto id = c.find("id");
    auto op = c.find("op");
    if (table == c.end() || !table->is_string()) return Bad(i, "table is required");
    const SyncTable* t = FindSyncTable(table->get_ref<const std::string&>());
    if (!t) return Bad(i, "unknown table " + table->get<std::string>());
    if (id == c.end() || !id->is_number_integer()) return Bad(i, "id must be an integer");
    if (op == c.end() || !op->is_string()) return Bad(i, "op is required");
    if (*op == "upsert") {
      auto row = c.find("row");
      if (row == c.end()) return Bad(i, "an upsert needs its row");
      ENC_RETURN_IF_ERROR(Upsert(replica, columns, *t, id->get<int64_t>(), *row, i));
    } else if (*op == "delete") {
      ENC_RETURN_IF_ERROR(Delete(replica, *t, id->get<int64_t>()));
    } else {
      return Bad(i, "op must be upsert or delete");
    }
  }
  return tx->Commit();
}

}  // namespace encaisse
