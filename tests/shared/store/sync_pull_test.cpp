// The pull side of sync, from the store to a replica: the first copy in pages, the log after
// it, a sales rep's scope (and a customer moving between reps), and the oracle test: after any
// history of writes and pulls, a replica holds exactly the server's rows in that user's scope.
#include "shared/store/sync_pull.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <tuple>

#include <nlohmann/json.hpp>

#include "shared/store/mutation_apply.h"
#include "shared/store/replica.h"
#include "shared/sync/sync_tables.h"
#include "tests/shared/test_support.h"

namespace encaisse {
namespace {

using nlohmann::json;

Date D(const char* iso) { return Date::ParseIso(iso).value(); }

// Every row of a table as text, one line per row, without the hidden column; on the server,
// only the rows of `rep`'s customers (0: all).
std::string Dump(Db& db, const SyncTable& t, Id rep) {
  std::string sql = "SELECT * FROM " + std::string(t.name);
  if (rep && !t.customer_of.empty())
    sql += " WHERE " + std::string(t.customer_of) + " IN (SELECT id FROM customers WHERE rep_id = " + std::to_string(rep) + ")";
  auto st = db.Prepare(sql + " ORDER BY id");
  if (!st.ok()) return "error: " + st.status().ToString();
  std::string out;
  for (;;) {
    auto row = st->Step();
    if (!row.ok()) return "error: " + row.status().ToString();
    if (!*row) return out;
    for (int i = 0; i < sqlite3_column_count(st->raw()); ++i) {
      if (t.hidden == sqlite3_column_name(st->raw(), i)) continue;
      out += st->IsNull(i) ? "NULL" : std::string(st->Text(i));
      out += '|';
    }
    out += '\n';
  }
}

// A change with its row as an object (column name -> value), for reading in the tests.
json Keyed(const json& body, json change) {
  if (!change["row"].is_array()) return change;
  const json& names = body["columns"][change["table"].get<std::string>()];
  json row = json::object();
  for (size_t i = 0; i < names.size(); ++i) row[names[i].get<std::string>()] = change["row"][i];
  change["row"] = std::move(row);
  return change;
}

class SyncPullTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = Store::Open(server_path_.path(), TestOpenOptions());
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    server_.emplace(std::move(s).value());
    rep_a_ = server_->AddUser({0, "a@example.test", "Anne Rep", Role::kSalesRep, false}, "secret-hash").value();
    rep_b_ = server_->AddUser({0, "b@example.test", "Bruno Rep", Role::kSalesRep, false}).value();
    manager_ = server_->AddUser({0, "daf@example.test", "Marc DAF", Role::kManager, false}).value();
    CompanySettings company;
    company.name = "Sync SARL";
    company.late_rate_bps = 1500;  // the contract's rate: the tablet's penalties must use it
    ASSERT_TRUE(server_->SaveSettings(company).ok());
    ASSERT_TRUE(server_->SaveRates(server_->LoadRates().value()).ok());
  }

  Id AddCustomer(const std::string& ext, Id rep) {
    Customer c;
    c.external_id = ext;
    c.name = "Client " + ext;
    c.rep_id = rep;
    return server_->AddCustomer(c).value();
  }
  Id AddInvoice(Id customer, const std::string& number, int64_t amount) {
    Invoice i;
    i.customer_id = customer;
    i.number = number;
    i.issue_date = D("2026-10-01");
    i.due_date = D("2026-10-31");
    i.amount_minor = amount;
    return server_->AddInvoice(i).value();
  }
  void Pay(Id customer, Id invoice, int64_t amount) {
    Payment p;
    p.customer_id = customer;
    p.date = D("2026-11-20");
    p.amount_minor = amount;
    Allocation a;
    a.invoice_id = invoice;
    a.amount_minor = amount;
    a.date = p.date;
    ASSERT_TRUE(server_->RecordPayment(p, std::span<const Allocation>(&a, 1)).ok());
  }
  void Reassign(Id customer, Id rep) {
    auto st = server_->db().Prepare("UPDATE customers SET rep_id = ? WHERE id = ?");
    ASSERT_TRUE(st.ok());
    ASSERT_TRUE(st->Bind(1, rep).Bind(2, customer).Run().ok());
  }

  // Pulls until nothing more, applying each page to `replica`; returns the pages' changes.
  // Every page is pulled in both encodings: the CBOR one must hold the same maps, keys in the
  // same order, arrays and values as the JSON one, and the replica applies the one apply_cbor_
  // says (the tablet asks for CBOR).
  std::vector<json> PullAll(Db& replica, SyncViewer viewer, std::string& cursor, int limit) {
    std::vector<json> changes;
    for (int guard = 0; guard < 10000; ++guard) {
      auto text = PullChanges(server_->db(), viewer, cursor, limit, D("2026-11-24"));
      auto cbor = PullChanges(server_->db(), viewer, cursor, limit, D("2026-11-24"), PageFormat::kCbor);
      EXPECT_TRUE(text.ok()) << text.status().ToString();
      EXPECT_TRUE(cbor.ok()) << cbor.status().ToString();
      if (!text.ok() || !cbor.ok()) break;
      EXPECT_EQ(nlohmann::ordered_json::from_cbor(cbor->body), nlohmann::ordered_json::parse(text->body)) << cursor;
      EXPECT_EQ(cbor->changes, text->changes);
      auto& page = apply_cbor_ ? cbor : text;
      json body = json::parse(text->body);
      EXPECT_EQ(body["next"], page->next.ToString());
      auto applied = ApplyPullPage(replica, page->body);
      EXPECT_TRUE(applied.ok()) << applied.status().ToString();
      if (applied.ok()) {
        EXPECT_EQ(applied->next, page->next.ToString());
        EXPECT_EQ(applied->changes, page->changes);
      }
      // The tablet's peek at the tail agrees with the decoded page, on every page of every sync.
      const auto end = PeekPageEnd(page->body);
      EXPECT_TRUE(end.has_value()) << page->body.substr(page->body.size() > 80 ? page->body.size() - 80 : 0);
      if (end) {
        EXPECT_EQ(end->next, page->next.ToString());
        EXPECT_EQ(end->more, page->more);
      }
      for (auto& c : body["changes"]) changes.push_back(Keyed(body, c));
      // Cursors only grow: (seq, copy before log, table, id); "0" is the very start.
      const auto key = [](const SyncCursor& k) { return std::tuple(k.seq, k.copying() ? 0 : 1, k.table, k.after_id); };
      const auto next = SyncCursor::Parse(body["next"].get<std::string>()).value();
      if (cursor != "0") {
        EXPECT_LE(key(SyncCursor::Parse(cursor).value()), key(next)) << cursor << " -> " << next.ToString();
      }
      cursor = body["next"];
      if (!body["more"].get<bool>()) break;
    }
    return changes;
  }

  void ExpectReplicaMatches(Store& replica, Id rep, const std::string& when) {
    EXPECT_EQ(QueryText(replica.db(), "SELECT group_concat(key || '=' || value) FROM settings WHERE key IN ('company', 'rates')"),
              QueryText(server_->db(), "SELECT group_concat(key || '=' || value) FROM settings WHERE key IN ('company', 'rates')"))
        << when << ": the company's settings and rates";
    for (const auto& t : SyncTables())
      EXPECT_EQ(Dump(replica.db(), t, 0), Dump(server_->db(), t, rep)) << when << ", table " << t.name;
  }

  Store OpenReplicaStore(ScopedDbPath& path) {
    auto r = OpenReplica(path.path(), TestOpenOptions());
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return std::move(r).value();
  }

  ScopedDbPath server_path_{"sync_server"};
  std::optional<Store> server_;
  bool apply_cbor_ = false;
  Id rep_a_ = 0, rep_b_ = 0, manager_ = 0;
};

TEST_F(SyncPullTest, AFirstSyncCopiesTheRepsAccountsInPagesThenFollowsTheLog) {
  const Id mine = AddCustomer("C-A", rep_a_);
  const Id theirs = AddCustomer("C-B", rep_b_);
  for (int i = 0; i < 25; ++i) AddInvoice(mine, "FA-" + std::to_string(i), 1000 + i);
  for (int i = 0; i < 5; ++i) AddInvoice(theirs, "FB-" + std::to_string(i), 500);

  ScopedDbPath path{"sync_replica_a"};
  Store replica = OpenReplicaStore(path);
  std::string cursor = "0";
  auto changes = PullAll(replica.db(), {rep_a_, Role::kSalesRep}, cursor, 7);
  // 3 users + 1 customer + 25 invoices, each once, none of the other rep's.
  EXPECT_EQ(changes.size(), 29u);
  std::set<std::pair<std::string, int64_t>> seen;
  for (const auto& c : changes) {
    EXPECT_TRUE(seen.emplace(c["table"], c["id"]).second) << "twice: " << c.dump();
    EXPECT_NE(c["row"].value("customer_id", mine), theirs) << c.dump();
    if (c["table"] == "users") {
      EXPECT_FALSE(c["row"].contains("password_hash")) << c.dump();
    }
  }
  ExpectReplicaMatches(replica, rep_a_, "after the first sync");
  EXPECT_EQ(replica.LoadSettings().value().late_rate_bps, 1500) << "the company's settings came with the pull";
  EXPECT_EQ(cursor.find(':'), std::string::npos) << "the copy is over: the cursor follows the log";

  // Then only what changed: a payment on one invoice (payment, allocation, invoice).
  const Id invoice = replica.db().QueryInt("SELECT min(id) FROM invoices").value();
  Pay(mine, invoice, 1000);
  AddInvoice(theirs, "FB-late", 700);
  changes = PullAll(replica.db(), {rep_a_, Role::kSalesRep}, cursor, 100);
  std::multiset<std::string> tables;
  for (const auto& c : changes) tables.insert(c["table"].get<std::string>());
  EXPECT_EQ(tables, (std::multiset<std::string>{"allocations", "invoices", "payments"}));
  EXPECT_EQ(QueryText(replica.db(), "SELECT status FROM invoices WHERE id = " + std::to_string(invoice)), "paid");
  ExpectReplicaMatches(replica, rep_a_, "after a payment");

  // A manager sees both reps' accounts.
  ScopedDbPath manager_path{"sync_replica_m"};
  Store manager_replica = OpenReplicaStore(manager_path);
  std::string manager_cursor = "0";
  PullAll(manager_replica.db(), {manager_, Role::kManager}, manager_cursor, 1000);
  ExpectReplicaMatches(manager_replica, 0, "manager");
  EXPECT_EQ(CountRows(manager_replica.db(), "invoices"), 31);
}

TEST_F(SyncPullTest, AFirstSyncsFirstPageSaysHowManyRowsItsCopySends) {
  const Id mine = AddCustomer("C-A", rep_a_);
  const Id theirs = AddCustomer("C-B", rep_b_);
  for (int i = 0; i < 12; ++i) AddInvoice(mine, "FA-" + std::to_string(i), 1000);
  for (int i = 0; i < 5; ++i) AddInvoice(theirs, "FB-" + std::to_string(i), 500);
  for (const auto& [viewer, rows] : {std::pair{SyncViewer{rep_a_, Role::kSalesRep}, 3 + 1 + 12},
                                     std::pair{SyncViewer{manager_, Role::kManager}, 3 + 2 + 17}}) {
    ScopedDbPath path{"sync_replica_count"};
    Store replica = OpenReplicaStore(path);
    std::string cursor = "0";
    auto page = PullChanges(server_->db(), viewer, cursor, 5, D("2026-11-24"));
    ASSERT_TRUE(page.ok()) << page.status().ToString();
    EXPECT_EQ(json::parse(page->body).value("copy_rows", -1), rows);
    auto applied = ApplyPullPage(replica.db(), page->body);
    ASSERT_TRUE(applied.ok()) << applied.status().ToString();
    EXPECT_EQ(applied->copy_rows, rows) << "the tablet reads it";
    // The pages after say nothing, and the copy sends what the first page said.
    cursor = page->next.ToString();
    int64_t sent = page->changes;
    while (cursor.find(':') != std::string::npos) {
      page = PullChanges(server_->db(), viewer, cursor, 5, D("2026-11-24"));
      ASSERT_TRUE(page.ok()) << page.status().ToString();
      EXPECT_FALSE(json::parse(page->body).contains("copy_rows")) << cursor;
      applied = ApplyPullPage(replica.db(), page->body);
      ASSERT_TRUE(applied.ok()) << applied.status().ToString();
      EXPECT_EQ(applied->copy_rows, -1);
      sent += page->changes;
      cursor = page->next.ToString();
    }
    EXPECT_EQ(sent, rows);
  }
}

TEST_F(SyncPullTest, ACustomerMovedToAnotherRepLeavesOneTabletAndArrivesWholeOnTheOther) {
  const Id moving = AddCustomer("C-MOVE", rep_a_);
  const Id invoice = AddInvoice(moving, "FM-1", 90000);
  AddInvoice(moving, "FM-2", 10000);
  Pay(moving, invoice, 20000);

  ScopedDbPath pa{"sync_move_a"}, pb{"sync_move_b"};
  Store a = OpenReplicaStore(pa), b = OpenReplicaStore(pb);
  std::string ca = "0", cb = "0";
  PullAll(a.db(), {rep_a_, Role::kSalesRep}, ca, 50);
  PullAll(b.db(), {rep_b_, Role::kSalesRep}, cb, 50);
  EXPECT_EQ(CountRows(a.db(), "invoices"), 2);
  EXPECT_EQ(CountRows(b.db(), "invoices"), 0);

  Reassign(moving, rep_b_);
  auto to_a = PullAll(a.db(), {rep_a_, Role::kSalesRep}, ca, 50);
  ASSERT_EQ(to_a.size(), 1u) << json(to_a).dump();
  EXPECT_EQ(to_a[0]["table"], "customers");
  EXPECT_EQ(to_a[0]["op"], "delete");
  for (const char* t : {"customers", "invoices", "payments", "allocations"}) EXPECT_EQ(CountRows(a.db(), t), 0) << t;
  auto to_b = PullAll(b.db(), {rep_b_, Role::kSalesRep}, cb, 50);
  EXPECT_GE(to_b.size(), 5u) << "customer, 2 invoices, payment, allocation";
  ExpectReplicaMatches(a, rep_a_, "old rep");
  ExpectReplicaMatches(b, rep_b_, "new rep");
}

TEST_F(SyncPullTest, ARowChangedSeveralTimesInOnePageIsSentOnceInItsLatestState) {
  const Id c = AddCustomer("C-1", rep_a_);
  ScopedDbPath path{"sync_dedupe"};
  Store replica = OpenReplicaStore(path);
  std::string cursor = "0";
  PullAll(replica.db(), {rep_a_, Role::kSalesRep}, cursor, 50);
  for (const char* name : {"Un", "Deux", "Trois"}) {
    auto st = server_->db().Prepare("UPDATE customers SET name = ? WHERE id = ?");
    ASSERT_TRUE(st.ok());
    ASSERT_TRUE(st->Bind(1, name).Bind(2, c).Run().ok());
  }
  auto changes = PullAll(replica.db(), {rep_a_, Role::kSalesRep}, cursor, 50);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0]["row"]["name"], "Trois");
}

TEST_F(SyncPullTest, BadCursorsAndLimitsAreRefused) {
  for (const char* bad : {"x", "-1", "3:99:0", "1:2", "1:2:3:4", "9999999999999999999999"})
    EXPECT_EQ(PullChanges(server_->db(), {manager_, Role::kManager}, bad, 10, D("2026-11-24")).status().field(), "since") << bad;
  EXPECT_EQ(PullChanges(server_->db(), {manager_, Role::kManager}, "0", 0, D("2026-11-24")).status().field(), "limit");
  EXPECT_EQ(PullChanges(server_->db(), {manager_, Role::kManager}, "0", 10001, D("2026-11-24")).status().field(), "limit");
}

TEST(PeekPageEnd, ReadsTheCursorFromTheTailOrSaysNothing) {
  auto end = PeekPageEnd(R"({"changes":[{"row":["\"next\":\"x"]}],"next":"12:0:3:40","more":true})" "\n");
  ASSERT_TRUE(end.has_value());
  EXPECT_EQ(end->next, "12:0:3:40");
  EXPECT_TRUE(end->more);
  end = PeekPageEnd(R"({"changes":[],"next":"57","more":false})");
  ASSERT_TRUE(end.has_value());
  EXPECT_EQ(end->next, "57");
  EXPECT_FALSE(end->more);
  for (const char* bad : {"", "}", R"({"next":"5","more":1})", R"({"more":true,"next":"5"})", R"({"next":"","more":true})",
                          R"({"next":"a\"b","more":true})", R"({"next": "5", "more": true})", R"(next":"5","more":true})"})
    EXPECT_FALSE(PeekPageEnd(bad).has_value()) << bad;
}

std::string Cbor(const char* json_text) {
  const auto bytes = nlohmann::ordered_json::to_cbor(nlohmann::ordered_json::parse(json_text));
  return std::string(bytes.begin(), bytes.end());
}

TEST(PeekPageEnd, ReadsTheCursorFromACborTailToo) {
  auto end = PeekPageEnd(Cbor(R"({"changes":[{"row":["next","x"]}],"next":"12:0:3:40","more":true})"));
  ASSERT_TRUE(end.has_value());
  EXPECT_EQ(end->next, "12:0:3:40");
  EXPECT_TRUE(end->more);
  end = PeekPageEnd(Cbor(R"({"changes":[],"next":"1234567890123:14:1234567890123","more":false})"));
  ASSERT_TRUE(end.has_value()) << "a cursor of 24 bytes or more has a two-byte head";
  EXPECT_EQ(end->next, "1234567890123:14:1234567890123");
  EXPECT_FALSE(end->more);
  for (const char* bad : {R"({"next":"5","more":1})", R"({"more":true,"next":"5"})", R"({"next":"","more":true})",
                          R"({"next":"a\"b","more":true})", R"({"next":5,"more":true})"})
    EXPECT_FALSE(PeekPageEnd(Cbor(bad)).has_value()) << bad;
  std::string cut = Cbor(R"({"next":"57","more":true})");
  cut.erase(cut.size() - 9, 1);  // the cursor's head
  EXPECT_FALSE(PeekPageEnd(cut).has_value());
  EXPECT_FALSE(PeekPageEnd(std::string(1, '\xF5')).has_value());
}

TEST_F(SyncPullTest, ReplicaRefusesUnknownTablesColumnsAndMalformedPagesWholly) {
  ScopedDbPath path{"sync_hostile"};
  Store replica = OpenReplicaStore(path);
  const std::string user5 = R"({"seq":1,"table":"users","id":5,"op":"upsert","row":[5,"x@y","X","admin"]})";
  const std::string users = R"("columns":{"users":["id","email","name","role"]})";
  auto page = [](const std::string& columns, const std::string& changes) {
    return R"({"today":"2026-11-24",)" + columns + R"(,"changes":[)" + changes + R"(],"next":"9","more":false})";
  };
  ASSERT_TRUE(ApplyPullPage(replica.db(), page(users, user5)).ok()) << "the well-formed page applies";
  EXPECT_EQ(CountRows(replica.db(), "users"), 1);
  struct Case {
    std::string body;
    const char* why;
  };
  const Case bad[] = {
      {page(R"("columns":{"sqlite_master":["id"]})", ""), "unknown table"},
      {page(R"("columns":{"users":["id","name) VALUES (1); DROP TABLE users; --"]})", ""), "unknown column"},
      {page(R"("columns":{"users":["email","id"]})", ""), "must be id"},
      {page(R"("columns":{"users":["id","bogus"]})", ""), "no column named bogus"},
      {page(users, R"({"seq":1,"table":"users","id":6,"op":"upsert","row":[7,"a@b","A","admin"]})"), "does not match"},
      {page(users, R"({"seq":1,"table":"users","id":6,"op":"upsert","row":[6,"a@b"]})"), "fewer values"},
      {page(users, R"({"seq":1,"table":"users","id":6,"op":"upsert","row":[6,"a@b","A","admin",1]})"), "more values"},
      {page(users, R"({"seq":1,"table":"users","id":6,"op":"merge","row":null})"), "upsert or delete"},
      {page(users, R"({"seq":1,"table":"users","id":6,"op":"upsert","row":[6,"a@b","A",1.5]})"), "integers"},
      {page("\"columns\":{}", R"({"seq":1,"table":"users","id":6,"op":"upsert","row":[6]})"), "no columns"},
      {page(users, R"({"seq":1,"table":"secrets","id":6,"op":"delete","row":null})"), "unknown table"},
      {R"({"today":"2026-11-24","columns":{},"changes":[)", "malformed"},
  };
  for (const auto& c : bad) {
    // A good change first: refused pages keep nothing, not even it.
    std::string body = c.body;
    if (body.find(R"("changes":[])") != std::string::npos) body.replace(body.find(R"("changes":[])"), 12, R"("changes":[)" + user5 + "]");
    auto r = ApplyPullPage(replica.db(), body);
    ASSERT_FALSE(r.ok()) << body;
    EXPECT_NE(r.status().message().find(c.why), std::string::npos) << c.why << " / " << r.status().ToString();
    // The same page in CBOR is refused for the same reason; one cut short, as malformed.
    const auto twin = nlohmann::ordered_json::parse(body, nullptr, /*allow_exceptions=*/false);
    const auto bytes = twin.is_discarded() ? nlohmann::ordered_json::to_cbor(nlohmann::ordered_json::parse(page(users, user5)))
                                           : nlohmann::ordered_json::to_cbor(twin);
    std::string cbor(bytes.begin(), bytes.end());
    if (twin.is_discarded()) cbor.resize(cbor.size() / 2);
    r = ApplyPullPage(replica.db(), cbor);
    ASSERT_FALSE(r.ok()) << "CBOR of " << body;
    EXPECT_NE(r.status().message().find(twin.is_discarded() ? "malformed" : c.why), std::string::npos)
        << "CBOR: " << c.why << " / " << r.status().ToString();
  }
  EXPECT_EQ(CountRows(replica.db(), "users"), 1);
  EXPECT_EQ(QueryText(replica.db(), "SELECT count(*) FROM sqlite_master WHERE name = 'users'"), "1");
}

TEST_F(SyncPullTest, ReplicaDropsTheIndexesOnlyTheServerReads) {
  ScopedDbPath path{"sync_indexes"};
  Store replica = OpenReplicaStore(path);
  const char* sql =
      "SELECT group_concat(name) FROM (SELECT name FROM sqlite_master WHERE name IN "
      "('invoices_due', 'allocations_payment', 'allocations_customer', 'invoices_open_due') ORDER BY name)";
  EXPECT_EQ(QueryText(replica.db(), sql), "allocations_customer,invoices_open_due");
  EXPECT_EQ(QueryText(server_->db(), sql), "allocations_customer,allocations_payment,invoices_due,invoices_open_due");
}

// A first sync builds the replica's indexes once, at the end; a sync that never ended has them
// built when the replica is next opened. Either way the replica ends as a normal one.
TEST_F(SyncPullTest, AFirstSyncDefersTheReplicasIndexesAndBuildsThemOnce) {
  const Id c = AddCustomer("C-1", rep_a_);
  Pay(c, AddInvoice(c, "F-1", 10000), 4000);
  AddInvoice(c, "F-2", 5000);
  const char* indexes = "SELECT group_concat(name) FROM (SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name)";
  ScopedDbPath normal_path{"sync_normal"}, path{"sync_deferred"};
  Store normal = OpenReplicaStore(normal_path);
  const std::string all = QueryText(normal.db(), indexes);
  {
    Store replica = OpenReplicaStore(path);
    ASSERT_TRUE(DeferIndexes(replica.db()).ok());
    const std::string during = QueryText(replica.db(), indexes);
    EXPECT_EQ(during.find("allocations_customer"), std::string::npos) << during;
    EXPECT_NE(during.find("sqlite_autoindex_invoices_1"), std::string::npos) << "unique keys stay: " << during;
    std::string cursor = "0";
    PullAll(replica.db(), {rep_a_, Role::kSalesRep}, cursor, 2);
    ExpectReplicaMatches(replica, rep_a_, "deferred");
  }  // closed before its indexes were built
  Store reopened = OpenReplicaStore(path);
  EXPECT_EQ(QueryText(reopened.db(), indexes), all);
  EXPECT_EQ(CountRows(reopened.db(), "deferred_indexes"), 0);
  ExpectReplicaMatches(reopened, rep_a_, "reopened");
  // A defer that stopped before dropping an index: the restore builds only what is missing.
  ASSERT_TRUE(DeferIndexes(reopened.db()).ok());
  ASSERT_TRUE(reopened.db().Exec(QueryText(reopened.db(), "SELECT sql FROM deferred_indexes WHERE name = 'customers_name'")).ok());
  ASSERT_TRUE(RestoreIndexes(reopened.db()).ok());
  ASSERT_TRUE(RestoreIndexes(reopened.db()).ok()) << "nothing left to build";
  EXPECT_EQ(QueryText(reopened.db(), indexes), all);
}

// A tablet saves a written replica whole (tens of megabytes): opening one must not write it.
TEST_F(SyncPullTest, ReopeningAReplicaLeavesItsFileUntouched) {
  AddInvoice(AddCustomer("C-1", rep_a_), "F-1", 10000);
  ScopedDbPath path{"sync_reopen"};
  {
    Store replica = OpenReplicaStore(path);
    std::string cursor = "0";
    ASSERT_TRUE(DeferIndexes(replica.db()).ok());
    PullAll(replica.db(), {rep_a_, Role::kSalesRep}, cursor, 50);
    ASSERT_TRUE(RestoreIndexes(replica.db()).ok());
  }
  const std::string before = FileBytes(path.path());
  ASSERT_GT(before.size(), 4096u);
  { Store reopened = OpenReplicaStore(path); }
  EXPECT_TRUE(FileBytes(path.path()) == before) << "the file changed when it was opened";
}

// Rows are upserted on id; a row that takes a unique key an older row still holds (the server
// moved it within the page) replaces that row, and the older row's own change brings it back.
TEST_F(SyncPullTest, ReplicaUpdatesRowsInPlaceAndLetsARowTakeAnotherRowsUniqueKey) {
  ScopedDbPath path{"sync_unique"};
  Store replica = OpenReplicaStore(path);
  auto page = [](const std::string& changes) {
    return R"({"today":"2026-11-24","columns":{"users":["id","email","name","role"]},"changes":[)" + changes +
           R"(],"next":"9","more":false})";
  };
  auto user = [](int id, const char* email, const char* name) {
    return R"({"seq":1,"table":"users","id":)" + std::to_string(id) + R"(,"op":"upsert","row":[)" + std::to_string(id) +
           R"(,")" + email + R"(",")" + name + R"(","sales_rep"]})";
  };
  ASSERT_TRUE(ApplyPullPage(replica.db(), page(user(5, "x@y", "Avant"))).ok());
  ASSERT_TRUE(ApplyPullPage(replica.db(), page(user(5, "x@y", "Apres"))).ok());
  EXPECT_EQ(QueryText(replica.db(), "SELECT group_concat(id || ' ' || email || ' ' || name) FROM users"), "5 x@y Apres");
  auto moved = ApplyPullPage(replica.db(), page(user(6, "x@y", "Nouveau") + "," + user(5, "z@y", "Apres")));
  ASSERT_TRUE(moved.ok()) << moved.status().ToString();
  EXPECT_EQ(QueryText(replica.db(), "SELECT group_concat(id || ' ' || email, ', ') FROM (SELECT * FROM users ORDER BY id)"),
            "5 z@y, 6 x@y");
  // A row that breaks a rule with no older row to blame is still refused, with the page.
  auto refused = ApplyPullPage(replica.db(), page(R"({"seq":1,"table":"users","id":7,"op":"upsert","row":[7,null,"N","sales_rep"]})"));
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("NOT NULL"), std::string::npos) << refused.status().ToString();
  EXPECT_EQ(CountRows(replica.db(), "users"), 2);
}

// The oracle: random histories of server writes (new customers and invoices, payments, notes,
// reassignments, deleted notes) and of the rep's pushed actions (notes and promises on any
// customer, in scope or not) interleaved with pulls of random page sizes; after each pull the
// replica of each user equals the server's rows in that user's scope.
TEST_F(SyncPullTest, OracleReplicasEqualTheServersViewAfterAnyHistory) {
  for (uint32_t seed = 1; seed <= 6; ++seed) {
    apply_cbor_ = seed % 2 == 0;  // the tablet's encoding on every other history
    SCOPED_TRACE("seed " + std::to_string(seed) + (apply_cbor_ ? ", CBOR pages" : ", JSON pages"));
    std::mt19937 rng(seed);
    auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<uint32_t>(n)); };
    ScopedDbPath pa{"oracle_a"}, pm{"oracle_m"};
    Store a = OpenReplicaStore(pa), m = OpenReplicaStore(pm);
    std::string ca = "0", cm = "0";
    std::vector<Id> customers;
    int serial = 0;
    for (int step = 0; step < 120; ++step) {
      const int what = pick(10);
      const Id rep = pick(2) ? rep_a_ : rep_b_;
      if (customers.empty() || what == 0) {
        customers.push_back(AddCustomer("S" + std::to_string(seed) + "-" + std::to_string(++serial), rep));
      } else if (what <= 3) {
        AddInvoice(customers[pick(static_cast<int>(customers.size()))], "F" + std::to_string(++serial), 1000 + pick(9000));
      } else if (what == 4) {
        const Id c = customers[pick(static_cast<int>(customers.size()))];
        auto open = server_->db().QueryInt("SELECT coalesce(min(id), 0) FROM invoices WHERE status = 'open' AND customer_id = " +
                                           std::to_string(c));
        if (open.ok() && *open) Pay(c, *open, 100);
      } else if (what == 5) {
        Reassign(customers[pick(static_cast<int>(customers.size()))], rep);
      } else if (what == 6 && pick(2)) {
        ASSERT_TRUE(server_->db().Exec("INSERT INTO notes (customer_id, date, text) SELECT id, '2026-11-01', 'note' FROM customers "
                                       "ORDER BY random() LIMIT 1").ok());
      } else if (what == 6) {  // the rep's tablet pushes an action, on their customer or another's
        const Id c = customers[pick(static_cast<int>(customers.size()))];
        char id[37];
        std::snprintf(id, sizeof id, "%08x-0000-4000-8000-%012x", seed, ++serial);
        const bool promise = pick(2);
        auto m = ParseMutation({{"id", id},
                                {"kind", promise ? "add_promise" : "add_note"},
                                {"args", promise ? json{{"customer_id", c}, {"date", "2026-12-01"}, {"amount_minor", 500}}
                                                 : json{{"customer_id", c}, {"text", "vu"}}},
                                {"created_at", "2026-11-24T10:00:00Z"}});
        ASSERT_TRUE(m.ok()) << m.status().ToString();
        auto r = ApplyMutation(*server_, SyncActor{rep_a_, Role::kSalesRep, "tablet"}, *m, D("2026-11-24"), "2026-11-24T10:00:00Z");
        ASSERT_TRUE(r.ok()) << r.status().ToString();
      } else if (what == 7) {
        ASSERT_TRUE(server_->db().Exec("DELETE FROM notes WHERE id = (SELECT min(id) FROM notes)").ok());
      } else if (what == 8) {
        PullAll(a.db(), {rep_a_, Role::kSalesRep}, ca, 1 + pick(20));
        ExpectReplicaMatches(a, rep_a_, "rep at step " + std::to_string(step));
      } else {
        PullAll(m.db(), {manager_, Role::kManager}, cm, 1 + pick(20));
        ExpectReplicaMatches(m, 0, "manager at step " + std::to_string(step));
      }
      if (HasFailure()) return;
    }
    PullAll(a.db(), {rep_a_, Role::kSalesRep}, ca, 13);
    PullAll(m.db(), {manager_, Role::kManager}, cm, 13);
    ExpectReplicaMatches(a, rep_a_, "rep at the end");
    ExpectReplicaMatches(m, 0, "manager at the end");
    if (HasFailure()) return;
  }
}

}  // namespace
}  // namespace encaisse
