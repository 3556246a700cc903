#include "shared/sync/json_text.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace encaisse {
namespace {

std::string Quoted(std::string_view s) {
  std::string out;
  AppendJsonString(out, s);
  return out;
}

TEST(JsonText, EscapesWhatJsonRequires) {
  EXPECT_EQ(Quoted("plain"), "\"plain\"");
  EXPECT_EQ(Quoted("a\"b\\c\nd\te\r"), "\"a\\\"b\\\\c\\nd\\te\\r\"");
  EXPECT_EQ(Quoted(std::string_view("\x01\x1f", 2)), "\"\\u0001\\u001f\"");
  EXPECT_EQ(Quoted("Société 12 €"), "\"Société 12 €\"") << "valid UTF-8 passes through";
  EXPECT_EQ(Quoted("<script>"), "\"<script>\"") << "HTML is the page's to escape, not JSON's";
}

TEST(JsonText, InvalidUtf8BecomesReplacementCharacters) {
  // A lone continuation byte, a truncated sequence, an overlong '/', a surrogate.
  for (std::string bad : {std::string("a\x80z"), std::string("a\xC3"), std::string("\xC0\xAF"), std::string("\xED\xA0\x80")}) {
    const std::string out = Quoted(bad);
    auto parsed = nlohmann::json::parse(out, nullptr, /*allow_exceptions=*/false);
    ASSERT_FALSE(parsed.is_discarded()) << "must parse: " << out;
    EXPECT_NE(parsed.get<std::string>().find("\xEF\xBF\xBD"), std::string::npos);
  }
  auto round = nlohmann::json::parse(Quoted("naïve \"quote\" \\ \x7f"));
  EXPECT_EQ(round.get<std::string>(), "naïve \"quote\" \\ \x7f");
}

}  // namespace
}  // namespace encaisse
