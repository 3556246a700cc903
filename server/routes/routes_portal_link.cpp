// GET /p/<token>: what a debtor sees after clicking the personal link of a reminder, until the
// full payment portal lands: the company, what is owed invoice by invoice, the total, and how
// to pay by bank transfer. Read-only, server-rendered, every value escaped. An unknown or
// expired link gets a helpful page (who to contact), never an error trace.
#include <string>

#include "server/dunning/portal_links.h"
#include "server/routes/routes.h"
#include "shared/dunning/message_compose.h"
#include "shared/import/rf_reference.h"
#include "shared/payments/bank_references.h"
#include "shared/templates/template_render.h"

namespace encaisse {
namespace {

std::string Page(const std::string& lang, const std::string& title, const std::string& body) {
  return "<!doctype html><html lang=\"" + lang + "\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
         "<title>" + EscapeHtml(title) + "</title><link rel=\"stylesheet\" href=\"/style.css\"></head><body><main>" +
         body + "</main></body></html>";
}

void Send(httplib::Response& res, int status, const std::string& html) {
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  res.set_content(html, "text/html; charset=utf-8");
}

std::string StatementHtml(const CompanySettings& co, const Customer& customer, const CustomerStatement& st) {
  const Locale locale = customer.language.rfind("en", 0) == 0 ? Locale::kEn : Locale::kFr;
  const bool fr = locale == Locale::kFr;
  auto money = [&](int64_t minor) { return EscapeHtml(FormatMoney({minor, st.currency}, locale)); };
  std::string html = "<h1>" + EscapeHtml(co.name) + "</h1><p>" + EscapeHtml(customer.name) + "</p>";
  html += fr ? "<h2>Factures à régler</h2>" : "<h2>Invoices to pay</h2>";
  html += fr ? "<table><tr><th>Facture</th><th>Échéance</th><th>Reste dû</th><th>Retard</th></tr>"
             : "<table><tr><th>Invoice</th><th>Due</th><th>Open</th><th>Days late</th></tr>";
  for (const auto& l : st.lines) {
    if (l.open_minor <= 0) continue;
    html += "<tr><td>" + EscapeHtml(l.number) + "</td><td>" + EscapeHtml(FormatDate(l.due_date, locale)) + "</td><td>" +
            money(l.open_minor) + "</td><td>" + std::to_string(l.days_late) + (fr ? " j" : " d") +
            (l.disputed ? (fr ? " (contestée)" : " (disputed)") : "") + "</td></tr>";
  }
  html += "</table>";
  html += std::string("<p><strong>") + (fr ? "Total dû : " : "Total due: ") + money(st.total_due_minor) + "</strong>";
  if (st.interest_minor + st.fee_minor > 0)
    html += fr ? " (dont pénalités de retard " + money(st.interest_minor) + " et indemnité forfaitaire " + money(st.fee_minor) + ")"
               : " (including late interest " + money(st.interest_minor) + " and the recovery fee " + money(st.fee_minor) + ")";
  html += "</p>";
  if (!co.iban.empty()) {
    auto rf = MakeRfReference(customer.external_id);
    html += fr ? "<h2>Régler par virement</h2>" : "<h2>Pay by bank transfer</h2>";
    html += "<p>IBAN " + EscapeHtml(FormatIban(co.iban)) + (co.bic.empty() ? "" : " · BIC " + EscapeHtml(co.bic)) + "<br>" +
            (fr ? "Référence à indiquer : " : "Reference: ") + EscapeHtml(rf.ok() ? *rf : customer.external_id) + "</p>";
  }
  html += "<p class=\"small\">" + std::string(fr ? "Une question, une facture contestée ? " : "A question, a disputed invoice? ") +
          EscapeHtml(co.email) + (co.phone.empty() ? "" : " · " + EscapeHtml(co.phone)) + "</p>";
  return html;
}

}  // namespace

void RegisterPortalLinkRoutes(App& app) {
  app.http().Get(R"(/p/([A-Za-z0-9_-]{16,128}))", [&app](const httplib::Request& req, httplib::Response& res) {
    Store& store = app.StoreForThisThread();
    const Date today = app.Today();
    auto settings = store.LoadSettings();
    if (!settings.ok()) return Send(res, 500, Page("fr", "Erreur", "<h1>Service indisponible</h1>"));
    auto customer = ResolvePortalLink(store.db(), req.matches[1], today);
    if (!customer.ok() || !*customer) {
      const std::string contact = EscapeHtml(settings->email) + (settings->phone.empty() ? "" : " · " + EscapeHtml(settings->phone));
      return Send(res, 404, Page("fr", "Lien expiré",
                                 "<h1>" + EscapeHtml(settings->name) + "</h1><p>Ce lien n'est plus valide (expiré ou "
                                 "remplacé). Le prochain message vous en apportera un nouveau ; vous pouvez aussi nous "
                                 "contacter : " + contact + "</p><p lang=\"en\">This link is no longer valid. Contact us: " +
                                 contact + "</p>"));
    }
    auto account = store.LoadAccount(**customer);
    auto rates = store.LoadRates();
    if (!account.ok() || !rates.ok()) return Send(res, 500, Page("fr", "Erreur", "<h1>Service indisponible</h1>"));
    auto statement = BuildStatement(*account, *settings, *rates, today);
    if (!statement.ok()) return Send(res, 500, Page("fr", "Erreur", "<h1>Service indisponible</h1>"));
    const bool en = account->customer.language.rfind("en", 0) == 0;
    Send(res, 200, Page(en ? "en" : "fr", settings->name, StatementHtml(*settings, account->customer, *statement)));
  });
}

}  // namespace encaisse
