#include "shared/messaging/sms.h"

#include <gtest/gtest.h>

namespace encaisse {
namespace {

TEST(Sms, FrenchNumbersToE164) {
  const std::pair<const char*, const char*> ok[] = {
      {"06 12 34 56 78", "+33612345678"}, {"06.12.34.56.78", "+33612345678"}, {"+33 6 12 34 56 78", "+33612345678"},
      {"0033612345678", "+33612345678"},  {"+33 (0)6 12 34 56 78", "+33612345678"}, {"01-43-00-00-00", "+33143000000"},
      {"+32 470 12 34 56", "+32470123456"}};
  for (const auto& [in, out] : ok) {
    auto p = NormalizePhone(in);
    ASSERT_TRUE(p.ok()) << in << ": " << p.status().ToString();
    EXPECT_EQ(*p, out) << in;
  }
  for (const char* bad : {"", "06 12 34", "612345678", "+33 6 12 34 56 7", "tel: 06 12 34 56 78", "00 12 34 56 78"})
    EXPECT_FALSE(NormalizePhone(bad).ok()) << bad;
}

TEST(Sms, ShortGsm7TextIsOneSegment) {
  auto s = PrepareSms("Bonjour, votre facture FA-12 de 120,00 € est échue. Réglez ici : https://x.fr/p/abc");
  EXPECT_TRUE(s.gsm7);
  EXPECT_EQ(s.parts.size(), 1u);
}

TEST(Sms, FrenchLettersOutsideGsm7AreTransliterated) {
  auto s = PrepareSms("Relevé à régler : reçu, être, cœur, l’été…");
  EXPECT_TRUE(s.gsm7) << s.text;
  EXPECT_EQ(s.text, "Relevé à régler : recu, etre, coeur, l'été...");
}

TEST(Sms, LongTextSplitsIn153SeptetParts) {
  const std::string text(400, 'a');
  auto s = PrepareSms(text);
  ASSERT_EQ(s.parts.size(), 3u);
  EXPECT_EQ(s.parts[0].size(), 153u);
  EXPECT_EQ(s.parts[1].size(), 153u);
  EXPECT_EQ(s.parts[2].size(), 94u);
  EXPECT_EQ(PrepareSms(std::string(160, 'a')).parts.size(), 1u);
  EXPECT_EQ(PrepareSms(std::string(161, 'a')).parts.size(), 2u);
}

TEST(Sms, TheEuroSignCountsTwoSeptetsAndIsNeverCut) {
  // 159 letters + € = 161 septets: two parts; the € stays whole.
  auto s = PrepareSms(std::string(159, 'a') + "€");
  ASSERT_EQ(s.parts.size(), 2u);
  EXPECT_EQ(s.parts[0] + s.parts[1], std::string(159, 'a') + "€");
  EXPECT_EQ(s.parts[1].substr(s.parts[1].size() - 3), "€");
}

TEST(Sms, NonGsmTextUsesUcs2Limits) {
  auto s = PrepareSms("Платеж " + std::string(66, 'x'));
  EXPECT_FALSE(s.gsm7);
  EXPECT_EQ(s.parts.size(), 2u) << "73 UCS-2 characters do not fit in 70";
}

}  // namespace
}  // namespace encaisse
