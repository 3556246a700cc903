// Pure parts of the SMS and letter channels: the sender name, the refusal rules and the
// dates printed on letters.
#include <gtest/gtest.h>

#include "server/dunning/sms_sender.h"
#include "server/letters/account_documents.h"

namespace encaisse {
namespace {

OutgoingMessage Sms(const std::string& phone, const std::string& text) {
  OutgoingMessage m;
  m.channel = Channel::kSms;
  m.customer.phone = phone;
  m.company.name = "Société Générale d'Électricité";
  m.content.text = text;
  return m;
}

TEST(SmsSender, SenderNameIsAsciiLettersAndDigitsEleven) {
  EXPECT_EQ(SmsSenderName("Société Générale d'Électricité"), "SocieteGene");
  EXPECT_EQ(SmsSenderName("A&B 2000 × Ça"), "AB2000Ca");
  EXPECT_EQ(SmsSenderName(""), "");
}

TEST(SmsSender, NumbersAndLengthsAreCheckedBeforeSending) {
  auto ok = PrepareOutgoingSms(Sms("06 12 34 56 78", "Relance : 120,00 € dus."), "");
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->to, "+33612345678");
  EXPECT_EQ(ok->from, "SocieteGene");
  EXPECT_EQ(ok->text.parts.size(), 1u);

  EXPECT_EQ(PrepareOutgoingSms(Sms("", "x"), "").status().code(), Code::kRefused);
  auto bad = PrepareOutgoingSms(Sms("12 34", "x"), "");
  EXPECT_EQ(bad.status().code(), Code::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("bad phone number '12 34'"), std::string::npos) << bad.status().message();
  auto long_text = PrepareOutgoingSms(Sms("0612345678", std::string(153 * 11, 'a')), "");
  EXPECT_EQ(long_text.status().code(), Code::kInvalidArgument);
  EXPECT_NE(long_text.status().message().find("11 segments"), std::string::npos) << long_text.status().message();
  EXPECT_EQ(PrepareOutgoingSms(Sms("0612345678", "x"), "MaBoite")->from, "MaBoite");
}

TEST(LetterDates, LongFormInBothLanguages) {
  EXPECT_EQ(LongDate(*Date::ParseIso("2026-11-24"), Locale::kFr), "24 novembre 2026");
  EXPECT_EQ(LongDate(*Date::ParseIso("2026-08-01"), Locale::kFr), "1er août 2026");
  EXPECT_EQ(LongDate(*Date::ParseIso("2026-02-01"), Locale::kEn), "1 February 2026");
}

// Every document renders in both languages (a missing word would be a null pointer).
TEST(AccountDocuments, EveryDocumentInFrenchAndEnglish) {
  CompanySettings company;
  company.name = "Société Test";
  company.iban = "FR7630006000011234567890189";
  CustomerStatement statement;
  statement.date = *Date::ParseIso("2026-11-24");
  StatementLine line;
  line.number = "FA-1";
  line.issue_date = *Date::ParseIso("2026-09-01");
  line.due_date = *Date::ParseIso("2026-10-01");
  line.amount_minor = line.open_minor = 123456;
  line.days_late = 54;
  statement.lines.push_back(line);
  for (const char* language : {"fr", "en"}) {
    SCOPED_TRACE(language);
    Customer customer;
    customer.name = "Client Été";
    customer.address = "1 rue de la Paix, 75002 Paris";
    customer.language = language;
    AccountDocument doc;
    doc.company = &company;
    doc.customer = &customer;
    doc.statement = &statement;
    doc.subject = "Relance";
    doc.body = "Bonjour,\n\f\nMerci.";
    doc.portal_link = "http://127.0.0.1:8080/p/abc";
    doc.receipt.push_back({"FA-1", 123456, *Date::ParseIso("2026-11-20"), "virement X", 123456});
    doc.history.push_back({*Date::ParseIso("2026-10-02"), "email : sent"});
    const PdfFonts fonts = DejaVuFonts();
    for (auto render : {RenderLetterPdf, RenderStatementPdf, RenderReceiptPdf, RenderDossierPdf}) {
      auto pdf = render(doc, fonts);
      ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
      EXPECT_EQ(pdf->rfind("%PDF-", 0), 0u);
    }
  }
}

}  // namespace
}  // namespace encaisse
