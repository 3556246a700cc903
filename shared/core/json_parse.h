// JSON text to a value, or a discarded value (is_discarded()) when the text is not JSON: the
// one way the program parses JSON without exceptions. Each distinct call of nlohmann's parse
// (a std::string, a string_view, a char pointer) instantiates its whole lexer and parser again;
// one function over a character range keeps one copy in the tablet's download.
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

namespace encaisse {

nlohmann::json ParseJson(std::string_view text);

}  // namespace encaisse
