// `encaisse dunning run` on a demo portfolio: reminders grouped and written once, a rerun
// adds nothing, a dry run writes nothing, phone calls become collector tasks.
#include <gtest/gtest.h>

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

}  // namespace
}  // namespace encaisse::testing
