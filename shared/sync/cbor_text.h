// CBOR (RFC 8949) written straight into a string, the binary twin of json_text.h: a tablet asks
// for its pull pages in CBOR (Accept: application/cbor), which it decodes faster than JSON text
// (lengths up front, integers in binary, nothing to unescape: a first sync applied ~1.4x faster in
// wasm, read by cbor_reader.h). Only what a pull page holds: definite-length maps and arrays,
// integers, text, doubles, null, booleans.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace encaisse {

enum class CborMajor : uint8_t { kUnsigned = 0, kNegative = 1, kText = 3, kArray = 4, kMap = 5 };

// The head of an item: its major type and its argument (the value, the length in bytes of a
// text, the number of items of an array, the number of pairs of a map), in the shortest form.
void AppendCborHead(std::string& out, CborMajor major, uint64_t argument);

void AppendCborInt(std::string& out, int64_t value);
// Text as UTF-8; a byte that is not valid UTF-8 becomes U+FFFD, as in AppendJsonString.
void AppendCborText(std::string& out, std::string_view text);
void AppendCborDouble(std::string& out, double value);
inline void AppendCborNull(std::string& out) { out += '\xF6'; }
inline void AppendCborBool(std::string& out, bool value) { out += value ? '\xF5' : '\xF4'; }

}  // namespace encaisse
