// Staff accounts managed by an administrator over the API: create, change role, disable,
// new password; the lock-out guards; every other role refused.
#include <gtest/gtest.h>

#include "tests/server/server_harness.h"

namespace encaisse::testing {
namespace {

class UsersTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new ServerProcess(DemoDatabaseCopy());
    admin_ = server_->Login("admin@demo.test");
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static json Find(const std::string& email) {
    int status = 0;
    json list = server_->Get("/api/v1/users", admin_, &status);
    for (const auto& u : list["items"])
      if (u["email"] == email) return u;
    return nullptr;
  }
  static ServerProcess* server_;
  static std::string admin_;
};
ServerProcess* UsersTest::server_ = nullptr;
std::string UsersTest::admin_;

TEST_F(UsersTest, AnAdminCreatesAUserWhoCanSignIn) {
  ASSERT_FALSE(admin_.empty());
  int status = 0;
  json u = server_->Post("/api/v1/users",
                         {{"email", "Claire.Martin@Demo.test"}, {"name", "Claire Martin"}, {"role", "collector"},
                          {"password", "recouvrement-2026"}},
                         admin_, &status);
  ASSERT_EQ(status, 201) << u.dump();
  EXPECT_EQ(u["email"], "claire.martin@demo.test");
  EXPECT_EQ(u["role"], "collector");
  EXPECT_FALSE(u.contains("password"));
  EXPECT_FALSE(Find("claire.martin@demo.test").is_null());
  EXPECT_FALSE(server_->Login("claire.martin@demo.test", "recouvrement-2026").empty());
  // The same email again: a conflict, nothing changed.
  server_->Post("/api/v1/users", {{"email", "claire.martin@demo.test"}, {"name", "X"}, {"role", "admin"}, {"password", "recouvrement-2026"}},
                admin_, &status);
  EXPECT_EQ(status, 409);
  EXPECT_EQ(Find("claire.martin@demo.test")["role"], "collector");
}

TEST_F(UsersTest, BadInputNamesTheField) {
  int status = 0;
  json r = server_->Post("/api/v1/users", {{"email", "no-at-sign"}, {"name", "A"}, {"role", "collector"}, {"password", "recouvrement-2026"}},
                         admin_, &status);
  EXPECT_EQ(status, 400);
  EXPECT_EQ(r["error"]["field"], "email");
  r = server_->Post("/api/v1/users", {{"email", "a@demo.test"}, {"name", "A"}, {"role", "boss"}, {"password", "recouvrement-2026"}},
                    admin_, &status);
  EXPECT_EQ(status, 400);
  EXPECT_EQ(r["error"]["field"], "role");
  r = server_->Post("/api/v1/users", {{"email", "a@demo.test"}, {"name", "A"}, {"role", "collector"}, {"password", "court"}},
                    admin_, &status);
  EXPECT_EQ(status, 400);
  EXPECT_EQ(r["error"]["field"], "password");
  r = server_->Post("/api/v1/users", {{"email", "a@demo.test"}, {"name", "A"}, {"role", "collector"}, {"password", "recouvrement-2026"}, {"admin", true}},
                    admin_, &status);
  EXPECT_EQ(status, 400);
  EXPECT_EQ(r["error"]["field"], "admin");
  EXPECT_TRUE(Find("a@demo.test").is_null());
}

TEST_F(UsersTest, OnlyAdminsManageUsers) {
  int status = 0;
  for (const char* who : {"manager@demo.test", "collector@demo.test", "rep3@demo.test"}) {
    const std::string token = server_->Login(who);
    server_->Post("/api/v1/users", {{"email", "x@demo.test"}, {"name", "X"}, {"role", "admin"}, {"password", "recouvrement-2026"}}, token, &status);
    EXPECT_EQ(status, 403) << who;
    server_->Patch("/api/v1/users/1", {{"role", "sales_rep"}}, token, &status);
    EXPECT_EQ(status, 403) << who;
  }
  EXPECT_TRUE(Find("x@demo.test").is_null());
}

TEST_F(UsersTest, ARoleChangeOrANewPasswordSignsThePersonOut) {
  const json rep = Find("rep2@demo.test");
  const std::string path = "/api/v1/users/" + std::to_string(rep["id"].get<int64_t>());
  const std::string token = server_->Login("rep2@demo.test");
  int status = 0;
  json changed = server_->Patch(path, {{"role", "collector"}, {"name", "Rep Deux"}}, admin_, &status);
  ASSERT_EQ(status, 200) << changed.dump();
  EXPECT_EQ(changed["role"], "collector");
  EXPECT_EQ(changed["name"], "Rep Deux");
  server_->Get("/api/v1/me", token, &status);
  EXPECT_EQ(status, 401) << "the device's replica was built for a sales rep's scope";
  const std::string again = server_->Login("rep2@demo.test");
  json me = server_->Get("/api/v1/me", again, &status);
  EXPECT_EQ(me["role"], "collector");
  server_->Patch(path, {{"password", "nouveau-secret-42"}}, admin_, &status);
  EXPECT_EQ(status, 200);
  server_->Get("/api/v1/me", again, &status);
  EXPECT_EQ(status, 401);
  EXPECT_TRUE(server_->Login("rep2@demo.test").empty());
  EXPECT_FALSE(server_->Login("rep2@demo.test", "nouveau-secret-42").empty());
}

TEST_F(UsersTest, DisableAndEnable) {
  const json rep = Find("rep4@demo.test");
  ASSERT_FALSE(rep.is_null());
  const std::string path = "/api/v1/users/" + std::to_string(rep["id"].get<int64_t>());
  const std::string token = server_->Login("rep4@demo.test");
  int status = 0;
  server_->Patch(path, {{"disabled", true}}, admin_, &status);
  EXPECT_EQ(status, 200);
  server_->Get("/api/v1/me", token, &status);
  EXPECT_EQ(status, 401);
  EXPECT_TRUE(server_->Login("rep4@demo.test").empty());
  server_->Patch(path, {{"disabled", "yes"}}, admin_, &status);
  EXPECT_EQ(status, 400);
  server_->Patch(path, {{"disabled", false}}, admin_, &status);
  EXPECT_EQ(status, 200);
  EXPECT_FALSE(server_->Login("rep4@demo.test").empty());
  server_->Patch("/api/v1/users/99999", {{"disabled", true}}, admin_, &status);
  EXPECT_EQ(status, 404);
}

TEST_F(UsersTest, AnAdminCannotLockThemselvesOutNorRemoveTheLastAdmin) {
  const json me = Find("admin@demo.test");
  const std::string path = "/api/v1/users/" + std::to_string(me["id"].get<int64_t>());
  int status = 0;
  json r = server_->Patch(path, {{"disabled", true}}, admin_, &status);
  EXPECT_EQ(status, 400);
  EXPECT_EQ(r["error"]["field"], "disabled");
  r = server_->Patch(path, {{"role", "manager"}}, admin_, &status);
  EXPECT_EQ(status, 400);
  EXPECT_EQ(r["error"]["field"], "role");
  // From the shell there is no acting user, but the last admin still stays.
  EXPECT_NE(RunEncaisse({"user", "disable", "--db", server_->db(), "--email", "admin@demo.test"}), 0);
  EXPECT_EQ(Find("admin@demo.test")["disabled"], false);
  int me_status = 0;
  server_->Get("/api/v1/me", admin_, &me_status);
  EXPECT_EQ(me_status, 200);
}

}  // namespace
}  // namespace encaisse::testing
