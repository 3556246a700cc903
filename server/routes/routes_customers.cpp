// (being written)
#include "server/routes/routes.h"

namespace encaisse {

void RegisterCustomerRoutes(App&) {}

}  // namespace encaisse
