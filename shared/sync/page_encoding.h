// The two ways a pull page is written (shared/store/sync_pull.h), item by item into a string,
// behind one interface so that the page builder writes either: JSON separates the items and
// closes what it opens; CBOR says up front how many items follow.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "shared/sync/cbor_text.h"
#include "shared/sync/json_text.h"

namespace encaisse {

struct JsonEncoding {
  static void Array(std::string& out, size_t) { out += '['; }
  static void EndArray(std::string& out) { out += ']'; }
  static void Map(std::string& out, size_t) { out += '{'; }
  static void EndMap(std::string& out) { out += '}'; }
  static void Item(std::string& out, bool first) {
    if (!first) out += ',';
  }
  static void Key(std::string& out, bool first, std::string_view key) {
    Item(out, first);
    AppendJsonString(out, key);
    out += ':';
  }
  static void Int(std::string& out, int64_t v) { AppendJsonInt(out, v); }
  static void Text(std::string& out, std::string_view v) { AppendJsonString(out, v); }
  static void Null(std::string& out) { out += "null"; }
  static void Bool(std::string& out, bool v) { out += v ? "true" : "false"; }
  static void Double(std::string& out, double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    out += buf;
  }
};

struct CborEncoding {
  static void Array(std::string& out, size_t n) { AppendCborHead(out, CborMajor::kArray, n); }
  static void EndArray(std::string&) {}
  static void Map(std::string& out, size_t n) { AppendCborHead(out, CborMajor::kMap, n); }
  static void EndMap(std::string&) {}
  static void Item(std::string&, bool) {}
  static void Key(std::string& out, bool, std::string_view key) { AppendCborText(out, key); }
  static void Int(std::string& out, int64_t v) { AppendCborInt(out, v); }
  static void Text(std::string& out, std::string_view v) { AppendCborText(out, v); }
  static void Null(std::string& out) { AppendCborNull(out); }
  static void Bool(std::string& out, bool v) { AppendCborBool(out, v); }
  static void Double(std::string& out, double v) { AppendCborDouble(out, v); }
};

}  // namespace encaisse
