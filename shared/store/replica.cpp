#include "shared/store/replica.h"

#include <optional>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "shared/sync/cbor_reader.h"
#include "shared/sync/sync_tables.h"

namespace encaisse {
namespace {

using nlohmann::json;

// Runs each statement a query returns, once the query is done (SQLite refuses a DROP while a
// statement still reads the schema).
Status ExecEach(Db& db, std::string_view query) {
  std::vector<std::string> statements;
  {
    auto st = db.Prepare(query);
    if (!st.ok()) return st.status();
    for (;;) {
      auto row = st->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      statements.emplace_back(st->Text(0));
    }
  }
  for (const auto& sql : statements) ENC_RETURN_IF_ERROR(db.Exec(sql));
  return Status::Ok();
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
  explicit PageReader(Db& db)
      : db_(db), upserts_(SyncTables().size()), replaces_(SyncTables().size()), widths_(SyncTables().size(), 0) {}

  // ---- nlohmann::json SAX interface ----
  bool null() { return Value(Null{}); }
  bool boolean(bool v) { return Value(Bool{v}); }
  bool number_integer(int64_t v) { return Value(v); }
  bool number_unsigned(uint64_t v) {
    if (v > static_cast<uint64_t>(INT64_MAX)) return Fail("a number is out of range");
    return Value(static_cast<int64_t>(v));
  }
  bool number_float(double, const std::string&) { return Fail("numbers are integers"); }
  // A row's text is swapped into the row's own slot: no copy, and the reader gets the slot's old
  // buffer back, with its room, for the next text (moved out, it would grow again from nothing).
  bool string(std::string& v) {
    if (depth_ == 4 && in_row_) return RowText(v);
    if (depth_ == 3 && in_changes_) return ChangeText(v);
    return Value(std::move(v));
  }
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
    if (depth_ == 4 && in_changes_ && change_key_ == ChangeKey::kRow) return StartRow();
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
    if (depth_ == 3 && in_changes_) change_key_ = ChangeKeyOf(k);
    return true;
  }
  bool parse_error(size_t position, const std::string&, const nlohmann::detail::exception& e) {
    return Fail("malformed at byte " + std::to_string(position) + ": " + e.what());
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
  // A row's value. Its text keeps its room whatever the column holds in the next rows (a
  // variant would free it at each null, and allocate again at the next text).
  struct Slot {
    enum Kind : uint8_t { kNull, kInteger, kText } kind = kNull;
    int64_t integer = 0;  // a boolean as 0 or 1, as SQLite stores it
    std::string text;
  };
  // A change's fields, read once per change of every page: an enum, not the key's text.
  enum class ChangeKey { kOther, kTable, kId, kOp, kRow };
  enum class Op { kNone, kUpsert, kDelete };
  static ChangeKey ChangeKeyOf(const std::string& k) {
    if (k == "table") return ChangeKey::kTable;
    if (k == "id") return ChangeKey::kId;
    if (k == "op") return ChangeKey::kOp;
    if (k == "row") return ChangeKey::kRow;
    return ChangeKey::kOther;  // seq and unknown fields are informative only
  }
  struct Change {
    const SyncTable* table = nullptr;
    int table_index = -1;
    std::optional<Id> id;
    Op op = Op::kNone;
    bool row_done = false;
  };

  bool Skip() { return Fail("unexpected nesting"); }

  bool Value(Scalar v) {
    if (depth_ == 1) {
      if (key_ == "today" && std::holds_alternative<std::string>(v)) page_.today = std::get<std::string>(v);
      if (key_ == "next" && std::holds_alternative<std::string>(v)) page_.next = std::get<std::string>(v);
      if (key_ == "more" && std::holds_alternative<Bool>(v)) page_.more = std::get<Bool>(v).v;
      if (key_ == "copy_rows" && std::holds_alternative<int64_t>(v)) page_.copy_rows = std::get<int64_t>(v);
      return true;
    }
    if (depth_ == 2 && in_settings_) return Setting(std::move(v));
    if (depth_ == 3 && in_columns_) {
      if (!std::holds_alternative<std::string>(v)) return Fail("column names are text");
      names_.push_back(std::get<std::string>(v));
      return true;
    }
    if (depth_ == 3 && in_changes_) return ChangeField(v);
    if (depth_ == 4 && in_row_) return RowValue(v);
    return Fail("unexpected value");
  }

  // A change's field that is not text (text goes to ChangeText).
  bool ChangeField(const Scalar& v) {
    if (change_key_ == ChangeKey::kId) {
      if (!std::holds_alternative<int64_t>(v)) return Fail("id must be an integer");
      change_.id = std::get<int64_t>(v);
    } else if (change_key_ == ChangeKey::kTable) {
      return Fail("table is text");
    } else if (change_key_ == ChangeKey::kOp) {
      return Fail("op is text");
    } else if (change_key_ == ChangeKey::kRow && !std::holds_alternative<Null>(v)) {
      return Fail("row must be a list or null");
    }
    return true;
  }

  bool ChangeText(const std::string& v) {
    switch (change_key_) {
      case ChangeKey::kTable:
        // Pages come table by table: the last table's name is the likely one.
        if (last_table_ < 0 || SyncTables()[static_cast<size_t>(last_table_)].name != v) last_table_ = SyncTableIndex(v);
        if (last_table_ < 0) return Fail("unknown table " + v);
        change_.table_index = last_table_;
        change_.table = &SyncTables()[static_cast<size_t>(last_table_)];
        return true;
      case ChangeKey::kOp:
        if (v == "upsert") change_.op = Op::kUpsert;
        else if (v == "delete") change_.op = Op::kDelete;
        else return Fail("op must be upsert or delete");
        return true;
      case ChangeKey::kId: return Fail("id must be an integer");
      case ChangeKey::kRow: return Fail("row must be a list or null");
      case ChangeKey::kOther: return true;
    }
    return true;
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

  // "columns": {"<table>": [names]}: each name must be a plain identifier before it enters
  // any SQL, and SQLite refuses one the local table lacks; then one prepared upsert per table
  // for the whole page. An upsert on id, not INSERT OR REPLACE: REPLACE may delete rows, so
  // SQLite copies every page each insert touches into a statement journal, a third of the
  // apply's time.
  bool EndColumns() {
    const int at = SyncTableIndex(columns_table_);
    if (at < 0) return Fail("unknown table " + columns_table_);
    const size_t index = static_cast<size_t>(at);
    const SyncTable* table = &SyncTables()[index];
    if (names_.empty() || names_[0] != "id") return Fail("the first column of " + columns_table_ + " must be id");
    std::string into = std::string(table->name) + " (", values = ") VALUES (", updates;
    for (size_t i = 0; i < names_.size(); ++i) {
      if (names_[i].find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") != std::string::npos)
        return Fail("unknown column " + columns_table_ + "." + names_[i]);
      into += (i ? "," : "") + names_[i];
      values += i ? ",?" : "?";
      if (i) updates += (i > 1 ? "," : "") + names_[i] + "=excluded." + names_[i];
    }
    const std::string upsert = "INSERT INTO " + into + values + ") ON CONFLICT(id) DO " +
                               (updates.empty() ? "NOTHING" : "UPDATE SET " + updates);
    auto st = db_.Prepare(upsert);
    if (!st.ok()) return Fail(st.status().message());
    upserts_[index] = std::move(*st);
    replaces_[index] = "INSERT OR REPLACE INTO " + into + values + ")";
    widths_[index] = static_cast<int>(names_.size());
    return true;
  }

  bool StartRow() {
    if (!change_.table) return Fail("a row before its table");
    if (change_.op != Op::kUpsert) return Fail("only an upsert has a row");
    if (!upserts_[change_.table_index]) return Fail("no columns for " + std::string(change_.table->name));
    row_size_ = 0;
    in_row_ = true;
    return true;
  }

  bool RowValue(const Scalar& v) {
    if (row_size_ == 0 && (!std::holds_alternative<int64_t>(v) || !change_.id || std::get<int64_t>(v) != *change_.id))
      return Fail("the row's id does not match the change's");
    Slot* slot = NextSlot();
    if (!slot) return false;
    if (std::holds_alternative<Null>(v)) {
      slot->kind = Slot::kNull;
    } else {
      slot->kind = Slot::kInteger;
      slot->integer = std::holds_alternative<Bool>(v) ? (std::get<Bool>(v).v ? 1 : 0) : std::get<int64_t>(v);
    }
    return true;
  }

  bool RowText(std::string& v) {
    if (row_size_ == 0) return Fail("the row's id does not match the change's");  // the id is an integer
    Slot* slot = NextSlot();
    if (!slot) return false;
    slot->kind = Slot::kText;
    slot->text.swap(v);
    return true;
  }

  // The row's next value, in a slot kept from the rows before.
  Slot* NextSlot() {
    if (row_size_ == static_cast<size_t>(widths_[change_.table_index])) {
      (void)Fail("the row has more values than columns");
      return nullptr;
    }
    if (row_size_ == row_.size()) row_.emplace_back();
    return &row_[row_size_++];
  }

  bool EndRow() {
    in_row_ = false;
    if (row_size_ != static_cast<size_t>(widths_[change_.table_index])) return Fail("the row has fewer values than columns");
    Status s = BindRow(*upserts_[change_.table_index]).Run();
    // A page sends each row once, in its latest state, so a row may take a secondary unique
    // key (an invoice number) that an older row still holds until a later change in the page
    // moves it. REPLACE drops that older row, as the server's state says it must go. The
    // constraint fails before anything is written, so the retry starts clean.
    if (s.code() == Code::kConflict) {
      auto replace = db_.Prepare(replaces_[change_.table_index]);
      if (!replace.ok()) return Fail(replace.status().message());
      s = BindRow(*replace).Run();
    }
    if (!s.ok()) return Fail(s.message());
    change_.row_done = true;
    return true;
  }

  Statement& BindRow(Statement& st) {
    for (size_t i = 0; i < row_size_; ++i) {
      const int at = static_cast<int>(i) + 1;
      const Slot& v = row_[i];
      if (v.kind == Slot::kNull) st.BindNull(at);
      else if (v.kind == Slot::kInteger) st.Bind(at, v.integer);
      else st.BindUnowned(at, v.text);  // the row outlives the statement's Run
    }
    return st;
  }

  bool EndChange() {
    if (!change_.table || !change_.id || change_.op == Op::kNone) return Fail("table, id and op are required");
    if (change_.op == Op::kUpsert && !change_.row_done) return Fail("an upsert needs its row");
    if (change_.op == Op::kDelete) {
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
  std::string key_, columns_table_;
  ChangeKey change_key_ = ChangeKey::kOther;
  int last_table_ = -1;  // the table of the change before
  bool in_columns_ = false, in_settings_ = false, in_changes_ = false, in_row_ = false;
  std::vector<std::string> names_;
  std::vector<std::optional<Statement>> upserts_;
  std::vector<std::string> replaces_;  // prepared only when an upsert meets a secondary key
  std::vector<int> widths_;
  Change change_;
  std::vector<Slot> row_;  // kept until the row ends, in case it must be written again
  size_t row_size_ = 0;      // the values of this row in row_ (the rest: slots kept for their room)
};

// A CBOR page is a map: its first byte is a map's head (0xA0..0xBF), which no JSON text starts
// with. The tablet asks for CBOR; a server that only speaks JSON still answers it.
bool IsCborPage(std::string_view body) {
  return !body.empty() && (static_cast<unsigned char>(body.front()) & 0xE0) == 0xA0;
}

// ..."next":"<cursor>","more":true}
std::optional<PageEnd> PeekJsonPageEnd(std::string_view body) {
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

// ... "next" <cursor> "more" <true|false>, as CBOR text and simple values (a cursor is digits
// and colons, under 256 bytes: a head of one or two bytes).
std::optional<PageEnd> PeekCborPageEnd(std::string_view body) {
  PageEnd end;
  constexpr std::string_view kMore = "\x64more", kNext = "\x64next";
  if (body.ends_with('\xF5')) end.more = true;
  else if (!body.ends_with('\xF4')) return std::nullopt;
  body.remove_suffix(1);
  if (!body.ends_with(kMore)) return std::nullopt;
  body.remove_suffix(kMore.size());
  const size_t at = body.rfind(kNext);
  if (at == std::string_view::npos) return std::nullopt;
  std::string_view cursor = body.substr(at + kNext.size());
  if (cursor.empty()) return std::nullopt;
  const auto head = static_cast<unsigned char>(cursor.front());
  size_t length = 0;
  if (head >= 0x60 && head < 0x78) {
    length = head - 0x60u;
    cursor.remove_prefix(1);
  } else if (head == 0x78 && cursor.size() >= 2) {
    length = static_cast<unsigned char>(cursor[1]);
    cursor.remove_prefix(2);
  } else {
    return std::nullopt;
  }
  if (length == 0 || cursor.size() != length || cursor.find_first_not_of("0123456789:") != std::string_view::npos)
    return std::nullopt;
  end.next = std::string(cursor);
  return end;
}

}  // namespace

Result<Store> OpenReplica(const std::string& path, const OpenOptions& options) {
  auto store = Store::Open(path, options);
  if (!store.ok()) return store.status();
  Db& db = store->db();
  ENC_RETURN_IF_ERROR(ExecEach(db, "SELECT 'DROP TRIGGER \"' || replace(name, '\"', '\"\"') || '\"' FROM sqlite_master WHERE type = 'trigger'"));
  // Indexes only the server's own work reads: the dunning run's walk by due date and a
  // payment's undo. Every pulled invoice and allocation paid for them: 3 MB of the 24 MB a
  // tablet with 100 000 invoices reads at each start, and a fifth of the apply's time. (A
  // later migration that touches them says IF EXISTS.)
  ENC_RETURN_IF_ERROR(db.Exec(
      "DROP INDEX IF EXISTS invoices_due; DROP INDEX IF EXISTS allocations_payment; PRAGMA foreign_keys = OFF;"
      "CREATE TABLE IF NOT EXISTS deferred_indexes (name TEXT PRIMARY KEY, sql TEXT NOT NULL)"));
  ENC_RETURN_IF_ERROR(RestoreIndexes(db));  // left deferred by a first sync that never ended
  return store;
}

// No transaction: each step may stop half way and the next Restore still ends right, as it
// builds the listed indexes that are missing, then forgets the list.
Status DeferIndexes(Db& replica) {
  // Indexes made by CREATE INDEX (origin 'c') that enforce nothing: the unique ones stay, as
  // the upsert's fallback relies on them.
  ENC_RETURN_IF_ERROR(replica.Exec(
      "INSERT OR IGNORE INTO deferred_indexes SELECT m.name, m.sql FROM sqlite_master m "
      "WHERE m.type = 'index' AND m.name IN (SELECT l.name FROM sqlite_master t, pragma_index_list(t.name) l "
      "WHERE t.type = 'table' AND l.origin = 'c' AND NOT l.\"unique\")"));
  return ExecEach(replica, "SELECT 'DROP INDEX IF EXISTS \"' || replace(name, '\"', '\"\"') || '\"' FROM deferred_indexes");
}

Status RestoreIndexes(Db& replica) {
  ENC_RETURN_IF_ERROR(ExecEach(  // the CREATE INDEX texts as SQLite stored them
      replica, "SELECT sql FROM deferred_indexes WHERE name NOT IN (SELECT name FROM sqlite_master) ORDER BY name"));
  // WHERE: no truncation, which would write the file even with nothing to delete (a tablet
  // saves a written replica whole, tens of megabytes, after each start).
  return replica.Exec("DELETE FROM deferred_indexes WHERE name IS NOT NULL");
}

Result<AppliedPage> ApplyPullPage(Db& replica, std::string_view body) {
  auto tx = Transaction::Begin(replica);
  if (!tx.ok()) return tx.status();
  AppliedPage page;
  {
    PageReader reader(replica);
    bool parsed;
    if (IsCborPage(body)) {
      CborError error;
      parsed = ReadCbor(body, reader, &error);
      if (!error.why.empty()) (void)reader.Fail("malformed at byte " + std::to_string(error.at) + ": " + error.why);
    } else {
      parsed = json::sax_parse(body.begin(), body.end(), &reader);
    }
    if (!parsed) (void)reader.Fail("not a pull page");
    ENC_RETURN_IF_ERROR(reader.Result(&page));
  }  // the page's statements go back to the cache before the commit
  ENC_RETURN_IF_ERROR(tx->Commit());
  return page;
}

std::optional<PageEnd> PeekPageEnd(std::string_view body) {
  return IsCborPage(body) ? PeekCborPageEnd(body) : PeekJsonPageEnd(body);
}

}  // namespace encaisse
