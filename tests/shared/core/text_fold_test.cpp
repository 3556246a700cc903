#include "shared/core/text_fold.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace encaisse {
namespace {

TEST(TextFold, LowerCaseWithoutAccents) {
  EXPECT_EQ(FoldText("Épicerie Dupré"), "epicerie dupre");
  EXPECT_EQ(FoldText("ÇA VA À L'ÎLE"), "ca va a l'ile");
  EXPECT_EQ(FoldText("Œuvres & Cœur"), "oeuvres & coeur");
  EXPECT_EQ(FoldText("Ægis Straße ÿ Ÿ"), "aegis strasse y y");
  EXPECT_EQ(FoldText("FA-2025 / 12 €"), "fa-2025 / 12 €") << "digits, punctuation and other characters stay";
  EXPECT_EQ(FoldText("3 × 4 ÷ 2"), "3 × 4 ÷ 2") << "signs of Latin-1 that are not letters stay";
}

TEST(TextFold, BrokenUtf8StaysAsItIs) {
  EXPECT_EQ(FoldText(std::string("a\xC3")), std::string("a\xC3")) << "a cut sequence";
  EXPECT_EQ(FoldText(std::string("\xC3(")), std::string("\xC3(")) << "a lead byte without its continuation";
  EXPECT_EQ(FoldText(""), "");
}

TEST(TextFold, ListsNamesAsAFrenchReaderExpects) {
  std::vector<std::string> names = {"Zénith", "Établissements Roux", "de Martin", "Abeille", "Ébénisterie", "Eau Vive"};
  std::sort(names.begin(), names.end(), [](const std::string& a, const std::string& b) { return FoldText(a) < FoldText(b); });
  EXPECT_EQ(names, (std::vector<std::string>{"Abeille", "de Martin", "Eau Vive", "Ébénisterie", "Établissements Roux", "Zénith"}));
}

}  // namespace
}  // namespace encaisse
