// `encaisse dunning run --db FILE [--date YYYY-MM-DD] [--dry-run]`: the day's reminders.
#pragma once

#include <CLI/CLI.hpp>

namespace encaisse {

void AddDunningCommand(CLI::App& app, int* exit_code);

}  // namespace encaisse
