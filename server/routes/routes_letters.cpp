// The paper side of the dunning for the people who handle it: the hand-over dossier of a
// customer made on request (collector, manager, admin: for the lawyer or the collection agency,
// at any time, not only on the escalation day), and the letters the run wrote on a day with the
// day's print batch to download (collector, admin), when the server writes letters
// (`--letters-dir`).
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "server/dunning/message_parts.h"
#include "server/letters/account_documents.h"
#include "server/letters/letter_sender.h"
#include "server/letters/private_files.h"
#include "server/routes/route_params.h"
#include "server/routes/routes.h"

namespace encaisse {
namespace {

namespace fs = std::filesystem;

Access Readers() { return Access::Roles({Role::kCollector, Role::kManager, Role::kAdmin}); }
Access Collectors() { return Access::Roles({Role::kCollector, Role::kAdmin}); }

void SendPdf(httplib::Response& res, const std::string& bytes, const std::string& filename) {
  res.status = 200;
  res.set_header("Content-Disposition", "attachment; filename=\"" + filename + "\"");
  res.set_header("Cache-Control", "no-store");  // debtors' personal data
  res.set_content(bytes, "application/pdf");
}

void DossierRoute(ApiCall& c) {
  auto customer = VisibleCustomer(c);
  if (!customer) return;
  auto account = c.store.LoadAccount(*customer);
  if (!account.ok()) return SendStatus(c.res, account.status());
  auto settings = c.store.LoadSettings();
  if (!settings.ok()) return SendStatus(c.res, settings.status());
  auto rates = c.store.LoadRates();
  if (!rates.ok()) return SendStatus(c.res, rates.status());
  auto statement = BuildStatement(*account, *settings, *rates, c.today);
  if (!statement.ok()) return SendComputationError(c.res, statement.status());
  auto history = LoadHistory(c.store.db(), *account, settings->currency);
  if (!history.ok()) return SendStatus(c.res, history.status());
  AccountDocument doc;
  doc.company = &*settings;
  doc.customer = &account->customer;
  doc.statement = &*statement;
  doc.history = std::move(*history);
  const std::string dir = c.app.options().fonts_dir;
  auto pdf = RenderDossierPdf(doc, dir.empty() ? DejaVuFonts() : DejaVuFonts(dir));
  if (!pdf.ok()) return SendStatus(c.res, pdf.status());
  SendPdf(c.res, *pdf, "dossier-" + SafeFileName(account->customer.external_id) + "-" + c.today.ToIso() + ".pdf");
}

// The day folder of the letters, or the 404 is sent.
std::optional<std::string> DayFolder(ApiCall& c, const std::string& day) {
  if (c.app.options().letters_dir.empty()) {
    SendError(c.res, 404, "not_found", "this server writes no letters (start it with --letters-dir)");
    return std::nullopt;
  }
  auto date = Date::ParseIso(day);
  if (!date.ok()) {
    SendError(c.res, 400, "invalid_argument", "the date must be YYYY-MM-DD", "date");
    return std::nullopt;
  }
  return c.app.options().letters_dir + "/" + date->ToIso();
}

// GET /api/v1/letters/{date}: the letters of the day, by name (that is by reminder).
void DayLettersRoute(ApiCall& c) {
  auto dir = DayFolder(c, c.req.matches[1]);
  if (!dir) return;
  json letters = json::array();
  bool batch = false;
  std::error_code ec;
  std::vector<std::pair<std::string, uintmax_t>> files;
  for (const auto& entry : fs::directory_iterator(*dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (entry.path().extension() != ".pdf") continue;
    if (name == LetterSender::BatchName(*Date::ParseIso(std::string(c.req.matches[1])))) {
      batch = true;
      continue;
    }
    files.emplace_back(name, entry.file_size(ec));
  }
  std::sort(files.begin(), files.end());
  for (const auto& [name, size] : files) letters.push_back({{"name", name}, {"bytes", size}});
  SendJson(c.res, 200, {{"date", std::string(c.req.matches[1])}, {"letters", letters}, {"batch", batch}});
}

// GET /api/v1/letters/{date}/batch.pdf: every letter of the day in one PDF, to print.
void BatchRoute(ApiCall& c) {
  auto dir = DayFolder(c, c.req.matches[1]);
  if (!dir) return;
  const std::string name = LetterSender::BatchName(*Date::ParseIso(std::string(c.req.matches[1])));
  std::ifstream in(*dir + "/" + name, std::ios::binary);
  if (!in) return SendError(c.res, 404, "not_found", "no letter was written on that day");
  std::ostringstream bytes;
  bytes << in.rdbuf();
  SendPdf(c.res, bytes.str(), name);
}

}  // namespace

void RegisterLetterRoutes(App& app) {
  using M = App::Method;
  app.Api(M::kGet, R"(/api/v1/customers/(\d+)/dossier\.pdf)", Readers(), DossierRoute);
  app.Api(M::kGet, R"(/api/v1/letters/(\d{4}-\d{2}-\d{2}))", Collectors(), DayLettersRoute);
  app.Api(M::kGet, R"(/api/v1/letters/(\d{4}-\d{2}-\d{2})/batch\.pdf)", Collectors(), BatchRoute);
}

}  // namespace encaisse
