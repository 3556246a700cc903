// A deterministic demo portfolio: French-looking companies, contacts, sales reps, invoices
// with realistic terms and lateness, partial payments, a few disputes, promises, notes and
// installment plans. The same options give the same database, byte for byte in content.
#pragma once

#include <cstdint>
#include <string>

#include "shared/core/date.h"
#include "shared/store/store.h"

namespace encaisse {

struct DemoOptions {
  int64_t customers = 200;
  int64_t invoices = 2000;
  uint64_t seed = 42;
  Date today;
  int reps = 5;
};

struct DemoSummary {
  int64_t users = 0, customers = 0, invoices = 0, payments = 0, allocations = 0;
  int64_t disputes = 0, promises = 0, plans = 0, notes = 0, visits = 0;
};

// Fills an empty store (refuses one that has customers). One transaction: all or nothing.
// Demo users are created without passwords; the server sets them (demo databases only).
Result<DemoSummary> GenerateDemo(Store& store, const DemoOptions& options);

}  // namespace encaisse
