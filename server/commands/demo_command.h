// `encaisse demo`: creates a deterministic demo database.
#pragma once

#include <CLI/CLI.hpp>

namespace encaisse {

// Adds the subcommand; `exit_code` receives the result when it runs.
void AddDemoCommand(CLI::App& app, int* exit_code);

}  // namespace encaisse
