// The HTTP application: cpp-httplib tuned for keep-alive traffic, with one entry point for
// every API route that checks the session and the role, limits the body, replays
// idempotent retries and turns errors into JSON. Routes live in server/routes/.
#pragma once

#include <httplib.h>

#include <functional>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "server/auth/login_limiter.h"
#include "server/auth/secret_box.h"
#include "server/auth/session_store.h"
#include "server/clock.h"
#include "server/http/serve_options.h"
#include "shared/store/store.h"

namespace encaisse {

class App;

// What a route handler gets: the request, the response, who is asking, the store of this
// thread, and the day it is for the company.
struct ApiCall {
  const httplib::Request& req;
  httplib::Response& res;
  const AuthUser& user;  // empty (id 0) on public routes
  Store& store;
  Date today;
  std::string now;  // UTC timestamp, ISO 8601
  App& app;
};

// Who may call a route: nobody signed in, anybody signed in, or some roles.
struct Access {
  bool public_route = false;
  std::vector<Role> roles;  // empty + !public_route = any signed-in user
  static Access Public() { return {true, {}}; }
  static Access SignedIn() { return {false, {}}; }
  static Access Roles(std::initializer_list<Role> r) { return {false, r}; }
};

class App {
 public:
  using Handler = std::function<void(ApiCall&)>;
  enum class Method { kGet, kPost, kPatch, kPut, kDelete };

  explicit App(ServeOptions options);
  // Opens and migrates the database, reads the company settings and the secrets' key.
  Status Open();
  // Binds (port 0 = any free port) and returns the port.
  Result<int> Bind();
  bool Listen();  // blocks until Stop()
  void Stop();

  void Api(Method method, const std::string& pattern, Access access, Handler handler);
  // JSON routes refuse bodies above max_json_bytes; upload routes above max_upload_bytes.
  void Upload(Method method, const std::string& pattern, Access access, Handler handler);

  Store& StoreForThisThread();
  Date Today() const;
  const ServeOptions& options() const { return options_; }
  // Seals the secrets an admin stores (channel settings); set by Open().
  const SecretBox& secrets() const { return *secrets_; }
  LoginLimiter& login_limiter() { return limiter_; }
  httplib::Server& http() { return http_; }

 private:
  void Register(Method method, const std::string& pattern, Access access, Handler handler, size_t max_body);
  void Dispatch(const httplib::Request& req, httplib::Response& res, const Access& access, const Handler& handler,
                size_t max_body);
  void Hygiene();

  ServeOptions options_;
  std::optional<SecretBox> secrets_;
  httplib::Server http_;
  LoginLimiter limiter_;
};

}  // namespace encaisse
