#include "shared/store/sync_pull.h"

#include <algorithm>
#include <charconv>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "shared/sync/page_encoding.h"
#include "shared/sync/sync_tables.h"

namespace encaisse {
namespace {

constexpr int kMaxLimit = 10000;
constexpr int kScanPerChange = 10;  // log entries read per change a page may hold

Result<int64_t> ParseInt(std::string_view s) {
  int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || v < 0) return Status::Invalid("not a sync cursor", "since");
  return v;
}

// The SQL below joins only the table descriptors' constants (shared/sync/sync_tables.h), never
// a value: every value is bound.
std::string RowByIdSql(const SyncTable& t) { return "SELECT * FROM " + std::string(t.name) + " WHERE id = ?"; }

// A rep's rows of `t` (one of their customers'), the rep bound as `rep_param` ("?3").
std::string InRepScope(const SyncTable& t, const char* rep_param) {
  return std::string(t.customer_of) + " IN (SELECT id FROM customers WHERE rep_id = " + rep_param + ")";
}

std::string CopySql(const SyncTable& t, bool scoped) {
  std::string sql = "SELECT * FROM " + std::string(t.name) + " WHERE id > ?1";
  if (scoped && !t.customer_of.empty()) sql += " AND " + InRepScope(t, "?3");
  return sql + " ORDER BY id LIMIT ?2";
}

// How many rows CopySql sends from the start.
std::string CountSql(const SyncTable& t, bool scoped) {
  std::string sql = "SELECT count(*) FROM " + std::string(t.name);
  if (scoped && !t.customer_of.empty()) sql += " WHERE " + InRepScope(t, "?1");
  return sql;
}

std::string CustomerRowsSql(const SyncTable& t) {
  return "SELECT * FROM " + std::string(t.name) + " WHERE " + std::string(t.customer_of) + " = ?";
}

// Which column of `st` is the table's hidden one, never sent (users.password_hash), or -1. A
// table's rows always come from SELECT *: the same columns in the same order.
int HiddenColumn(sqlite3_stmt* st, std::string_view hidden) {
  if (hidden.empty()) return -1;
  for (int i = 0; i < sqlite3_column_count(st); ++i)
    if (hidden == sqlite3_column_name(st, i)) return i;
  return -1;
}

// The current row of `st` as an array of its values, without the table's hidden column (the
// names go once per page, in "columns").
template <typename Enc>
void AppendRow(std::string& out, sqlite3_stmt* st, int hidden) {
  const int n = sqlite3_column_count(st);
  Enc::Array(out, static_cast<size_t>(n - (hidden >= 0 ? 1 : 0)));
  bool first = true;
  for (int i = 0; i < n; ++i) {
    if (i == hidden) continue;
    Enc::Item(out, first);
    first = false;
    switch (sqlite3_column_type(st, i)) {
      case SQLITE_INTEGER: Enc::Int(out, sqlite3_column_int64(st, i)); break;
      case SQLITE_NULL: Enc::Null(out); break;
      case SQLITE_FLOAT: Enc::Double(out, sqlite3_column_double(st, i)); break;
      default:
        Enc::Text(out, std::string_view(reinterpret_cast<const char*>(sqlite3_column_text(st, i)),
                                        static_cast<size_t>(sqlite3_column_bytes(st, i))));
    }
  }
  Enc::EndArray(out);
}

template <typename Enc>
void AppendColumns(std::string& out, sqlite3_stmt* st, int hidden) {
  const int n = sqlite3_column_count(st);
  Enc::Array(out, static_cast<size_t>(n - (hidden >= 0 ? 1 : 0)));
  bool first = true;
  for (int i = 0; i < n; ++i) {
    if (i == hidden) continue;
    Enc::Item(out, first);
    first = false;
    Enc::Text(out, sqlite3_column_name(st, i));
  }
  Enc::EndArray(out);
}

// The changes of one page, a row at most once (its last mention wins), in log order.
class PageBuilder {
 public:
  explicit PageBuilder(PageFormat format) : cbor_(format == PageFormat::kCbor) {}

  void Upsert(int64_t seq, int table, Id id, sqlite3_stmt* row) {
    if (columns_[table].empty()) {
      hidden_[table] = HiddenColumn(row, SyncTables()[table].hidden);
      if (cbor_) AppendColumns<CborEncoding>(columns_[table], row, hidden_[table]);
      else AppendColumns<JsonEncoding>(columns_[table], row, hidden_[table]);
    }
    Entry& e = Slot(seq, table, id);
    e.op = "upsert";
    e.row.clear();
    if (cbor_) AppendRow<CborEncoding>(e.row, row, hidden_[table]);
    else AppendRow<JsonEncoding>(e.row, row, hidden_[table]);
  }
  void Delete(int64_t seq, int table, Id id) {
    Entry& e = Slot(seq, table, id);
    e.op = "delete";
    e.row.clear();
    if (cbor_) CborEncoding::Null(e.row);
    else JsonEncoding::Null(e.row);
  }
  int size() const { return live_; }

  // The company's settings and rate tables, as stored (JSON text): the tablet computes the
  // penalties and the plan policy with them.
  std::vector<std::pair<std::string, std::string>> settings;
  std::optional<int64_t> copy_rows;  // on a first sync's first page

  std::string Finish(Date today, const SyncCursor& next, bool more) const {
    return cbor_ ? Write<CborEncoding>(today, next, more) : Write<JsonEncoding>(today, next, more);
  }

 private:
  // Keys in this order (the tablet's decoder binds values as they stream in: it must know the
  // columns before the rows, and a change's table before its row), "next" and "more" last
  // (PeekPageEnd reads them there).
  template <typename Enc>
  std::string Write(Date today, const SyncCursor& next, bool more) const {
    std::string out;
    size_t bytes = 256;
    for (const auto& e : entries_) bytes += e.row.size() + 64;
    out.reserve(bytes);
    Enc::Map(out, copy_rows ? 7 : 6);
    Enc::Key(out, true, "today");
    Enc::Text(out, today.ToIso());
    if (copy_rows) {
      Enc::Key(out, false, "copy_rows");
      Enc::Int(out, *copy_rows);
    }
    Enc::Key(out, false, "settings");
    Enc::Map(out, settings.size());
    bool first = true;
    for (const auto& [key, value] : settings) {
      Enc::Key(out, first, key);
      Enc::Text(out, value);
      first = false;
    }
    Enc::EndMap(out);
    Enc::Key(out, false, "columns");
    Enc::Map(out, static_cast<size_t>(std::count_if(columns_.begin(), columns_.end(), [](const auto& c) { return !c.empty(); })));
    first = true;
    for (size_t t = 0; t < columns_.size(); ++t) {
      if (columns_[t].empty()) continue;
      Enc::Key(out, first, SyncTables()[t].name);
      out += columns_[t];
      first = false;
    }
    Enc::EndMap(out);
    Enc::Key(out, false, "changes");
    Enc::Array(out, static_cast<size_t>(live_));
    first = true;
    for (const auto& e : entries_) {
      if (e.dead) continue;
      Enc::Item(out, first);
      first = false;
      Enc::Map(out, 5);
      Enc::Key(out, true, "seq");
      Enc::Int(out, e.seq);
      Enc::Key(out, false, "table");
      Enc::Text(out, SyncTables()[e.table].name);
      Enc::Key(out, false, "id");
      Enc::Int(out, e.id);
      Enc::Key(out, false, "op");
      Enc::Text(out, e.op);
      Enc::Key(out, false, "row");
      out += e.row;
      Enc::EndMap(out);
    }
    Enc::EndArray(out);
    Enc::Key(out, false, "next");
    Enc::Text(out, next.ToString());
    Enc::Key(out, false, "more");
    Enc::Bool(out, more);
    Enc::EndMap(out);
    return out;
  }

  struct Entry {
    int64_t seq;
    int table;
    Id id;
    const char* op = "";
    std::string row;
    bool dead = false;
  };
  Entry& Slot(int64_t seq, int table, Id id) {
    const uint64_t key = (static_cast<uint64_t>(id) << 4) | static_cast<uint64_t>(table);
    auto [it, fresh] = index_.try_emplace(key, entries_.size());
    if (!fresh) {
      entries_[it->second].dead = true;  // sent later in the page instead, in its newest state
      it->second = entries_.size();
    } else {
      ++live_;
    }
    entries_.push_back(Entry{seq, table, id});
    return entries_.back();
  }
  std::vector<Entry> entries_;
  std::unordered_map<uint64_t, size_t> index_;
  const bool cbor_;
  std::vector<std::string> columns_ = std::vector<std::string>(SyncTables().size());  // each table's, written
  std::vector<int> hidden_ = std::vector<int>(SyncTables().size(), -1);  // each table's HiddenColumn
  int live_ = 0;
};

class Puller {
 public:
  Puller(Db& db, const SyncViewer& viewer, int limit, Date today, PageFormat format)
      : db_(db), rep_(viewer.role == Role::kSalesRep ? viewer.user_id : 0), limit_(limit), today_(today), page_(format) {}

  Result<PullPage> Run(SyncCursor cursor) {
    if (rep_) ENC_RETURN_IF_ERROR(LoadScope());
    ENC_RETURN_IF_ERROR(LoadSettings());
    if (cursor.seq == 0 && !cursor.copying()) {  // a first sync: copy from where the log stands now
      auto top = db_.QueryInt("SELECT coalesce(max(seq), 0) FROM change_log");
      if (!top.ok()) return top.status();
      cursor = SyncCursor{*top, 0, 0};
      auto rows = CountCopy();
      if (!rows.ok()) return rows.status();
      page_.copy_rows = *rows;
    }
    if (cursor.copying()) {
      ENC_RETURN_IF_ERROR(Copy(cursor));
    }
    if (!cursor.copying() && page_.size() < limit_) ENC_RETURN_IF_ERROR(FollowLog(cursor));
    bool more = cursor.copying();
    if (!more) {
      auto st = db_.Prepare("SELECT EXISTS (SELECT 1 FROM change_log WHERE seq > ?)");
      if (!st.ok()) return st.status();
      st->Bind(1, cursor.seq);
      auto row = st->Step();
      if (!row.ok()) return row.status();
      more = st->Int(0) != 0;
    }
    PullPage page;
    page.body = page_.Finish(today_, cursor, more);
    page.changes = page_.size();
    page.next = cursor;
    page.more = more;
    return page;
  }

 private:
  Status LoadScope() {
    auto st = db_.Prepare("SELECT id FROM customers WHERE rep_id = ?");
    if (!st.ok()) return st.status();
    st->Bind(1, rep_);
    for (;;) {
      auto row = st->Step();
      if (!row.ok()) return row.status();
      if (!*row) return Status::Ok();
      scope_.insert(st->Int(0));
    }
  }

  Status LoadSettings() {
    auto st = db_.Prepare("SELECT key, value FROM settings WHERE key IN ('company', 'rates') ORDER BY key");
    if (!st.ok()) return st.status();
    for (;;) {
      auto row = st->Step();
      if (!row.ok()) return row.status();
      if (!*row) return Status::Ok();
      page_.settings.emplace_back(st->Text(0), st->Text(1));
    }
  }

  // The rows a first sync's copy will send, for the tablet's progress bar: a figure to show,
  // not a check (a row added while the copy runs is sent too).
  Result<int64_t> CountCopy() {
    int64_t total = 0;
    for (const SyncTable& t : SyncTables()) {
      auto st = db_.Prepare(CountSql(t, rep_ != 0));
      if (!st.ok()) return st.status();
      if (rep_ && !t.customer_of.empty()) st->Bind(1, rep_);
      auto row = st->Step();
      if (!row.ok()) return row.status();
      total += st->Int(0);
    }
    return total;
  }

  // The first sync: the rows in scope as they are, table by table in id order.
  Status Copy(SyncCursor& cursor) {
    const auto tables = SyncTables();
    while (cursor.table < static_cast<int>(tables.size()) && page_.size() < limit_) {
      const SyncTable& t = tables[cursor.table];
      auto st = db_.Prepare(CopySql(t, rep_ != 0));
      if (!st.ok()) return st.status();
      const int want = limit_ - page_.size();
      st->Bind(1, cursor.after_id).Bind(2, want);
      if (rep_ && !t.customer_of.empty()) st->Bind(3, rep_);
      int got = 0;
      for (;;) {
        auto row = st->Step();
        if (!row.ok()) return row.status();
        if (!*row) break;
        ++got;
        cursor.after_id = st->Int(0);
        page_.Upsert(cursor.seq, cursor.table, cursor.after_id, st->raw());
      }
      if (got < want) cursor = SyncCursor{cursor.seq, cursor.table + 1, 0};
    }
    if (cursor.table == static_cast<int>(tables.size())) cursor = SyncCursor{cursor.seq, -1, 0};
    return Status::Ok();
  }

  Status FollowLog(SyncCursor& cursor) {
    auto log = db_.Prepare("SELECT seq, tbl, row_id, op, customer_id FROM change_log WHERE seq > ? ORDER BY seq LIMIT ?");
    if (!log.ok()) return log.status();
    log->Bind(1, cursor.seq).Bind(2, static_cast<int64_t>(limit_) * kScanPerChange);
    for (;;) {
      auto row = log->Step();
      if (!row.ok()) return row.status();
      if (!*row) return Status::Ok();
      const int64_t seq = log->Int(0);
      const std::string_view table = log->Text(1);
      const Id id = log->Int(2);
      const bool deleted = log->Text(3) == "delete";
      const std::optional<Id> customer = log->IsNull(4) ? std::nullopt : std::optional<Id>(log->Int(4));
      if (table == "scope") {
        if (rep_) ENC_RETURN_IF_ERROR(ScopeMove(seq, id));
      } else if (const int t = SyncTableIndex(table); t >= 0) {
        auto visible = Visible(t, customer, deleted);
        if (!visible.ok()) return visible.status();
        if (*visible && deleted) page_.Delete(seq, t, id);
        if (*visible && !deleted) ENC_RETURN_IF_ERROR(SendRow(seq, t, id));
      }
      cursor.seq = seq;
      if (page_.size() >= limit_) return Status::Ok();
    }
  }

  Result<bool> Visible(int table, std::optional<Id> customer, bool deleted) {
    if (!rep_ || SyncTables()[table].customer_of.empty()) return true;
    if (!customer) return false;
    if (scope_.count(*customer)) return true;
    // A customer deleted outright: nobody holds it any more, so everybody may hear of it.
    if (deleted && SyncTables()[table].name == "customers") {
      auto st = db_.Prepare("SELECT EXISTS (SELECT 1 FROM customers WHERE id = ?)");
      if (!st.ok()) return st.status();
      st->Bind(1, *customer);
      auto row = st->Step();
      if (!row.ok()) return row.status();
      return st->Int(0) == 0;
    }
    return false;
  }

  // The row as it is now; nothing when it is gone (its delete follows in the log).
  Status SendRow(int64_t seq, int table, Id id) {
    auto st = db_.Prepare(RowByIdSql(SyncTables()[table]));
    if (!st.ok()) return st.status();
    st->Bind(1, id);
    auto row = st->Step();
    if (!row.ok()) return row.status();
    if (*row) page_.Upsert(seq, table, id, st->raw());
    return Status::Ok();
  }

  Status ScopeMove(int64_t seq, Id customer) {
    auto st = db_.Prepare("SELECT from_rep, to_rep FROM scope_moves WHERE seq = ?");
    if (!st.ok()) return st.status();
    st->Bind(1, seq);
    auto row = st->Step();
    if (!row.ok()) return row.status();
    if (!*row) return Status::Ok();
    const bool in = !st->IsNull(1) && st->Int(1) == rep_;
    const bool out = !st->IsNull(0) && st->Int(0) == rep_;
    if (out && !in) {
      page_.Delete(seq, SyncTableIndex("customers"), customer);
      return Status::Ok();
    }
    if (!in || !scope_.count(customer)) return Status::Ok();  // moved in, then away again since
    // Moved in: the whole account, whatever its age.
    const auto tables = SyncTables();
    for (size_t t = 0; t < tables.size(); ++t) {
      if (tables[t].customer_of.empty()) continue;
      auto rows = db_.Prepare(CustomerRowsSql(tables[t]));
      if (!rows.ok()) return rows.status();
      rows->Bind(1, customer);
      for (;;) {
        auto r = rows->Step();
        if (!r.ok()) return r.status();
        if (!*r) break;
        page_.Upsert(seq, static_cast<int>(t), rows->Int(0), rows->raw());
      }
    }
    return Status::Ok();
  }

  Db& db_;
  const Id rep_;  // 0: the viewer sees every customer
  const int limit_;
  const Date today_;
  std::unordered_set<Id> scope_;
  PageBuilder page_;
};

}  // namespace

std::string SyncCursor::ToString() const {
  if (!copying()) return std::to_string(seq);
  return std::to_string(seq) + ":" + std::to_string(table) + ":" + std::to_string(after_id);
}

Result<SyncCursor> SyncCursor::Parse(std::string_view text) {
  if (text.empty()) return SyncCursor{};
  const size_t a = text.find(':');
  if (a == std::string_view::npos) {
    auto seq = ParseInt(text);
    if (!seq.ok()) return seq.status();
    return SyncCursor{*seq, -1, 0};
  }
  const size_t b = text.find(':', a + 1);
  if (b == std::string_view::npos) return Status::Invalid("not a sync cursor", "since");
  auto seq = ParseInt(text.substr(0, a));
  auto table = ParseInt(text.substr(a + 1, b - a - 1));
  auto after = ParseInt(text.substr(b + 1));
  if (!seq.ok() || !table.ok() || !after.ok() || *table >= static_cast<int64_t>(SyncTables().size()))
    return Status::Invalid("not a sync cursor", "since");
  return SyncCursor{*seq, static_cast<int>(*table), *after};
}

Result<PullPage> PullChanges(Db& db, const SyncViewer& viewer, std::string_view since, int limit, Date today,
                             PageFormat format) {
  if (limit < 1 || limit > kMaxLimit)
    return Status::Invalid("limit must be between 1 and " + std::to_string(kMaxLimit), "limit");
  auto cursor = SyncCursor::Parse(since);
  if (!cursor.ok()) return cursor.status();
  ReadSnapshot snapshot(db);  // the page, the scope and the rows as of one moment
  return Puller(db, viewer, limit, today, format).Run(*cursor);
}

}  // namespace encaisse
