// HTTP hygiene: security headers, body limits, static files (MIME, ETag, caching, gzip,
// no escape from the web folder), JSON 404s, and a clean stop on SIGTERM.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "tests/server/server_harness.h"

namespace encaisse::testing {
namespace {

void Write(const std::string& path, const std::string& content) { std::ofstream(path, std::ios::binary) << content; }

class HttpTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    web_ = TempDir();
    app_ = TempDir();
    Write(web_ + "/index.html", "<!doctype html><title>Encaisse</title>");
    Write(web_ + "/style.css", std::string(4000, 'a'));
    Write(app_ + "/index.html", "<!doctype html><title>App</title>");
    Write(app_ + "/app.3f2a9c1b.js", "console.log('" + std::string(5000, 'x') + "');");
    Write(app_ + "/app.wasm", std::string("\0asm\1\0\0\0", 8) + std::string(1000, '\0'));
    Write(app_ + "/app.wasm.gz", "pretend-gzip");
    Write(TempDir() + "/secret.txt", "outside");
    server_ = new ServerProcess(DemoDatabaseCopy(), {"--web", web_, "--app", app_});
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static ServerProcess* server_;
  static std::string web_, app_;
};
ServerProcess* HttpTest::server_ = nullptr;
std::string HttpTest::web_;
std::string HttpTest::app_;

TEST_F(HttpTest, SecurityHeadersOnEveryAnswer) {
  auto c = server_->Client();
  for (const char* path : {"/healthz", "/", "/api/v1/me", "/app/"}) {
    auto res = c.Get(path);
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->get_header_value("X-Content-Type-Options"), "nosniff") << path;
    EXPECT_EQ(res->get_header_value("Referrer-Policy"), "no-referrer") << path;
    EXPECT_NE(res->get_header_value("Content-Security-Policy").find("frame-ancestors 'none'"), std::string::npos) << path;
  }
}

TEST_F(HttpTest, ApiAnswersAreNeverCached) {
  auto c = server_->Client();
  auto res = c.Get("/healthz");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->get_header_value("Cache-Control"), "no-store");
}

TEST_F(HttpTest, HealthSaysVersionAndSchema) {
  int status = 0;
  json h = server_->Get("/healthz", "", &status);
  EXPECT_EQ(status, 200);
  EXPECT_EQ(h["status"], "ok");
  EXPECT_EQ(h["schema_version"], h["schema_version_expected"]);
  EXPECT_FALSE(h["version"].get<std::string>().empty());
}

TEST_F(HttpTest, AJsonBodyOverOneMebibyteIs413) {
  auto c = server_->Client();
  const std::string big = "{\"email\":\"" + std::string(1100000, 'a') + "\"}";
  auto res = c.Post("/api/v1/sessions", big, "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 413);
  EXPECT_NE(res->body.find("too_large"), std::string::npos);
}

TEST_F(HttpTest, UnknownApiRouteIsAJson404) {
  auto c = server_->Client();
  auto res = c.Get("/api/v1/nothing-here");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
  EXPECT_NE(res->body.find("\"not_found\""), std::string::npos);
}

TEST_F(HttpTest, StaticFilesHaveTheirMimeTypes) {
  auto c = server_->Client();
  auto index = c.Get("/");
  ASSERT_TRUE(index);
  EXPECT_EQ(index->status, 200);
  EXPECT_EQ(index->get_header_value("Content-Type"), "text/html; charset=utf-8");
  auto wasm = c.Get("/app/app.wasm");
  ASSERT_TRUE(wasm);
  EXPECT_EQ(wasm->status, 200);
  EXPECT_EQ(wasm->get_header_value("Content-Type"), "application/wasm");
  EXPECT_EQ(wasm->body.size(), 1008u);
}

TEST_F(HttpTest, PrecompressedWasmGoesToClientsThatAcceptGzip) {
  httplib::Client c("127.0.0.1", server_->port());
  c.set_decompress(false);
  auto res = c.Get("/app/app.wasm", {{"Accept-Encoding", "gzip"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->get_header_value("Content-Encoding"), "gzip");
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/wasm");
  EXPECT_EQ(res->body, "pretend-gzip");
}

TEST_F(HttpTest, TextIsCompressedForClientsThatAcceptGzip) {
  httplib::Client c("127.0.0.1", server_->port());
  c.set_decompress(false);
  auto res = c.Get("/app/app.3f2a9c1b.js", {{"Accept-Encoding", "gzip"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->get_header_value("Content-Encoding"), "gzip");
  EXPECT_LT(res->body.size(), 1000u);
}

// Browsers accept br too; the library would then spend seconds on a large page with brotli at
// its highest quality. Every answer goes out as gzip instead.
TEST_F(HttpTest, BrowsersThatAlsoAcceptBrotliGetGzip) {
  httplib::Client c("127.0.0.1", server_->port());
  c.set_decompress(false);
  auto res = c.Get("/app/app.3f2a9c1b.js", {{"Accept-Encoding", "gzip, deflate, br"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->get_header_value("Content-Encoding"), "gzip");
  auto only_br = c.Get("/app/app.3f2a9c1b.js", {{"Accept-Encoding", "br"}});
  ASSERT_TRUE(only_br);
  EXPECT_EQ(only_br->get_header_value("Content-Encoding"), "") << "no gzip offered: sent as is";
}

TEST_F(HttpTest, ETagGivesA304AndHashedNamesAreImmutable) {
  auto c = server_->Client();
  auto first = c.Get("/app/app.3f2a9c1b.js");
  ASSERT_TRUE(first);
  const std::string etag = first->get_header_value("ETag");
  ASSERT_FALSE(etag.empty());
  EXPECT_NE(first->get_header_value("Cache-Control").find("immutable"), std::string::npos);
  auto again = c.Get("/app/app.3f2a9c1b.js", {{"If-None-Match", etag}});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 304);
  EXPECT_TRUE(again->body.empty());
  auto page = c.Get("/app/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->get_header_value("Cache-Control"), "no-cache");
}

TEST_F(HttpTest, NoPathLeavesTheWebFolder) {
  auto c = server_->Client();
  for (const char* path : {"/../secret.txt", "/%2e%2e/secret.txt", "/app/../../secret.txt", "/app/%2e%2e/%2e%2e/etc/passwd",
                           "/..%2fsecret.txt", "/nope.html"}) {
    auto res = c.Get(path);
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->status, 404) << path;
    EXPECT_EQ(res->body.find("outside"), std::string::npos) << path;
  }
}

TEST_F(HttpTest, TheRequestLogHoldsNoSecrets) {
  const std::string token = server_->Login("collector@demo.test");
  ASSERT_FALSE(token.empty());
  int status = 0;
  server_->Get("/api/v1/me?token=" + token, token, &status);
  // The request log is written after the answer leaves: wait for the line.
  std::string log = server_->Log();
  for (int i = 0; i < 100 && log.find("GET /api/v1/me 200") == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    log = server_->Log();
  }
  EXPECT_NE(log.find("GET /api/v1/me 200"), std::string::npos);
  EXPECT_NE(log.find("POST /api/v1/sessions 201"), std::string::npos);
  EXPECT_EQ(log.find(token.substr(4)), std::string::npos);
  EXPECT_EQ(log.find("encaisse-demo\""), std::string::npos);
}

TEST(ServerLifecycle, SigtermFinishesCleanlyWithExitZero) {
  ServerProcess server(DemoDatabaseCopy());
  std::atomic<int> ok{0}, failed{0};
  std::thread load([&] {
    for (int i = 0; i < 300; ++i) {
      auto c = server.Client();
      auto res = c.Get("/healthz");
      if (!res) break;  // the server has closed its socket: fine
      (res->status == 200 && res->body.find("\"ok\"") != std::string::npos ? ok : failed)++;
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(server.Stop(SIGTERM), 0);
  load.join();
  EXPECT_GT(ok.load(), 0);
  EXPECT_EQ(failed.load(), 0) << "an answer was cut or wrong during the shutdown";
  EXPECT_NE(server.Log().find("stopped"), std::string::npos);
  std::string out;
  EXPECT_EQ(RunEncaisse({"user", "list", "--db", server.db()}, "", &out), 0) << out;
}

TEST(ServerLifecycle, ADatabaseNewerThanTheProgramIsRefused) {
  const std::string db = DemoDatabaseCopy();
  ASSERT_EQ(system(("sqlite3 '" + db + "' 'PRAGMA user_version = 999'").c_str()), 0);
  std::string out;
  const int rc = RunEncaisse({"serve", "--db", db, "--port", "0"}, "", &out);
  EXPECT_NE(rc, 0);
  EXPECT_NE(out.find("newer than this program"), std::string::npos) << out;
}

}  // namespace
}  // namespace encaisse::testing
