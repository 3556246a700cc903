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

}  // namespace
}  // namespace encaisse
