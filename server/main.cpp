// encaisse: the server program and its administration commands.
#include <CLI/CLI.hpp>

#include "server/commands/demo_command.h"
#include "server/exit_codes.h"

int main(int argc, char** argv) {
  CLI::App app{"Encaisse: receivables follow-up and debt collection"};
  app.require_subcommand(1);
  app.set_version_flag("--version", ENCAISSE_VERSION);
  int exit_code = encaisse::kExitOk;
  encaisse::AddDemoCommand(app, &exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? encaisse::kExitOk : encaisse::kExitUsage;
  }
  return exit_code;
}
