#include "shared/sync/cbor_text.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

#include <nlohmann/json.hpp>

namespace encaisse {
namespace {

using nlohmann::json;

// What nlohmann's CBOR reader (the tablet's) makes of bytes; discarded when it refuses them.
json Decoded(const std::string& cbor) { return json::from_cbor(cbor, /*strict=*/true, /*allow_exceptions=*/false); }

std::string Int(int64_t v) {
  std::string out;
  AppendCborInt(out, v);
  return out;
}

TEST(CborText, HeadsTakeTheShortestFormAtEachBoundary) {
  EXPECT_EQ(Int(0), std::string(1, '\x00'));
  EXPECT_EQ(Int(23), "\x17");
  EXPECT_EQ(Int(24), "\x18\x18");
  EXPECT_EQ(Int(255), "\x18\xFF");
  EXPECT_EQ(Int(256), std::string("\x19\x01\x00", 3));
  EXPECT_EQ(Int(65535), "\x19\xFF\xFF");
  EXPECT_EQ(Int(65536), std::string("\x1A\x00\x01\x00\x00", 5));
  EXPECT_EQ(Int(4294967296), std::string("\x1B\x00\x00\x00\x01\x00\x00\x00\x00", 9));
  EXPECT_EQ(Int(-1), " ") << "major type 1, argument 0";
  EXPECT_EQ(Int(-25), "\x38\x18");
  for (int64_t v : {int64_t{0}, int64_t{23}, int64_t{24}, int64_t{-24}, int64_t{-25}, int64_t{107245}, int64_t{-107245},
                    std::numeric_limits<int64_t>::max(), std::numeric_limits<int64_t>::min()})
    EXPECT_EQ(Decoded(Int(v)), json(v)) << v;
}

TEST(CborText, TextArraysMapsAndSimpleValuesDecodeAsWritten) {
  std::string out;
  AppendCborHead(out, CborMajor::kMap, 2);
  AppendCborText(out, "row");
  AppendCborHead(out, CborMajor::kArray, 5);
  AppendCborText(out, "Société 12 €");
  AppendCborNull(out);
  AppendCborBool(out, true);
  AppendCborDouble(out, 1.5);
  AppendCborText(out, std::string(300, 'x'));  // a two-byte length
  AppendCborText(out, "more");
  AppendCborBool(out, false);
  EXPECT_EQ(Decoded(out), (json{{"row", {"Société 12 €", nullptr, true, 1.5, std::string(300, 'x')}}, {"more", false}}));
}

TEST(CborText, InvalidUtf8BecomesReplacementCharacters) {
  // CBOR text must be UTF-8; the replica stores what it reads. As AppendJsonString does.
  for (std::string bad : {std::string("a\x80z"), std::string("a\xC3"), std::string("\xC0\xAF"), std::string("\xED\xA0\x80")}) {
    std::string out;
    AppendCborText(out, bad);
    const json text = Decoded(out);
    ASSERT_TRUE(text.is_string()) << bad;
    EXPECT_NE(text.get<std::string>().find("\xEF\xBF\xBD"), std::string::npos);
    EXPECT_NO_THROW((void)text.dump()) << "valid UTF-8 once decoded";
  }
}

}  // namespace
}  // namespace encaisse
