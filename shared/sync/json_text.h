// JSON written straight into a string, for the large answers (a first sync streams 100 000
// rows): building a document tree per row first costs more than the rest of the pull.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace encaisse {

// Appends `text` as a JSON string literal, quotes included. Control characters and quotes are
// escaped; bytes that are not valid UTF-8 become U+FFFD, so the output always parses.
void AppendJsonString(std::string& out, std::string_view text);

// Appends `text` with each byte that is not valid UTF-8 replaced by U+FFFD, as AppendJsonString
// does inside its quotes. IsValidUtf8: nothing would be replaced.
void AppendValidUtf8(std::string& out, std::string_view text);
bool IsValidUtf8(std::string_view text);

inline void AppendJsonInt(std::string& out, int64_t value) { out += std::to_string(value); }

}  // namespace encaisse
