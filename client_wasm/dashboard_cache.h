// The dashboard's figures as last computed, kept in the actions database beside what they were
// computed from: reopening the app shows them without the pass over every invoice and its
// allocations (~0.15 s at 100 000 invoices in the browser, spread over ~20 frames after a sync,
// App::StepDashboard; in one piece it was most of a cold start). The key is the
// replica's cursor and the day: a pull that brings anything moves the cursor, a new day changes
// the day, and either computes them again. A wipe deletes them with the rest of the sign-in.
#pragma once

#include <optional>
#include <string>

#include "client_wasm/local_store.h"
#include "shared/reports/portfolio.h"

namespace encaisse::client {

struct DashboardFigures {
  Portfolio portfolio;  // its totals and aging; `customers` is not kept (the dashboard shows none)
  std::optional<double> dso_days;
  int64_t accounts = 0;  // the count of accounts, shown with the figures
};

// What the figures of `today` on the replica as it is now would be keyed by.
std::string DashboardKey(const LocalStore& store, const std::string& today);

// The figures saved under `key`, or nullopt when none are (or they cannot be read: computing
// them again is always correct).
std::optional<DashboardFigures> LoadDashboard(const LocalStore& store, const std::string& key);
Status SaveDashboard(LocalStore& store, const std::string& key, const DashboardFigures& figures);

}  // namespace encaisse::client
