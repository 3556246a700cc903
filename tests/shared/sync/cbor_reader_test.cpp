#include "shared/sync/cbor_reader.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>
#include <string>

#include <nlohmann/json.hpp>

#include "shared/sync/cbor_text.h"

namespace encaisse {
namespace {

using nlohmann::json;

// Builds the value the events describe, as nlohmann's own SAX DOM parser would: the reader is
// checked against nlohmann's CBOR reader, which the tablet used before.
class Recorder {
 public:
  bool null() { return Put(nullptr); }
  bool boolean(bool v) { return Put(v); }
  bool number_integer(int64_t v) { return Put(v); }
  bool number_unsigned(uint64_t v) { return Put(v); }
  bool number_float(double v, const std::string&) { return Put(v); }
  bool string(std::string& v) { return Put(v); }
  bool key(std::string& k) {
    keys_.push_back(k);
    return true;
  }
  bool start_object(size_t) { return Open(json::object()); }
  bool start_array(size_t) { return Open(json::array()); }
  bool end_object() { return Close(); }
  bool end_array() { return Close(); }

  json value;
  int stop_after = -1;  // events taken before the recorder says stop

 private:
  bool Take() { return stop_after < 0 || stop_after-- > 0; }
  bool Put(json v) {
    if (!Take()) return false;
    if (stack_.empty()) value = std::move(v);
    else Into(std::move(v));
    return true;
  }
  void Into(json v) {
    json& top = *stack_.back();
    if (top.is_array()) top.push_back(std::move(v));
    else {
      top[keys_.back()] = std::move(v);
      keys_.pop_back();
    }
  }
  bool Open(json empty) {
    if (!Take()) return false;
    if (stack_.empty()) {
      value = std::move(empty);
      stack_.push_back(&value);
    } else {
      json& top = *stack_.back();
      json* child;
      if (top.is_array()) {
        top.push_back(std::move(empty));
        child = &top.back();
      } else {
        child = &(top[keys_.back()] = std::move(empty));
        keys_.pop_back();
      }
      stack_.push_back(child);
    }
    return true;
  }
  bool Close() {
    if (!Take()) return false;
    stack_.pop_back();
    return true;
  }
  std::vector<json*> stack_;
  std::vector<std::string> keys_;
};

std::string Bytes(const json& v) {
  const auto bytes = json::to_cbor(v);
  return std::string(bytes.begin(), bytes.end());
}

// The reader's error, or "" when it read everything.
std::string Refusal(const std::string& cbor, size_t* at = nullptr) {
  Recorder r;
  CborError error;
  const bool ok = ReadCbor(cbor, r, &error);
  EXPECT_EQ(ok, error.why.empty()) << "a refusal always says why";
  if (at) *at = error.at;
  return error.why;
}

TEST(CborReader, ReadsWhatNlohmannWritesAsNlohmannReadsIt) {
  const json page = json::parse(R"({
    "today": "2026-11-24", "copy_rows": 228132,
    "columns": {"invoices": ["id", "customer_id", "number", "amount_minor", "paused", "note"]},
    "changes": [
      {"seq": 1, "table": "invoices", "id": 7, "op": "upsert", "row": [7, 3, "F-2026-0007", -125050, true, null]},
      {"seq": 4294967296, "table": "invoices", "id": 8, "op": "delete", "row": null}
    ],
    "half": 1.5, "single": 3.25, "double": 0.1, "empty": [], "nothing": {}, "text": "Société 12 €",
    "long": "", "next": "12:0:3:40", "more": false})");
  json with_long = page;
  with_long["long"] = std::string(70000, 'x');  // a four-byte length
  for (const json& v : {page, with_long, json(-9223372036854775807LL - 1), json(18446744073709551615ULL), json("")}) {
    const std::string cbor = Bytes(v);
    Recorder r;
    CborError error;
    ASSERT_TRUE(ReadCbor(cbor, r, &error)) << error.why << " at " << error.at;
    EXPECT_EQ(r.value, json::from_cbor(cbor)) << v.dump().substr(0, 80);
  }
}

TEST(CborReader, ReadsThePageWriterOwnHeads) {
  std::string out;
  AppendCborHead(out, CborMajor::kMap, 1);
  AppendCborText(out, "row");
  AppendCborHead(out, CborMajor::kArray, 4);
  AppendCborInt(out, std::numeric_limits<int64_t>::min());
  AppendCborText(out, std::string(300, 'y'));
  AppendCborBool(out, false);
  AppendCborDouble(out, 2.5);
  Recorder r;
  CborError error;
  ASSERT_TRUE(ReadCbor(out, r, &error)) << error.why;
  EXPECT_EQ(r.value, (json{{"row", {std::numeric_limits<int64_t>::min(), std::string(300, 'y'), false, 2.5}}}));
}

TEST(CborReader, ReadsHalfPrecisionFloats) {  // RFC 8949, appendix A
  for (const auto& [bytes, value] : {std::pair{"\xF9\x3C\x00", 1.0}, {"\xF9\xC4\x00", -4.0}, {"\xF9\x7B\xFF", 65504.0},
                                     {"\xF9\x00\x01", 5.960464477539063e-8}, {"\xF9\x7C\x00", INFINITY}}) {
    Recorder r;
    CborError error;
    ASSERT_TRUE(ReadCbor(std::string(bytes, 3), r, &error)) << error.why;
    EXPECT_EQ(r.value.get<double>(), value);
  }
}

TEST(CborReader, RefusesWhatAPageNeverHoldsAndSaysWhere) {
  size_t at = 99;
  EXPECT_EQ(Refusal(std::string("\x82\x01\x5F\xFF", 4), &at), "indefinite lengths are not read");
  EXPECT_EQ(at, 2u);
  EXPECT_EQ(Refusal("\x9F\xFF"), "indefinite lengths are not read");
  EXPECT_EQ(Refusal("\x41\x00"), "byte strings and tags are not read");
  EXPECT_EQ(Refusal("\xC1\x01"), "byte strings and tags are not read");
  EXPECT_EQ(Refusal("\xF7"), "a simple value that is not a boolean or null") << "undefined";
  EXPECT_EQ(Refusal("\x1C"), "a reserved head");
  EXPECT_EQ(Refusal("\xA1\x01\x02"), "a map's key is not text");
  EXPECT_EQ(Refusal(std::string("\x3B\x80\x00\x00\x00\x00\x00\x00\x00", 9)), "a negative number is out of range");
  EXPECT_EQ(Refusal("\x01\x02", &at), "bytes after the end");
  EXPECT_EQ(at, 1u);
}

TEST(CborReader, RefusesBytesCutShortAndLengthsThatLie) {
  const std::string whole = Bytes(json{{"row", {1, "two", nullptr}}, {"more", true}});
  for (size_t n = 0; n < whole.size(); ++n) EXPECT_FALSE(Refusal(whole.substr(0, n)).empty()) << n;
  EXPECT_EQ(Refusal("\x19\x01"), "the bytes end inside an item");
  EXPECT_EQ(Refusal("\x7A\xFF\xFF\xFF\xFF" "abc"), "a text runs past the end");
  // A count of four billion items in a few bytes: refused at once, nothing reserved for them.
  EXPECT_EQ(Refusal("\x9A\xFF\xFF\xFF\xFF\x01"), "more items than bytes left");
  EXPECT_EQ(Refusal("\xBB\x7F\xFF\xFF\xFF\xFF\xFF\xFF\xFF\x61"), "more items than bytes left");
}

TEST(CborReader, NestingIsBoundedWithoutRecursion) {
  EXPECT_EQ(Refusal(std::string(16, '\x81') + '\x01'), "");
  EXPECT_EQ(Refusal(std::string(17, '\x81') + '\x01'), "nested too deeply");
  EXPECT_EQ(Refusal(std::string(100000, '\x81') + '\x01'), "nested too deeply");
}

TEST(CborReader, AHandlerThatStopsStopsTheReadWithItsOwnReason) {
  const std::string cbor = Bytes(json{{"a", 1}, {"b", {2, 3}}});
  for (int taken = 0; taken < 5; ++taken) {
    Recorder r;
    r.stop_after = taken;
    CborError error;
    EXPECT_FALSE(ReadCbor(cbor, r, &error)) << taken;
    EXPECT_TRUE(error.why.empty()) << taken;
  }
}

}  // namespace
}  // namespace encaisse
