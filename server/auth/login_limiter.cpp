#include "server/auth/login_limiter.h"

#include <algorithm>

namespace encaisse {

int LoginLimiter::Wait(std::deque<Clock::time_point>& failures, int limit, Clock::time_point now) {
  while (!failures.empty() && now - failures.front() > window_) failures.pop_front();
  if (static_cast<int>(failures.size()) < limit) return 0;
  const auto left = window_ - (now - failures.front());
  return std::max(1, static_cast<int>(std::chrono::duration_cast<std::chrono::seconds>(left).count()));
}

int LoginLimiter::RetryAfter(const std::string& account, const std::string& address) {
  std::lock_guard lock(mu_);
  const auto now = Clock::now();
  return std::max(Wait(by_account_[account], per_account_, now), Wait(by_address_[address], per_address_, now));
}

void LoginLimiter::RecordFailure(const std::string& account, const std::string& address) {
  std::lock_guard lock(mu_);
  const auto now = Clock::now();
  // A flood of made-up accounts or addresses must not grow memory without end: drop the
  // entries whose failures have all left the window.
  if (by_account_.size() + by_address_.size() > 100'000) {
    for (auto* map : {&by_account_, &by_address_})
      std::erase_if(*map, [&](const auto& entry) { return entry.second.empty() || now - entry.second.back() > window_; });
  }
  by_account_[account].push_back(now);
  by_address_[address].push_back(now);
}

void LoginLimiter::RecordSuccess(const std::string& account) {
  std::lock_guard lock(mu_);
  by_account_.erase(account);
}

}  // namespace encaisse
