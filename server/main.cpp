// encaisse: the server program and its administration commands.
#include <sodium.h>

#include <CLI/CLI.hpp>
#include <cstdio>

#include "server/commands/backup_command.h"
#include "server/commands/demo_command.h"
#include "server/commands/dunning_command.h"
#include "server/commands/import_command.h"
#include "server/commands/serve_command.h"
#include "server/commands/user_command.h"
#include "server/exit_codes.h"

int main(int argc, char** argv) {
  if (sodium_init() < 0) {
    std::fprintf(stderr, "encaisse: libsodium could not start\n");
    return encaisse::kExitFailure;
  }
  CLI::App app{"Encaisse: receivables follow-up and debt collection"};
  app.require_subcommand(1);
  app.set_version_flag("--version", ENCAISSE_VERSION);
  int exit_code = encaisse::kExitOk;
  encaisse::AddServeCommand(app, &exit_code);
  encaisse::AddUserCommand(app, &exit_code);
  encaisse::AddImportCommand(app, &exit_code);
  encaisse::AddDunningCommand(app, &exit_code);
  encaisse::AddDemoCommand(app, &exit_code);
  encaisse::AddBackupCommands(app, &exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? encaisse::kExitOk : encaisse::kExitUsage;
  }
  return exit_code;
}
