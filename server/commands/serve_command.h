// `encaisse serve`: the HTTP server (API, client files, and later the portal).
#pragma once

#include <CLI/CLI.hpp>

namespace encaisse {

void AddServeCommand(CLI::App& app, int* exit_code);

}  // namespace encaisse
