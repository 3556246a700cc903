// GET /healthz: is the database reachable, which version and schema answer.
#include "server/http/json_io.h"
#include "server/routes/routes.h"
#include "shared/store/migrations.h"

namespace encaisse {

void RegisterHealthRoutes(App& app) {
  app.Api(App::Method::kGet, "/healthz", Access::Public(), [](ApiCall& c) {
    auto version = SchemaVersion(c.store.db());
    if (!version.ok()) return SendJson(c.res, 503, {{"status", "unavailable"}, {"database", "unreachable"}});
    SendJson(c.res, 200, {{"status", "ok"}, {"version", ENCAISSE_VERSION}, {"schema_version", *version},
                          {"schema_version_expected", LatestSchemaVersion()}, {"today", c.today.ToIso()}});
  });
}

}  // namespace encaisse
