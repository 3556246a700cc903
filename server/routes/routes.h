// Every group of routes registers itself on the App. One file per group.
#pragma once

#include "server/http/app.h"

namespace encaisse {

void RegisterHealthRoutes(App& app);     // GET /healthz
void RegisterSessionRoutes(App& app);    // login, logout, me, device sessions
void RegisterUserRoutes(App& app);       // staff accounts
void RegisterStaticRoutes(App& app);     // web/ and the built client under /app/
void RegisterCustomerRoutes(App& app);   // customers, statement, invoices, payments
void RegisterActionRoutes(App& app);     // notes, promises, visits, disputes
void RegisterPlanRoutes(App& app);       // installment plans and approvals
void RegisterImportRoutes(App& app);     // CSV imports
void RegisterReportRoutes(App& app);     // aging, DSO, collected, by rep
void RegisterPortalRoutes(App& app);     // the debtor portal, its payments and the gateways' webhooks
void RegisterDunningRoutes(App& app);    // reminder history, outbox, calendar, pauses, link revocation
void RegisterTemplateRoutes(App& app);   // scenarios, templates and the message preview
void RegisterTaskRoutes(App& app);       // collector tasks and the phone outcome form
void RegisterLetterRoutes(App& app);     // the dossier on request, the day's letters and print batch
void RegisterSyncRoutes(App& app);       // the tablets' pull and push
void RegisterSettingsRoutes(App& app);   // company settings, logo, the portal's brand
void RegisterChannelRoutes(App& app);    // SMTP, SMS and gateway settings, the test message

inline void RegisterAllRoutes(App& app) {
  RegisterHealthRoutes(app);
  RegisterSessionRoutes(app);
  RegisterUserRoutes(app);
  RegisterCustomerRoutes(app);
  RegisterActionRoutes(app);
  RegisterPlanRoutes(app);
  RegisterImportRoutes(app);
  RegisterReportRoutes(app);
  RegisterPortalRoutes(app);
  RegisterDunningRoutes(app);
  RegisterTemplateRoutes(app);
  RegisterTaskRoutes(app);
  RegisterLetterRoutes(app);
  RegisterSyncRoutes(app);
  RegisterSettingsRoutes(app);
  RegisterChannelRoutes(app);
  RegisterStaticRoutes(app);  // last: the catch-all file routes
}

}  // namespace encaisse
