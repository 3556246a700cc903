#include <gtest/gtest.h>
#include "shared/core/date.h"
TEST(Smoke, Builds) { EXPECT_EQ(encaisse::Date::ParseIso("2026-01-31")->ToIso(), "2026-01-31"); }
