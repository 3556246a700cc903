#include "tests/server/smtp_sink.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <thread>

#include "tests/server/server_harness.h"

namespace encaisse::testing {

namespace fs = std::filesystem;

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

int SmtpSink::MessageCount(const std::string& prefix) const { return static_cast<int>(Messages(prefix).size()); }

std::vector<std::string> SmtpSink::Messages(const std::string& prefix) const {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(maildir_, ec))
    if (e.path().extension() == ".eml" &&
        (prefix.empty() || ReadFile(e.path().string()).find("\r\nMessage-ID: " + prefix) != std::string::npos))
      out.push_back(e.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

// Parses an .eml with Python's email module.
nlohmann::json ParseEml(const std::string& path) {
  const std::string dir = TempDir();
  std::ofstream(dir + "/parse.py") << R"PY(
import email, json, sys
from email import policy
raw = open(sys.argv[1], 'rb').read()
msg = email.message_from_bytes(raw, policy=policy.default)
old = email.message_from_bytes(raw)
text = msg.get_body(('plain',))
html = msg.get_body(('html',))
json.dump({
  'from': str(msg['From']), 'raw_from': str(old['From']), 'to': str(msg['To']),
  'reply_to': str(msg['Reply-To']), 'subject': str(msg['Subject']), 'raw_subject': str(old['Subject']),
  'message_id': str(msg['Message-ID']), 'date': str(msg['Date']),
  'text': text.get_content() if text else None, 'html': html.get_content() if html else None,
  'attachments': [p.get_filename() for p in msg.iter_attachments()],
  'bare_lf': raw.replace(b'\r\n', b'').count(b'\n'), 'defects': len(msg.defects),
}, sys.stdout)
for p in msg.iter_attachments():
  open(sys.argv[1] + '.' + p.get_filename(), 'wb').write(p.get_content())
)PY";
  const std::string out = dir + "/out.json";
  const std::string cmd = "/usr/bin/python3 " + dir + "/parse.py " + path + " > " + out + " 2>&1";
  if (std::system(cmd.c_str()) != 0) return nlohmann::json{{"error", ReadFile(out)}};
  return nlohmann::json::parse(ReadFile(out));
}

}  // namespace encaisse::testing
