#include "client_wasm/dashboard_cache.h"

#include <array>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <utility>

namespace encaisse::client {

namespace {
constexpr const char* kMetaKey = "dashboard";
constexpr size_t kValues = 6 + kAgingBucketCount + 2;

// The figures as one line of integers (JSON's reader cost the first visit 0.8 KB more):
// invoices, open invoices, open, overdue, interest, fee, the aging buckets, the count of
// accounts, then the DSO in tenths of a day (it is rounded to one decimal), -1 for none.
template <class P>  // Portfolio or const Portfolio
std::array<decltype(&std::declval<P&>().invoices), kValues - 2> Fields(P& p) {
  return {&p.invoices, &p.open_invoices, &p.open_minor, &p.overdue_minor, &p.interest_minor, &p.fee_minor,
          &p.aging.minor[0], &p.aging.minor[1], &p.aging.minor[2], &p.aging.minor[3], &p.aging.minor[4]};
}
static_assert(kAgingBucketCount == 5, "Fields lists every aging bucket");
}  // namespace

std::string DashboardKey(const LocalStore& store, const std::string& today) {
  return store.Get("cursor") + " " + today;
}

std::optional<DashboardFigures> LoadDashboard(const LocalStore& store, const std::string& key) {
  const std::string saved = store.Get(kMetaKey);
  // The key, a newline, the values.
  const size_t line = saved.find('\n');
  if (line == std::string::npos || saved.compare(0, line, key) != 0 || line != key.size()) return std::nullopt;
  int64_t values[kValues];
  const char* at = saved.c_str() + line + 1;
  for (int64_t& v : values) {
    char* end = nullptr;
    errno = 0;
    v = std::strtoll(at, &end, 10);
    if (end == at || errno != 0) return std::nullopt;  // cannot be read: computed again
    at = end;
  }
  if (*at != '\0') return std::nullopt;
  DashboardFigures f;
  auto fields = Fields(f.portfolio);
  for (size_t i = 0; i < fields.size(); ++i) *fields[i] = values[i];
  f.accounts = values[kValues - 2];
  if (values[kValues - 1] >= 0) f.dso_days = static_cast<double>(values[kValues - 1]) / 10;
  return f;
}

Status SaveDashboard(LocalStore& store, const std::string& key, const DashboardFigures& f) {
  std::string text = key + "\n";
  for (const int64_t* v : Fields(f.portfolio)) text += std::to_string(*v) + " ";
  text += std::to_string(f.accounts) + " ";
  text += std::to_string(f.dso_days ? std::llround(*f.dso_days * 10) : -1);
  return store.Set(kMetaKey, text);
}

}  // namespace encaisse::client
