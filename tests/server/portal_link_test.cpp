// The personal link of a reminder opens the debtor's statement; an unknown or expired link
// gets a helpful page; the token never reaches the request log; every value is escaped.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "server/dunning/portal_links.h"
#include "shared/store/store.h"
#include "tests/server/server_harness.h"

namespace encaisse::testing {
namespace {

TEST(PortalLink, OpensTheStatementOfItsCustomerOnly) {
  const std::string db = DemoDatabaseCopy();
  std::string token, expired;
  Id customer = 0;
  {
    auto store = Store::Open(db, OpenOptions{.create = false});
    ASSERT_TRUE(store.ok());
    // A customer with something overdue, renamed to check the escaping.
    auto id = store->db().QueryInt("SELECT customer_id FROM invoices WHERE status = 'open' AND due_date < '2026-11-24' "
                                   "ORDER BY customer_id LIMIT 1");
    ASSERT_TRUE(id.ok());
    customer = *id;
    auto rename = store->db().Prepare("UPDATE customers SET name = ?, language = 'fr' WHERE id = ?");
    ASSERT_TRUE(rename.ok());
    ASSERT_TRUE(rename->Bind(1, "Dupont <script>alert(1)</script> & Fils").Bind(2, customer).Run().ok());
    const Date today = *Date::ParseIso("2026-11-24");
    auto link = MintPortalLink(store->db(), customer, std::nullopt, "http://127.0.0.1:8080", today, 60, "2026-11-24T08:00:00Z");
    ASSERT_TRUE(link.ok());
    token = link->token;
    auto old = MintPortalLink(store->db(), customer, std::nullopt, "http://x", today.AddDays(-90), 60, "2026-08-26T08:00:00Z");
    ASSERT_TRUE(old.ok());
    expired = old->token;
  }
  ServerProcess server(db);
  auto c = server.Client();
  auto res = c.Get(("/p/" + token).c_str());
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_NE(res->body.find("Encaisse Démo SAS"), std::string::npos);
  EXPECT_NE(res->body.find("Total dû"), std::string::npos);
  EXPECT_NE(res->body.find("Dupont &lt;script&gt;alert(1)&lt;/script&gt; &amp; Fils"), std::string::npos);
  EXPECT_EQ(res->body.find("<script>"), std::string::npos);
  EXPECT_NE(res->body.find("FR76 3000 6000 0112 3456 7890 189"), std::string::npos) << "transfer details";
  EXPECT_EQ(res->get_header_value("Referrer-Policy"), "no-referrer");
  EXPECT_EQ(res->get_header_value("Cache-Control"), "no-store");

  for (const std::string& bad : {expired, std::string("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")}) {
    auto r = c.Get(("/p/" + bad).c_str());
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 404);
    EXPECT_NE(r->body.find("n'est plus valide"), std::string::npos);
    EXPECT_NE(r->body.find("relances@demo.test"), std::string::npos) << "who to contact";
  }
  // The request log shows the path cut at /p/.
  std::string log = server.Log();
  for (int i = 0; i < 100 && log.find("GET /p/") == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    log = server.Log();
  }
  EXPECT_NE(log.find("GET /p/"), std::string::npos);
  EXPECT_EQ(log.find(token), std::string::npos);
  EXPECT_EQ(log.find(expired), std::string::npos);
}

}  // namespace
}  // namespace encaisse::testing
