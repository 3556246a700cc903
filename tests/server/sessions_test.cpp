// Sign-in, sessions, roles on the account routes, revocation, rate limiting.
#include <gtest/gtest.h>

#include <fstream>

#include "tests/server/server_harness.h"

namespace encaisse::testing {
namespace {

class SessionsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new ServerProcess(DemoDatabaseCopy()); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static ServerProcess* server_;
};
ServerProcess* SessionsTest::server_ = nullptr;

TEST_F(SessionsTest, LoginReturnsATokenAndTheUser) {
  int status = 0;
  json r = server_->Post("/api/v1/sessions", {{"email", "manager@demo.test"}, {"password", "encaisse-demo"}, {"device_name", "tablette DAF"}}, "", &status);
  ASSERT_EQ(status, 201) << r.dump();
  const std::string token = r["token"];
  EXPECT_GE(token.size(), 4u + 43u);  // "enc_" + 256 bits in base64url
  EXPECT_EQ(r["user"]["role"], "manager");
  EXPECT_EQ(r["user"]["email"], "manager@demo.test");
  json me = server_->Get("/api/v1/me", token, &status);
  EXPECT_EQ(status, 200);
  EXPECT_EQ(me["email"], "manager@demo.test");
}

TEST_F(SessionsTest, EmailIsCaseInsensitive) {
  EXPECT_FALSE(server_->Login("Collector@Demo.TEST").empty());
}

TEST_F(SessionsTest, TheTokenIsStoredOnlyAsAHash) {
  const std::string token = server_->Login("rep2@demo.test");
  ASSERT_FALSE(token.empty());
  std::string out;
  // The database file holds no trace of the token itself.
  ASSERT_EQ(RunEncaisse({"user", "list", "--db", server_->db()}, "", &out), 0);
  std::ifstream db(server_->db(), std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(db)), std::istreambuf_iterator<char>());
  std::ifstream wal(server_->db() + "-wal", std::ios::binary);
  bytes += std::string((std::istreambuf_iterator<char>(wal)), std::istreambuf_iterator<char>());
  EXPECT_EQ(bytes.find(token.substr(4)), std::string::npos);
}

TEST_F(SessionsTest, WrongPasswordAndUnknownEmailGetTheSameAnswer) {
  int s1 = 0, s2 = 0;
  json wrong = server_->Post("/api/v1/sessions", {{"email", "rep3@demo.test"}, {"password", "pas-le-bon-mot"}}, "", &s1);
  json unknown = server_->Post("/api/v1/sessions", {{"email", "nobody@demo.test"}, {"password", "pas-le-bon-mot"}}, "", &s2);
  EXPECT_EQ(s1, 401);
  EXPECT_EQ(s2, 401);
  EXPECT_EQ(wrong, unknown);
  EXPECT_EQ(wrong["error"]["code"], "bad_credentials");
}

TEST_F(SessionsTest, MissingFieldsAreBadInputNamingTheField) {
  int status = 0;
  json r = server_->Post("/api/v1/sessions", {{"email", "admin@demo.test"}}, "", &status);
  EXPECT_EQ(status, 400);
  EXPECT_EQ(r["error"]["field"], "password");
  auto c = server_->Client();
  auto res = c.Post("/api/v1/sessions", "{not json", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
}

TEST_F(SessionsTest, NoTokenOrABadTokenIs401) {
  int status = 0;
  server_->Get("/api/v1/me", "", &status);
  EXPECT_EQ(status, 401);
  server_->Get("/api/v1/me", "enc_forged0000000000000000000000000000000000000", &status);
  EXPECT_EQ(status, 401);
}

TEST_F(SessionsTest, LogoutRevokesOnlyThatDevice) {
  const std::string a = server_->Login("rep4@demo.test");
  const std::string b = server_->Login("rep4@demo.test");
  int status = 0;
  server_->Delete("/api/v1/sessions/current", a, &status);
  EXPECT_EQ(status, 204);
  server_->Get("/api/v1/me", a, &status);
  EXPECT_EQ(status, 401);
  server_->Get("/api/v1/me", b, &status);
  EXPECT_EQ(status, 200);
}

TEST_F(SessionsTest, AnAdminRevokesAnyDeviceAndOthersMayNot) {
  const std::string rep = server_->Login("rep5@demo.test");
  int status = 0;
  json me = server_->Get("/api/v1/me", rep, &status);
  const std::string path = "/api/v1/sessions/" + std::to_string(me["session_id"].get<int64_t>());
  server_->Delete(path, server_->Login("manager@demo.test"), &status);
  EXPECT_EQ(status, 403);
  server_->Get("/api/v1/sessions", rep, &status);
  EXPECT_EQ(status, 403);
  const std::string admin = server_->Login("admin@demo.test");
  json list = server_->Get("/api/v1/sessions", admin, &status);
  EXPECT_EQ(status, 200);
  EXPECT_GE(list["items"].size(), 2u);
  const int64_t mine = server_->Get("/api/v1/me", admin, &status)["session_id"].get<int64_t>();
  int current = 0;
  for (const json& item : list["items"]) {
    EXPECT_EQ(item["current"].get<bool>(), item["id"].get<int64_t>() == mine) << item.dump();
    current += item["current"].get<bool>() ? 1 : 0;
  }
  EXPECT_EQ(current, 1) << "the asking device is marked, only it";
  server_->Delete(path, admin, &status);
  EXPECT_EQ(status, 204);
  server_->Get("/api/v1/me", rep, &status);
  EXPECT_EQ(status, 401);
}

TEST_F(SessionsTest, ADisabledUserLosesSessionsAndCannotSignIn) {
  const std::string token = server_->Login("rep1@demo.test");
  ASSERT_FALSE(token.empty());
  ASSERT_EQ(RunEncaisse({"user", "disable", "--db", server_->db(), "--email", "rep1@demo.test"}), 0);
  int status = 0;
  server_->Get("/api/v1/me", token, &status);
  EXPECT_EQ(status, 401);
  EXPECT_TRUE(server_->Login("rep1@demo.test").empty());
}

TEST(LoginRateLimit, RepeatedFailuresAreRefusedWith429) {
  ServerProcess server(DemoDatabaseCopy());
  int status = 0;
  for (int i = 0; i < 5; ++i) {
    server.Post("/api/v1/sessions", {{"email", "admin@demo.test"}, {"password", "devine-" + std::to_string(i)}}, "", &status);
    EXPECT_EQ(status, 401);
  }
  auto c = server.Client();
  auto res = c.Post("/api/v1/sessions", json({{"email", "admin@demo.test"}, {"password", "encaisse-demo"}}).dump(), "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 429) << "even the right password waits once the account is being guessed";
  EXPECT_FALSE(res->get_header_value("Retry-After").empty());
  // Another account from the same address is not locked by these five.
  EXPECT_FALSE(server.Login("manager@demo.test").empty());
}

}  // namespace
}  // namespace encaisse::testing
