// `encaisse dunning run` on a demo portfolio: reminders grouped and written once, a rerun
// adds nothing, a dry run writes nothing, phone calls become collector tasks; a server back
// after a week down catches up with one reminder per invoice, not the week's burst.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "shared/store/store.h"
#include "tests/server/server_harness.h"

namespace encaisse::testing {
namespace {

TEST(DunningCommand, RunsOnceADayAndDryRunWritesNothing) {
  const std::string db = DemoDatabaseCopy();
  std::string out;
  ASSERT_EQ(RunEncaisse({"dunning", "run", "--db", db, "--date", "2026-11-24", "--dry-run"}, "", &out), 0) << out;
  EXPECT_NE(out.find("dry run 2026-11-24"), std::string::npos) << out;
  EXPECT_EQ(SqlCount(db, "SELECT count(*) FROM reminders"), 0);

  ASSERT_EQ(RunEncaisse({"dunning", "run", "--db", db, "--date", "2026-11-24"}, "", &out), 0) << out;
  const int64_t messages = SqlCount(db, "SELECT count(*) FROM reminders");
  EXPECT_GT(messages, 0) << out;
  // One message per customer, channel and day.
  EXPECT_EQ(SqlCount(db, "SELECT count(*) FROM (SELECT 1 FROM reminders GROUP BY customer_id, channel, date HAVING count(*) > 1)"), 0);
  // Each invoice line once per step.
  EXPECT_EQ(SqlCount(db, "SELECT count(*) FROM (SELECT 1 FROM reminder_lines GROUP BY invoice_id, scenario_id, step HAVING count(*) > 1)"), 0);
  // Nothing for disputed invoices or customers with a pending promise.
  EXPECT_EQ(SqlCount(db, "SELECT count(*) FROM reminder_lines l JOIN disputes d ON d.invoice_id = l.invoice_id AND d.status = 'open'"), 0);
  EXPECT_EQ(SqlCount(db, "SELECT count(*) FROM reminders r JOIN promises p ON p.customer_id = r.customer_id "
                      "AND p.status = 'pending' AND p.promised_date >= '2026-11-24' WHERE r.kind = 'reminder' "
                      "AND EXISTS (SELECT 1 FROM reminder_lines l WHERE l.reminder_id = r.id)"), 0);
  // Phone calls and escalations became tasks; emails wait for a channel.
  EXPECT_EQ(SqlCount(db, "SELECT count(*) FROM reminders WHERE channel = 'phone_task' AND status <> 'sent'"), 0);
  EXPECT_EQ(SqlCount(db, "SELECT count(*) FROM tasks WHERE kind = 'phone_call'"),
            SqlCount(db, "SELECT count(*) FROM reminders WHERE channel = 'phone_task'"));
  EXPECT_EQ(SqlCount(db, "SELECT count(*) FROM reminders WHERE channel = 'email' AND status <> 'queued'"), 0);

  ASSERT_EQ(RunEncaisse({"dunning", "run", "--db", db, "--date", "2026-11-24"}, "", &out), 0) << out;
  EXPECT_EQ(SqlCount(db, "SELECT count(*) FROM reminders"), messages) << "a second run the same day adds nothing";
  EXPECT_NE(out.find("0 messages"), std::string::npos) << out;
}

TEST(DunningCommand, BadDateIsBadInput) {
  const std::string db = DemoDatabaseCopy();
  std::string out;
  EXPECT_EQ(RunEncaisse({"dunning", "run", "--db", db, "--date", "24/11/2026x"}, "", &out), 2) << out;
  EXPECT_NE(out.find("--date"), std::string::npos) << out;
}

// `serve` runs the day's dunning by itself; stopped on the 24th and started again on Dec 1st,
// it writes that day's reminders once: each invoice gets its latest step only (one line per
// channel: an email and an SMS when the step pairs them, never two emails for the week's steps)
// and each customer one message per channel.
TEST(DunningScheduler, AServerDownForAWeekCatchesUpWithOneReminderPerInvoice) {
  const std::string db = DemoDatabaseCopy();
  SetDunningTime(db, "00:00");
  auto run_day = [&db](const std::string& day) {
    ServerProcess server(db, {"--today", day, "--dunning-interval", "1"});
    const std::string ran = "SELECT count(*) FROM settings WHERE key = 'dunning_last_run' AND value = '" + day + "'";
    for (int i = 0; i < 100 && SqlCount(db, ran) == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    EXPECT_EQ(SqlCount(db, ran), 1) << server.Log();
    EXPECT_EQ(server.Stop(), 0);
  };
  run_day("2026-11-24");
  const int64_t before = SqlCount(db, "SELECT count(*) FROM reminder_lines");
  run_day("2026-12-01");
  const char* kWeekLines =
      "FROM reminder_lines l JOIN reminders r ON r.id = l.reminder_id WHERE r.date = '2026-12-01'";
  EXPECT_GT(SqlCount(db, std::string("SELECT count(*) ") + kWeekLines), 0) << "the week's due steps were caught up";
  EXPECT_EQ(SqlCount(db, std::string("SELECT count(*) FROM (SELECT l.invoice_id ") + kWeekLines +
                             " GROUP BY l.invoice_id, r.channel HAVING count(*) > 1)"),
            0)
      << "one step per invoice, not a burst";
  EXPECT_EQ(SqlCount(db, "SELECT count(*) FROM reminders WHERE date > '2026-11-24' AND date < '2026-12-01'"), 0)
      << "no back-dated reminders for the days the server was down";
  EXPECT_EQ(SqlCount(db, "SELECT count(*) FROM (SELECT 1 FROM reminders WHERE date = '2026-12-01' "
                         "GROUP BY customer_id, channel, kind HAVING count(*) > 1)"),
            0);
  EXPECT_GT(SqlCount(db, "SELECT count(*) FROM reminder_lines"), before);
}

}  // namespace
}  // namespace encaisse::testing
