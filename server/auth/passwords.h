// Staff passwords: argon2id through libsodium (crypto_pwhash_str), verified in constant time.
#pragma once

#include <string>
#include <string_view>

#include "shared/core/result.h"

namespace encaisse {

// Refuses passwords shorter than 10 characters or longer than 1024 bytes.
Status CheckPasswordStrength(std::string_view password);
Result<std::string> HashPassword(std::string_view password);
bool VerifyPassword(std::string_view password, const std::string& hash);
// Spends the same time as a real verification, for logins with an unknown email.
void VerifyDummyPassword(std::string_view password);

}  // namespace encaisse
