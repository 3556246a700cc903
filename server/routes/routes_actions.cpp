// (being written)
#include "server/routes/routes.h"

namespace encaisse {

void RegisterActionRoutes(App&) {}

}  // namespace encaisse
