#include "server/http/elastic_pool.h"

#include <chrono>
#include <thread>

namespace encaisse {
namespace {

constexpr auto kExtraIdle = std::chrono::seconds(10);  // how long an extra thread waits for work

}  // namespace

ElasticPool::ElasticPool(size_t core, size_t max) : core_(core), max_(std::max(core, max)) {
  std::lock_guard<std::mutex> lock(mu_);
  for (size_t i = 0; i < core_; ++i) Start(true);
}

ElasticPool::~ElasticPool() { shutdown(); }

void ElasticPool::Start(bool core) {
  ++threads_;
  std::thread([this, core] { Work(core); }).detach();  // shutdown() waits for threads_ == 0
}

void ElasticPool::enqueue(std::function<void()> fn) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    jobs_.push_back(std::move(fn));
    // Every thread busy (each may be holding a keep-alive connection): one more, within max.
    if (idle_ < jobs_.size() && threads_ < max_ && !stop_) Start(false);
  }
  work_.notify_one();
}

void ElasticPool::shutdown() {
  std::unique_lock<std::mutex> lock(mu_);
  stop_ = true;
  work_.notify_all();
  ended_.wait(lock, [&] { return threads_ == 0; });
}

size_t ElasticPool::threads() const {
  std::lock_guard<std::mutex> lock(mu_);
  return threads_;
}

void ElasticPool::Work(bool core) {
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    ++idle_;
    const auto ready = [&] { return !jobs_.empty() || stop_; };
    const bool woke = core ? (work_.wait(lock, ready), true) : work_.wait_for(lock, kExtraIdle, ready);
    --idle_;
    if (!woke || (jobs_.empty() && stop_)) break;  // an extra thread idle too long, or the end
    std::function<void()> fn = std::move(jobs_.front());
    jobs_.pop_front();
    lock.unlock();
    fn();
    lock.lock();
  }
  if (--threads_ == 0) ended_.notify_all();
}

}  // namespace encaisse
