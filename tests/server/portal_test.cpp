// The debtor portal over real HTTP: a personal link opens a session (cookie flags, 303, the
// token nowhere: address bar, Referer, log, database), the page shows the account escaped, a
// debtor pays two of three invoices through the sandbox gateway (a double submit opens one
// checkout; the webhook, delivered twice, records one payment), forms without the CSRF token
// or naming another customer's invoice change nothing, Stripe webhooks are verified (bad
// signature, old timestamp, replays), and wrong links are rate-limited per socket address.
#include <gtest/gtest.h>

#include <chrono>
#include <regex>
#include <thread>

#include "server/dunning/portal_links.h"
#include "server/payments/checkout_events.h"
#include "server/payments/webhook_signature.h"
#include "shared/store/store.h"
#include "tests/server/server_harness.h"
#include "tests/server/smtp_sink.h"
#include "tests/support/ports.h"

namespace encaisse::testing {
namespace {

constexpr const char kEvil[] = "Dupont <script>alert(1)</script> & Fils";

// A customer with three open overdue invoices, renamed to check the escaping, and its link.
struct Debtor {
  Id customer = 0;
  std::vector<Id> invoices;  // three open ones, oldest due first
  std::string token;
  std::string expired;
};

Debtor PrepareDebtor(const std::string& db, int nth = 0) {
  Debtor d;
  auto store = Store::Open(db, OpenOptions{.create = false});
  if (!store.ok()) throw std::runtime_error(store.status().ToString());
  d.customer = *store->db().QueryInt(
      "SELECT customer_id FROM invoices WHERE status = 'open' AND amount_minor > 0 AND due_date < '2026-11-24' AND id NOT IN "
      "(SELECT invoice_id FROM disputes WHERE status = 'open') AND customer_id NOT IN (SELECT customer_id FROM payment_plans) "
      "AND customer_id NOT IN (SELECT customer_id FROM promises WHERE status = 'pending') "
      "AND customer_id IN (SELECT id FROM customers WHERE insolvency_date IS NULL) GROUP BY customer_id HAVING count(*) >= 3 "
      "ORDER BY customer_id LIMIT 1 OFFSET " + std::to_string(nth));
  auto st = store->db().Prepare(
      "SELECT id FROM invoices WHERE customer_id = ?1 AND status = 'open' AND amount_minor > 0 ORDER BY due_date, id LIMIT 3");
  st->Bind(1, d.customer);
  while (*st->Step()) d.invoices.push_back(st->Int(0));
  // Medium risk and no plan: the policy's own limits decide (more than three installments
  // needs a manager).
  auto rename = store->db().Prepare(
      "UPDATE customers SET name = ?1, language = 'fr', risk = 'medium' WHERE id = ?2");
  const std::string name = std::string(kEvil) + (nth ? " " + std::to_string(nth) : "");
  if (!rename->Bind(1, name).Bind(2, d.customer).Run().ok()) throw std::runtime_error("rename");
  const Date today = *Date::ParseIso("2026-11-24");
  d.token = MintPortalLink(store->db(), d.customer, std::nullopt, "http://127.0.0.1:8080", today, 60, "2026-11-24T08:00:00Z")->token;
  d.expired = MintPortalLink(store->db(), d.customer, std::nullopt, "http://x", today.AddDays(-90), 60, "2026-08-26T08:00:00Z")->token;
  return d;
}

// A browser's session: the portal cookie kept between requests.
struct Visitor {
  explicit Visitor(const ServerProcess& server) : client(server.Client()) {}
  httplib::Result Get(const std::string& path, httplib::Headers headers = {}) {
    if (!cookie.empty()) headers.emplace("Cookie", cookie);
    return client.Get(path.c_str(), headers);
  }
  httplib::Result Post(const std::string& path, const std::string& form) {
    httplib::Headers headers;
    if (!cookie.empty()) headers.emplace("Cookie", cookie);
    return client.Post(path.c_str(), headers, form, "application/x-www-form-urlencoded");
  }
  // Opens the link and keeps the cookie.
  bool Open(const std::string& token) {
    auto r = Get("/p/" + token);
    if (!r || r->status != 303) return false;
    const std::string set = r->get_header_value("Set-Cookie");
    cookie = set.substr(0, set.find(';'));
    return true;
  }
  httplib::Client client;
  std::string cookie;
};

std::string FormValue(const std::string& html, const std::string& name) {
  std::smatch m;
  if (!std::regex_search(html, m, std::regex("name=\"" + name + "\" value=\"([^\"]+)\""))) return "";
  return m[1];
}

class PortalTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const std::string db = DemoDatabaseCopy();
    debtor_ = PrepareDebtor(db);
    planner_ = PrepareDebtor(db, 1);
    other_invoice_ = SqlCount(db, "SELECT min(id) FROM invoices WHERE status = 'open' AND customer_id <> " +
                                      std::to_string(debtor_.customer));
    setenv("ENCAISSE_STRIPE_SECRET_KEY", "sk_test_portal", 1);  // the Stripe webhook route is live
    server_ = new ServerProcess(db, {"--stripe-webhook-secret", "whsec_portal_test", "--sandbox-deliver-twice",
                                     "--fonts-dir", PrintFontsDir()});
    unsetenv("ENCAISSE_STRIPE_SECRET_KEY");
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static int64_t Count(const std::string& sql) { return SqlCount(server_->db(), sql); }
  static std::string Id(int64_t id) { return std::to_string(id); }

  static ServerProcess* server_;
  static Debtor debtor_;
  static Debtor planner_;  // another customer: asks for time rather than paying
  static int64_t other_invoice_;
};
ServerProcess* PortalTest::server_ = nullptr;
Debtor PortalTest::debtor_;
Debtor PortalTest::planner_;
int64_t PortalTest::other_invoice_ = 0;

TEST_F(PortalTest, TheLinkOpensASessionAndTheTokenGoesNowhere) {
  Visitor v(*server_);
  auto r = v.Get("/p/" + debtor_.token);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 303);
  EXPECT_EQ(r->get_header_value("Location"), "/portal");
  EXPECT_EQ(r->get_header_value("Referrer-Policy"), "no-referrer");
  const std::string set = r->get_header_value("Set-Cookie");
  for (const char* flag : {"HttpOnly", "SameSite=Lax", "Path=/"}) EXPECT_NE(set.find(flag), std::string::npos) << set;
  EXPECT_EQ(set.find("Secure"), std::string::npos) << "plain HTTP here: Secure only behind TLS";
  v.cookie = set.substr(0, set.find(';'));
  const std::string cookie_value = v.cookie.substr(v.cookie.find('=') + 1);
  EXPECT_GE(cookie_value.size(), 43u) << "256 random bits";

  auto page = v.Get("/portal");
  ASSERT_TRUE(page);
  ASSERT_EQ(page->status, 200);
  const std::string& html = page->body;
  EXPECT_NE(html.find("Encaisse Démo SAS"), std::string::npos);
  EXPECT_NE(html.find("Dupont &lt;script&gt;alert(1)&lt;/script&gt; &amp; Fils"), std::string::npos);
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_NE(html.find("Total dû"), std::string::npos);
  EXPECT_NE(html.find("FR76 3000 6000 0112 3456 7890 189"), std::string::npos) << "transfer details";
  EXPECT_NE(html.find("/portal/transfer-qr.svg"), std::string::npos);
  EXPECT_EQ(page->get_header_value("Cache-Control"), "no-store");
  EXPECT_EQ(html.find(debtor_.token), std::string::npos);

  auto qr = v.Get("/portal/transfer-qr.svg");
  ASSERT_TRUE(qr);
  EXPECT_EQ(qr->status, 200);
  EXPECT_EQ(qr->get_header_value("Content-Type"), "image/svg+xml");
  EXPECT_NE(qr->body.find("<path"), std::string::npos);
  auto pdf = v.Get("/portal/statement.pdf");
  ASSERT_TRUE(pdf);
  EXPECT_EQ(pdf->status, 200);
  EXPECT_EQ(pdf->body.rfind("%PDF", 0), 0u);

  // At rest only hashes: neither the link's token nor the cookie is in the database.
  EXPECT_EQ(Count("SELECT count(*) FROM portal_links WHERE token_hash = '" + debtor_.token + "'"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM portal_sessions WHERE token_hash = '" + cookie_value + "'"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM portal_sessions WHERE length(token_hash) = 64 AND customer_id = " +
                  Id(debtor_.customer)),
            Count("SELECT count(*) FROM portal_sessions WHERE customer_id = " + Id(debtor_.customer)));

  // Without the cookie, or with an expired link: a helpful page, who to contact.
  Visitor stranger(*server_);
  auto no_session = stranger.Get("/portal");
  ASSERT_TRUE(no_session);
  EXPECT_EQ(no_session->status, 401);
  EXPECT_NE(no_session->body.find("relances@demo.test"), std::string::npos);
  auto expired = stranger.Get("/p/" + debtor_.expired);
  ASSERT_TRUE(expired);
  EXPECT_EQ(expired->status, 404);
  EXPECT_NE(expired->body.find("n'est plus valide"), std::string::npos);

  // The request log shows the path cut at /p/.
  std::string log = server_->Log();
  for (int i = 0; i < 100 && log.find("GET /p/") == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    log = server_->Log();
  }
  EXPECT_NE(log.find("GET /p/"), std::string::npos);
  EXPECT_EQ(log.find(debtor_.token), std::string::npos);
  EXPECT_EQ(log.find(cookie_value), std::string::npos);
}

TEST_F(PortalTest, ADebtorPaysTwoOfThreeInvoicesThroughTheSandboxOnce) {
  Visitor v(*server_);
  ASSERT_TRUE(v.Open(debtor_.token));
  auto page = v.Get("/portal");
  ASSERT_TRUE(page);
  const std::string csrf = FormValue(page->body, "csrf");
  const std::string key = FormValue(page->body, "form_key");
  ASSERT_FALSE(csrf.empty());
  ASSERT_FALSE(key.empty());
  const int64_t payments = Count("SELECT count(*) FROM payments");
  const int64_t open_third = Count("SELECT open_minor FROM invoices WHERE id = " + Id(debtor_.invoices[2]));
  const int64_t chosen = Count("SELECT sum(open_minor) FROM invoices WHERE id IN (" + Id(debtor_.invoices[0]) + ", " +
                               Id(debtor_.invoices[1]) + ")");
  const std::string form = "csrf=" + csrf + "&form_key=" + key + "&invoice=" + Id(debtor_.invoices[0]) +
                           "&invoice=" + Id(debtor_.invoices[1]) + "&amount=";
  auto pay = v.Post("/portal/pay", form);
  ASSERT_TRUE(pay);
  ASSERT_EQ(pay->status, 303) << pay->body;
  const std::string checkout = pay->get_header_value("Location");
  EXPECT_EQ(checkout.rfind("/sandbox/checkout/cs_sandbox_", 0), 0u) << checkout;
  // A double click: the same checkout, one attempt.
  auto again = v.Post("/portal/pay", form);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 303);
  EXPECT_EQ(again->get_header_value("Location"), checkout);
  EXPECT_EQ(Count("SELECT count(*) FROM payment_attempts WHERE form_key = '" + key + "'"), 1);
  EXPECT_EQ(Count("SELECT amount_minor FROM payment_attempts WHERE form_key = '" + key + "'"), chosen);

  auto card = v.Get(checkout);
  ASSERT_TRUE(card);
  EXPECT_EQ(card->status, 200);
  EXPECT_NE(card->body.find("Numéro de carte"), std::string::npos);
  // The card fields have no name: a browser never sends them, and no form of ours asks for one.
  const std::regex named_input("<input[^>]*\\bname=\"(?!outcome|csrf|form_key|invoice|amount|count|first|date|reason)");
  EXPECT_FALSE(std::regex_search(card->body, named_input)) << card->body;
  EXPECT_EQ(card->body.find("name=\"card"), std::string::npos);
  auto declined = v.Post(checkout, "outcome=decline");
  ASSERT_TRUE(declined);
  EXPECT_EQ(declined->status, 402);
  EXPECT_EQ(Count("SELECT count(*) FROM payments"), payments) << "a declined card records nothing";
  auto paid = v.Post(checkout, "outcome=pay");
  ASSERT_TRUE(paid);
  ASSERT_EQ(paid->status, 303);
  const std::string receipt_path = paid->get_header_value("Location");
  auto receipt = v.Get(receipt_path);
  ASSERT_TRUE(receipt);
  EXPECT_EQ(receipt->status, 200);
  EXPECT_NE(receipt->body.find("Paiement reçu"), std::string::npos) << receipt->body;

  // One payment although the sandbox delivered its webhook twice; the two invoices settled.
  EXPECT_EQ(Count("SELECT count(*) FROM payments"), payments + 1);
  EXPECT_EQ(Count("SELECT count(*) FROM gateway_events WHERE gateway = 'sandbox' AND outcome = 'paid'"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM invoices WHERE status = 'paid' AND id IN (" + Id(debtor_.invoices[0]) + ", " +
                  Id(debtor_.invoices[1]) + ")"),
            2);
  EXPECT_EQ(Count("SELECT open_minor FROM invoices WHERE id = " + Id(debtor_.invoices[2])), open_third);
  // The receipt belongs to this session's customer only.
  Visitor stranger(*server_);
  auto other = stranger.Get(receipt_path);
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 401);
}

TEST_F(PortalTest, AFormWithoutItsTokenOrWithAnotherCustomersInvoiceChangesNothing) {
  Visitor v(*server_);
  ASSERT_TRUE(v.Open(debtor_.token));
  auto page = v.Get("/portal");
  ASSERT_TRUE(page);
  const std::string csrf = FormValue(page->body, "csrf");
  const int64_t before = Count("SELECT (SELECT count(*) FROM payment_attempts) + (SELECT count(*) FROM payments)");
  auto no_csrf = v.Post("/portal/pay", "form_key=" + FormValue(page->body, "form_key") + "&amount=10");
  ASSERT_TRUE(no_csrf);
  EXPECT_EQ(no_csrf->status, 403);
  auto foreign = v.Post("/portal/pay", "csrf=" + csrf + "&form_key=" + FormValue(page->body, "form_key") +
                                           "&invoice=" + Id(other_invoice_));
  ASSERT_TRUE(foreign);
  EXPECT_EQ(foreign->status, 404);
  auto too_much = v.Post("/portal/pay", "csrf=" + csrf + "&form_key=" + FormValue(page->body, "form_key") +
                                            "&invoice=" + Id(debtor_.invoices[2]) + "&amount=99999999");
  ASSERT_TRUE(too_much);
  EXPECT_EQ(too_much->status, 400);
  EXPECT_NE(too_much->body.find("dépasse"), std::string::npos);
  // No route takes a card number: the sandbox's card fields have no name.
  auto checkout_page = v.Get("/portal");
  EXPECT_EQ(checkout_page->body.find("name=\"card"), std::string::npos);
  EXPECT_EQ(Count("SELECT (SELECT count(*) FROM payment_attempts) + (SELECT count(*) FROM payments)"), before);
}

TEST_F(PortalTest, StripeWebhooksAreVerifiedAndAppliedOnce) {
  // A Stripe checkout of ours for the third invoice (as PayRoute would have opened it).
  const int64_t invoice = debtor_.invoices[2];
  const int64_t amount = Count("SELECT open_minor FROM invoices WHERE id = " + Id(invoice));
  SqlExec(server_->db(),
          "INSERT INTO payment_attempts (customer_id, form_key, gateway, amount_minor, currency, invoice_ids, status, "
          "checkout_id, created_at, updated_at) VALUES (" + Id(debtor_.customer) + ", 'stripe-form-1', 'stripe', " +
              Id(amount) + ", 'EUR', '" + Id(invoice) + "', 'open', 'cs_test_1', '', '')");
  const int64_t attempt = Count("SELECT id FROM payment_attempts WHERE form_key = 'stripe-form-1'");
  const std::string body = CheckoutEventJson("evt_stripe_1", "checkout.session.completed", "cs_test_1", attempt, amount,
                                             "EUR", "paid", std::time(nullptr));
  const int64_t payments = Count("SELECT count(*) FROM payments");
  auto c = server_->Client();
  auto post = [&](const std::string& header, const std::string& payload) {
    return c.Post("/webhooks/stripe", {{"Stripe-Signature", header}}, payload, "application/json");
  };
  const std::time_t now = std::time(nullptr);
  auto bad = post(SignatureHeader("whsec_wrong", now, body), body);
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  auto old = post(SignatureHeader("whsec_portal_test", now - 301, body), body);
  ASSERT_TRUE(old);
  EXPECT_EQ(old->status, 400);
  auto tampered = post(SignatureHeader("whsec_portal_test", now, body), body + " ");
  ASSERT_TRUE(tampered);
  EXPECT_EQ(tampered->status, 400);
  EXPECT_EQ(Count("SELECT count(*) FROM payments"), payments);
  EXPECT_EQ(Count("SELECT count(*) FROM gateway_events WHERE gateway = 'stripe'"), 0) << "refused: nothing written";
  for (int delivery = 0; delivery < 3; ++delivery) {
    auto ok = post(SignatureHeader("whsec_portal_test", std::time(nullptr), body), body);
    ASSERT_TRUE(ok);
    EXPECT_EQ(ok->status, 200) << ok->body;
  }
  EXPECT_EQ(Count("SELECT count(*) FROM payments"), payments + 1) << "one payment for three deliveries";
  EXPECT_EQ(Count("SELECT status = 'paid' FROM invoices WHERE id = " + Id(invoice)), 1);
  EXPECT_EQ(Count("SELECT payment_id IS NOT NULL FROM payment_attempts WHERE id = " + Id(attempt)), 1);
}

TEST_F(PortalTest, APlanBeyondThePolicyWaitsForAManagerAndTheDebtorSeesItApproved) {
  Visitor v(*server_);
  ASSERT_TRUE(v.Open(planner_.token));
  auto form = v.Get("/portal/plan");
  ASSERT_TRUE(form);
  ASSERT_EQ(form->status, 200);
  const int64_t plans = Count("SELECT count(*) FROM payment_plans");
  // Six monthly installments: more than the three approved at once.
  auto preview = v.Get("/portal/plan?count=6&first=2026-12-05");
  ASSERT_TRUE(preview);
  ASSERT_EQ(preview->status, 200) << preview->body;
  EXPECT_NE(preview->body.find("accord de notre responsable"), std::string::npos) << preview->body;
  EXPECT_NE(preview->body.find("05/12/2026"), std::string::npos) << "the schedule's first date";
  EXPECT_EQ(Count("SELECT count(*) FROM payment_plans"), plans) << "a preview writes nothing";
  const std::string csrf = FormValue(preview->body, "csrf");
  auto forged = v.Post("/portal/plan", "count=6&first=2026-12-05");
  ASSERT_TRUE(forged);
  EXPECT_EQ(forged->status, 403);
  auto sent = v.Post("/portal/plan", "csrf=" + csrf + "&count=6&first=2026-12-05");
  ASSERT_TRUE(sent);
  ASSERT_EQ(sent->status, 200) << sent->body;
  EXPECT_NE(sent->body.find("transmise"), std::string::npos);
  const int64_t plan = Count("SELECT max(id) FROM payment_plans WHERE customer_id = " + Id(planner_.customer));
  EXPECT_EQ(SqlText(server_->db(), "SELECT status FROM payment_plans WHERE id = " + Id(plan)), "pending");
  EXPECT_EQ(Count("SELECT count(*) FROM installments WHERE plan_id = " + Id(plan)), 6);
  // A second request while one waits: refused, nothing more written.
  auto twice = v.Post("/portal/plan", "csrf=" + csrf + "&count=6&first=2026-12-05");
  ASSERT_TRUE(twice);
  EXPECT_EQ(Count("SELECT count(*) FROM payment_plans"), plans + 1);
  auto home = v.Get("/portal");
  EXPECT_NE(home->body.find("en attente d'accord"), std::string::npos);

  const std::string manager = server_->Login("manager@demo.test");
  int status = 0;
  json approved = server_->Post("/api/v1/plans/" + Id(plan) + "/approve", {{"comment", "Accord"}}, manager, &status);
  ASSERT_EQ(status, 200) << approved.dump();
  EXPECT_EQ(Count("SELECT count(*) FROM reminders WHERE kind = 'plan_decision' AND template_id = 'plan_approved' AND "
                  "customer_id = " + Id(planner_.customer)),
            1)
      << "the debtor is told by email";
  home = v.Get("/portal");
  ASSERT_TRUE(home);
  EXPECT_NE(home->body.find("Votre échéancier"), std::string::npos) << home->body;
}

TEST_F(PortalTest, APromiseAndADisputeFromThePortalAreRecordedForTheCollectors) {
  Visitor v(*server_);
  ASSERT_TRUE(v.Open(planner_.token));
  auto page = v.Get("/portal");
  ASSERT_TRUE(page);
  const std::string csrf = FormValue(page->body, "csrf");
  // A dispute on the last of the three invoices, with a collector's task to review it.
  const int64_t invoice = planner_.invoices[2];
  auto form = v.Get("/portal/dispute?invoice=" + Id(invoice));
  ASSERT_TRUE(form);
  ASSERT_EQ(form->status, 200);
  auto foreign = v.Get("/portal/dispute?invoice=" + Id(other_invoice_));
  ASSERT_TRUE(foreign);
  EXPECT_EQ(foreign->status, 404);
  auto sent = v.Post("/portal/dispute", "csrf=" + csrf + "&invoice=" + Id(invoice) + "&reason=Livraison+incompl%C3%A8te+%3Cb%3E");
  ASSERT_TRUE(sent);
  ASSERT_EQ(sent->status, 303) << sent->body;
  EXPECT_EQ(Count("SELECT count(*) FROM disputes WHERE status = 'open' AND invoice_id = " + Id(invoice) +
                  " AND reason LIKE '%Livraison incomplète <b>'"),
            1);
  EXPECT_EQ(Count("SELECT count(*) FROM tasks WHERE kind = 'dispute_review' AND status = 'open' AND customer_id = " +
                  Id(planner_.customer)),
            1);
  auto home = v.Get(sent->get_header_value("Location"));
  EXPECT_NE(home->body.find("Contestation reçue"), std::string::npos);
  EXPECT_NE(home->body.find("(contestée)"), std::string::npos);

  // A promise to pay by a date.
  auto promised = v.Post("/portal/promise", "csrf=" + csrf + "&date=2026-12-10");
  ASSERT_TRUE(promised);
  ASSERT_EQ(promised->status, 303) << promised->body;
  EXPECT_EQ(Count("SELECT count(*) FROM promises WHERE status = 'pending' AND author_id IS NULL AND promised_date = "
                  "'2026-12-10' AND customer_id = " + Id(planner_.customer)),
            1);
  auto late = v.Post("/portal/promise", "csrf=" + csrf + "&date=2027-06-01");
  ASSERT_TRUE(late);
  EXPECT_EQ(late->status, 400) << "beyond 90 days";
}

TEST_F(PortalTest, ADisputeMayCarryADocumentForTheCollectors) {
  Visitor v(*server_);
  ASSERT_TRUE(v.Open(planner_.token));
  const int64_t invoice = planner_.invoices[1];
  auto form = v.Get("/portal/dispute?invoice=" + Id(invoice));
  ASSERT_TRUE(form);
  ASSERT_EQ(form->status, 200);
  EXPECT_NE(form->body.find("multipart/form-data"), std::string::npos);
  const std::string csrf = FormValue(form->body, "csrf");
  auto post = [&](const std::string& content, const std::string& filename) {
    const httplib::Headers headers{{"Cookie", v.cookie}};
    return v.client.Post("/portal/dispute", headers,
                         httplib::MultipartFormDataItems{{"csrf", csrf, "", ""},
                                                         {"invoice", Id(invoice), "", ""},
                                                         {"reason", "Colis abîmé à la livraison", "", ""},
                                                         {"attachment", content, filename, "application/pdf"}});
  };
  const int64_t disputes = Count("SELECT count(*) FROM disputes");
  // A program named like a PDF: refused by its bytes, nothing written.
  auto program = post(std::string("MZ\x90\x00\x03\x00\x00\x00", 8), "facture.pdf");
  ASSERT_TRUE(program);
  EXPECT_EQ(program->status, 400);
  EXPECT_NE(program->body.find("PDF, PNG ou JPEG"), std::string::npos);
  EXPECT_EQ(Count("SELECT count(*) FROM disputes"), disputes);
  const std::string pdf = "%PDF-1.4\n% bon de livraison signé\n%%EOF\n";
  auto sent = post(pdf, "bon de livraison <1>.pdf");
  ASSERT_TRUE(sent);
  ASSERT_EQ(sent->status, 303) << sent->body;
  const int64_t dispute = Count("SELECT max(id) FROM disputes WHERE status = 'open' AND invoice_id = " + Id(invoice));
  ASSERT_GT(dispute, 0);

  // The collectors see it in the disputes list and download it; a rep may not.
  const std::string collector = server_->Login("collector@demo.test");
  int status = 0;
  json list = server_->Get("/api/v1/disputes?limit=500", collector, &status);
  ASSERT_EQ(status, 200);
  json document;
  for (const auto& item : list["items"])
    if (item["id"] == dispute) document = item["document"];
  ASSERT_TRUE(document.is_object()) << list.dump().substr(0, 500);
  EXPECT_EQ(document["filename"], "bon de livraison <1>.pdf");
  EXPECT_EQ(document["content_type"], "application/pdf");
  auto c = server_->Client();
  auto download = c.Get(document["url"].get<std::string>().c_str(), {{"Authorization", "Bearer " + collector}});
  ASSERT_TRUE(download);
  EXPECT_EQ(download->status, 200);
  EXPECT_EQ(download->body, pdf);
  EXPECT_EQ(download->get_header_value("Content-Type"), "application/pdf");
  EXPECT_EQ(download->get_header_value("Content-Disposition"), "attachment; filename=\"bondelivraison1.pdf\"");
  const std::string rep = server_->Login("rep1@demo.test");
  auto refused = c.Get(document["url"].get<std::string>().c_str(), {{"Authorization", "Bearer " + rep}});
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 403);
}

// Opens 25 wrong links, each with the X-Forwarded-For `forwarded(i)`; the last status.
template <typename Forwarded>
int GuessLinks(httplib::Client& c, Forwarded forwarded) {
  int last = 0;
  for (int i = 0; i < 25; ++i) {
    auto r = c.Get(("/p/WrongTokenWrongToken" + std::to_string(1000 + i)).c_str(), {{"X-Forwarded-For", forwarded(i)}});
    last = r ? r->status : -1;
  }
  return last;
}

TEST(PortalLimits, WrongLinksAreLimitedPerSocketAddressWhateverXForwardedForSays) {
  const std::string db = DemoDatabaseCopy();
  const Debtor d = PrepareDebtor(db);
  ServerProcess server(db);
  auto c = server.Client();
  // A different made-up address on every guess.
  EXPECT_EQ(GuessLinks(c, [](int i) { return "203.0.113." + std::to_string(i); }), 429);
  auto good = c.Get(("/p/" + d.token).c_str(), {{"X-Forwarded-For", "198.51.100.7"}});
  ASSERT_TRUE(good);
  EXPECT_EQ(good->status, 429) << "even a good link waits: the address is the socket's";
  EXPECT_FALSE(good->get_header_value("Retry-After").empty());
}

TEST(PortalLimits, BehindATrustedProxyTheForwardedAddressIsLimited) {
  const std::string db = DemoDatabaseCopy();
  const Debtor d = PrepareDebtor(db);
  ServerProcess server(db, {"--trusted-proxy", "127.0.0.1"});
  auto c = server.Client();
  // One guesser behind the proxy (its last entry); a spoofed first entry changes nothing.
  EXPECT_EQ(GuessLinks(c, [](int i) { return "10.9.9." + std::to_string(i) + ", 203.0.113.5"; }), 429);
  auto other = c.Get(("/p/" + d.token).c_str(), {{"X-Forwarded-For", "198.51.100.7"}});
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 303) << "another debtor behind the same proxy is not blocked";
}

// The email of the outbox message `kind` for `customer`, once the worker has sent it.
nlohmann::json WaitForEmail(const std::string& db, const SmtpSink& sink, Id customer, const std::string& kind) {
  for (int i = 0; i < 200; ++i) {
    const int64_t id = SqlCount(db, "SELECT coalesce(max(id), 0) FROM reminders WHERE status = 'sent' AND kind = '" + kind +
                                        "' AND customer_id = " + std::to_string(customer));
    if (id > 0) {
      const auto files = sink.Messages("<reminder-" + std::to_string(id) + ".");
      if (!files.empty()) return ParseEml(files.front());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return nlohmann::json{{"error", "no " + kind + " email sent"}};
}

TEST(PortalMail, TheDebtorGetsTheReceiptAtOnceAndTheAnswerToTheirPlanByEmail) {
  const std::string db = DemoDatabaseCopy();
  const Debtor payer = PrepareDebtor(db);
  const Debtor asker = PrepareDebtor(db, 1);
  // Today's run is done: only the portal's own messages go out.
  SqlExec(db, "INSERT OR REPLACE INTO settings (key, value) VALUES ('dunning_last_run', '2026-11-24')");
  SmtpSink sink(FreePort(), TempDir() + "/mail");
  ServerProcess server(db, {"--smtp-url", sink.url(), "--dunning-interval", "1", "--fonts-dir", PrintFontsDir()});

  Visitor v(server);
  ASSERT_TRUE(v.Open(payer.token));
  auto home = v.Get("/portal");
  ASSERT_TRUE(home);
  const std::string number = SqlText(db, "SELECT number FROM invoices WHERE id = " + std::to_string(payer.invoices[0]));
  auto pay = v.Post("/portal/pay", "csrf=" + FormValue(home->body, "csrf") + "&form_key=" + FormValue(home->body, "form_key") +
                                       "&invoice=" + std::to_string(payer.invoices[0]));
  ASSERT_TRUE(pay);
  ASSERT_EQ(pay->status, 303) << pay->body;
  auto paid = v.Post(pay->get_header_value("Location"), "outcome=pay");
  ASSERT_TRUE(paid);
  ASSERT_EQ(paid->status, 303);
  const nlohmann::json receipt = WaitForEmail(db, sink, payer.customer, "thank_you");
  ASSERT_FALSE(receipt.contains("error")) << receipt.dump() << server.Log();
  EXPECT_NE(receipt["subject"].get<std::string>().find("merci pour votre règlement"), std::string::npos) << receipt.dump();
  EXPECT_NE(receipt["text"].get<std::string>().find(number), std::string::npos) << "the invoice paid";
  EXPECT_EQ(receipt["attachments"], nlohmann::json::array({"recu.pdf"}));

  Visitor w(server);
  ASSERT_TRUE(w.Open(asker.token));
  auto form = w.Get("/portal/plan?count=6&first=2026-12-05");
  ASSERT_TRUE(form);
  auto asked = w.Post("/portal/plan", "csrf=" + FormValue(form->body, "csrf") + "&count=6&first=2026-12-05");
  ASSERT_TRUE(asked);
  ASSERT_EQ(asked->status, 200) << asked->body;
  const int64_t plan = SqlCount(db, "SELECT max(id) FROM payment_plans WHERE customer_id = " + std::to_string(asker.customer));
  int status = 0;
  const std::string manager = server.Login("manager@demo.test");
  server.Post("/api/v1/plans/" + std::to_string(plan) + "/approve", {{"comment", "OK, client fidèle"}}, manager, &status);
  ASSERT_EQ(status, 200);
  const nlohmann::json answer = WaitForEmail(db, sink, asker.customer, "plan_decision");
  ASSERT_FALSE(answer.contains("error")) << answer.dump() << server.Log();
  EXPECT_NE(answer["subject"].get<std::string>().find("échéancier est accepté"), std::string::npos) << answer.dump();
  const std::string text = answer["text"].get<std::string>();
  EXPECT_NE(text.find("05/12/2026"), std::string::npos) << text;
  EXPECT_NE(text.find("/p/"), std::string::npos) << "a fresh personal link";
  EXPECT_EQ(text.find("client fidèle"), std::string::npos) << "the manager's comment stays internal";
}

}  // namespace
}  // namespace encaisse::testing
