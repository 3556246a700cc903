#include "shared/model/company_settings.h"

#include <algorithm>
#include <cctype>
#include <functional>
#include <limits>
#include <map>

#include "shared/core/json_int.h"
#include "shared/payments/bank_references.h"

namespace encaisse {
namespace {

using nlohmann::json;

Status Wrong(const std::string& field, const char* expected) { return Status::Invalid(field + " must be " + expected, field); }

template <typename T>
Status Read(const json& v, const std::string& field, T* out, const char* expected) {
  if constexpr (std::is_same_v<T, bool>) {
    if (!v.is_boolean()) return Wrong(field, expected);
  } else if constexpr (std::is_integral_v<T>) {
    if (!IsInt64(v)) return Wrong(field, expected);
    const int64_t x = v.get<int64_t>();
    if (x < std::numeric_limits<T>::min() || x > std::numeric_limits<T>::max()) return Wrong(field, expected);
  } else {
    if (!v.is_string()) return Wrong(field, expected);
  }
  *out = v.get<T>();
  return Status::Ok();
}

bool Hex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }

}  // namespace

json SettingsToJson(const CompanySettings& s) {
  return {{"name", s.name},
          {"currency", std::string(s.currency.Code())},
          {"late_rate_bps", s.late_rate_bps ? json(*s.late_rate_bps) : json(nullptr)},
          {"ecb_margin_bps", s.ecb_margin_bps},
          {"recovery_fee_minor", s.recovery_fee_minor},
          {"installment_grace_days", s.installment_grace_days},
          {"timezone", s.timezone},
          {"email", s.email},
          {"phone", s.phone},
          {"address", s.address},
          {"iban", s.iban},
          {"bic", s.bic},
          {"portal_url", s.portal_url},
          {"portal_link_days", s.portal_link_days},
          {"dunning_time", s.dunning_time},
          {"thank_you", s.thank_you},
          {"staff_digest", s.staff_digest},
          {"brand_color", s.brand_color},
          {"logo_mime", s.logo_mime}};
}

Result<CompanySettings> ApplySettingsJson(const CompanySettings& base, const json& j) {
  if (!j.is_object()) return Status::Invalid("the settings must be an object", "");
  CompanySettings s = base;
  using Setter = std::function<Status(const json&, const std::string&)>;
  auto text = [](std::string* out) -> Setter { return [out](const json& v, const std::string& f) { return Read(v, f, out, "text"); }; };
  auto int32 = [](int32_t* out) -> Setter { return [out](const json& v, const std::string& f) { return Read(v, f, out, "a whole number"); }; };
  auto flag = [](bool* out) -> Setter { return [out](const json& v, const std::string& f) { return Read(v, f, out, "true or false"); }; };
  const std::map<std::string, Setter> fields = {
      {"name", text(&s.name)},
      {"currency",
       [&](const json& v, const std::string& f) {
         std::string code;
         ENC_RETURN_IF_ERROR(Read(v, f, &code, "an ISO 4217 code (EUR)"));
         auto c = FindCurrency(code);
         if (!c.ok()) return Wrong(f, "an ISO 4217 code (EUR)");
         s.currency = *c;
         return Status::Ok();
       }},
      {"late_rate_bps",
       [&](const json& v, const std::string& f) {
         if (v.is_null()) {
           s.late_rate_bps.reset();
           return Status::Ok();
         }
         int32_t bps = 0;
         ENC_RETURN_IF_ERROR(Read(v, f, &bps, "basis points (1215 = 12,15 %) or null"));
         s.late_rate_bps = bps;
         return Status::Ok();
       }},
      {"ecb_margin_bps", int32(&s.ecb_margin_bps)},
      {"recovery_fee_minor",
       [&](const json& v, const std::string& f) { return Read(v, f, &s.recovery_fee_minor, "an amount in cents"); }},
      {"installment_grace_days", int32(&s.installment_grace_days)},
      {"timezone", text(&s.timezone)},
      {"email", text(&s.email)},
      {"phone", text(&s.phone)},
      {"address", text(&s.address)},
      {"iban", text(&s.iban)},
      {"bic", text(&s.bic)},
      {"portal_url", text(&s.portal_url)},
      {"portal_link_days", int32(&s.portal_link_days)},
      {"dunning_time", text(&s.dunning_time)},
      {"thank_you", flag(&s.thank_you)},
      {"staff_digest", flag(&s.staff_digest)},
      {"brand_color", text(&s.brand_color)},
      {"logo_mime", text(&s.logo_mime)},
  };
  for (const auto& [key, value] : j.items()) {
    auto it = fields.find(key);
    if (it == fields.end()) return Status::Invalid("unknown field " + key, key);
    ENC_RETURN_IF_ERROR(it->second(value, key));
  }
  return s;
}

Result<CompanySettings> ValidateCompanySettings(CompanySettings s) {
  if (s.name.find_first_not_of(" \t") == std::string::npos || s.name.size() > 200)
    return Status::Invalid("name is required (at most 200 bytes): it signs every reminder", "name");
  if (!s.email.empty()) {
    const size_t at = s.email.find('@');
    if (at == std::string::npos || at == 0 || s.email.find('.', at) == std::string::npos || s.email.find_first_of(" \t<>,;") != std::string::npos ||
        s.email.size() > 254)
      return Status::Invalid("email must be an address such as relances@example.fr", "email");
  }
  if (!s.iban.empty()) {
    auto iban = NormalizeIban(s.iban);
    if (!iban.ok()) return Status::Invalid("iban is not a valid IBAN: " + iban.status().message(), "iban");
    s.iban = *iban;
  }
  if (!s.bic.empty()) {
    for (auto& c : s.bic) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    bool ok = s.bic.size() == 8 || s.bic.size() == 11;
    for (char c : s.bic) ok = ok && std::isalnum(static_cast<unsigned char>(c));
    if (!ok) return Status::Invalid("bic must have 8 or 11 letters and digits", "bic");
  }
  if (s.brand_color.size() != 7 || s.brand_color[0] != '#' ||
      !std::all_of(s.brand_color.begin() + 1, s.brand_color.end(), Hex))
    return Status::Invalid("brand_color must be a colour #RRGGBB", "brand_color");
  if (s.portal_url.rfind("https://", 0) != 0 && s.portal_url.rfind("http://", 0) != 0)
    return Status::Invalid("portal_url must start with https:// (the address of the debtors' portal)", "portal_url");
  if (s.portal_url.find_first_of(" \"'<>") != std::string::npos) return Status::Invalid("portal_url must be an address", "portal_url");
  const auto& t = s.dunning_time;
  if (t.size() != 5 || t[2] != ':' || !std::isdigit(static_cast<unsigned char>(t[0])) || !std::isdigit(static_cast<unsigned char>(t[1])) ||
      !std::isdigit(static_cast<unsigned char>(t[3])) || !std::isdigit(static_cast<unsigned char>(t[4])) || std::stoi(t.substr(0, 2)) > 23 ||
      std::stoi(t.substr(3, 2)) > 59)
    return Status::Invalid("dunning_time must be a time HH:MM", "dunning_time");
  if (s.timezone.empty() || s.timezone.size() > 64 || s.timezone.find_first_of(" \"'<>") != std::string::npos)
    return Status::Invalid("timezone must be a zone such as Europe/Paris", "timezone");
  if (s.late_rate_bps && (*s.late_rate_bps < 0 || *s.late_rate_bps > 10000))
    return Status::Invalid("late_rate_bps must be between 0 and 10000", "late_rate_bps");
  if (s.ecb_margin_bps < 0 || s.ecb_margin_bps > 5000) return Status::Invalid("ecb_margin_bps must be between 0 and 5000", "ecb_margin_bps");
  if (s.recovery_fee_minor < 0 || s.recovery_fee_minor > 10000000)
    return Status::Invalid("recovery_fee_minor must be between 0 and 100000,00", "recovery_fee_minor");
  if (s.installment_grace_days < 0 || s.installment_grace_days > 90)
    return Status::Invalid("installment_grace_days must be between 0 and 90", "installment_grace_days");
  if (s.portal_link_days < 1 || s.portal_link_days > 365)
    return Status::Invalid("portal_link_days must be between 1 and 365", "portal_link_days");
  if (!s.logo_mime.empty() && s.logo_mime != "image/png" && s.logo_mime != "image/jpeg")
    return Status::Invalid("logo_mime must be image/png or image/jpeg", "logo_mime");
  return s;
}

}  // namespace encaisse
