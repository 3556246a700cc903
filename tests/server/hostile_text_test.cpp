// Text a customer's own accounting export may hold (HTML, script, quotes, SQL metacharacters)
// goes in through the CSV import and comes out literally everywhere a person reads it: stored
// as typed, escaped in the email's HTML and on the portal, as text in the PDFs (statement and
// letter), the SMS and the API's JSON. Nothing is interpreted, nothing is lost.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "tests/server/server_harness.h"
#include "tests/server/smtp_sink.h"

namespace encaisse::testing {
namespace {

namespace fs = std::filesystem;

constexpr const char kName[] = "<script>alert(1)</script> O'Brien & \"Fils\"; DROP TABLE customers; --";
constexpr const char kNameHtml[] =
    "&lt;script&gt;alert(1)&lt;/script&gt; O&#39;Brien &amp; &quot;Fils&quot;; DROP TABLE customers; --";
constexpr const char kNumber[] = "<b>F-1</b>';--";
constexpr const char kNumberHtml[] = "&lt;b&gt;F-1&lt;/b&gt;&#39;;--";
constexpr const char kStreet[] = "12 rue <img src=x onerror=alert(2)>";
constexpr const char kEmail[] = "compta@obrien.test";

// A CSV cell, quoted the way spreadsheets write it.
std::string Cell(const std::string& text) {
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// One customer, new to the database, with two overdue invoices: 8 days late (an email with the
// statement, an SMS) and 30 days late (a letter with the statement).
std::string HostileCsv() {
  const std::string head = "customer_id,customer_name,invoice_number,issue_date,due_date,amount,currency,email,phone,address\n";
  const std::string customer = "OBR-1," + Cell(kName) + ",";
  const std::string contact = ",EUR," + std::string(kEmail) + ",06 12 34 56 78," + Cell(std::string(kStreet) + ", 75001 Paris");
  return head + customer + Cell(kNumber) + ",2026-10-16,2026-11-16,1200.50" + contact + "\n" + customer +
         "F-2,2026-09-25,2026-10-25,300.00" + contact + "\n";
}

std::string PdfText(const std::string& pdf) {
  std::string text;
  EXPECT_EQ(RunShell("qpdf --check '" + pdf + "' >/dev/null && pdftotext -raw '" + pdf + "' -", &text), 0) << text;
  return text;
}

// pdftotext breaks long lines where the layout wraps them: compare without line breaks.
std::string Joined(std::string text) {
  for (char& c : text)
    if (c == '\n') c = ' ';
  return text;
}

TEST(HostileText, IsStoredAndShownLiterallyInEveryChannel) {
  const std::string db = DemoDatabaseCopy();
  const std::string dir = TempDir();
  const std::string csv = dir + "/factures.csv";
  std::ofstream(csv) << HostileCsv();
  std::string out;
  ASSERT_EQ(RunEncaisse({"import", "invoices", "--db", db, csv, "--today", "2026-11-24"}, "", &out), 0) << out;

  // Stored as typed (bound parameters: the SQL in the name is only text).
  const std::string id = SqlText(db, "SELECT id FROM customers WHERE external_id = 'OBR-1'");
  ASSERT_FALSE(id.empty());
  EXPECT_EQ(SqlText(db, "SELECT name FROM customers WHERE id = " + id), kName);
  EXPECT_EQ(SqlCount(db, "SELECT count(*) FROM invoices WHERE customer_id = " + id + " AND number = '<b>F-1</b>'';--'"), 1);
  EXPECT_NE(SqlText(db, "SELECT address FROM customers WHERE id = " + id).find(kStreet), std::string::npos);

  // The day's run: email, SMS and letter, each with the customer's text.
  const int port = FreePort();
  SmtpSink sink(port, dir + "/mail");
  ASSERT_EQ(RunEncaisse({"dunning", "run", "--db", db, "--date", "2026-11-24", "--fonts-dir", PrintFontsDir(),
                         "--smtp-url", sink.url(), "--sms-file", dir + "/sms.jsonl", "--letters-dir", dir + "/courrier"},
                        "", &out),
            0)
      << out;
  EXPECT_EQ(SqlCount(db, "SELECT count(*) FROM reminders WHERE customer_id = " + id + " AND status <> 'sent'"), 0)
      << SqlText(db, "SELECT group_concat(channel || ' ' || status || ' ' || last_error, char(10)) FROM reminders "
                     "WHERE customer_id = " + id);

  // The email: escaped in HTML, literal in the text part and the statement PDF.
  std::string token;
  int emails = 0;
  for (const std::string& file : sink.Messages("<reminder-")) {
    const json m = ParseEml(file);
    if (m.value("to", "").find(kEmail) == std::string::npos) continue;
    ++emails;
    const std::string html = m["html"], text = m["text"];
    EXPECT_EQ(html.find("<script>"), std::string::npos) << html;
    EXPECT_EQ(html.find("<img src=x"), std::string::npos) << html;
    EXPECT_EQ(html.find("<b>F-1"), std::string::npos) << html;
    EXPECT_NE(html.find(kNumberHtml), std::string::npos) << html;
    EXPECT_NE(text.find(kNumber), std::string::npos) << text;
    EXPECT_EQ(m["to"], kEmail) << "no display name to break the header";
    ASSERT_EQ(m["attachments"], json::array({"releve.pdf"}));
    const std::string statement = Joined(PdfText(file + ".releve.pdf"));
    EXPECT_NE(statement.find("<script>alert(1)</script> O'Brien & \"Fils\""), std::string::npos) << statement;
    EXPECT_NE(statement.find(kNumber), std::string::npos) << statement;
    token = PortalLinkToken(text);
    ASSERT_FALSE(token.empty()) << text;
  }
  EXPECT_EQ(emails, 1);

  // The SMS: one JSON line, the text unchanged.
  const std::string sms = ReadFile(dir + "/sms.jsonl");
  bool found_sms = false;
  for (size_t start = 0; start < sms.size();) {
    const size_t end = sms.find('\n', start);
    const json line = json::parse(sms.substr(start, end - start));
    start = end == std::string::npos ? sms.size() : end + 1;
    if (line["to"] != "+33612345678") continue;
    found_sms = true;
    EXPECT_EQ(line["text"].get<std::string>().find("&lt;"), std::string::npos) << line.dump();
  }
  EXPECT_TRUE(found_sms) << sms;

  // The letter: the debtor's name and address as text in the window, the invoice in the table.
  int letters = 0;
  for (const auto& entry : fs::recursive_directory_iterator(dir + "/courrier")) {
    const std::string path = entry.path().string();
    if (entry.path().extension() != ".pdf" || path.find("/lot-") != std::string::npos) continue;
    const std::string text = Joined(PdfText(path));
    if (text.find("O'Brien") == std::string::npos) continue;
    ++letters;
    EXPECT_NE(text.find("<script>alert(1)</script> O'Brien & \"Fils\""), std::string::npos) << text;
    EXPECT_NE(text.find(kStreet), std::string::npos) << text;
  }
  EXPECT_EQ(letters, 1);

  // The portal, reached by the email's link: escaped; the API: the same text in JSON.
  ServerProcess server(db);
  auto client = server.Client();
  auto opened = client.Get(("/p/" + token).c_str());
  ASSERT_TRUE(opened);
  ASSERT_EQ(opened->status, 303) << token;
  const std::string set = opened->get_header_value("Set-Cookie");
  auto page = client.Get("/portal", {{"Cookie", set.substr(0, set.find(';'))}});
  ASSERT_TRUE(page);
  ASSERT_EQ(page->status, 200);
  EXPECT_EQ(page->body.find("<script>"), std::string::npos);
  EXPECT_EQ(page->body.find("<img src=x"), std::string::npos);
  EXPECT_NE(page->body.find(kNameHtml), std::string::npos) << page->body;
  EXPECT_NE(page->body.find(kNumberHtml), std::string::npos);
  int status = 0;
  const json customer = server.Get("/api/v1/customers/" + id, server.Login("admin@demo.test"), &status);
  ASSERT_EQ(status, 200) << customer.dump();
  EXPECT_EQ(customer.dump().find(kNameHtml), std::string::npos) << "JSON carries the text, not HTML";
  EXPECT_NE(customer.dump().find("O'Brien"), std::string::npos) << customer.dump();
}

}  // namespace
}  // namespace encaisse::testing
