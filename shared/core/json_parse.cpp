#include "shared/core/json_parse.h"

namespace encaisse {

nlohmann::json ParseJson(std::string_view text) {
  return nlohmann::json::parse(text.data(), text.data() + text.size(), nullptr, /*allow_exceptions=*/false);
}

}  // namespace encaisse
