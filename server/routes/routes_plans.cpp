// (being written)
#include "server/routes/routes.h"

namespace encaisse {

void RegisterPlanRoutes(App&) {}

}  // namespace encaisse
