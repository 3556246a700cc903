// The company settings over HTTP: who may read and change them, an invalid value refused naming
// its field with nothing stored, the logo recognised by its bytes (size and type checked), and
// the debtors' portal wearing the logo and the brand colour; the rate tables extended by an
// admin, a wrong entry named, the penalties following the new rate.
#include <gtest/gtest.h>

#include <string>

#include "server/dunning/portal_links.h"
#include "shared/store/store.h"
#include "tests/server/server_harness.h"

namespace encaisse::testing {
namespace {

const std::string kPng("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89", 33);

class SettingsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new ServerProcess(DemoDatabaseCopy());
    admin_ = server_->Login("admin@demo.test");
    collector_ = server_->Login("collector@demo.test");
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static httplib::Result PutRaw(const std::string& path, const std::string& body, const std::string& token) {
    httplib::Client http = server_->Client();
    return http.Put(path.c_str(), {{"Authorization", "Bearer " + token}}, body, "application/octet-stream");
  }
  static ServerProcess* server_;
  static std::string admin_, collector_;
};
ServerProcess* SettingsTest::server_ = nullptr;
std::string SettingsTest::admin_;
std::string SettingsTest::collector_;

TEST_F(SettingsTest, AnAdminChangesTheSettingsAndABadValueIsRefusedNamingItsField) {
  int status = 0;
  json before = server_->Get("/api/v1/settings/company", collector_, &status);
  ASSERT_EQ(status, 200) << before.dump();
  EXPECT_EQ(before["currency"], "EUR");
  server_->Post("/api/v1/settings/company", json::object(), collector_, &status);
  EXPECT_EQ(status, 404) << "no POST route";
  httplib::Client http = server_->Client();
  auto put = [&](const json& body, const std::string& token) {
    auto r = http.Put("/api/v1/settings/company", {{"Authorization", "Bearer " + token}}, body.dump(), "application/json");
    return std::make_pair(r ? r->status : 0, r ? json::parse(r->body, nullptr, false) : json());
  };
  EXPECT_EQ(put({{"name", "X"}}, collector_).first, 403);
  auto [bad, why] = put({{"name", "Transports Martin SAS"}, {"iban", "FR76 3000 6000 0112 3456 7890 188"}}, admin_);
  EXPECT_EQ(bad, 400);
  EXPECT_EQ(why["error"]["field"], "iban") << why.dump();
  EXPECT_EQ(server_->Get("/api/v1/settings/company", admin_, &status)["name"], before["name"]) << "a refused change stores nothing";
  EXPECT_EQ(put({{"brand_color", "red; } body { display:none"}}, admin_).second["error"]["field"], "brand_color");
  EXPECT_EQ(put({{"logo_mime", "image/png"}}, admin_).second["error"]["field"], "logo_mime");
  EXPECT_EQ(put({{"colour", "#ffffff"}}, admin_).second["error"]["field"], "colour");

  auto [ok, saved] = put({{"name", "Transports Martin SAS"}, {"iban", "fr76 3000 6000 0112 3456 7890 189"}, {"brand_color", "#aa3300"}},
                         admin_);
  ASSERT_EQ(ok, 200) << saved.dump();
  EXPECT_EQ(saved["iban"], "FR7630006000011234567890189") << "stored normalised";
  EXPECT_EQ(server_->Get("/api/v1/settings/company", collector_, &status)["name"], "Transports Martin SAS");
  auto theme = http.Get("/branding/theme.css");
  ASSERT_TRUE(theme);
  EXPECT_EQ(theme->status, 200);
  EXPECT_NE(theme->body.find("button{background:#aa3300}"), std::string::npos) << theme->body;
}

TEST_F(SettingsTest, TheLogoIsCheckedByItsBytesAndShownOnThePortal) {
  httplib::Client http = server_->Client();
  EXPECT_EQ(http.Get("/branding/logo")->status, 404) << "no logo yet";
  auto text = PutRaw("/api/v1/settings/logo", "<svg onload=alert(1)></svg>", admin_);
  ASSERT_TRUE(text);
  EXPECT_EQ(text->status, 415);
  auto huge = PutRaw("/api/v1/settings/logo", kPng + std::string(300 * 1024, '\0'), admin_);
  ASSERT_TRUE(huge);
  EXPECT_EQ(huge->status, 413);
  EXPECT_EQ(PutRaw("/api/v1/settings/logo", kPng, collector_)->status, 403);
  auto ok = PutRaw("/api/v1/settings/logo", kPng, admin_);
  ASSERT_TRUE(ok);
  ASSERT_EQ(ok->status, 200) << ok->body;
  auto logo = http.Get("/branding/logo");
  ASSERT_TRUE(logo);
  EXPECT_EQ(logo->status, 200);
  EXPECT_EQ(logo->get_header_value("Content-Type"), "image/png");
  EXPECT_EQ(logo->body, kPng);

  // A debtor's portal page carries the logo and the brand stylesheet, allowed by its policy.
  auto store = Store::Open(server_->db(), OpenOptions{.create = false});
  ASSERT_TRUE(store.ok());
  const Id customer = store->db().QueryInt("SELECT min(customer_id) FROM invoices WHERE status = 'open'").value();
  auto minted = MintPortalLink(store->db(), customer, std::nullopt, "http://127.0.0.1:8080", Date::ParseIso("2026-11-24").value(), 60,
                               "2026-11-24T08:00:00Z");
  ASSERT_TRUE(minted.ok()) << minted.status().ToString();
  const std::string token = minted->token;
  auto open = http.Get("/p/" + token);
  ASSERT_TRUE(open);
  ASSERT_EQ(open->status, 303);
  const std::string set = open->get_header_value("Set-Cookie");
  auto page = http.Get("/portal", {{"Cookie", set.substr(0, set.find(';'))}});
  ASSERT_TRUE(page);
  ASSERT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("<img class=\"logo\" src=\"/branding/logo\""), std::string::npos);
  EXPECT_NE(page->body.find("<link rel=\"stylesheet\" href=\"/branding/theme.css\">"), std::string::npos);
  EXPECT_NE(page->get_header_value("Content-Security-Policy").find("style-src 'self'"), std::string::npos);

  auto removed = http.Delete("/api/v1/settings/logo", {{"Authorization", "Bearer " + admin_}});
  ASSERT_TRUE(removed);
  EXPECT_EQ(removed->status, 204);
  EXPECT_EQ(http.Get("/branding/logo")->status, 404);
}

TEST_F(SettingsTest, AnAdminAddsTheHalfYearsRatesAndThePenaltiesFollow) {
  int status = 0;
  server_->Get("/api/v1/settings/rates", server_->Login("rep1@demo.test"), &status);
  EXPECT_EQ(status, 403);
  json rates = server_->Get("/api/v1/settings/rates", collector_, &status);
  ASSERT_EQ(status, 200) << rates.dump();
  EXPECT_EQ(rates["half_year"], "2026-07-01");
  EXPECT_TRUE(rates["legal_missing"].get<bool>()) << "the built-in tables stop at 2026-01-01";

  // The interest an overdue account shows today, before and after a (fictitious) ECB rise.
  json customers = server_->Get("/api/v1/customers?overdue=1&sort=-overdue&limit=1", collector_, &status);
  ASSERT_EQ(status, 200);
  const std::string statement = "/api/v1/customers/" + std::to_string(customers["items"][0]["id"].get<int64_t>()) + "/statement";
  const int64_t before = server_->Get(statement, collector_, &status)["totals"]["interest_minor"].get<int64_t>();
  ASSERT_GT(before, 0);

  json edited = rates;
  for (const char* k : {"half_year", "ecb_in_force_bps", "legal_in_force_bps", "legal_missing"}) edited.erase(k);
  edited["legal_professional"].push_back({{"from", "2026-03-01"}, {"bps", 300}});
  json r = server_->Put("/api/v1/settings/rates", edited, collector_, &status);
  EXPECT_EQ(status, 403);
  r = server_->Put("/api/v1/settings/rates", edited, admin_, &status);
  EXPECT_EQ(status, 400);
  EXPECT_EQ(r["error"]["field"], "legal_professional[" + std::to_string(edited["legal_professional"].size() - 1) + "].from");
  EXPECT_EQ(server_->Get("/api/v1/settings/rates", admin_, &status), rates) << "nothing stored";

  edited["legal_professional"].back() = {{"from", "2026-07-01"}, {"bps", 300}};
  edited["ecb_refi"].push_back({{"from", "2026-06-10"}, {"bps", 1215}});
  r = server_->Put("/api/v1/settings/rates", edited, admin_, &status);
  ASSERT_EQ(status, 200) << r.dump();
  EXPECT_FALSE(r["legal_missing"].get<bool>());
  EXPECT_EQ(r["ecb_in_force_bps"], 1215);
  EXPECT_EQ(r["legal_in_force_bps"], 300);
  EXPECT_GT(server_->Get(statement, collector_, &status)["totals"]["interest_minor"].get<int64_t>(), before)
      << "the interest follows the new ECB rate";
}

}  // namespace
}  // namespace encaisse::testing
