// Staff sign-in: POST /api/v1/sessions, DELETE /api/v1/sessions/current, GET /api/v1/me, and
// the administrator's view of device sessions (list, revoke any).
#include <spdlog/spdlog.h>

#include "server/auth/passwords.h"
#include "server/http/client_address.h"
#include "server/http/json_io.h"
#include "server/routes/routes.h"
#include "server/routes/user_json.h"

namespace encaisse {
namespace {

void Login(ApiCall& c) {
  auto body = ParseJsonObject(c.req);
  if (!body.ok()) return SendStatus(c.res, body.status());
  auto email = RequiredString(*body, "email", 320);
  auto password = RequiredString(*body, "password", 1024);
  auto device = OptionalString(*body, "device_name", 200);
  if (!email.ok()) return SendStatus(c.res, email.status());
  if (!password.ok()) return SendStatus(c.res, password.status());
  if (!device.ok()) return SendStatus(c.res, device.status());
  std::string account = *email;
  for (auto& ch : account) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));

  const std::string address = ClientAddress(c.req, c.app.options().trusted_proxy);
  if (int wait = c.app.login_limiter().RetryAfter(account, address); wait > 0) {
    c.res.set_header("Retry-After", std::to_string(wait));
    return SendError(c.res, 429, "too_many_attempts", "too many failed sign-ins: try again in " + std::to_string(wait) + " s");
  }
  auto login = FindLogin(c.store.db(), account);
  if (!login.ok()) return SendStatus(c.res, login.status());
  const bool ok = *login ? VerifyPassword(*password, (*login)->password_hash) : (VerifyDummyPassword(*password), false);
  if (!ok || (*login)->disabled) {
    c.app.login_limiter().RecordFailure(account, address);
    spdlog::warn("failed sign-in for an account from {}", address);
    // The same answer for an unknown email, a wrong password and a disabled account.
    return SendError(c.res, 401, "bad_credentials", "wrong email or password");
  }
  c.app.login_limiter().RecordSuccess(account);
  const std::string device_name = device->empty() ? "unnamed device" : *device;
  auto token = CreateSession(c.store.db(), (*login)->id, device_name, c.now);
  if (!token.ok()) return SendStatus(c.res, token.status());
  SendJson(c.res, 201, {{"token", *token}, {"user", UserJson((*login)->id, (*login)->email, (*login)->name, (*login)->role)}});
}

}  // namespace

void RegisterSessionRoutes(App& app) {
  app.Api(App::Method::kPost, "/api/v1/sessions", Access::Public(), Login);

  app.Api(App::Method::kDelete, "/api/v1/sessions/current", Access::SignedIn(), [](ApiCall& c) {
    Status s = RevokeSession(c.store.db(), c.user.session_id, c.now);
    if (!s.ok()) return SendStatus(c.res, s);
    c.res.status = 204;
  });

  app.Api(App::Method::kGet, "/api/v1/me", Access::SignedIn(), [](ApiCall& c) {
    json me = UserJson(c.user.user_id, c.user.email, c.user.name, c.user.role);
    me["session_id"] = c.user.session_id;
    SendJson(c.res, 200, me);
  });

  app.Api(App::Method::kGet, "/api/v1/sessions", Access::Roles({Role::kAdmin}), [](ApiCall& c) {
    auto sessions = ListSessions(c.store.db(), std::nullopt);
    if (!sessions.ok()) return SendStatus(c.res, sessions.status());
    json items = json::array();
    for (const auto& s : *sessions)
      items.push_back({{"id", s.id}, {"user_id", s.user_id}, {"device_name", s.device_name}, {"created_at", s.created_at},
                       {"last_seen_at", s.last_seen_at}, {"revoked", s.revoked},
                       {"current", s.id == c.user.session_id}});  // the asking device: not to sign out by mistake
    SendJson(c.res, 200, {{"items", items}});
  });

  app.Api(App::Method::kDelete, R"(/api/v1/sessions/(\d+))", Access::Roles({Role::kAdmin}), [](ApiCall& c) {
    Status s = RevokeSession(c.store.db(), std::stoll(c.req.matches[1]), c.now);
    if (!s.ok()) return SendStatus(c.res, s);
    c.res.status = 204;
  });
}

}  // namespace encaisse
