// Random secrets (session tokens, later portal links) and the hashes under which they are
// stored: the database never holds a usable token.
#pragma once

#include <string>
#include <string_view>

namespace encaisse {

// `prefix` + 256 random bits in base64url (no padding).
std::string NewToken(std::string_view prefix);
// SHA-256 of the token, hex. A token has 256 bits of entropy, so a fast hash is enough.
std::string TokenHash(std::string_view token);
// Hex SHA-256 of any bytes (request fingerprints).
std::string Sha256Hex(std::string_view bytes);

}  // namespace encaisse
