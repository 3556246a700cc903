// The MIME bytes of a reminder email: encoded words, CRLF line ends, both alternative parts,
// the statement attachment, and header injection refused.
#include "server/dunning/mime_message.h"

#include <gtest/gtest.h>

namespace encaisse {
namespace {

OutgoingMessage Sample() {
  OutgoingMessage m;
  m.reminder_id = 7;
  m.message_id = "<reminder-7.3@example.invalid>";
  m.company.name = "Encaisse Démo SAS";
  m.company.email = "relances@demo.test";
  m.customer.email = "compta@client.test";
  m.content.subject = "Relance : facture échue";
  m.content.text = "Bonjour,\nvotre facture est échue.\nhttp://127.0.0.1:8080/p/abc\n";
  m.content.html = "<html><body><p>Bonjour</p><a href=\"http://127.0.0.1:8080/p/abc\">payer</a></body></html>";
  return m;
}

std::string Header(const std::string& mime, const std::string& name) {
  const auto at = mime.find("\r\n" + name + ": ");
  if (at == std::string::npos) return mime.rfind(name + ": ", 0) == 0 ? mime.substr(name.size() + 2, mime.find("\r\n") - name.size() - 2) : "";
  const auto start = at + 2 + name.size() + 2;
  return mime.substr(start, mime.find("\r\n", start) - start);
}

TEST(MimeMessage, EncodedWordsForNonAsciiAndPlainAscii) {
  EXPECT_EQ(EncodeHeaderText("Relance"), "Relance");
  EXPECT_EQ(EncodeHeaderText("é"), "=?UTF-8?B?w6k=?=");
  // Long values are split into several words of at most 75 characters, never inside a character.
  const std::string long_subject(40, 'x');
  const std::string encoded = EncodeHeaderText(long_subject + "ééééééééééééééééééééé");
  size_t start = 0;
  int words = 0;
  while (start < encoded.size()) {
    auto end = encoded.find("\r\n ", start);
    const std::string word = encoded.substr(start, end == std::string::npos ? std::string::npos : end - start);
    EXPECT_LE(word.size(), 75u) << word;
    EXPECT_EQ(word.rfind("=?UTF-8?B?", 0), 0u) << word;
    ++words;
    if (end == std::string::npos) break;
    start = end + 3;
  }
  EXPECT_GE(words, 2);
}

TEST(MimeMessage, HeadersAndCrlf) {
  auto mime = BuildMimeMessage(Sample(), "relances@demo.test", 1795507200);  // 2026-11-24 08:00:00 UTC
  ASSERT_TRUE(mime.ok()) << mime.status().ToString();
  EXPECT_EQ(Header(*mime, "From"), "=?UTF-8?B?" "RW5jYWlzc2UgRMOpbW8gU0FT" "?= <relances@demo.test>");
  EXPECT_EQ(Header(*mime, "To"), "<compta@client.test>");
  EXPECT_NE(Header(*mime, "Reply-To").find("<relances@demo.test>"), std::string::npos);
  EXPECT_EQ(Header(*mime, "Subject").rfind("=?UTF-8?B?", 0), 0u);
  EXPECT_EQ(Header(*mime, "Date"), "Tue, 24 Nov 2026 08:00:00 +0000");
  EXPECT_EQ(Header(*mime, "Message-ID"), "<reminder-7.3@example.invalid>");
  EXPECT_EQ(Header(*mime, "MIME-Version"), "1.0");
  EXPECT_NE(Header(*mime, "Content-Type").find("multipart/mixed"), std::string::npos);
  // Every line ends in CRLF and is at most 78 characters long.
  size_t pos = 0;
  while (pos < mime->size()) {
    const auto nl = mime->find('\n', pos);
    ASSERT_NE(nl, std::string::npos) << "last line without a line end";
    ASSERT_GT(nl, 0u);
    EXPECT_EQ((*mime)[nl - 1], '\r') << "bare LF at " << nl;
    EXPECT_LE(nl - 1 - pos, 78u);
    pos = nl + 1;
  }
}

TEST(MimeMessage, BothAlternativePartsAndNoAttachmentByDefault) {
  auto mime = BuildMimeMessage(Sample(), "relances@demo.test", 1795507200);
  ASSERT_TRUE(mime.ok());
  EXPECT_NE(mime->find("multipart/alternative"), std::string::npos);
  EXPECT_NE(mime->find("Content-Type: text/plain; charset=utf-8"), std::string::npos);
  EXPECT_NE(mime->find("Content-Type: text/html; charset=utf-8"), std::string::npos);
  EXPECT_EQ(mime->find("releve.csv"), std::string::npos);
  // The plain text, base64 with CRLF line ends: "Bonjour,\r\n" starts it.
  EXPECT_NE(mime->find(Base64Lines("Bonjour,\r\nvotre").substr(0, 16)), std::string::npos);
}

TEST(MimeMessage, StatementAttachment) {
  OutgoingMessage m = Sample();
  StatementLine line;
  line.number = "F-2026-001";
  line.due_date = *Date::ParseIso("2026-10-01");
  line.open_minor = 123456;
  line.days_late = 54;
  line.interest_minor = 789;
  line.fee_minor = 4000;
  m.statement.lines.push_back(line);
  const std::string csv = StatementCsv(m.statement);
  EXPECT_EQ(csv.rfind("number;due date;open;days late;interest;fee\r\n", 0), 0u) << csv;
  EXPECT_NE(csv.find("F-2026-001;2026-10-01;"), std::string::npos) << csv;
  EXPECT_NE(csv.find(";54;"), std::string::npos) << csv;
  m.attachments.push_back({"releve.csv", "text/csv; charset=utf-8", csv});
  m.attachments.push_back({"releve.pdf", "application/pdf", "%PDF-1.3 fake"});
  auto mime = BuildMimeMessage(m, "relances@demo.test", 1795507200);
  ASSERT_TRUE(mime.ok());
  EXPECT_NE(mime->find("Content-Type: application/pdf; name=\"releve.pdf\""), std::string::npos);
  EXPECT_NE(mime->find(Base64Lines("%PDF-1.3 fake")), std::string::npos);
  EXPECT_NE(mime->find("Content-Type: text/csv; charset=utf-8; name=\"releve.csv\""), std::string::npos);
  EXPECT_NE(mime->find("Content-Disposition: attachment; filename=\"releve.csv\""), std::string::npos);
  EXPECT_NE(mime->find(Base64Lines(csv).substr(0, 40)), std::string::npos);
}

TEST(MimeMessage, HeaderInjectionAndMissingAddressRefused) {
  OutgoingMessage m = Sample();
  m.content.subject = "Relance\r\nBcc: victim@example.test";
  auto r = BuildMimeMessage(m, "relances@demo.test", 0);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kInvalidArgument);

  m = Sample();
  m.company.name = "Société\nX-Evil: 1";
  EXPECT_EQ(BuildMimeMessage(m, "relances@demo.test", 0).status().code(), Code::kInvalidArgument);

  m = Sample();
  m.customer.email = "a@b.test\r\nBcc: c@d.test";
  EXPECT_EQ(BuildMimeMessage(m, "relances@demo.test", 0).status().code(), Code::kInvalidArgument);

  m = Sample();
  m.customer.email = "a@b.test>, <c@d.test";
  EXPECT_EQ(BuildMimeMessage(m, "relances@demo.test", 0).status().code(), Code::kInvalidArgument);

  m = Sample();
  m.attachments.push_back({"releve\".pdf", "application/pdf", "x"});
  EXPECT_EQ(BuildMimeMessage(m, "relances@demo.test", 0).status().code(), Code::kInvalidArgument);

  m = Sample();
  m.customer.email.clear();
  auto none = BuildMimeMessage(m, "relances@demo.test", 0);
  EXPECT_EQ(none.status().code(), Code::kRefused);
  EXPECT_EQ(none.status().message(), "no email address");
}

}  // namespace
}  // namespace encaisse
