// The server's thread pool. cpp-httplib gives each connection a pool thread for as long as the
// connection lives, keep-alive included, so a fixed pool is starved by idle keep-alive clients:
// 64 idle connections held a 64-thread pool and a new debtor waited the whole keep-alive
// timeout (5 s, measured by tests/bench/bench_portal). This pool keeps `core` threads and
// starts another whenever a job finds none idle, up to `max`; the extra threads end after a
// few idle seconds. Each thread opens its SQLite connection only when it serves a request.
#pragma once

#include <httplib.h>

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>

namespace encaisse {

class ElasticPool : public httplib::TaskQueue {
 public:
  ElasticPool(size_t core, size_t max);
  ~ElasticPool() override;
  ElasticPool(const ElasticPool&) = delete;
  ElasticPool& operator=(const ElasticPool&) = delete;

  void enqueue(std::function<void()> fn) override;
  void shutdown() override;  // runs the queued jobs, then waits for every thread to end

  size_t threads() const;

 private:
  void Start(bool core);  // with mu_ held
  void Work(bool core);

  const size_t core_, max_;
  mutable std::mutex mu_;
  std::condition_variable work_;
  std::condition_variable ended_;
  std::deque<std::function<void()>> jobs_;
  size_t threads_ = 0, idle_ = 0;
  bool stop_ = false;
};

}  // namespace encaisse
