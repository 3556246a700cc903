// CBOR (RFC 8949) read as SAX events, the reading twin of cbor_text.h. A tablet's first sync
// decodes tens of megabytes of pull pages: nlohmann's CBOR reader takes a text one byte at a
// time, which was the largest single cost of the apply in wasm after SQLite's own. This one
// copies each text in one go and calls the same SAX handler (nlohmann's interface: null,
// boolean, number_integer, number_unsigned, number_float, string, key, start/end_object,
// start/end_array), so that a page's handler reads JSON and CBOR alike.
//
// Only what a pull page may hold is read: definite-length maps (with text keys) and arrays,
// integers, text, floats, null and booleans. Byte strings, tags, indefinite lengths and
// `undefined` are refused, as is any byte after the top-level item.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace encaisse {

// Why the bytes were refused, and where: `at` is the offset of the item at fault.
struct CborError {
  size_t at = 0;
  std::string why;
};

namespace cbor_detail {

// RFC 8949, appendix D.
inline double HalfToDouble(uint16_t half) {
  const int exponent = (half >> 10) & 0x1F, mantissa = half & 0x3FF;
  double value;
  if (exponent == 0) value = std::ldexp(mantissa, -24);
  else if (exponent != 31) value = std::ldexp(mantissa + 1024, exponent - 25);
  else value = mantissa == 0 ? INFINITY : NAN;
  return (half & 0x8000) ? -value : value;
}

}  // namespace cbor_detail

// Reads `in` into `handler`. True when `in` is one item, read to its last byte, and the handler
// took every event; false when the handler stopped (its own reason stands: `error` is left
// empty) or the bytes are at fault (`error` says why).
template <class Handler>
bool ReadCbor(std::string_view in, Handler& handler, CborError* error) {
  // Deeper than any pull page (a row's value sits at depth 4): a hostile page cannot make the
  // reader recurse, it holds its open containers here.
  constexpr size_t kMaxDepth = 16;
  struct Open {
    uint64_t left;  // items still to come; a map counts its keys and its values
    bool map;
  };
  std::array<Open, kMaxDepth> open;
  size_t depth = 0, pos = 0;
  std::string text;  // kept from text to text for its room (a handler may swap its own in)
  const auto fail = [&](size_t at, const char* why) {
    *error = CborError{at, why};
    return false;
  };
  for (bool started = false;;) {
    while (depth > 0 && open[depth - 1].left == 0) {
      --depth;
      if (!(open[depth].map ? handler.end_object() : handler.end_array())) return false;
    }
    if (depth == 0 && started) break;
    started = true;
    const bool is_key = depth > 0 && open[depth - 1].map && open[depth - 1].left % 2 == 0;
    if (depth > 0) --open[depth - 1].left;

    // The item's head: its major type, then its argument in the 5 low bits or the 1, 2, 4 or 8
    // bytes after them.
    const size_t at = pos;
    if (pos == in.size()) return fail(at, "the bytes end inside an item");
    const auto initial = static_cast<uint8_t>(in[pos++]);
    const int major = initial >> 5, info = initial & 0x1F;
    uint64_t arg = static_cast<uint64_t>(info);
    if (info >= 24) {
      if (info > 27) return fail(at, info == 31 ? "indefinite lengths are not read" : "a reserved head");
      const size_t bytes = size_t{1} << (info - 24);
      if (in.size() - pos < bytes) return fail(at, "the bytes end inside an item");
      arg = 0;
      for (size_t i = 0; i < bytes; ++i) arg = (arg << 8) | static_cast<uint8_t>(in[pos++]);
    }
    if (is_key && major != 3) return fail(at, "a map's key is not text");

    bool taken = true;
    switch (major) {
      case 0: taken = handler.number_unsigned(arg); break;
      case 1:
        if (arg > static_cast<uint64_t>(INT64_MAX)) return fail(at, "a negative number is out of range");
        taken = handler.number_integer(-1 - static_cast<int64_t>(arg));
        break;
      case 3:
        if (arg > in.size() - pos) return fail(at, "a text runs past the end");
        text.assign(in.data() + pos, static_cast<size_t>(arg));
        pos += static_cast<size_t>(arg);
        taken = is_key ? handler.key(text) : handler.string(text);
        break;
      case 4:
      case 5: {
        if (depth == kMaxDepth) return fail(at, "nested too deeply");
        // Each item takes one byte at least: a longer count is a lie, not a reason to wait.
        if (arg > in.size() - pos) return fail(at, "more items than bytes left");
        const bool map = major == 5;
        taken = map ? handler.start_object(static_cast<size_t>(arg)) : handler.start_array(static_cast<size_t>(arg));
        open[depth++] = Open{map ? 2 * arg : arg, map};
        break;
      }
      case 7:
        if (info == 20 || info == 21) taken = handler.boolean(info == 21);
        else if (info == 22) taken = handler.null();
        else if (info >= 25 && info <= 27) {
          double value;
          if (info == 25) {
            value = cbor_detail::HalfToDouble(static_cast<uint16_t>(arg));
          } else if (info == 26) {
            float f;
            const auto bits = static_cast<uint32_t>(arg);
            std::memcpy(&f, &bits, sizeof f);
            value = f;
          } else {
            std::memcpy(&value, &arg, sizeof value);
          }
          static const std::string kNoText;
          taken = handler.number_float(value, kNoText);
        } else {
          return fail(at, "a simple value that is not a boolean or null");
        }
        break;
      default: return fail(at, "byte strings and tags are not read");
    }
    if (!taken) return false;
  }
  if (pos != in.size()) return fail(pos, "bytes after the end");
  return true;
}

}  // namespace encaisse
