// (being written)
#include "server/commands/import_command.h"

namespace encaisse {

void AddImportCommand(CLI::App&, int*) {}

}  // namespace encaisse
