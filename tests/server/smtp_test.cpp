// `encaisse dunning run --smtp-url` against a real SMTP server (aiosmtpd, tests/server/
// smtp_sink.py): each email reminder is delivered once, signed by the company, with a
// personal link whose token is not kept in clear; with the server down the emails wait
// for a retry and go out exactly once when it is back.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "shared/store/store.h"
#include "tests/server/server_harness.h"
#include "tests/server/smtp_sink.h"

namespace encaisse::testing {
namespace {

namespace fs = std::filesystem;

void Exec(const std::string& db, const std::string& sql) {
  auto store = Store::Open(db, OpenOptions{.create = false});
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE(store->db().Exec(sql).ok()) << sql;
}

std::string Slurp(const std::string& path) { return ReadFile(path); }

std::string LinkToken(const std::string& body) { return PortalLinkToken(body, "http://127.0.0.1:8080/p/"); }

const char* kEmailsSent = "SELECT count(*) FROM reminders WHERE channel = 'email' AND status = 'sent'";

TEST(SmtpDelivery, SendsEachEmailOnceSignedByTheCompany) {
  const std::string db = DemoDatabaseCopy();
  const int port = FreePort();
  const std::string maildir = TempDir() + "/mail";
  SmtpSink sink(port, maildir);
  const std::string url = "smtp://127.0.0.1:" + std::to_string(port);
  std::string out;
  ASSERT_EQ(RunEncaisse({"dunning", "run", "--db", db, "--date", "2026-11-24", "--smtp-url", url}, "", &out), 0) << out;
  const int64_t sent = SqlCount(db, kEmailsSent);
  ASSERT_GT(sent, 0) << out;
  EXPECT_EQ(sink.MessageCount("<reminder-"), sent) << out;
  // Those not sent were refused for a reason a person must fix (no address), not retried.
  EXPECT_EQ(SqlCount(db, "SELECT count(*) FROM reminders WHERE channel = 'email' AND status <> 'sent' AND attempts < 8"), 0);

  const auto files = sink.Messages("<reminder-");
  ASSERT_FALSE(files.empty());
  std::set<std::string> ids;
  int with_statement = 0;
  int rep_notices = 0;
  for (const auto& file : files) {
    const json m = ParseEml(file);
    ASSERT_FALSE(m.contains("error")) << m.dump();
    SCOPED_TRACE(file);
    EXPECT_EQ(m["from"], "Encaisse Démo SAS <relances@demo.test>");
    EXPECT_NE(m["raw_from"].get<std::string>().find("=?UTF-8?B?"), std::string::npos) << m["raw_from"];
    EXPECT_EQ(m["reply_to"], "Encaisse Démo SAS <relances@demo.test>");
    EXPECT_FALSE(m["subject"].get<std::string>().empty());
    EXPECT_FALSE(m["date"].get<std::string>().empty());
    EXPECT_EQ(m["bare_lf"], 0);
    EXPECT_EQ(m["defects"], 0);
    ASSERT_TRUE(m["text"].is_string());
    ASSERT_TRUE(m["html"].is_string());
    const std::string text = m["text"], html = m["html"];
    // The software never names itself to the debtor.
    EXPECT_EQ(text.find("encaisse"), std::string::npos);
    // The notices to the reps before an escalation: to the rep, internal, without a link.
    const std::string message_id = m["message_id"];
    const std::string reminder_id = message_id.substr(10, message_id.find('.') - 10);
    if (SqlCount(db, "SELECT count(*) FROM reminders WHERE kind = 'rep_notice' AND id = " + reminder_id) == 1) {
      std::string to = m["to"];
      std::erase_if(to, [](char c) { return c == '<' || c == '>'; });
      EXPECT_EQ(SqlCount(db, "SELECT count(*) FROM users u JOIN customers c ON c.rep_id = u.id JOIN reminders r ON "
                             "r.customer_id = c.id WHERE r.id = " + reminder_id + " AND u.email = '" + to + "'"),
                1) << to;
      EXPECT_NE(text.find("passera au contentieux dans 5 jours"), std::string::npos) << text;
      EXPECT_EQ(text.find("/p/"), std::string::npos) << "no debtor link in an internal email";
      ++rep_notices;
      continue;
    }
    // A personal link in both parts; only its hash is stored.
    const std::string token = LinkToken(text);
    ASSERT_GE(token.size(), 16u) << text;
    EXPECT_NE(html.find("http://127.0.0.1:8080/p/" + token), std::string::npos);
    std::string stored = Slurp(db);
    if (fs::exists(db + "-wal")) stored += Slurp(db + "-wal");
    EXPECT_EQ(stored.find(token), std::string::npos) << "the token is stored in clear";
    // The Message-ID is the reminder's, sent to the customer's address.
    const std::string id = m["message_id"];
    EXPECT_TRUE(ids.insert(id).second) << "delivered twice: " << id;
    // The steps that ask for it carry the statement of account as a PDF.
    const std::string reminder = id.substr(10, id.find('.') - 10);
    const bool wants = SqlCount(db, "SELECT attach_statement FROM reminders WHERE id = " + reminder) == 1;
    EXPECT_EQ(m["attachments"], wants ? json::array({"releve.pdf"}) : json::array()) << id;
    if (wants) {
      std::string pdf_text;
      EXPECT_EQ(RunShell("pdftotext -layout '" + file + ".releve.pdf' -", &pdf_text), 0) << pdf_text;
      EXPECT_NE(pdf_text.find("Relevé de compte au 24 novembre 2026"), std::string::npos) << pdf_text;
      EXPECT_NE(pdf_text.find("Total dû"), std::string::npos) << pdf_text;
      ++with_statement;
    }
    const std::string to = m["to"];
    EXPECT_EQ(SqlCount(db, "SELECT count(*) FROM reminders r JOIN portal_links l ON l.reminder_id = r.id "
                        "WHERE r.channel = 'email' AND r.status = 'sent' AND '<reminder-' || r.id || '.' || "
                        "r.customer_id || '@demo.test>' = '" + id + "' AND instr('" + to + "', r.recipient) > 0"),
              1) << id << " to " << to;
  }

  EXPECT_GT(with_statement, 0) << "no step attached the statement";
  EXPECT_GT(rep_notices, 0) << "no rep was told of an escalation to come";

  // The staff's morning digests: the collector and the manager (the whole portfolio), the reps
  // with something on their customers; never the administrator; each one once.
  std::set<std::string> digest_to;
  for (const auto& file : sink.Messages("<digest-")) {
    const json m = ParseEml(file);
    std::string to = m["to"];
    std::erase_if(to, [](char c) { return c == '<' || c == '>'; });
    EXPECT_TRUE(digest_to.insert(to).second) << "two digests to " << to;
    EXPECT_EQ(m["subject"], "Votre journée de recouvrement du 24/11/2026");
    EXPECT_NE(m["text"].get<std::string>().find("Relances envoyées aujourd'hui : "), std::string::npos) << m["text"];
  }
  EXPECT_EQ(digest_to.count("collector@demo.test"), 1u);
  EXPECT_EQ(digest_to.count("manager@demo.test"), 1u);
  EXPECT_EQ(digest_to.count("admin@demo.test"), 0u);
  EXPECT_GE(digest_to.size(), 3u) << "no rep got a digest";
  const int digests = sink.MessageCount("<digest-");

  // A rerun the same day sends nothing more.
  ASSERT_EQ(RunEncaisse({"dunning", "run", "--db", db, "--date", "2026-11-24", "--smtp-url", url}, "", &out), 0) << out;
  EXPECT_EQ(sink.MessageCount("<reminder-"), sent);
  EXPECT_EQ(SqlCount(db, kEmailsSent), sent);
  EXPECT_EQ(sink.MessageCount("<digest-"), digests) << "one digest a day";
}

TEST(SmtpDelivery, ThankYouWithAReceiptOnceARemindedCustomerHasPaid) {
  const std::string db = DemoDatabaseCopy();
  const int port = FreePort();
  const std::string maildir = TempDir() + "/mail";
  SmtpSink sink(port, maildir);
  const std::string url = "smtp://127.0.0.1:" + std::to_string(port);
  std::string out;
  ASSERT_EQ(RunEncaisse({"dunning", "run", "--db", db, "--date", "2026-11-24", "--smtp-url", url}, "", &out), 0) << out;
  const int64_t customer = SqlCount(db, "SELECT min(customer_id) FROM reminders WHERE channel = 'email' AND status = 'sent'");
  ASSERT_GT(customer, 0);
  const int64_t open = SqlCount(db, "SELECT sum(open_minor) FROM invoices WHERE status = 'open' AND customer_id = " +
                                        std::to_string(customer));
  ASSERT_GT(open, 0);
  {
    ServerProcess server(db);
    const std::string token = server.Login("collector@demo.test");
    int status = 0;
    json r = server.Post("/api/v1/payments",
                         {{"customer_id", customer}, {"amount_minor", open}, {"currency", "EUR"}, {"date", "2026-11-24"},
                          {"method", "virement"}, {"reference", "VIR-MERCI-42"}},
                         token, &status);
    ASSERT_EQ(status, 201) << r.dump();
  }
  const int before = sink.MessageCount("<reminder-");
  ASSERT_EQ(RunEncaisse({"dunning", "run", "--db", db, "--date", "2026-11-25", "--smtp-url", url}, "", &out), 0) << out;
  EXPECT_EQ(SqlCount(db, "SELECT count(*) FROM reminders WHERE kind = 'thank_you'"), 1) << "only the customer who paid";
  EXPECT_EQ(SqlCount(db, "SELECT count(*) FROM reminders WHERE kind = 'thank_you' AND status = 'sent' AND customer_id = " +
                             std::to_string(customer)),
            1);
  // The thank-you lists the reminded invoices now paid, once each.
  EXPECT_EQ(SqlCount(db, "SELECT count(*) FROM reminder_lines l JOIN reminders r ON r.id = l.reminder_id "
                         "WHERE r.kind = 'thank_you' AND l.invoice_id NOT IN (SELECT l2.invoice_id FROM reminder_lines l2 "
                         "JOIN reminders r2 ON r2.id = l2.reminder_id WHERE r2.kind = 'reminder')"),
            0);
  const auto files = sink.Messages("<reminder-");
  bool found = false;
  for (size_t i = static_cast<size_t>(before); i < files.size(); ++i) {
    const json m = ParseEml(files[i]);
    if (m["subject"].get<std::string>().find("merci pour votre règlement") == std::string::npos) continue;
    found = true;
    EXPECT_NE(m["text"].get<std::string>().find("FA2026-"), std::string::npos) << m["text"];
    EXPECT_NE(m["text"].get<std::string>().find("Solde de votre compte après ce règlement"), std::string::npos);
    ASSERT_EQ(m["attachments"], json::array({"recu.pdf"}));
    std::string receipt;
    ASSERT_EQ(RunShell("pdftotext -layout '" + files[i] + ".recu.pdf' -", &receipt), 0) << receipt;
    EXPECT_NE(receipt.find("Reçu de paiement du 25 novembre 2026"), std::string::npos) << receipt;
    EXPECT_NE(receipt.find("virement VIR-MERCI-42"), std::string::npos) << receipt;
    EXPECT_NE(receipt.find("24/11/2026"), std::string::npos) << receipt;
  }
  EXPECT_TRUE(found) << "no thank-you email arrived";
  // Thanked once: the next days add nothing for it.
  ASSERT_EQ(RunEncaisse({"dunning", "run", "--db", db, "--date", "2026-11-26", "--smtp-url", url}, "", &out), 0) << out;
  EXPECT_EQ(SqlCount(db, "SELECT count(*) FROM reminders WHERE kind = 'thank_you'"), 1);
}

// A collector's "send now": the statement leaves with the next drain, once however often the
// button is pressed that day; refused for an account with nothing overdue, and for a rep.
TEST(SmtpDelivery, SendNowMailsTheStatementOnce) {
  const std::string db = DemoDatabaseCopy();
  const int port = FreePort();
  SmtpSink sink(port, TempDir() + "/mail");
  const std::string today = "'2026-11-24'";
  const int64_t customer = SqlCount(db,
      "SELECT min(c.id) FROM customers c JOIN invoices i ON i.customer_id = c.id WHERE i.status = 'open' AND "
      "i.open_minor > 0 AND i.due_date < " + today + " AND c.email != '' AND c.insolvency_date IS NULL AND "
      "NOT EXISTS (SELECT 1 FROM disputes d WHERE d.invoice_id = i.id AND d.status = 'open')");
  const int64_t settled = SqlCount(db,
      "SELECT min(c.id) FROM customers c WHERE NOT EXISTS (SELECT 1 FROM invoices i WHERE i.customer_id = c.id AND "
      "i.open_minor > 0 AND i.due_date < " + today + ")");
  ASSERT_GT(customer, 0);
  ASSERT_GT(settled, 0);
  {
    ServerProcess server(db, {"--dunning-interval", "3600"});
    const std::string collector = server.Login("collector@demo.test");
    const std::string path = "/api/v1/customers/" + std::to_string(customer) + "/reminders/send-now";
    int status = 0;
    json r = server.Post(path, json::object(), collector, &status);
    EXPECT_EQ(status, 201) << r.dump();
    EXPECT_EQ(r["queued"], true);
    r = server.Post(path, json::object(), collector, &status);
    EXPECT_EQ(status, 200) << "a second press the same day queues nothing";
    EXPECT_EQ(r["queued"], false);
    r = server.Post("/api/v1/customers/" + std::to_string(settled) + "/reminders/send-now", json::object(), collector, &status);
    EXPECT_EQ(status, 422) << r.dump();
    server.Post(path, json::object(), server.Login("rep1@demo.test"), &status);
    EXPECT_TRUE(status == 403 || status == 404) << status;
  }
  EXPECT_EQ(SqlCount(db, "SELECT count(*) FROM reminders WHERE kind = 'statement'"), 1);
  std::string out;
  ASSERT_EQ(RunEncaisse({"dunning", "run", "--db", db, "--date", "2026-11-24", "--smtp-url",
                         "smtp://127.0.0.1:" + std::to_string(port)}, "", &out), 0) << out;
  EXPECT_EQ(SqlCount(db, "SELECT count(*) FROM reminders WHERE kind = 'statement' AND status = 'sent' AND customer_id = " +
                             std::to_string(customer)), 1);
  int found = 0;
  for (const auto& file : sink.Messages("<reminder-")) {
    const json m = ParseEml(file);
    if (m["subject"].get<std::string>().find("votre relevé de compte") == std::string::npos) continue;
    ++found;
    EXPECT_EQ(m["attachments"], json::array({"releve.pdf"}));
    EXPECT_NE(m["text"].get<std::string>().find("/p/"), std::string::npos) << "the personal link";
    EXPECT_NE(m["text"].get<std::string>().find("FA2026-"), std::string::npos) << "the overdue invoices";
  }
  EXPECT_EQ(found, 1);
}

TEST(SmtpDelivery, ServerDownThenBackDeliversExactlyOnce) {
  const std::string db = DemoDatabaseCopy();
  const int port = FreePort();
  const std::string url = "smtp://127.0.0.1:" + std::to_string(port);
  std::string out;
  // Nobody listens on the port.
  ASSERT_EQ(RunEncaisse({"dunning", "run", "--db", db, "--date", "2026-11-24", "--smtp-url", url}, "", &out), 0) << out;
  EXPECT_EQ(SqlCount(db, kEmailsSent), 0);
  const int64_t retrying = SqlCount(db,
                                 "SELECT count(*) FROM reminders WHERE channel = 'email' AND status = 'failed' "
                                 "AND attempts < 8 AND next_attempt_at > strftime('%Y-%m-%dT%H:%M:%SZ', 'now')");
  ASSERT_GT(retrying, 0) << out;
  EXPECT_EQ(SqlCount(db, "SELECT count(*) FROM reminders WHERE channel = 'email' AND status = 'failed' AND attempts < 8"),
            retrying);
  EXPECT_EQ(SqlCount(db, "SELECT count(*) FROM send_attempts a JOIN reminders r ON r.id = a.reminder_id "
                      "WHERE r.channel = 'email' AND a.outcome = 'failed'"),
            retrying);

  // Not due yet: a run now retries nothing.
  const std::string maildir = TempDir() + "/mail";
  SmtpSink sink(port, maildir);
  ASSERT_EQ(RunEncaisse({"dunning", "run", "--db", db, "--date", "2026-11-24", "--smtp-url", url}, "", &out), 0) << out;
  EXPECT_EQ(sink.MessageCount("<reminder-"), 0);

  // Due: each goes out exactly once.
  Exec(db, "UPDATE reminders SET next_attempt_at = '2000-01-01T00:00:00Z' WHERE status = 'failed' AND attempts < 8");
  ASSERT_EQ(RunEncaisse({"dunning", "run", "--db", db, "--date", "2026-11-24", "--smtp-url", url}, "", &out), 0) << out;
  EXPECT_EQ(SqlCount(db, kEmailsSent), retrying) << out;
  EXPECT_EQ(sink.MessageCount("<reminder-"), retrying);
  ASSERT_EQ(RunEncaisse({"dunning", "run", "--db", db, "--date", "2026-11-24", "--smtp-url", url}, "", &out), 0) << out;
  EXPECT_EQ(sink.MessageCount("<reminder-"), retrying);
  std::set<std::string> ids;
  for (const auto& file : sink.Messages("<reminder-")) {
    const std::string raw = Slurp(file);
    const auto at = raw.find("Message-ID: ");
    ASSERT_NE(at, std::string::npos);
    EXPECT_TRUE(ids.insert(raw.substr(at, raw.find('\r', at) - at)).second);
  }
}

// `encaisse serve` runs the day's dunning once after the company's dunning time, sends the
// emails, and stops promptly.
TEST(SmtpDelivery, ServeRunsTheDailyDunningAndSends) {
  const std::string db = DemoDatabaseCopy();
  SetDunningTime(db, "00:00");  // whatever the hour of the test
  const int port = FreePort();
  const std::string maildir = TempDir() + "/mail";
  SmtpSink sink(port, maildir);
  ServerProcess server(db, {"--smtp-url", "smtp://127.0.0.1:" + std::to_string(port), "--dunning-interval", "1"});
  int64_t sent = 0;
  for (int i = 0; i < 300; ++i) {
    // Nothing in flight first, then the counts: read the other way round, a message could move
    // from sending to sent (and reach the sink) between the reads.
    if (SqlCount(db, "SELECT count(*) FROM reminders WHERE channel = 'email' AND status IN ('queued', 'sending')") == 0) {
      sent = SqlCount(db, kEmailsSent);
      if (sent > 0 && sink.MessageCount("<reminder-") == sent) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_GT(sent, 0) << server.Log();
  EXPECT_EQ(sink.MessageCount("<reminder-"), sent);
  EXPECT_EQ(SqlCount(db, "SELECT count(*) FROM settings WHERE key = 'dunning_last_run' AND value = '2026-11-24'"), 1);
  const int64_t reminders = SqlCount(db, "SELECT count(*) FROM reminders");
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));  // two more ticks: nothing new
  EXPECT_EQ(SqlCount(db, "SELECT count(*) FROM reminders"), reminders);
  EXPECT_EQ(sink.MessageCount("<reminder-"), sent);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(server.Stop(), 0) << server.Log();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

TEST(SmtpDelivery, PasswordIsNotAFlag) {
  const std::string db = DemoDatabaseCopy();
  std::string out;
  EXPECT_NE(RunEncaisse({"dunning", "run", "--db", db, "--smtp-url", "smtp://127.0.0.1:1", "--smtp-password", "x"}, "", &out), 0);
}

}  // namespace
}  // namespace encaisse::testing
