#include "shared/store/replica.h"

#include <optional>
#include <set>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "shared/sync/sync_tables.h"

namespace encaisse {
namespace {

using nlohmann::json;

// The column names of a local table.
Result<std::set<std::string, std::less<>>> LocalColumns(Db& db, std::string_view table) {
  auto st = db.Prepare("SELECT name FROM pragma_table_info(?)");
  if (!st.ok()) return st.status();
  st->Bind(1, table);
  std::set<std::string, std::less<>> names;
  for (;;) {
    auto row = st->Step();
    if (!row.ok()) return row.status();
    if (!*row) return names;
    names.emplace(st->Text(0));
  }
}

Status DeleteRow(Db& db, const SyncTable& table, Id id) {
  // The SQL joins only the table descriptors' constants (shared/sync/sync_tables.h).
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

// A SAX handler over one page: a small state machine that writes each change as its values
// stream in. Any return of false stops the parse; error_ says why.
class PageReader {
 public:
  explicit PageReader(Db& db) : db_(db), inserts_(SyncTables().size()), widths_(SyncTables().size(), 0) {}

  // ---- nlohmann::json SAX interface ----
  bool null() { return Value(Null{}); }
  bool boolean(bool v) { return Value(Bool{v}); }
  bool number_integer(int64_t v) { return Value(v); }
  bool number_unsigned(uint64_t v) {
    if (v > static_cast<uint64_t>(INT64_MAX)) return Fail("a number is out of range");
    return Value(static_cast<int64_t>(v));
  }
  bool number_float(double, const std::string&) { return Fail("numbers are integers"); }
  bool string(std::string& v) { return Value(std::move(v)); }
  bool binary(json::binary_t&) { return Fail("unexpected binary value"); }
  bool start_object(size_t) {
    ++depth_;
    if (depth_ == 1) return true;
    if (depth_ == 2 && key_ == "columns") return (in_columns_ = true);
    if (depth_ == 2 && key_ == "settings") return (in_settings_ = true);
    if (depth_ == 3 && in_changes_) {
      change_ = Change{};
      return true;
    }
    return Skip();
  }
  bool end_object() {
    --depth_;
    if (depth_ == 1 && in_columns_) in_columns_ = false;
    if (depth_ == 1 && in_settings_) in_settings_ = false;
    if (depth_ == 2 && in_changes_) return EndChange();
    return true;
  }
  bool start_array(size_t) {
    ++depth_;
    if (depth_ == 2 && key_ == "changes") return (in_changes_ = true);
    if (depth_ == 3 && in_columns_) {
      names_.clear();
      return true;
    }
    if (depth_ == 4 && in_changes_ && change_key_ == "row") return StartRow();
    return Skip();
  }
  bool end_array() {
    --depth_;
    if (depth_ == 1 && in_changes_) in_changes_ = false;
    if (depth_ == 2 && in_columns_) return EndColumns();
    if (depth_ == 3 && in_row_) return EndRow();
    return true;
  }
  bool key(std::string& k) {
    if (depth_ == 1) key_ = k;
    if (depth_ == 2 && (in_columns_ || in_settings_)) columns_table_ = k;
    if (depth_ == 3 && in_changes_) change_key_ = k;
    return true;
  }
  bool parse_error(size_t position, const std::string&, const nlohmann::detail::exception& e) {
    return Fail("not JSON at byte " + std::to_string(position) + ": " + e.what());
  }

  Status Result(AppliedPage* page) {
    if (!error_.empty()) return Status::Invalid(error_, "changes");
    if (page_.next.empty()) return Status::Invalid("the page has no next cursor", "next");
    *page = page_;
    return Status::Ok();
  }
  bool Fail(std::string why) {
    if (error_.empty()) error_ = in_changes_ ? "change " + std::to_string(page_.changes) + ": " + why : std::move(why);
    return false;
  }

 private:
  struct Null {};
  struct Bool {
    bool v;
  };
  using Scalar = std::variant<Null, Bool, int64_t, std::string>;
  struct Change {
    const SyncTable* table = nullptr;
    int table_index = -1;
    std::optional<Id> id;
    std::string op;
    bool row_done = false;
  };

  bool Skip() { return Fail("unexpected nesting"); }

  bool Value(Scalar v) {
    if (depth_ == 1) {
      if (key_ == "today" && std::holds_alternative<std::string>(v)) page_.today = std::get<std::string>(v);
      if (key_ == "next" && std::holds_alternative<std::string>(v)) page_.next = std::get<std::string>(v);
      if (key_ == "more" && std::holds_alternative<Bool>(v)) page_.more = std::get<Bool>(v).v;
      return true;
    }
    if (depth_ == 2 && in_settings_) return Setting(std::move(v));
    if (depth_ == 3 && in_columns_) {
      if (!std::holds_alternative<std::string>(v)) return Fail("column names are text");
      names_.push_back(std::get<std::string>(v));
      return true;
    }
    if (depth_ == 3 && in_changes_) return ChangeField(std::move(v));
    if (depth_ == 4 && in_row_) return RowValue(std::move(v));
    return Fail("unexpected value");
  }

  bool ChangeField(Scalar v) {
    if (change_key_ == "table") {
      if (!std::holds_alternative<std::string>(v)) return Fail("table is text");
      const std::string& name = std::get<std::string>(v);
      change_.table_index = SyncTableIndex(name);
      if (change_.table_index < 0) return Fail("unknown table " + name);
      change_.table = &SyncTables()[static_cast<size_t>(change_.table_index)];
    } else if (change_key_ == "id") {
      if (!std::holds_alternative<int64_t>(v)) return Fail("id must be an integer");
      change_.id = std::get<int64_t>(v);
    } else if (change_key_ == "op") {
      if (!std::holds_alternative<std::string>(v)) return Fail("op is text");
      change_.op = std::get<std::string>(v);
      if (change_.op != "upsert" && change_.op != "delete") return Fail("op must be upsert or delete");
    } else if (change_key_ == "row") {
      if (!std::holds_alternative<Null>(v)) return Fail("row must be a list or null");
    }
    return true;  // seq and unknown fields are informative only
  }

  // "settings": {"company": "<json>", "rates": "<json>"}: stored as the server has them (the
  // store reads and checks them when it loads them). Other keys are not the tablet's.
  bool Setting(Scalar v) {
    if (columns_table_ != "company" && columns_table_ != "rates") return true;
    if (!std::holds_alternative<std::string>(v)) return Fail("settings are JSON text");
    auto st = db_.Prepare("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)");
    if (!st.ok()) return Fail(st.status().message());
    Status s = st->Bind(1, columns_table_).Bind(2, std::get<std::string>(v)).Run();
    return s.ok() || Fail(s.message());
  }

  // "columns": {"<table>": [names]}: each name checked against the local table before it
  // enters any SQL, then one prepared INSERT per table for the whole page.
  bool EndColumns() {
    const int at = SyncTableIndex(columns_table_);
    if (at < 0) return Fail("unknown table " + columns_table_);
    const size_t index = static_cast<size_t>(at);
    const SyncTable* table = &SyncTables()[index];
    auto local = LocalColumns(db_, table->name);
    if (!local.ok()) return Fail(local.status().message());
    if (names_.empty() || names_[0] != "id") return Fail("the first column of " + columns_table_ + " must be id");
    std::string sql = "INSERT OR REPLACE INTO " + std::string(table->name) + " (";
    for (size_t i = 0; i < names_.size(); ++i) {
      if (!local->count(names_[i])) return Fail("unknown column " + columns_table_ + "." + names_[i]);
      sql += (i ? "," : "") + names_[i];
    }
    sql += ") VALUES (";
    for (size_t i = 0; i < names_.size(); ++i) sql += i ? ",?" : "?";
    auto st = db_.Prepare(sql + ")");
    if (!st.ok()) return Fail(st.status().message());
    inserts_[index] = std::move(*st);
    widths_[index] = static_cast<int>(names_.size());
    return true;
  }

  bool StartRow() {
    if (!change_.table) return Fail("a row before its table");
    if (change_.op != "upsert") return Fail("only an upsert has a row");
    if (!inserts_[change_.table_index]) return Fail("no columns for " + std::string(change_.table->name));
    insert_ = &*inserts_[change_.table_index];
    insert_->Reset();
    bound_ = 0;
    in_row_ = true;
    return true;
  }

  bool RowValue(Scalar v) {
    const int at = ++bound_;
    if (at > widths_[change_.table_index]) return Fail("the row has more values than columns");
    if (at == 1 && (!std::holds_alternative<int64_t>(v) || !change_.id || std::get<int64_t>(v) != *change_.id))
      return Fail("the row's id does not match the change's");
    if (std::holds_alternative<Null>(v)) insert_->BindNull(at);
    else if (std::holds_alternative<Bool>(v)) insert_->Bind(at, std::get<Bool>(v).v ? 1 : 0);
    else if (std::holds_alternative<int64_t>(v)) insert_->Bind(at, std::get<int64_t>(v));
    else insert_->Bind(at, std::get<std::string>(v));  // SQLite copies it (SQLITE_TRANSIENT)
    return true;
  }

  bool EndRow() {
    in_row_ = false;
    if (bound_ != widths_[change_.table_index]) return Fail("the row has fewer values than columns");
    Status s = insert_->Run();
    if (!s.ok()) return Fail(s.message());
    change_.row_done = true;
    return true;
  }

  bool EndChange() {
    if (!change_.table || !change_.id || change_.op.empty()) return Fail("table, id and op are required");
    if (change_.op == "upsert" && !change_.row_done) return Fail("an upsert needs its row");
    if (change_.op == "delete") {
      Status s = DeleteRow(db_, *change_.table, *change_.id);
      if (!s.ok()) return Fail(s.message());
    }
    ++page_.changes;
    return true;
  }

  Db& db_;
  AppliedPage page_;
  std::string error_;
  int depth_ = 0;
  std::string key_, columns_table_, change_key_;
  bool in_columns_ = false, in_settings_ = false, in_changes_ = false, in_row_ = false;
  std::vector<std::string> names_;
  std::vector<std::optional<Statement>> inserts_;
  std::vector<int> widths_;
  Change change_;
  Statement* insert_ = nullptr;
  int bound_ = 0;
};

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

Result<AppliedPage> ApplyPullPage(Db& replica, std::string_view body) {
  auto tx = Transaction::Begin(replica);
  if (!tx.ok()) return tx.status();
  AppliedPage page;
  {
    PageReader reader(replica);
    const bool parsed = json::sax_parse(body.begin(), body.end(), &reader);
    if (!parsed) (void)reader.Fail("not a pull page");
    ENC_RETURN_IF_ERROR(reader.Result(&page));
  }  // the page's statements go back to the cache before the commit
  ENC_RETURN_IF_ERROR(tx->Commit());
  return page;
}

std::optional<PageEnd> PeekPageEnd(std::string_view body) {
  while (!body.empty() && (body.back() == ' ' || body.back() == '\n' || body.back() == '\r')) body.remove_suffix(1);
  PageEnd end;
  constexpr std::string_view kMore = "\"more\":true}", kLast = "\"more\":false}", kNext = ",\"next\":\"";
  if (body.ends_with(kMore)) end.more = true;
  else if (!body.ends_with(kLast)) return std::nullopt;
  body.remove_suffix(end.more ? kMore.size() : kLast.size());
  if (!body.ends_with("\",")) return std::nullopt;
  body.remove_suffix(2);
  const size_t at = body.rfind(kNext);
  if (at == std::string_view::npos) return std::nullopt;
  end.next = std::string(body.substr(at + kNext.size()));
  if (end.next.empty() || end.next.find_first_of("\"\\") != std::string::npos) return std::nullopt;
  return end;
}

}  // namespace encaisse
