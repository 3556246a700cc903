#include "server/dunning/channels.h"

#include <cstdlib>

namespace encaisse {
namespace {

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

}  // namespace

ChannelOptions WithEnvironmentSecrets(ChannelOptions o) {
  if (o.smtp_password.empty()) o.smtp_password = Env("ENCAISSE_SMTP_PASSWORD");
  if (o.sms_api_key.empty()) o.sms_api_key = Env("ENCAISSE_SMS_API_KEY");
  return o;
}

void AddChannelOptions(CLI::App* cmd, ChannelOptions* o) {
  cmd->add_option("--smtp-url", o->smtp_url,
                  "Send emails through this SMTP server (smtp://host:587, smtps://host:465)");
  cmd->add_option("--smtp-user", o->smtp_user, "SMTP login (the password is read from ENCAISSE_SMTP_PASSWORD)");
  cmd->add_option("--sms-url", o->sms_url,
                  "Send SMS through this provider URL (JSON POST; key from ENCAISSE_SMS_API_KEY)");
  cmd->add_option("--sms-file", o->sms_file, "Append each SMS as a JSON line to this file instead (tests, demos)");
  cmd->add_option("--sms-sender", o->sms_sender,
                  "Sender name shown on phones (default: the company name, 11 characters)");
  cmd->add_option("--channel-timeout", o->timeout_s,
                  "Seconds to wait for the SMTP server or the SMS provider before retrying the message later")
      ->check(CLI::Range(1, 300))
      ->capture_default_str();
  cmd->add_option("--letters-dir", o->letters_dir, "Write letters and formal notices as PDF into this print folder");
  cmd->add_option("--letters-keep-days", o->letters_keep_days, "Delete printed letters after this many days")
      ->check(CLI::Range(1, 3650))
      ->capture_default_str();
  cmd->add_option("--fonts-dir", o->fonts_dir, "Folder of DejaVuSans.ttf and DejaVuSans-Bold.ttf")
      ->capture_default_str();
}

Channels::Channels(const ChannelOptions& o) : fonts_(DejaVuFonts(o.fonts_dir)) {
  if (!o.smtp_url.empty())
    smtp_ = std::make_unique<SmtpSender>(SmtpConfig{o.smtp_url, o.smtp_user, o.smtp_password, o.smtp_from, o.timeout_s});
  if (!o.sms_url.empty())
    sms_ = std::make_unique<SmsHttpSender>(SmsHttpConfig{o.sms_url, o.sms_api_key, o.sms_sender, o.timeout_s});
  else if (!o.sms_file.empty())
    sms_ = std::make_unique<SmsFileSender>(o.sms_file, o.sms_sender);
  if (!o.letters_dir.empty())
    letters_ = std::make_unique<LetterSender>(LetterConfig{o.letters_dir, fonts_, o.letters_keep_days});
}

Status Channels::AfterDrain(Date today) { return letters_ ? letters_->FinishBatches(today) : Status::Ok(); }

}  // namespace encaisse
