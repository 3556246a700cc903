// A second writer holding the database's write lock (a backup tool, a sqlite3 shell, a stuck
// script): the server's requests wait for it (busy_timeout, 5 s) and succeed once it lets go;
// held longer, a request fails cleanly with 503 and Retry-After, writes nothing, and the same
// request retried with its Idempotency-Key is applied once. The database stays intact.
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <thread>

#include "shared/store/db.h"
#include "tests/server/server_harness.h"

namespace encaisse::testing {
namespace {

constexpr const char* kNotes = "SELECT count(*) FROM notes WHERE text LIKE 'Verrou%'";

TEST(BusyDatabase, RequestsWaitForTheOtherWriterThenFailCleanlyAndRetryOnce) {
  ServerProcess server(DemoDatabaseCopy());
  const std::string token = server.Login("collector@demo.test");
  ASSERT_FALSE(token.empty());
  auto other = Db::Open(server.db());
  ASSERT_TRUE(other.ok()) << other.status().ToString();
  auto note = [&](const std::string& body, const std::string& key) {
    auto c = server.Client();
    c.set_read_timeout(std::chrono::seconds(20));
    httplib::Headers headers = {{"Authorization", "Bearer " + token}, {"Idempotency-Key", key}};
    return c.Post("/api/v1/customers/1/notes", headers, json{{"text", body}}.dump(), "application/json");
  };

  // Held one second: the request waits, then goes through.
  ASSERT_TRUE(other->Exec("BEGIN IMMEDIATE").ok());
  auto waiting = std::async(std::launch::async, [&] { return note("Verrou court", "busy-1"); });
  EXPECT_EQ(waiting.wait_for(std::chrono::milliseconds(1000)), std::future_status::timeout) << "it waited";
  ASSERT_TRUE(other->Exec("COMMIT").ok());
  auto done = waiting.get();
  ASSERT_TRUE(done);
  EXPECT_EQ(done->status, 201) << done->body;
  EXPECT_EQ(SqlCount(server.db(), kNotes), 1);

  // Held past the busy timeout: 503, nothing written, the same request later applied once.
  ASSERT_TRUE(other->Exec("BEGIN IMMEDIATE").ok());
  auto refused = note("Verrou long", "busy-2");
  ASSERT_TRUE(other->Exec("COMMIT").ok());
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 503) << refused->body;
  EXPECT_EQ(refused->get_header_value("Retry-After"), "1");
  EXPECT_NE(refused->body.find("\"busy\""), std::string::npos) << refused->body;
  EXPECT_EQ(refused->body.find("INSERT"), std::string::npos) << "no SQL in the answer";
  EXPECT_EQ(SqlCount(server.db(), kNotes), 1);
  for (int i = 0; i < 2; ++i) {
    auto retried = note("Verrou long", "busy-2");
    ASSERT_TRUE(retried);
    EXPECT_EQ(retried->status, 201) << retried->body;
  }
  EXPECT_EQ(SqlCount(server.db(), kNotes), 2);
  EXPECT_EQ(SqlText(server.db(), "PRAGMA integrity_check"), "ok");
}

}  // namespace
}  // namespace encaisse::testing
