// The company's settings: JSON both ways, a partial update over the stored values, and the rules
// a saved value must follow, each error naming its field.
#include "shared/model/company_settings.h"

#include <gtest/gtest.h>

namespace encaisse {
namespace {

using nlohmann::json;

TEST(CompanySettings, JsonRoundTripsAndAPartialUpdateKeepsTheRest) {
  CompanySettings s;
  s.name = "Transports Martin SAS";
  s.late_rate_bps = 1215;
  s.iban = "FR7630006000011234567890189";
  auto back = ApplySettingsJson(CompanySettings{}, SettingsToJson(s));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(SettingsToJson(*back), SettingsToJson(s));

  auto changed = ApplySettingsJson(s, {{"brand_color", "#aa3300"}, {"late_rate_bps", nullptr}});
  ASSERT_TRUE(changed.ok());
  EXPECT_EQ(changed->brand_color, "#aa3300");
  EXPECT_FALSE(changed->late_rate_bps.has_value());
  EXPECT_EQ(changed->name, "Transports Martin SAS") << "what is not sent stays";
}

TEST(CompanySettings, ErrorsNameTheField) {
  struct Case {
    json j;
    const char* field;
  };
  const Case cases[] = {
      {{{"colour", "#fff"}}, "colour"},
      {{{"name", 3}}, "name"},
      {{{"currency", "EURO"}}, "currency"},
      {{{"thank_you", "oui"}}, "thank_you"},
      {{{"portal_link_days", 1.5}}, "portal_link_days"},
  };
  for (const auto& c : cases) {
    auto r = ApplySettingsJson(CompanySettings{}, c.j);
    ASSERT_FALSE(r.ok()) << c.j.dump();
    EXPECT_EQ(r.status().field(), c.field) << c.j.dump();
  }
  const std::pair<json, const char*> invalid[] = {
      {{{"name", "  "}}, "name"},
      {{{"email", "relances chez martin"}}, "email"},
      {{{"iban", "FR76 3000 6000 0112 3456 7890 188"}}, "iban"},
      {{{"bic", "AGRI-FR"}}, "bic"},
      {{{"brand_color", "red"}}, "brand_color"},
      {{{"brand_color", "#12345g"}}, "brand_color"},
      {{{"portal_url", "javascript:alert(1)"}}, "portal_url"},
      {{{"dunning_time", "25:00"}}, "dunning_time"},
      {{{"portal_link_days", 0}}, "portal_link_days"},
      {{{"logo_mime", "image/svg+xml"}}, "logo_mime"},
  };
  for (const auto& [j, field] : invalid) {
    auto applied = ApplySettingsJson(CompanySettings{}, j);
    ASSERT_TRUE(applied.ok()) << j.dump();
    auto r = ValidateCompanySettings(*applied);
    ASSERT_FALSE(r.ok()) << j.dump();
    EXPECT_EQ(r.status().field(), field) << j.dump() << " " << r.status().message();
  }
}

TEST(CompanySettings, ValidValuesAreStoredNormalised) {
  CompanySettings s;
  s.iban = "fr76 3000 6000 0112 3456 7890 189";
  s.bic = "agrifrpp";
  auto r = ValidateCompanySettings(s);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->iban, "FR7630006000011234567890189");
  EXPECT_EQ(r->bic, "AGRIFRPP");
}

}  // namespace
}  // namespace encaisse
