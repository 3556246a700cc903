// A real SMTP server for the tests: tests/server/smtp_sink.py (python3-aiosmtpd) as a child
// process, writing each message it accepts as MAILDIR/<n>.eml. `delay_ms` slows each
// acceptance down, so that a test can kill a sender in the middle of a batch.
#pragma once

#include <sys/types.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/support/ports.h"

namespace encaisse::testing {

class SmtpSink {
 public:
  SmtpSink(int port, std::string maildir, int delay_ms = 0);
  ~SmtpSink();
  SmtpSink(const SmtpSink&) = delete;
  SmtpSink& operator=(const SmtpSink&) = delete;

  void Start();
  void Stop();
  // The .eml files in arrival order; with a prefix, those whose Message-ID starts with it
  // ("<reminder-": the reminders, not the staff digests).
  std::vector<std::string> Messages(const std::string& message_id_prefix = "") const;
  int MessageCount(const std::string& message_id_prefix = "") const;
  std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }

 private:
  int port_;
  std::string maildir_;
  int delay_ms_;
  pid_t pid_ = -1;
};

// An .eml read by Python's email module: from, to, subject (decoded and raw), message_id, the
// text and HTML bodies, the attachments' names (each also written beside it as
// PATH.<name>), bare LFs and parser defects; {"error": ...} when it cannot be read.
nlohmann::json ParseEml(const std::string& path);

}  // namespace encaisse::testing
