#include "server/http/app.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <ctime>
#include <memory>

#include "server/auth/tokens.h"
#include "server/clock.h"
#include "server/http/elastic_pool.h"
#include "server/http/idempotency.h"
#include "server/http/json_io.h"

namespace encaisse {
namespace {

// When the current request started, for the request log (one request per thread at a time).
thread_local std::chrono::steady_clock::time_point request_start;

bool ChangesState(const std::string& method) { return method != "GET" && method != "HEAD"; }

std::string BearerToken(const httplib::Request& req) {
  const std::string header = req.get_header_value("Authorization");
  constexpr std::string_view kBearer = "Bearer ";
  if (header.size() <= kBearer.size() || header.compare(0, kBearer.size(), kBearer) != 0) return {};
  return header.substr(kBearer.size());
}

}  // namespace

App::App(ServeOptions options)
    : options_(std::move(options)), limiter_(5, 20, std::chrono::minutes(15)) {}

Status App::Open() {
  auto store = Store::Open(options_.db);
  if (!store.ok()) return store.status();
  auto demo = store->db().QueryInt("SELECT count(*) FROM users WHERE is_demo = 1 AND password_hash <> '' AND disabled = 0");
  if (demo.ok() && *demo > 0)
    spdlog::warn("!!! this database has {} demo users with the published password 'encaisse-demo': "
                 "never expose it to a network. Disable them with `encaisse user disable`. !!!", *demo);
  auto secrets = SecretBox::ForDatabase(options_.db);
  if (!secrets.ok()) return secrets.status();
  secrets_ = *secrets;
  Hygiene();
  return Status::Ok();
}

Store& App::StoreForThisThread() {
  // One connection per server thread: WAL lets readers run beside the single writer.
  thread_local std::unique_ptr<Store> store;
  thread_local std::string path;
  if (!store || path != options_.db) {
    auto opened = Store::Open(options_.db, OpenOptions{.create = false});
    if (!opened.ok()) throw std::runtime_error(opened.status().ToString());
    store = std::make_unique<Store>(std::move(opened).value());
    path = options_.db;
  }
  return *store;
}

Date App::Today() const { return options_.fixed_today ? *options_.fixed_today : LocalToday(); }

namespace {

// cpp-httplib 0.11 compresses a response with brotli at its highest quality whenever the
// browser accepts "br": a 1.2 MB sync page took 3.6 s to compress, a portal page milliseconds.
// Browsers all accept gzip, which it writes at a fraction of the cost: offer it only that.
void OfferGzipOnly(httplib::Request& req) {
  auto it = req.headers.find("Accept-Encoding");
  if (it == req.headers.end() || it->second.find("br") == std::string::npos) return;
  const bool gzip = it->second.find("gzip") != std::string::npos;
  req.headers.erase(it);
  if (gzip) req.headers.emplace("Accept-Encoding", "gzip");
}

}  // namespace

void App::Hygiene() {
  http_.set_tcp_nodelay(true);  // TOOLCHAIN.md: 284 req/s without, ~46 000 with
  const auto core = static_cast<size_t>(options_.threads), max = static_cast<size_t>(options_.max_threads);
  http_.new_task_queue = [core, max] { return new ElasticPool(core, max); };
  http_.set_keep_alive_max_count(1000);
  http_.set_keep_alive_timeout(options_.keep_alive_seconds);
  http_.set_read_timeout(10, 0);
  http_.set_write_timeout(10, 0);
  http_.set_payload_max_length(options_.max_upload_bytes);
  http_.set_default_headers({
      {"X-Content-Type-Options", "nosniff"},
      {"Referrer-Policy", "no-referrer"},
      {"X-Frame-Options", "DENY"},
      {"Content-Security-Policy",
       "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"},
  });
  http_.set_pre_routing_handler([](const httplib::Request& req, httplib::Response&) {
    request_start = std::chrono::steady_clock::now();
    OfferGzipOnly(const_cast<httplib::Request&>(req));  // the server's own request object
    return httplib::Server::HandlerResponse::Unhandled;
  });
  // The request log: method, path without the query string, status, time. Never a header,
  // a body or a query (tokens and passwords travel there); portal links are cut to their prefix.
  http_.set_logger([](const httplib::Request& req, const httplib::Response& res) {
    std::string path = req.path;
    if (path.rfind("/p/", 0) == 0) path = "/p/…";
    const auto us = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - request_start);
    spdlog::info("{} {} {} {:.1f} ms", req.method, path, res.status, static_cast<double>(us.count()) / 1000.0);
  });
  http_.set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
    std::string what = "unknown";
    try {
      if (ep) std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    spdlog::error("{} {}: {}", req.method, req.path, what);
    SendError(res, 500, "internal", "internal error");
  });
  http_.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;
    if (res.status == 413) SendError(res, 413, "too_large", "the request body is too large");
    else if (res.status == 404 && req.path.rfind("/api/", 0) == 0) SendError(res, 404, "not_found", "no such route");
    else if (res.status == 404) res.set_content("Not found\n", "text/plain; charset=utf-8");
  });
}

void App::Api(Method method, const std::string& pattern, Access access, Handler handler) {
  Register(method, pattern, std::move(access), std::move(handler), options_.max_json_bytes);
}

void App::Upload(Method method, const std::string& pattern, Access access, Handler handler) {
  Register(method, pattern, std::move(access), std::move(handler), options_.max_upload_bytes);
}

void App::Register(Method method, const std::string& pattern, Access access, Handler handler, size_t max_body) {
  auto route = [this, access = std::move(access), handler = std::move(handler), max_body](const httplib::Request& req,
                                                                                         httplib::Response& res) {
    Dispatch(req, res, access, handler, max_body);
  };
  switch (method) {
    case Method::kGet: http_.Get(pattern, route); break;
    case Method::kPost: http_.Post(pattern, route); break;
    case Method::kPatch: http_.Patch(pattern, route); break;
    case Method::kPut: http_.Put(pattern, route); break;
    case Method::kDelete: http_.Delete(pattern, route); break;
  }
}

void App::Dispatch(const httplib::Request& req, httplib::Response& res, const Access& access, const Handler& handler,
                   size_t max_body) {
  res.set_header("Cache-Control", "no-store");
  if (req.body.size() > max_body) {
    SendError(res, 413, "too_large", "the request body is larger than " + std::to_string(max_body) + " bytes");
    return;
  }
  Store& store = StoreForThisThread();
  const std::string now = NowUtc();
  AuthUser user;
  if (!access.public_route) {
    const std::string token = BearerToken(req);
    auto found = token.empty() ? Result<std::optional<AuthUser>>(std::optional<AuthUser>()) : FindSession(store.db(), token, now);
    if (!found.ok()) return SendStatus(res, found.status());
    if (!*found) {
      res.set_header("WWW-Authenticate", "Bearer");
      return SendError(res, 401, "unauthenticated", "sign in first (Authorization: Bearer <token>)");
    }
    user = **found;
    if (!access.roles.empty() && std::find(access.roles.begin(), access.roles.end(), user.role) == access.roles.end())
      return SendError(res, 403, "forbidden", "your role (" + std::string(ToString(user.role)) + ") may not do this");
  }

  ApiCall call{req, res, user, store, Today(), now, *this};
  const std::string key = req.get_header_value("Idempotency-Key");
  if (key.empty() || !ChangesState(req.method) || user.user_id == 0) {
    handler(call);
    return;
  }
  if (key.size() > 200) return SendError(res, 400, "invalid_argument", "Idempotency-Key is too long", "Idempotency-Key");
  const std::string fingerprint = Sha256Hex(req.method + " " + req.target + "\n" + req.body);
  auto reserved = ReserveIdempotencyKey(store.db(), user.user_id, key, fingerprint, now);
  if (!reserved.ok()) return SendStatus(res, reserved.status());
  if (*reserved) {
    res.status = (*reserved)->status;
    res.set_header("Idempotent-Replayed", "true");
    res.set_content((*reserved)->body, "application/json; charset=utf-8");
    return;
  }
  try {
    handler(call);
  } catch (...) {
    (void)ReleaseIdempotencyKey(store.db(), user.user_id, key);
    throw;
  }
  Status saved = res.status >= 500 ? ReleaseIdempotencyKey(store.db(), user.user_id, key)
                                   : StoreIdempotentAnswer(store.db(), user.user_id, key, {res.status, res.body});
  if (!saved.ok()) spdlog::error("idempotency key not saved: {}", saved.ToString());
}

Result<int> App::Bind() {
  if (options_.port == 0) {
    const int port = http_.bind_to_any_port(options_.host);
    if (port <= 0) return Status::Internal("cannot bind to " + options_.host);
    options_.port = port;
    return port;
  }
  if (!http_.bind_to_port(options_.host, options_.port))
    return Status::Internal("cannot listen on " + options_.host + ":" + std::to_string(options_.port) + " (in use?)");
  return options_.port;
}

bool App::Listen() { return http_.listen_after_bind(); }

void App::Stop() { http_.stop(); }

}  // namespace encaisse
