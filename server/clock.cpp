#include "server/clock.h"

#include <ctime>

namespace encaisse {

Date LocalToday() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  auto d = Date::FromYmd(local.tm_year + 1900, local.tm_mon + 1, local.tm_mday);
  return d.ok() ? *d : Date();
}

std::string IsoUtc(std::time_t t) {
  std::tm utc{};
  gmtime_r(&t, &utc);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buf;
}

std::string NowUtc() { return IsoUtc(std::time(nullptr)); }

}  // namespace encaisse
