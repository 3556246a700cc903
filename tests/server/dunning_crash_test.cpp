// kill -9 in the middle of the dunning: the day's run is one transaction (after a crash the
// outbox holds all of the day or none of it), and a server killed while handing emails to
// the SMTP server sends every reminder once after its restart; only the message in flight at
// the kill can arrive twice, with the same Message-ID, so the receiver can drop it.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <thread>

#include "shared/store/store.h"
#include "tests/server/server_harness.h"
#include "tests/server/smtp_sink.h"

namespace encaisse::testing {
namespace {

namespace fs = std::filesystem;

std::string MessageId(const std::string& eml) {
  static const std::regex kId("\r\nMessage-ID: (<[^>\r\n]+>)\r\n", std::regex::icase);
  std::smatch m;
  const std::string text = ReadFile(eml);
  return std::regex_search(text, m, kId) ? m[1].str() : "";
}

TEST(DunningCrash, KilledRunLeavesTheWholeDayOrNothing) {
  const std::string dir = TempDir();
  const std::string db = dir + "/big.db";
  std::string out;
  ASSERT_EQ(RunEncaisse({"demo", "--db", db, "--customers", "3000", "--invoices", "60000", "--seed", "7", "--today",
                         "2026-11-24"},
                        "", &out),
            0)
      << out;
  // The day as a run that is not interrupted writes it.
  const std::string clean = dir + "/clean.db";
  fs::copy_file(db, clean);
  ASSERT_EQ(RunEncaisse({"dunning", "run", "--db", clean, "--date", "2026-11-24"}, "", &out), 0) << out;
  const int64_t messages = SqlCount(clean, "SELECT count(*) FROM reminders");
  const int64_t lines = SqlCount(clean, "SELECT count(*) FROM reminder_lines");
  ASSERT_GT(messages, 100);

  // Killed at several moments: before, during and after the transaction.
  int interrupted = 0;
  for (const char* after : {"0.05", "0.1", "0.2", "0.3", "0.5", "0.8"}) {
    std::string killed;
    const int rc = RunShell("timeout -s KILL " + std::string(after) + " " + EncaisseBinary() + " dunning run --db " +
                                db + " --date 2026-11-24",
                            &killed);
    if (rc != 0) ++interrupted;
    const int64_t now = SqlCount(db, "SELECT count(*) FROM reminders");
    EXPECT_TRUE(now == 0 || now == messages) << "killed after " << after << " s: " << now << " of " << messages;
    const int64_t now_lines = SqlCount(db, "SELECT count(*) FROM reminder_lines");
    EXPECT_TRUE(now_lines == 0 || now_lines == lines) << now_lines << " of " << lines;
    std::string check;
    RunShell("sqlite3 '" + db + "' 'PRAGMA integrity_check'", &check);
    EXPECT_EQ(check, "ok\n");
  }
  EXPECT_GT(interrupted, 0) << "no kill landed: the test proved nothing";

  ASSERT_EQ(RunEncaisse({"dunning", "run", "--db", db, "--date", "2026-11-24"}, "", &out), 0) << out;
  EXPECT_EQ(SqlCount(db, "SELECT count(*) FROM reminders"), messages);
  EXPECT_EQ(SqlCount(db, "SELECT count(*) FROM reminder_lines"), lines);
  // Every phone call and escalation became one task, whichever process created it.
  EXPECT_EQ(
      SqlCount(db, "SELECT count(*) FROM reminders WHERE channel IN ('phone_task', 'escalation') AND status <> 'sent'"),
      0);
  EXPECT_EQ(SqlCount(db, "SELECT count(*) FROM tasks"),
            SqlCount(db, "SELECT count(*) FROM reminders WHERE channel IN ('phone_task', 'escalation')"));
}

TEST(DunningCrash, ServerKilledWhileSendingSendsEachEmailOnceAfterRestart) {
  const std::string db = DemoDatabaseCopy();
  SetDunningTime(db, "00:00");  // whatever the hour of the test
  const int port = FreePort();
  const std::string maildir = TempDir() + "/mail";
  SmtpSink sink(port, maildir, /*delay_ms=*/150);
  const std::vector<std::string> args = {"--smtp-url", sink.url(), "--dunning-interval", "1"};
  {
    ServerProcess server(db, args);
    for (int i = 0; i < 300 && sink.MessageCount("<reminder-") < 3; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    ASSERT_GE(sink.MessageCount("<reminder-"), 3) << server.Log();
    EXPECT_EQ(server.Stop(SIGKILL), -SIGKILL);
  }
  const int64_t emails = SqlCount(db, "SELECT count(*) FROM reminders WHERE channel = 'email'");
  ASSERT_GT(SqlCount(db, "SELECT count(*) FROM reminders WHERE channel = 'email' AND status <> 'sent'"), 0)
      << "the kill came after the last email: nothing was interrupted";

  ServerProcess restarted(db, args);
  const char* kPending = "SELECT count(*) FROM reminders WHERE channel = 'email' AND status <> 'sent' AND attempts < 8";
  for (int i = 0; i < 600 && SqlCount(db, kPending) > 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  ASSERT_EQ(SqlCount(db, kPending), 0) << restarted.Log();
  EXPECT_EQ(SqlCount(db, "SELECT count(*) FROM reminders WHERE channel = 'email'"), emails) << "no message added";
  const int64_t sent = SqlCount(db, "SELECT count(*) FROM reminders WHERE channel = 'email' AND status = 'sent'");

  std::map<std::string, int> received;
  for (const auto& eml : sink.Messages("<reminder-")) ++received[MessageId(eml)];
  EXPECT_EQ(static_cast<int64_t>(received.size()), sent) << "each sent reminder arrived";
  int repeated = 0;
  for (const auto& [id, n] : received) {
    EXPECT_FALSE(id.empty());
    repeated += n - 1;
  }
  EXPECT_LE(repeated, 1) << "only the message in flight at the kill may arrive twice";
}

}  // namespace
}  // namespace encaisse::testing
