// Aging: how long open amounts have been overdue, in the buckets credit managers use.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "shared/core/date.h"

namespace encaisse {

enum class AgingBucket { kNotDue = 0, k1To30, k31To60, k61To90, kOver90 };
inline constexpr int kAgingBucketCount = 5;
std::string_view ToString(AgingBucket b);  // not_due, 1_30, 31_60, 61_90, over_90

// Days past the due date on `today` (0 when not yet due or due today).
inline int32_t DaysLate(Date due, Date today) { return today > due ? today - due : 0; }
AgingBucket BucketFor(int32_t days_late);

struct Aging {
  std::array<int64_t, kAgingBucketCount> minor{};
  void Add(AgingBucket b, int64_t amount) { minor[static_cast<size_t>(b)] += amount; }
  int64_t Total() const;
  int64_t Overdue() const { return Total() - minor[0]; }
};

}  // namespace encaisse
