// The company's settings (identity, bank details, rates, portal, reminder hour, brand colour):
// read by the staff who need them, changed by an admin, checked by the shared rules before they
// are stored (an error names the field); the logo (PNG or JPEG, at most 256 KiB, recognised by
// its bytes, not by what the client says); and what the debtors' portal takes from them: the
// logo and a stylesheet in the brand colour, public and built only from checked values. The
// rate tables (ECB and legal interest), which an admin extends each half-year.
#include <string>

#include "server/http/json_io.h"
#include "server/routes/routes.h"
#include "shared/model/company_settings.h"
#include "shared/penalties/rates_json.h"

namespace encaisse {
namespace {

constexpr size_t kMaxLogoBytes = 256 * 1024;

Access Readers() { return Access::Roles({Role::kCollector, Role::kManager, Role::kAdmin}); }
Access Admins() { return Access::Roles({Role::kAdmin}); }

// The image type from the first bytes, or "".
std::string ImageType(std::string_view bytes) {
  if (bytes.size() >= 8 && bytes.substr(0, 8) == std::string_view("\x89PNG\r\n\x1a\n", 8)) return "image/png";
  if (bytes.size() >= 3 && bytes.substr(0, 3) == "\xFF\xD8\xFF") return "image/jpeg";
  return "";
}

void GetCompanyRoute(ApiCall& c) {
  auto s = c.store.LoadSettings();
  if (!s.ok()) return SendStatus(c.res, s.status());
  SendJson(c.res, 200, SettingsToJson(*s));
}

void PutCompanyRoute(ApiCall& c) {
  auto body = ParseJsonObject(c.req);
  if (!body.ok()) return SendStatus(c.res, body.status());
  if (body->contains("logo_mime"))
    return SendError(c.res, 400, "invalid_argument", "logo_mime is set by uploading the logo (PUT /api/v1/settings/logo)", "logo_mime");
  auto tx = Transaction::Begin(c.store.db());
  if (!tx.ok()) return SendStatus(c.res, tx.status());
  auto current = c.store.LoadSettings();
  if (!current.ok()) return SendStatus(c.res, current.status());
  auto applied = ApplySettingsJson(*current, *body);
  if (!applied.ok()) return SendStatus(c.res, applied.status());
  auto valid = ValidateCompanySettings(*applied);
  if (!valid.ok()) return SendStatus(c.res, valid.status());
  if (Status s = c.store.SaveSettings(*valid); !s.ok()) return SendStatus(c.res, s);
  if (Status s = tx->Commit(); !s.ok()) return SendStatus(c.res, s);
  SendJson(c.res, 200, SettingsToJson(*valid));
}

// The tables, and what applies to a payment late today: the rates in force at the start of
// the half-year. `legal_missing`: that half-year's legal rate is not entered yet (the last
// published one applies until it is).
json RatesAnswer(const RateTables& rates, Date today) {
  json j = RateTablesToJson(rates);
  const Date start = HalfYearStart(today);
  auto ecb = RateInForce(rates.ecb_refi, start);
  auto legal = RateInForce(rates.legal_professional, start);
  bool entered = false;
  for (const DatedRate& r : rates.legal_professional) entered |= r.from == start;
  j["half_year"] = start.ToIso();
  j["ecb_in_force_bps"] = ecb.ok() ? json(*ecb) : json(nullptr);
  j["legal_in_force_bps"] = legal.ok() ? json(*legal) : json(nullptr);
  j["legal_missing"] = !entered;
  return j;
}

void GetRatesRoute(ApiCall& c) {
  auto rates = c.store.LoadRates();
  if (!rates.ok()) return SendStatus(c.res, rates.status());
  SendJson(c.res, 200, RatesAnswer(*rates, c.today));
}

// The three tables replace the stored ones; the tablets get them at their next sync.
void PutRatesRoute(ApiCall& c) {
  auto body = ParseJsonObject(c.req);
  if (!body.ok()) return SendStatus(c.res, body.status());
  auto rates = RateTablesFromJson(*body);
  if (!rates.ok()) return SendStatus(c.res, rates.status());
  if (Status s = c.store.SaveRates(*rates); !s.ok()) return SendStatus(c.res, s);
  SendJson(c.res, 200, RatesAnswer(*rates, c.today));
}

// The logo's bytes and the settings that name its type change together.
Status StoreLogo(Store& store, std::string_view bytes, const std::string& mime) {
  auto tx = Transaction::Begin(store.db());
  if (!tx.ok()) return tx.status();
  auto settings = store.LoadSettings();
  if (!settings.ok()) return settings.status();
  auto st = store.db().Prepare(mime.empty() ? "DELETE FROM settings WHERE key = 'logo'"
                                            : "INSERT INTO settings (key, value) VALUES ('logo', ?1) "
                                              "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
  if (!st.ok()) return st.status();
  if (!mime.empty()) st->BindBlob(1, bytes);
  ENC_RETURN_IF_ERROR(st->Run());
  settings->logo_mime = mime;
  ENC_RETURN_IF_ERROR(store.SaveSettings(*settings));
  return tx->Commit();
}

void PutLogoRoute(ApiCall& c) {
  if (c.req.body.size() > kMaxLogoBytes)
    return SendError(c.res, 413, "payload_too_large", "the logo must weigh at most 256 KiB", "logo");
  const std::string mime = ImageType(c.req.body);
  if (mime.empty()) return SendError(c.res, 415, "unsupported_media_type", "the logo must be a PNG or JPEG image", "logo");
  if (Status s = StoreLogo(c.store, c.req.body, mime); !s.ok()) return SendStatus(c.res, s);
  SendJson(c.res, 200, {{"logo_mime", mime}, {"bytes", c.req.body.size()}});
}

void DeleteLogoRoute(ApiCall& c) {
  if (Status s = StoreLogo(c.store, "", ""); !s.ok()) return SendStatus(c.res, s);
  c.res.status = 204;
}

void LogoRoute(ApiCall& c) {
  auto settings = c.store.LoadSettings();
  if (!settings.ok()) return SendStatus(c.res, settings.status());
  auto st = c.store.db().Prepare("SELECT value FROM settings WHERE key = 'logo'");
  if (!st.ok()) return SendStatus(c.res, st.status());
  auto row = st->Step();
  if (!row.ok()) return SendStatus(c.res, row.status());
  if (!*row || settings->logo_mime.empty()) return SendError(c.res, 404, "not_found", "no logo");
  c.res.set_header("Cache-Control", "no-cache");
  c.res.set_content(st->Blob(0), settings->logo_mime);
}

// The portal's colours: a stylesheet made of the checked #RRGGBB only.
void ThemeRoute(ApiCall& c) {
  auto settings = c.store.LoadSettings();
  if (!settings.ok()) return SendStatus(c.res, settings.status());
  auto valid = ValidateCompanySettings(*settings);
  const std::string color = valid.ok() ? valid->brand_color : CompanySettings{}.brand_color;
  c.res.set_header("Cache-Control", "no-cache");
  c.res.set_content("a{color:" + color + "}button{background:" + color + "}header h1{color:" + color + "}", "text/css; charset=utf-8");
}

}  // namespace

void RegisterSettingsRoutes(App& app) {
  using M = App::Method;
  app.Api(M::kGet, "/api/v1/settings/company", Readers(), GetCompanyRoute);
  app.Api(M::kPut, "/api/v1/settings/company", Admins(), PutCompanyRoute);
  app.Api(M::kGet, "/api/v1/settings/rates", Readers(), GetRatesRoute);
  app.Api(M::kPut, "/api/v1/settings/rates", Admins(), PutRatesRoute);
  app.Upload(M::kPut, "/api/v1/settings/logo", Admins(), PutLogoRoute);
  app.Api(M::kDelete, "/api/v1/settings/logo", Admins(), DeleteLogoRoute);
  app.Api(M::kGet, "/branding/logo", Access::Public(), LogoRoute);
  app.Api(M::kGet, "/branding/theme.css", Access::Public(), ThemeRoute);
}

}  // namespace encaisse
