// The tablets' sync over HTTP against the real server on the demo data: what each role pulls,
// the cursor while others write, a push applied once however often it is retried, a rep's push
// for another rep's customer, a customer moved away, a revoked device.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <set>
#include <string>
#include <thread>

#include "tests/server/server_harness.h"

namespace encaisse::testing {
namespace {

struct Pulled {
  std::vector<json> changes;
  std::string cursor;
  int pages = 0;
};

class SyncTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new ServerProcess(DemoDatabaseCopy()); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  // Pulls from `cursor` until `more` is false.
  static Pulled PullAll(const std::string& token, std::string cursor, int limit) {
    Pulled out;
    for (int guard = 0; guard < 1000; ++guard) {
      int status = 0;
      json page = server_->Post("/sync/v1/pull", {{"since", cursor}, {"limit", limit}}, token, &status);
      EXPECT_EQ(status, 200) << page.dump();
      if (status != 200) break;
      ++out.pages;
      for (auto& c : page["changes"]) {  // rows as objects, for reading
        if (c["row"].is_array()) {
          const json& names = page["columns"][c["table"].get<std::string>()];
          json row = json::object();
          for (size_t i = 0; i < names.size(); ++i) row[names[i].get<std::string>()] = c["row"][i];
          c["row"] = std::move(row);
        }
        out.changes.push_back(c);
      }
      cursor = page["next"].get<std::string>();
      if (!page["more"].get<bool>()) break;
    }
    out.cursor = cursor;
    return out;
  }

  static std::set<int64_t> Ids(const std::vector<json>& changes, const char* table, const char* op = "upsert") {
    std::set<int64_t> ids;
    for (const auto& c : changes)
      if (c["table"] == table && c["op"] == op) ids.insert(c["id"].get<int64_t>());
    return ids;
  }

  static std::set<int64_t> SqlIds(const std::string& sql) {
    std::set<int64_t> ids;
    std::string text = SqlText(server_->db(), "SELECT group_concat(id) FROM (" + sql + ")");
    size_t at = 0;
    while (at < text.size()) {
      size_t comma = text.find(',', at);
      if (comma == std::string::npos) comma = text.size();
      ids.insert(std::stoll(text.substr(at, comma - at)));
      at = comma + 1;
    }
    return ids;
  }

  static json Mutation(const std::string& id, const char* kind, json args) {
    return {{"id", id}, {"kind", kind}, {"args", std::move(args)}, {"created_at", "2026-11-24T09:00:00Z"}};
  }

  static ServerProcess* server_;
};
ServerProcess* SyncTest::server_ = nullptr;

TEST_F(SyncTest, ARepPullsTheirOwnAccountsAndAManagerPullsEverything) {
  const std::string rep = server_->Login("rep1@demo.test");
  const std::string rep_id = SqlText(server_->db(), "SELECT id FROM users WHERE email = 'rep1@demo.test'");
  Pulled mine = PullAll(rep, "0", 150);
  EXPECT_GT(mine.pages, 1) << "the first sync streams in pages";
  EXPECT_EQ(Ids(mine.changes, "customers"), SqlIds("SELECT id FROM customers WHERE rep_id = " + rep_id));
  EXPECT_EQ(Ids(mine.changes, "invoices"),
            SqlIds("SELECT id FROM invoices WHERE customer_id IN (SELECT id FROM customers WHERE rep_id = " + rep_id + ")"));
  for (const auto& c : mine.changes)
    if (c["table"] == "users") {
      EXPECT_FALSE(c["row"].contains("password_hash"));
    }

  Pulled all = PullAll(server_->Login("manager@demo.test"), "0", 5000);
  EXPECT_EQ(Ids(all.changes, "invoices"), SqlIds("SELECT id FROM invoices"));
  EXPECT_EQ(Ids(all.changes, "customers").size(), static_cast<size_t>(SqlCount(server_->db(), "SELECT count(*) FROM customers")));
}

TEST_F(SyncTest, ATabletThatAsksForCborGetsEachPageInCborGzipped) {
  const std::string token = server_->Login("manager@demo.test");
  const std::string body = json{{"since", "0"}, {"limit", 120}}.dump();
  auto client = server_->Client();
  client.set_decompress(false);  // to see what travels
  const httplib::Headers cbor = {{"Authorization", "Bearer " + token}, {"Accept", "application/cbor"}, {"Accept-Encoding", "gzip"}};
  auto gzipped = client.Post("/sync/v1/pull", cbor, body, "application/json");
  ASSERT_TRUE(gzipped);
  ASSERT_EQ(gzipped->status, 200) << gzipped->body;
  EXPECT_EQ(gzipped->get_header_value("Content-Type"), "application/cbor");
  EXPECT_EQ(gzipped->get_header_value("Content-Encoding"), "gzip");
  EXPECT_EQ(gzipped->body.substr(0, 2), "\x1F\x8B") << "gzip's magic bytes";

  client.set_decompress(true);
  auto page = client.Post("/sync/v1/pull", cbor, body, "application/json");
  ASSERT_TRUE(page);
  ASSERT_EQ(page->status, 200);
  EXPECT_LT(gzipped->body.size() * 2, page->body.size()) << "gzip at least halves a page";
  int status = 0;
  const json text = server_->Post("/sync/v1/pull", {{"since", "0"}, {"limit", 120}}, token, &status);
  ASSERT_EQ(status, 200);
  EXPECT_EQ(json::from_cbor(page->body), text) << "the same page either way";
  EXPECT_EQ(text["changes"].size(), 120u);

  // Without Accept-Encoding: gzip, the CBOR as it is; without Accept: application/cbor, JSON.
  auto plain = client.Post("/sync/v1/pull", {{"Authorization", "Bearer " + token}, {"Accept", "application/cbor"}}, body,
                           "application/json");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->get_header_value("Content-Encoding"), "");
  EXPECT_EQ(json::from_cbor(plain->body), text);
  auto unasked = client.Post("/sync/v1/pull", {{"Authorization", "Bearer " + token}}, body, "application/json");
  ASSERT_TRUE(unasked);
  EXPECT_EQ(unasked->get_header_value("Content-Type"), "application/json");
  EXPECT_EQ(json::parse(unasked->body), text);
}

TEST_F(SyncTest, TheCursorMissesNothingAndRepeatsNothingWhileOthersWrite) {
  const std::string manager = server_->Login("manager@demo.test");
  const std::string writer = server_->Login("collector@demo.test");
  Pulled start = PullAll(manager, "0", 5000);
  const std::string customer = SqlText(server_->db(), "SELECT min(id) FROM customers");
  std::atomic<bool> done{false};
  std::thread notes([&] {
    for (int i = 0; i < 60; ++i) {
      int status = 0;
      server_->Post("/api/v1/customers/" + customer + "/notes", {{"text", "note " + std::to_string(i)}}, writer, &status);
      EXPECT_EQ(status, 201);
    }
    done = true;
  });
  std::vector<json> seen;
  std::string cursor = start.cursor;
  while (!done) {
    Pulled p = PullAll(manager, cursor, 7);
    seen.insert(seen.end(), p.changes.begin(), p.changes.end());
    cursor = p.cursor;
  }
  notes.join();
  Pulled rest = PullAll(manager, cursor, 7);
  seen.insert(seen.end(), rest.changes.begin(), rest.changes.end());
  std::multiset<int64_t> note_ids;
  for (const auto& c : seen)
    if (c["table"] == "notes") {
      note_ids.insert(c["id"].get<int64_t>());
    }
  EXPECT_EQ(note_ids.size(), 60u) << "each new note once: no gap, no repeat";
  EXPECT_EQ(std::set<int64_t>(note_ids.begin(), note_ids.end()),
            SqlIds("SELECT id FROM notes WHERE text LIKE 'note %' AND customer_id = " + customer));
}

TEST_F(SyncTest, APushRetriedThreeTimesIsAppliedOnceAndAForeignCustomerIsRejected) {
  const std::string rep = server_->Login("rep2@demo.test");
  const std::string rep_id = SqlText(server_->db(), "SELECT id FROM users WHERE email = 'rep2@demo.test'");
  const int64_t mine = std::stoll(SqlText(server_->db(), "SELECT min(id) FROM customers WHERE rep_id = " + rep_id));
  const int64_t foreign = std::stoll(SqlText(server_->db(), "SELECT min(id) FROM customers WHERE rep_id <> " + rep_id));
  const json batch = {{"device_id", "tablet-rep2"},
                      {"mutations",
                       {Mutation("0b7e6a52-1c1d-4c8e-9a51-2f0c9d1e0001", "add_note", {{"customer_id", mine}, {"text", "Passé en agence"}}),
                        Mutation("0b7e6a52-1c1d-4c8e-9a51-2f0c9d1e0002", "add_promise",
                                 {{"customer_id", mine}, {"date", "2026-12-10"}, {"amount_minor", 50000}}),
                        Mutation("0b7e6a52-1c1d-4c8e-9a51-2f0c9d1e0003", "add_note", {{"customer_id", foreign}, {"text", "Pas à moi"}})}}};
  const std::string notes_sql = "SELECT count(*) FROM notes WHERE customer_id IN (" + std::to_string(mine) + "," + std::to_string(foreign) + ")";
  const int64_t notes_before = SqlCount(server_->db(), notes_sql);
  const int64_t promises_before = SqlCount(server_->db(), "SELECT count(*) FROM promises");
  int status = 0;
  json first = server_->Post("/sync/v1/push", batch, rep, &status);
  ASSERT_EQ(status, 200) << first.dump();
  ASSERT_EQ(first["results"].size(), 3u);
  EXPECT_EQ(first["results"][0]["status"], "applied");
  EXPECT_EQ(first["results"][1]["status"], "applied");
  EXPECT_EQ(first["results"][2]["status"], "rejected");
  EXPECT_EQ(first["results"][2]["reason"], "no such customer");
  for (int retry = 0; retry < 2; ++retry) {
    json again = server_->Post("/sync/v1/push", batch, rep, &status);
    ASSERT_EQ(status, 200);
    for (int i = 0; i < 3; ++i) EXPECT_EQ(again["results"][i]["status"], "duplicate") << again.dump();
    EXPECT_EQ(again["results"][0]["original"]["status"], "applied");
    EXPECT_EQ(again["results"][2]["original"]["status"], "rejected");
    EXPECT_EQ(again["results"][2]["original"]["reason"], "no such customer");
  }
  EXPECT_EQ(SqlCount(server_->db(), notes_sql), notes_before + 1);
  EXPECT_EQ(SqlCount(server_->db(), "SELECT count(*) FROM promises"), promises_before + 1);

  // The applied actions come back in the rep's next pull, as rows.
  Pulled p = PullAll(rep, "0", 5000);
  EXPECT_EQ(Ids(p.changes, "notes").count(first["results"][0]["record_id"].get<int64_t>()), 1u);
}

TEST_F(SyncTest, ACollectorWorksTheWorklistThroughPushesAndARepSeesOnlyTheirs) {
  const std::string collector = server_->Login("collector@demo.test");
  const std::string customer = SqlText(server_->db(),
                                       "SELECT customer_id FROM invoices WHERE status = 'open' AND due_date < '2026-11-24' "
                                       "GROUP BY customer_id HAVING count(*) >= 2 ORDER BY customer_id LIMIT 1");
  ASSERT_FALSE(customer.empty());
  SqlExec(server_->db(), "INSERT INTO tasks (id, customer_id, kind, due_date, status, created_at) VALUES (9001, " + customer +
                             ", 'phone_call', '2026-11-23', 'open', '2026-11-23T08:00:00Z')");
  int status = 0;
  json list = server_->Get("/api/v1/worklist?signal=task_due", collector, &status);
  ASSERT_EQ(status, 200) << list.dump();
  ASSERT_FALSE(list["items"].empty());
  EXPECT_EQ(std::to_string(list["items"][0]["customer"]["id"].get<int64_t>()), customer);
  EXPECT_EQ(list["items"][0]["task"]["id"], 9001);
  EXPECT_NE(std::find(list["items"][0]["signals"].begin(), list["items"][0]["signals"].end(), "task_due"),
            list["items"][0]["signals"].end());
  server_->Get("/api/v1/worklist?signal=everything", collector, &status);
  EXPECT_EQ(status, 400);

  // A rep's worklist holds only their customers.
  const std::string rep = server_->Login("rep1@demo.test");
  const std::string rep_id = SqlText(server_->db(), "SELECT id FROM users WHERE email = 'rep1@demo.test'");
  json theirs = server_->Get("/api/v1/worklist?limit=1000", rep, &status);
  ASSERT_EQ(status, 200);
  EXPECT_FALSE(theirs["items"].empty());
  const std::set<int64_t> own = SqlIds("SELECT id FROM customers WHERE rep_id = " + rep_id);
  for (const auto& item : theirs["items"]) EXPECT_EQ(own.count(item["customer"]["id"].get<int64_t>()), 1u) << item.dump();

  // The call's outcome and a payment allocated by hand, pushed as the client does.
  const std::string first = SqlText(server_->db(), "SELECT min(id) FROM invoices WHERE status = 'open' AND customer_id = " + customer);
  const std::string second = SqlText(server_->db(), "SELECT max(id) FROM invoices WHERE status = 'open' AND customer_id = " + customer);
  const int64_t open_second = SqlCount(server_->db(), "SELECT open_minor FROM invoices WHERE id = " + second);
  const json batch = {{"device_id", "desk-collector"},
                      {"mutations",
                       {Mutation("0b7e6a52-1c1d-4c8e-9a51-2f0c9d1e0101", "task_outcome",
                                 {{"task_id", 9001}, {"outcome", "reached"}, {"note", "Paiement envoyé ce matin"}}),
                        Mutation("0b7e6a52-1c1d-4c8e-9a51-2f0c9d1e0102", "record_payment",
                                 {{"customer_id", std::stoll(customer)}, {"amount_minor", open_second + 1000}, {"currency", "EUR"},
                                  {"date", "2026-11-24"}, {"method", "transfer"}, {"reference", "VIR 8841"},
                                  {"allocations", {{{"invoice_id", std::stoll(second)}, {"amount_minor", open_second}},
                                                   {{"invoice_id", std::stoll(first)}, {"amount_minor", 1000}}}}})}}};
  json pushed = server_->Post("/sync/v1/push", batch, collector, &status);
  ASSERT_EQ(status, 200) << pushed.dump();
  EXPECT_EQ(pushed["results"][0]["status"], "applied") << pushed.dump();
  EXPECT_EQ(pushed["results"][1]["status"], "applied") << pushed.dump();
  EXPECT_EQ(SqlText(server_->db(), "SELECT status || ' ' || outcome FROM tasks WHERE id = 9001"), "done reached");
  EXPECT_EQ(SqlText(server_->db(), "SELECT status FROM invoices WHERE id = " + second), "paid");
  EXPECT_EQ(SqlCount(server_->db(), "SELECT count(*) FROM allocations WHERE payment_id = " +
                                        std::to_string(pushed["results"][1]["record_id"].get<int64_t>())), 2);
  json after = server_->Get("/api/v1/worklist?signal=task_due", collector, &status);
  for (const auto& item : after["items"]) EXPECT_NE(item["task"]["id"], 9001) << "a worked task leaves the list";
}

TEST_F(SyncTest, BadPushesAreRefusedClearly) {
  const std::string rep = server_->Login("rep3@demo.test");
  int status = 0;
  json r = server_->Post("/sync/v1/push", {{"mutations", json::array()}}, rep, &status);
  EXPECT_EQ(status, 400);
  EXPECT_EQ(r["error"]["field"], "device_id");
  json many = json::array();
  for (int i = 0; i < 501; ++i) many.push_back(json::object());
  server_->Post("/sync/v1/push", {{"device_id", "t"}, {"mutations", many}}, rep, &status);
  EXPECT_EQ(status, 400);
  // One malformed mutation is rejected on its own; the others still apply.
  json mixed = server_->Post("/sync/v1/push",
                             {{"device_id", "t"},
                              {"mutations",
                               {json{{"kind", "add_note"}},
                                Mutation("0b7e6a52-1c1d-4c8e-9a51-2f0c9d1e0101", "add_note", {{"customer_id", 1}, {"text", ""}})}}},
                             rep, &status);
  ASSERT_EQ(status, 200) << mixed.dump();
  EXPECT_EQ(mixed["results"][0]["status"], "rejected");
  EXPECT_TRUE(mixed["results"][0]["id"].is_null());
  EXPECT_EQ(mixed["results"][1]["status"], "rejected");
  EXPECT_NE(mixed["results"][1]["reason"].get<std::string>().find("args.text"), std::string::npos) << mixed.dump();
  server_->Post("/sync/v1/pull", {{"since", "nonsense"}}, rep, &status);
  EXPECT_EQ(status, 400);
  server_->Post("/sync/v1/pull", {{"since", "0"}}, "", &status);
  EXPECT_EQ(status, 401);
}

// Found by tests/fuzz/sync_push_fuzz: a rejected mutation's id is echoed back, and an id nested
// 100 000 deep (200 KB) overflowed the stack while being copied. Every JSON body is now refused
// past 64 levels, and the server stays up.
TEST_F(SyncTest, ADeeplyNestedBodyIsRefusedAndTheServerStaysUp) {
  const std::string rep = server_->Login("rep3@demo.test");
  const std::string body = R"({"device_id":"t","mutations":[{"id":)" + std::string(100000, '[') + std::string(100000, ']') + "}]}";
  auto http = server_->Client();
  auto res = http.Post("/sync/v1/push", {{"Authorization", "Bearer " + rep}}, body, "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_NE(res->body.find("64 levels"), std::string::npos) << res->body.substr(0, 200);
  auto health = http.Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
}

TEST_F(SyncTest, ACustomerMovedAwayIsDeletedFromTheRepsTablet) {
  const std::string rep = server_->Login("rep4@demo.test");
  const std::string other = SqlText(server_->db(), "SELECT id FROM users WHERE email = 'rep5@demo.test'");
  Pulled first = PullAll(rep, "0", 5000);
  ASSERT_FALSE(Ids(first.changes, "customers").empty());
  const int64_t moving = *Ids(first.changes, "customers").begin();
  int status = 0;
  server_->Patch("/api/v1/customers/" + std::to_string(moving), {{"rep_id", std::stoll(other)}},
                 server_->Login("collector@demo.test"), &status);
  ASSERT_EQ(status, 200);
  Pulled next = PullAll(rep, first.cursor, 5000);
  EXPECT_EQ(Ids(next.changes, "customers", "delete"), std::set<int64_t>{moving});
  EXPECT_TRUE(Ids(next.changes, "invoices").empty());
  Pulled theirs = PullAll(server_->Login("rep5@demo.test"), "0", 5000);
  EXPECT_EQ(Ids(theirs.changes, "customers").count(moving), 1u);
}

TEST_F(SyncTest, ARevokedDeviceGets401) {
  const std::string rep = server_->Login("rep3@demo.test");
  int status = 0;
  server_->Post("/sync/v1/pull", {{"since", "0"}, {"limit", 10}}, rep, &status);
  EXPECT_EQ(status, 200);
  server_->Delete("/api/v1/sessions/current", rep, &status);
  EXPECT_EQ(status, 204);
  server_->Post("/sync/v1/pull", {{"since", "0"}, {"limit", 10}}, rep, &status);
  EXPECT_EQ(status, 401);
  server_->Post("/sync/v1/push", {{"device_id", "t"}, {"mutations", json::array()}}, rep, &status);
  EXPECT_EQ(status, 401);
}

}  // namespace
}  // namespace encaisse::testing
