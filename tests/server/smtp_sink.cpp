#include "tests/server/smtp_sink.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <thread>

#include "tests/server/server_harness.h"

namespace encaisse::testing {

namespace fs = std::filesystem;

int FreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) return -1;
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

bool Connects(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  const bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  close(fd);
  return ok;
}

SmtpSink::SmtpSink(int port, std::string maildir, int delay_ms)
    : port_(port), maildir_(std::move(maildir)), delay_ms_(delay_ms) {
  Start();
}

SmtpSink::~SmtpSink() { Stop(); }

void SmtpSink::Start() {
  const std::string log = maildir_ + ".log";
  const std::string script = fs::path(__FILE__).parent_path().string() + "/smtp_sink.py";
  const std::string port = std::to_string(port_);
  const std::string delay = std::to_string(delay_ms_);
  pid_ = fork();
  if (pid_ == 0) {
    FILE* f = std::freopen(log.c_str(), "a", stdout);
    (void)f;
    dup2(fileno(stdout), 2);
    execl("/usr/bin/python3", "python3", script.c_str(), port.c_str(), maildir_.c_str(), delay.c_str(),
          static_cast<char*>(nullptr));
    _exit(127);
  }
  for (int i = 0; i < 200 && !Connects(port_); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  if (!Connects(port_)) throw std::runtime_error("the SMTP sink did not start: " + ReadFile(log));
}

void SmtpSink::Stop() {
  if (pid_ <= 0) return;
  kill(pid_, SIGTERM);
  int status = 0;
  for (int i = 0; i < 100; ++i) {
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  kill(pid_, SIGKILL);
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

int SmtpSink::MessageCount() const { return static_cast<int>(Messages().size()); }

std::vector<std::string> SmtpSink::Messages() const {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(maildir_, ec))
    if (e.path().extension() == ".eml") out.push_back(e.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace encaisse::testing
