// The per-thread settings cache gives what the database holds, even when another connection
// changed it since the last read.
#include "server/http/settings_cache.h"

#include <gtest/gtest.h>

#include "tests/server/server_harness.h"

namespace encaisse::testing {
namespace {

TEST(SettingsCache, SeesAChangeSavedThroughAnotherConnection) {
  const std::string path = TempDir() + "/settings_cache.db";
  auto mine = Store::Open(path);
  auto other = Store::Open(path);
  ASSERT_TRUE(mine.ok() && other.ok());

  auto defaults = CachedSettings(*mine);
  ASSERT_TRUE(defaults.ok()) << defaults.status().ToString();
  EXPECT_EQ(defaults->name, CompanySettings{}.name);

  CompanySettings s;
  s.name = "Boulangerie Martin";
  ASSERT_TRUE(other->SaveSettings(s).ok());
  auto first = CachedSettings(*mine);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->name, "Boulangerie Martin");
  EXPECT_EQ(CachedSettings(*mine)->name, "Boulangerie Martin");  // from the cache, same answer

  s.name = "Boulangerie Martin & Fils";
  ASSERT_TRUE(other->SaveSettings(s).ok());
  EXPECT_EQ(CachedSettings(*mine)->name, "Boulangerie Martin & Fils");
}

TEST(SettingsCache, CorruptSettingsAreAnErrorNotTheCachedOnes) {
  const std::string path = TempDir() + "/settings_corrupt.db";
  auto store = Store::Open(path);
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE(store->SaveSettings(CompanySettings{}).ok());
  ASSERT_TRUE(CachedSettings(*store).ok());
  ASSERT_TRUE(store->db().Exec("UPDATE settings SET value = '[1' WHERE key = 'company'").ok());
  auto broken = CachedSettings(*store);
  ASSERT_FALSE(broken.ok());
  EXPECT_NE(broken.status().message().find("corrupt company settings"), std::string::npos);
}

}  // namespace
}  // namespace encaisse::testing
