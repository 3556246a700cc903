// The server's thread pool grows when every thread is taken (by a keep-alive connection, in the
// server) and never beyond its maximum; and over real HTTP, idle keep-alive connections no
// longer starve a new visitor.
#include "server/http/elastic_pool.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "tests/server/server_harness.h"

namespace encaisse::testing {
namespace {

// Jobs that hold their thread until released.
struct Gate {
  std::mutex mu;
  std::condition_variable cv;
  bool open = false;
  std::atomic<int> running{0}, done{0};
  std::function<void()> Job() {
    return [this] {
      ++running;
      std::unique_lock<std::mutex> lock(mu);
      cv.wait(lock, [&] { return open; });
      ++done;
    };
  }
  void Open() {
    {
      std::lock_guard<std::mutex> lock(mu);
      open = true;
    }
    cv.notify_all();
  }
};

bool WaitFor(const std::function<bool()>& ok) {
  for (int i = 0; i < 500 && !ok(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  return ok();
}

TEST(ElasticPool, GrowsWhenEveryThreadIsTakenUpToItsMaximum) {
  Gate gate;
  ElasticPool pool(2, 5);
  EXPECT_EQ(pool.threads(), 2u);
  for (int i = 0; i < 7; ++i) pool.enqueue(gate.Job());
  EXPECT_TRUE(WaitFor([&] { return gate.running == 5; })) << gate.running;
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(gate.running, 5) << "two jobs wait: the maximum is five threads";
  EXPECT_EQ(pool.threads(), 5u);
  gate.Open();
  EXPECT_TRUE(WaitFor([&] { return gate.done == 7; })) << gate.done;
  pool.shutdown();
  EXPECT_EQ(pool.threads(), 0u);
}

TEST(ElasticPool, ShutdownRunsWhatWasQueued) {
  std::atomic<int> ran{0};
  {
    ElasticPool pool(1, 1);
    for (int i = 0; i < 20; ++i) pool.enqueue([&] { ++ran; });
  }  // the destructor shuts down
  EXPECT_EQ(ran, 20);
}

TEST(ElasticPool, IdleKeepAliveConnectionsDoNotStarveANewVisitor) {
  // Four core threads and a keep-alive timeout of 5 s: with a fixed pool, eight idle
  // connections made the next visitor wait the whole timeout.
  ServerProcess server(DemoDatabaseCopy(), {"--threads", "4"});
  std::vector<int> idle;
  const std::string request = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n";
  for (int i = 0; i < 8; ++i) {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(server.port()));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    ASSERT_GT(write(fd, request.data(), request.size()), 0);
    char buf[512];
    ASSERT_GT(read(fd, buf, sizeof buf), 0);
    idle.push_back(fd);
  }
  auto fresh = server.Client();
  fresh.set_read_timeout(2);  // well under the 5 s a starved visitor waited
  auto r = fresh.Get("/healthz");
  ASSERT_TRUE(r) << "the new visitor was starved";
  EXPECT_EQ(r->status, 200);
  for (int fd : idle) close(fd);
}

}  // namespace
}  // namespace encaisse::testing
