// Backups while the server writes: `encaisse backup` copies one consistent snapshot (integrity
// check, ledger, change log without gaps), never overwrites; `encaisse restore` refuses a
// damaged file and an existing database without --force.
#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <string>
#include <thread>

#include "shared/store/backup.h"
#include "tests/server/server_harness.h"

namespace encaisse::testing {
namespace {

TEST(BackupTest, ABackupTakenUnderWriteLoadIsConsistentAndRestores) {
  ServerProcess server(DemoDatabaseCopy());
  const std::string token = server.Login("collector@demo.test");
  const std::string customer = SqlText(server.db(), "SELECT min(id) FROM customers");
  const std::string notes = "SELECT count(*) FROM notes WHERE text LIKE 'load %'";
  std::atomic<int> written{0};
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    while (!stop) {
      int status = 0;
      server.Post("/api/v1/customers/" + customer + "/notes", {{"text", "load " + std::to_string(written.load())}}, token, &status);
      if (status == 201) ++written;
    }
  });
  while (written < 20) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  const std::string dir = TempDir();
  const std::string backup = dir + "/backup.db";
  std::string out;
  const int rc = RunEncaisse({"backup", "--db", server.db(), "--to", backup}, "", &out);
  const int during = written;
  while (written < during + 20) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  stop = true;
  writer.join();
  ASSERT_EQ(rc, 0) << out;

  Status checked = CheckBackup(backup);
  EXPECT_TRUE(checked.ok()) << checked.ToString();
  const int64_t in_backup = SqlCount(backup, notes);
  EXPECT_GE(in_backup, 20);
  EXPECT_LT(in_backup, SqlCount(server.db(), notes)) << "the server kept writing after the snapshot";
  EXPECT_EQ(SqlCount(backup, "SELECT count(*) FROM change_log"), SqlCount(backup, "SELECT max(seq) FROM change_log"));

  EXPECT_NE(RunEncaisse({"backup", "--db", server.db(), "--to", backup}, "", &out), 0) << "never overwrites a backup";

  const std::string restored = dir + "/restored.db";
  ASSERT_EQ(RunEncaisse({"restore", "--from", backup, "--db", restored}, "", &out), 0) << out;
  EXPECT_EQ(SqlCount(restored, notes), in_backup);
  EXPECT_EQ(SqlCount(restored, "SELECT count(*) FROM invoices"), SqlCount(backup, "SELECT count(*) FROM invoices"));
  EXPECT_EQ(RunEncaisse({"restore", "--from", backup, "--db", restored}, "", &out), 2) << "an existing database needs --force";
  EXPECT_EQ(RunEncaisse({"restore", "--from", backup, "--db", restored, "--force"}, "", &out), 0) << out;

  // A damaged backup is refused and the target is left as it was.
  const std::string damaged = dir + "/damaged.db";
  {
    std::string bytes = ReadFile(backup);
    for (size_t i = 8192; i < bytes.size() && i < 8192 + 4096; ++i) bytes[i] = static_cast<char>(0x5A);
    std::ofstream(damaged, std::ios::binary) << bytes;
  }
  EXPECT_NE(RunEncaisse({"restore", "--from", damaged, "--db", restored, "--force"}, "", &out), 0);
  EXPECT_EQ(SqlCount(restored, notes), in_backup);
}

}  // namespace
}  // namespace encaisse::testing
