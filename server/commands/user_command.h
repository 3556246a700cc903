// `encaisse user add|list|disable`: staff accounts, from the server's shell.
#pragma once

#include <CLI/CLI.hpp>

namespace encaisse {

void AddUserCommand(CLI::App& app, int* exit_code);

}  // namespace encaisse
