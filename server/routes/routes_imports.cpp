// (being written)
#include "server/routes/routes.h"

namespace encaisse {

void RegisterImportRoutes(App&) {}

}  // namespace encaisse
