// `encaisse import invoices|customers|payments --db FILE FILE.csv [--dry-run]`.
#pragma once

#include <CLI/CLI.hpp>

namespace encaisse {

void AddImportCommand(CLI::App& app, int* exit_code);

}  // namespace encaisse
