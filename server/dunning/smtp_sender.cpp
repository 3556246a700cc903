#include "server/dunning/smtp_sender.h"

#include <curl/curl.h>

#include <algorithm>
#include <cstring>
#include <ctime>
#include <mutex>

#include "server/dunning/mime_message.h"

namespace encaisse {
namespace {

struct Upload {
  const std::string* data;
  size_t pos = 0;
};

size_t ReadChunk(char* buffer, size_t size, size_t count, void* user) {
  auto* up = static_cast<Upload*>(user);
  const size_t room = size * count;
  const size_t n = std::min(room, up->data->size() - up->pos);
  std::memcpy(buffer, up->data->data() + up->pos, n);
  up->pos += n;
  return n;
}

}  // namespace

SmtpSender::SmtpSender(SmtpConfig config) : config_(std::move(config)) {
  static std::once_flag init;
  std::call_once(init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  curl_ = curl_easy_init();
}

SmtpSender::~SmtpSender() {
  if (curl_) curl_easy_cleanup(curl_);
}

Status SmtpSender::Send(const OutgoingMessage& m) {
  if (m.customer.email.empty()) return Status::Refused("no email address");
  const std::string from = config_.from_override.empty() ? m.company.email : config_.from_override;
  if (from.empty()) return Status::Refused("no sender address: set the company email");
  auto mime = BuildMimeMessage(m, from, std::time(nullptr));
  if (!mime.ok()) return mime.status();

  // One handle for every message: libcurl keeps the SMTP connection open between them
  // (curl_easy_reset keeps live connections), which is what makes a batch fast.
  std::lock_guard<std::mutex> lock(mu_);
  CURL* curl = curl_;
  if (!curl) return Status::Internal("curl_easy_init failed");
  curl_easy_reset(curl);
  const std::string mail_from = "<" + from + ">";
  const std::string rcpt = "<" + m.customer.email + ">";
  curl_slist* recipients = curl_slist_append(nullptr, rcpt.c_str());
  Upload up{&*mime};
  char error[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(curl, CURLOPT_URL, config_.url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, mail_from.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, ReadChunk);
  curl_easy_setopt(curl, CURLOPT_READDATA, &up);
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(mime->size()));
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, config_.timeout_s);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, config_.timeout_s);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  if (!config_.username.empty()) {
    curl_easy_setopt(curl, CURLOPT_USERNAME, config_.username.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, config_.password.c_str());
    curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_TRY));
  }
  const CURLcode rc = curl_easy_perform(curl);
  long reply = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply);
  curl_slist_free_all(recipients);
  if (rc == CURLE_OK) return Status::Ok();
  std::string what = "smtp: ";
  what += error[0] ? error : curl_easy_strerror(rc);
  // A permanent reply (5xx) is final, except a refused login: the configuration is fixed, then retried.
  if (rc != CURLE_LOGIN_DENIED && reply >= 500 && reply < 600) return Status::Refused(what + " (" + std::to_string(reply) + ")");
  return Status::Internal(what);
}

}  // namespace encaisse
