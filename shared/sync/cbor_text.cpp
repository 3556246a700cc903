#include "shared/sync/cbor_text.h"

#include <cstring>

#include "shared/sync/json_text.h"

namespace encaisse {
namespace {

// The low `bytes` bytes of `value`, most significant first (CBOR is big-endian).
void AppendBigEndian(std::string& out, uint64_t value, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) out += static_cast<char>((value >> (8 * i)) & 0xFF);
}

}  // namespace

void AppendCborHead(std::string& out, CborMajor major, uint64_t argument) {
  const auto type = static_cast<uint8_t>(static_cast<uint8_t>(major) << 5);
  if (argument < 24) {
    out += static_cast<char>(type | argument);
    return;
  }
  int bytes = 8;
  uint8_t info = 27;
  if (argument <= 0xFF) bytes = 1, info = 24;
  else if (argument <= 0xFFFF) bytes = 2, info = 25;
  else if (argument <= 0xFFFFFFFF) bytes = 4, info = 26;
  out += static_cast<char>(type | info);
  AppendBigEndian(out, argument, bytes);
}

void AppendCborInt(std::string& out, int64_t value) {
  // A negative n is written as -1 - n, which fits in 64 bits unsigned (RFC 8949 §3.1).
  if (value >= 0) AppendCborHead(out, CborMajor::kUnsigned, static_cast<uint64_t>(value));
  else AppendCborHead(out, CborMajor::kNegative, static_cast<uint64_t>(-(value + 1)));
}

void AppendCborText(std::string& out, std::string_view text) {
  if (IsValidUtf8(text)) {
    AppendCborHead(out, CborMajor::kText, text.size());
    out.append(text);
    return;
  }
  std::string valid;
  AppendValidUtf8(valid, text);
  AppendCborHead(out, CborMajor::kText, valid.size());
  out += valid;
}

void AppendCborDouble(std::string& out, double value) {
  out += '\xFB';  // major type 7, a 64-bit IEEE 754 float
  uint64_t bits = 0;
  std::memcpy(&bits, &value, sizeof bits);  // std::bit_cast: not in emscripten 3.1.6's libc++
  AppendBigEndian(out, bits, 8);
}

}  // namespace encaisse
