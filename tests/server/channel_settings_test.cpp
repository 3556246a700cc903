// The channel settings an admin sets in the back office: secrets sealed at rest and never sent
// back, values checked (naming the field), the test message through the real channel (an
// aiosmtpd server, the SMS file), the dunning and the portal's gateway taking a change without
// a restart, and a lost key reported instead of failing.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <thread>

#include "server/auth/secret_box.h"
#include "server/dunning/channel_settings.h"
#include "tests/server/server_harness.h"
#include "tests/server/smtp_sink.h"

namespace encaisse::testing {
namespace {

SecretBox::Key KeyOf(unsigned char fill) {
  SecretBox::Key key;
  key.fill(fill);
  return key;
}

TEST(SecretBox, SealsWithAFreshNonceAndOpensOnlyUnderItsKey) {
  const SecretBox box(KeyOf(7));
  const std::string a = box.Seal("mot de passe SMTP"), b = box.Seal("mot de passe SMTP");
  EXPECT_NE(a, b);  // a fresh nonce each time
  EXPECT_EQ(a.find("passe"), std::string::npos);
  ASSERT_TRUE(box.Open(a).ok());
  EXPECT_EQ(*box.Open(a), "mot de passe SMTP");
  EXPECT_FALSE(SecretBox(KeyOf(8)).Open(a).ok());
  std::string altered = a;
  altered[altered.size() / 2] = altered[altered.size() / 2] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(box.Open(altered).ok());
  EXPECT_FALSE(box.Open("plain text").ok());
  EXPECT_FALSE(box.Open("sb1:").ok());
  EXPECT_EQ(*box.Open(box.Seal("")), "");
}

TEST(SecretBox, KeyFileIsMadeOnceReadableByTheOwnerOnly) {
  const std::string db = TempDir() + "/keyed.db";
  ::unsetenv("ENCAISSE_SECRETS_KEY");
  auto first = SecretBox::ForDatabase(db);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  struct stat st {};
  ASSERT_EQ(::stat((db + ".secrets-key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto second = SecretBox::ForDatabase(db);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(*second->Open(first->Seal("k")), "k");
  ::setenv("ENCAISSE_SECRETS_KEY", "not hex", 1);
  auto bad = SecretBox::ForDatabase(db);
  ::unsetenv("ENCAISSE_SECRETS_KEY");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("ENCAISSE_SECRETS_KEY"), std::string::npos);
}

TEST(ChannelSettingsJson, SecretsAreSetKeptOrClearedAndValuesChecked) {
  ChannelSettings s;
  auto set = ApplyChannelSettingsJson(s, {{"smtp_url", "smtps://mail.example.com:465"}, {"smtp_password", "p w"}});
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  EXPECT_EQ(set->smtp_password, "p w");
  auto kept = ApplyChannelSettingsJson(*set, {{"smtp_password", ""}, {"smtp_user", "relances"}});
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(kept->smtp_password, "p w");
  auto cleared = ApplyChannelSettingsJson(*kept, {{"smtp_password", nullptr}});
  ASSERT_TRUE(cleared.ok());
  EXPECT_EQ(cleared->smtp_password, "");

  const std::pair<nlohmann::json, std::string> bad[] = {
      {{{"smtp_url", "http://mail"}}, "smtp_url"},        {{{"smtp_from", "relances"}}, "smtp_from"},
      {{{"sms_url", "ftp://sms"}}, "sms_url"},            {{{"sms_sender", "TwelveLetter"}}, "sms_sender"},
      {{{"sms_sender", "Café"}}, "sms_sender"},           {{{"gateway", "paypal"}}, "gateway"},
      {{{"stripe_secret_key", "pk_live_1"}}, "stripe_secret_key"}, {{{"smtp_password", 12}}, "smtp_password"},
      {{{"smtp_host", "x"}}, "smtp_host"},
  };
  for (const auto& [body, field] : bad) {
    auto r = ApplyChannelSettingsJson(s, body);
    ASSERT_FALSE(r.ok()) << body.dump();
    EXPECT_EQ(r.status().field(), field) << body.dump();
  }
}

TEST(ChannelSettingsJson, StoredValuesWinOverTheServersAndAnotherSmtpServerDropsItsLogin) {
  ChannelOptions server;
  server.smtp_url = "smtp://relay:25";
  server.smtp_user = "server-login";
  server.smtp_password = "server-secret";
  server.sms_file = "/tmp/sms.jsonl";
  ChannelSettings stored;
  EXPECT_EQ(EffectiveChannelOptions(server, stored), server);
  stored.smtp_url = "smtps://mail.example.com:465";
  stored.sms_url = "https://sms.example.com/send";
  const ChannelOptions o = EffectiveChannelOptions(server, stored);
  EXPECT_EQ(o.smtp_url, stored.smtp_url);
  EXPECT_EQ(o.smtp_user, "");
  EXPECT_EQ(o.smtp_password, "");
  EXPECT_EQ(o.sms_file, "");
  const nlohmann::json shown = ChannelSettingsToJson(stored, server, GatewayChoice{});
  EXPECT_EQ(shown.dump().find("server-secret"), std::string::npos);
  EXPECT_TRUE(shown["server"]["smtp_password_set"].get<bool>());
  EXPECT_EQ(shown["effective"]["email"], stored.smtp_url);
}

class ChannelSettingsApi : public ::testing::Test {
 protected:
  void SetUp() override {
    ::unsetenv("ENCAISSE_SECRETS_KEY");
    sms_file_ = TempDir() + "/sms.jsonl";
    server_ = std::make_unique<ServerProcess>(DemoDatabaseCopy(), std::vector<std::string>{"--sms-file", sms_file_});
    admin_ = server_->Login("admin@demo.test");
    ASSERT_FALSE(admin_.empty());
  }
  std::string StoredRow() const { return SqlText(server_->db(), "SELECT value FROM settings WHERE key = 'channels'"); }

  std::string sms_file_;
  std::unique_ptr<ServerProcess> server_;
  std::string admin_;
};

TEST_F(ChannelSettingsApi, AdminsOnlyAndSecretsNeverComeBack) {
  int status = 0;
  server_->Get("/api/v1/settings/channels", server_->Login("collector@demo.test"), &status);
  EXPECT_EQ(status, 403);
  server_->Put("/api/v1/settings/channels", {{"smtp_url", "smtp://x:25"}}, server_->Login("manager@demo.test"), &status);
  EXPECT_EQ(status, 403);
  EXPECT_EQ(StoredRow(), "");

  json r = server_->Put("/api/v1/settings/channels",
                        {{"smtp_url", "smtp://127.0.0.1:2525"}, {"smtp_user", "relances"},
                         {"smtp_password", "Tr3s-S3cret!"}, {"sms_api_key", "key_live_ABCDEF"}},
                        admin_, &status);
  ASSERT_EQ(status, 200) << r.dump();
  EXPECT_TRUE(r["smtp_password_set"].get<bool>());
  EXPECT_TRUE(r["sms_api_key_set"].get<bool>());
  json got = server_->Get("/api/v1/settings/channels", admin_, &status);
  ASSERT_EQ(status, 200);
  for (const json& j : {r, got}) {
    EXPECT_EQ(j.dump().find("Tr3s-S3cret"), std::string::npos);
    EXPECT_EQ(j.dump().find("key_live_ABCDEF"), std::string::npos);
  }
  EXPECT_EQ(got["smtp_url"], "smtp://127.0.0.1:2525");
  EXPECT_EQ(got["effective"]["email"], "smtp://127.0.0.1:2525");
  // Sealed at rest, and not in the settings the tablets receive.
  EXPECT_EQ(StoredRow().find("Tr3s-S3cret"), std::string::npos);
  EXPECT_NE(StoredRow().find("sb1:"), std::string::npos);
  const std::string device = server_->Login("admin@demo.test");
  json pulled = server_->Post("/sync/v1/pull", {{"since", 0}, {"limit", 10}}, device, &status);
  EXPECT_EQ(pulled.dump().find("smtp://127.0.0.1:2525"), std::string::npos);

  // A refused change names its field and changes nothing.
  const std::string before = StoredRow();
  r = server_->Put("/api/v1/settings/channels", {{"smtp_url", "mail.example.com"}, {"smtp_user", "other"}}, admin_, &status);
  EXPECT_EQ(status, 400);
  EXPECT_EQ(r["error"]["field"], "smtp_url");
  EXPECT_EQ(StoredRow(), before);
}

TEST_F(ChannelSettingsApi, TestMessagesGoThroughTheChannelAsConfiguredNow) {
  int status = 0;
  json r = server_->Post("/api/v1/settings/channels/test", {{"channel", "email"}, {"to", "daf@example.com"}}, admin_, &status);
  EXPECT_EQ(status, 422);
  EXPECT_EQ(r["error"]["field"], "smtp_url");

  const int64_t reminders = SqlCount(server_->db(), "SELECT count(*) FROM reminders");
  const int port = FreePort();
  SmtpSink sink(port, TempDir() + "/mail");
  server_->Put("/api/v1/settings/channels", {{"smtp_url", sink.url()}, {"smtp_from", "relances@demo.test"}}, admin_, &status);
  ASSERT_EQ(status, 200);
  r = server_->Post("/api/v1/settings/channels/test", {{"channel", "email"}, {"to", "daf@example.com"}}, admin_, &status);
  ASSERT_EQ(status, 200) << r.dump() << server_->Log();
  EXPECT_EQ(r["via"], sink.url());
  const auto mails = sink.Messages("<test-");
  ASSERT_EQ(mails.size(), 1u);
  const json eml = ParseEml(mails[0]);
  EXPECT_NE(eml.value("subject", "").find("test"), std::string::npos) << eml.dump();
  EXPECT_NE(eml.dump().find("daf@example.com"), std::string::npos);
  EXPECT_NE(eml.value("from", "").find("relances@demo.test"), std::string::npos) << eml.dump();
  EXPECT_EQ(SqlCount(server_->db(), "SELECT count(*) FROM reminders"), reminders);  // not in the outbox

  // A server that does not answer: the admin reads why, at once.
  sink.Stop();
  r = server_->Post("/api/v1/settings/channels/test", {{"channel", "email"}, {"to", "daf@example.com"}}, admin_, &status);
  EXPECT_EQ(status, 502) << r.dump();
  EXPECT_FALSE(r["error"]["message"].get<std::string>().empty());

  // SMS: the server's file channel; a bad number is the admin's to fix.
  r = server_->Post("/api/v1/settings/channels/test", {{"channel", "sms"}, {"to", "06 12 34 56 78"}}, admin_, &status);
  ASSERT_EQ(status, 200) << r.dump();
  EXPECT_NE(ReadFile(sms_file_).find("+33612345678"), std::string::npos);
  r = server_->Post("/api/v1/settings/channels/test", {{"channel", "sms"}, {"to", "12"}}, admin_, &status);
  EXPECT_EQ(status, 422) << r.dump();
  EXPECT_EQ(r["error"]["field"], "to");
}

TEST_F(ChannelSettingsApi, StripeNeedsBothSecretsAndTakesWebhooksWithoutARestart) {
  int status = 0;
  json r = server_->Post("/webhooks/stripe", {{"id", "evt_1"}}, "", &status);
  EXPECT_EQ(status, 404);  // no Stripe configured
  r = server_->Put("/api/v1/settings/channels", {{"gateway", "stripe"}}, admin_, &status);
  EXPECT_EQ(status, 422);
  EXPECT_EQ(r["error"]["field"], "stripe_secret_key");
  r = server_->Put("/api/v1/settings/channels", {{"gateway", "stripe"}, {"stripe_secret_key", "sk_test_abc"}}, admin_, &status);
  EXPECT_EQ(status, 422);
  EXPECT_EQ(r["error"]["field"], "stripe_webhook_secret");
  r = server_->Put("/api/v1/settings/channels",
                   {{"gateway", "stripe"}, {"stripe_secret_key", "sk_test_abc"}, {"stripe_webhook_secret", "whsec_xyz"}},
                   admin_, &status);
  ASSERT_EQ(status, 200) << r.dump();
  EXPECT_EQ(r["effective"]["gateway"], "stripe");
  EXPECT_EQ(r.dump().find("sk_test_abc"), std::string::npos);
  r = server_->Post("/webhooks/stripe", {{"id", "evt_1"}}, "", &status);
  EXPECT_EQ(status, 400) << r.dump();  // now there: an unsigned event is refused
}

TEST(ChannelSettingsDunning, UsesAStoredSmtpServerFromItsNextPass) {
  const std::string db = DemoDatabaseCopy();
  SetDunningTime(db, "00:00");
  ServerProcess server(db, {"--dunning-interval", "1"});  // no --smtp-url: emails wait
  const std::string admin = server.Login("admin@demo.test");
  // Waiting emails are queued, or for a moment 'sending' while a pass finds no channel and gives
  // them back: counting queued alone raced with that pass (seen under ASan).
  const char* kPending = "SELECT count(*) FROM reminders WHERE channel = 'email' AND status IN ('queued', 'sending')";
  for (int i = 0; i < 100 && SqlCount(db, kPending) <= 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  ASSERT_GT(SqlCount(db, kPending), 0) << server.Log();
  const int port = FreePort();
  SmtpSink sink(port, TempDir() + "/mail");
  int status = 0;
  server.Put("/api/v1/settings/channels", {{"smtp_url", sink.url()}}, admin, &status);
  ASSERT_EQ(status, 200);
  // The sink stores a message before the server marks it sent: wait until nothing is queued or
  // being sent, then both sides must agree.
  const char* kSent = "SELECT count(*) FROM reminders WHERE channel = 'email' AND status = 'sent'";
  for (int i = 0; i < 300 && (SqlCount(db, kPending) > 0 || sink.MessageCount("<reminder-") != SqlCount(db, kSent));
       ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(SqlCount(db, kPending), 0) << server.Log();
  EXPECT_GT(SqlCount(db, kSent), 0);
  EXPECT_EQ(sink.MessageCount("<reminder-"), SqlCount(db, kSent));
  EXPECT_NE(server.Log().find(sink.url()), std::string::npos);
}

TEST_F(ChannelSettingsApi, ALostKeyAsksForTheSecretAgainInsteadOfFailing) {
  int status = 0;
  server_->Put("/api/v1/settings/channels", {{"smtp_url", "smtp://127.0.0.1:2525"}, {"smtp_password", "old"}}, admin_,
               &status);
  ASSERT_EQ(status, 200);
  const std::string db = server_->db();
  server_.reset();
  ::setenv("ENCAISSE_SECRETS_KEY", std::string(64, 'a').c_str(), 1);  // another key than the file's
  ServerProcess again(db);
  ::unsetenv("ENCAISSE_SECRETS_KEY");
  const std::string admin = again.Login("admin@demo.test");
  json got = again.Get("/api/v1/settings/channels", admin, &status);
  ASSERT_EQ(status, 200) << got.dump();
  EXPECT_EQ(got["unreadable"], json::array({"smtp_password"}));
  EXPECT_FALSE(got["smtp_password_set"].get<bool>());
  json r = again.Put("/api/v1/settings/channels", {{"smtp_password", "new"}}, admin, &status);
  ASSERT_EQ(status, 200);
  EXPECT_TRUE(r["unreadable"].empty());
  EXPECT_TRUE(r["smtp_password_set"].get<bool>());
}

}  // namespace
}  // namespace encaisse::testing
