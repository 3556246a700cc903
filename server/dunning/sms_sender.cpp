#include "server/dunning/sms_sender.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <nlohmann/json.hpp>

#include "server/clock.h"
#include "server/http/http_post.h"

namespace encaisse {
namespace {

constexpr size_t kMaxSegments = 10;

nlohmann::json SmsJson(const SmsToSend& sms, const OutgoingMessage& m) {
  return {{"to", sms.to},
          {"from", sms.from},
          {"text", sms.text.text},
          {"encoding", sms.text.gsm7 ? "GSM-7" : "UCS-2"},
          {"parts", sms.text.parts.size()},
          {"message_id", m.message_id}};
}

}  // namespace

std::string SmsSenderName(const std::string& company_name) {
  // Latin-1 letters (UTF-8 C3 xx) to their base letter: "Démo" -> "Demo".
  static constexpr char kBase[] = "AAAAAAACEEEEIIIIDNOOOOO*OUUUUYTsaaaaaaaceeeeiiiidnooooo/ouuuuyty";
  std::string out;
  for (size_t i = 0; i < company_name.size() && out.size() < 11; ++i) {
    const auto c = static_cast<unsigned char>(company_name[i]);
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      out += static_cast<char>(c);
    } else if (c == 0xC3 && i + 1 < company_name.size()) {
      const auto next = static_cast<unsigned char>(company_name[++i]);
      if (next >= 0x80 && next <= 0xBF) {
        const char base = kBase[next - 0x80];
        if ((base >= 'a' && base <= 'z') || (base >= 'A' && base <= 'Z')) out += base;
      }
    }
  }
  return out;
}

Result<SmsToSend> PrepareOutgoingSms(const OutgoingMessage& m, const std::string& sender_name) {
  if (m.customer.phone.empty()) return Status::Refused("no phone number");
  auto to = NormalizePhone(m.customer.phone);
  if (!to.ok())
    return Status::Invalid("bad phone number '" + m.customer.phone + "': " + to.status().message(), "phone");
  SmsToSend sms;
  sms.to = *to;
  sms.from = sender_name.empty() ? SmsSenderName(m.company.name) : sender_name;
  sms.text = PrepareSms(m.content.text);
  if (sms.text.parts.empty()) return Status::Invalid("empty SMS text", "template");
  if (sms.text.parts.size() > kMaxSegments)
    return Status::Invalid("SMS of " + std::to_string(sms.text.parts.size()) + " segments (at most " +
                               std::to_string(kMaxSegments) + "): shorten the template",
                           "template");
  return sms;
}

SmsHttpSender::SmsHttpSender(SmsHttpConfig config) : config_(std::move(config)) {}

Status SmsHttpSender::Send(const OutgoingMessage& m) {
  auto sms = PrepareOutgoingSms(m, config_.sender);
  if (!sms.ok()) return sms.status();
  const std::string body = SmsJson(*sms, m).dump();
  std::vector<std::string> headers = {"Content-Type: application/json", "Idempotency-Key: " + m.message_id};
  if (!config_.api_key.empty()) headers.push_back("Authorization: Bearer " + config_.api_key);
  auto answer = HttpPost(config_.url, headers, body, "sms provider", config_.timeout_s);
  if (!answer.ok()) return answer.status();
  const long status = answer->status;
  const std::string& reply = answer->body;
  if (status >= 200 && status < 300) return Status::Ok();
  const std::string what =
      "sms provider answered " + std::to_string(status) + (reply.empty() ? "" : ": " + reply.substr(0, 200));
  if (status == 429 || status >= 500) return Status::Internal(what);  // busy or down: retried
  return Status::Refused(what);
}

Status SmsFileSender::Send(const OutgoingMessage& m) {
  auto sms = PrepareOutgoingSms(m, sender_);
  if (!sms.ok()) return sms.status();
  nlohmann::json line = SmsJson(*sms, m);
  line["at"] = IsoUtc(std::time(nullptr));
  line["segments"] = sms->text.parts;
  const std::string bytes = line.dump() + "\n";
  // One write of the whole line with O_APPEND: lines of concurrent writers never interleave.
  int fd = open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) return Status::Internal("cannot open " + path_ + ": " + std::strerror(errno));
  const ssize_t n = write(fd, bytes.data(), bytes.size());
  const bool ok = n == static_cast<ssize_t>(bytes.size()) && fsync(fd) == 0;
  const int err = errno;
  close(fd);
  if (!ok) return Status::Internal("cannot write " + path_ + ": " + std::strerror(err));
  return Status::Ok();
}

}  // namespace encaisse
