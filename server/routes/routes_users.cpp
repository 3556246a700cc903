// Staff accounts for the administrator's screen: GET /api/v1/users (also for collectors and
// managers, who assign reps), POST /api/v1/users, PATCH /api/v1/users/{id}. Passwords are
// write-only: never sent back, stored as libsodium hashes.
#include "server/auth/user_admin.h"
#include "server/http/json_io.h"
#include "server/routes/route_params.h"
#include "server/routes/routes.h"
#include "server/routes/user_json.h"

namespace encaisse {
namespace {

json UserItem(const User& u) {
  json j = UserJson(u.id, u.email, u.name, u.role);
  j["disabled"] = u.disabled;
  return j;
}

Result<Role> RoleField(const json& body) {
  auto text = RequiredString(body, "role", 40);
  if (!text.ok()) return text.status();
  auto role = ParseRole(*text);
  if (!role.ok()) return Status::Invalid("role must be admin, manager, collector or sales_rep", "role");
  return *role;
}

void CreateUserRoute(ApiCall& c) {
  auto body = ParseJsonObject(c.req);
  if (!body.ok()) return SendStatus(c.res, body.status());
  if (Status s = OnlyKeys(*body, {"email", "name", "role", "password"}); !s.ok()) return SendStatus(c.res, s);
  auto email = RequiredString(*body, "email", 320);
  if (!email.ok()) return SendStatus(c.res, email.status());
  auto name = RequiredString(*body, "name", 200);
  if (!name.ok()) return SendStatus(c.res, name.status());
  auto role = RoleField(*body);
  if (!role.ok()) return SendStatus(c.res, role.status());
  auto password = RequiredString(*body, "password", 1024);
  if (!password.ok()) return SendStatus(c.res, password.status());
  auto user = CreateUser(c.store.db(), {*email, *name, *role, *password});
  if (!user.ok()) return SendStatus(c.res, user.status());
  SendJson(c.res, 201, UserItem(*user));
}

void ChangeUserRoute(ApiCall& c) {
  auto body = ParseJsonObject(c.req);
  if (!body.ok()) return SendStatus(c.res, body.status());
  if (Status s = OnlyKeys(*body, {"name", "role", "disabled", "password"}); !s.ok()) return SendStatus(c.res, s);
  UserChange change;
  if (body->contains("name")) {
    auto name = RequiredString(*body, "name", 200);
    if (!name.ok()) return SendStatus(c.res, name.status());
    change.name = *name;
  }
  if (body->contains("role")) {
    auto role = RoleField(*body);
    if (!role.ok()) return SendStatus(c.res, role.status());
    change.role = *role;
  }
  if (body->contains("disabled")) {
    if (!(*body)["disabled"].is_boolean()) return SendError(c.res, 400, "invalid_argument", "must be true or false", "disabled");
    change.disabled = (*body)["disabled"].get<bool>();
  }
  if (body->contains("password")) {
    auto password = RequiredString(*body, "password", 1024);
    if (!password.ok()) return SendStatus(c.res, password.status());
    change.password = *password;
  }
  auto user = ChangeUser(c.store.db(), PathId(c).value_or(0), change, c.user.user_id, c.now);
  if (!user.ok()) return SendStatus(c.res, user.status());
  SendJson(c.res, 200, UserItem(*user));
}

}  // namespace

void RegisterUserRoutes(App& app) {
  using M = App::Method;
  app.Api(M::kGet, "/api/v1/users", Access::Roles({Role::kAdmin, Role::kManager, Role::kCollector}), [](ApiCall& c) {
    auto users = c.store.ListUsers();
    if (!users.ok()) return SendStatus(c.res, users.status());
    json items = json::array();
    for (const auto& u : *users) items.push_back(UserItem(u));
    SendJson(c.res, 200, {{"items", items}});
  });
  app.Api(M::kPost, "/api/v1/users", Access::Roles({Role::kAdmin}), CreateUserRoute);
  app.Api(M::kPatch, R"(/api/v1/users/(\d+))", Access::Roles({Role::kAdmin}), ChangeUserRoute);
}

}  // namespace encaisse
