// (being written)
#include "server/routes/routes.h"

namespace encaisse {

void RegisterReportRoutes(App&) {}

}  // namespace encaisse
