// Slows password guessing: after too many failed logins for one account, or from one client
// address, within a window, further attempts are refused (429) until the window passes.
#pragma once

#include <chrono>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

namespace encaisse {

class LoginLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  LoginLimiter(int per_account, int per_address, Clock::duration window)
      : per_account_(per_account), per_address_(per_address), window_(window) {}

  // Seconds to wait before another try is allowed, 0 if allowed now.
  int RetryAfter(const std::string& account, const std::string& address);
  void RecordFailure(const std::string& account, const std::string& address);
  void RecordSuccess(const std::string& account);

 private:
  int Wait(std::deque<Clock::time_point>& failures, int limit, Clock::time_point now);
  std::mutex mu_;
  int per_account_;
  int per_address_;
  Clock::duration window_;
  std::unordered_map<std::string, std::deque<Clock::time_point>> by_account_;
  std::unordered_map<std::string, std::deque<Clock::time_point>> by_address_;
};

}  // namespace encaisse
