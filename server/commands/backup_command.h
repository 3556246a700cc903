// `encaisse backup` and `encaisse restore`: a consistent copy of the live database (the server
// may keep running) and its restoration (the server stopped).
#pragma once

#include <CLI/CLI.hpp>

namespace encaisse {

void AddBackupCommands(CLI::App& app, int* exit_code);

}  // namespace encaisse
