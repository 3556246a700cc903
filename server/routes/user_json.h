// How a staff member is shown in the API.
#pragma once

#include <nlohmann/json.hpp>

#include "server/auth/session_store.h"

namespace encaisse {

inline nlohmann::json UserJson(Id id, const std::string& email, const std::string& name, Role role) {
  return {{"id", id}, {"email", email}, {"name", name}, {"role", ToString(role)}};
}

}  // namespace encaisse
