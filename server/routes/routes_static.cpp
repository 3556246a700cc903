// Static hosting: web/ at the root, the built WebAssembly client under /app/.
#include <memory>

#include "server/http/static_files.h"
#include "server/routes/routes.h"

namespace encaisse {

void RegisterStaticRoutes(App& app) {
  auto& http = app.http();
  if (!app.options().app_dir.empty()) {
    auto files = std::make_shared<StaticFiles>(app.options().app_dir);
    http.Get("/app", [](const httplib::Request&, httplib::Response& res) { res.set_redirect("/app/", 301); });
    http.Get(R"(/app/(.*))", [files](const httplib::Request& req, httplib::Response& res) {
      files->Serve(req.matches[1], req, res);
    });
  }
  if (!app.options().web_dir.empty()) {
    auto files = std::make_shared<StaticFiles>(app.options().web_dir);
    http.Get(R"(/((?!api/|app/).*))", [files](const httplib::Request& req, httplib::Response& res) {
      files->Serve(req.matches[1], req, res);
    });
  }
}

}  // namespace encaisse
