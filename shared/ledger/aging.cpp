#include "shared/ledger/aging.h"

namespace encaisse {

std::string_view ToString(AgingBucket b) {
  static constexpr std::string_view kNames[] = {"not_due", "1_30", "31_60", "61_90", "over_90"};
  return kNames[static_cast<size_t>(b)];
}

AgingBucket BucketFor(int32_t days_late) {
  if (days_late <= 0) return AgingBucket::kNotDue;
  if (days_late <= 30) return AgingBucket::k1To30;
  if (days_late <= 60) return AgingBucket::k31To60;
  if (days_late <= 90) return AgingBucket::k61To90;
  return AgingBucket::kOver90;
}

int64_t Aging::Total() const {
  int64_t t = 0;
  for (int64_t m : minor) t += m;
  return t;
}

}  // namespace encaisse
