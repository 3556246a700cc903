#include "server/auth/passwords.h"

#include <sodium.h>

namespace encaisse {

Status CheckPasswordStrength(std::string_view password) {
  if (password.size() < 10) return Status::Invalid("the password must have at least 10 characters", "password");
  if (password.size() > 1024) return Status::Invalid("the password is too long", "password");
  return Status::Ok();
}

Result<std::string> HashPassword(std::string_view password) {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    return Status::Internal("out of memory while hashing a password");
  return std::string(out);
}

bool VerifyPassword(std::string_view password, const std::string& hash) {
  if (hash.empty()) return false;  // no password set: nobody can log in
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

void VerifyDummyPassword(std::string_view password) {
  static const std::string kDummy = [] {
    auto h = HashPassword("not a real password, only for timing");
    return h.ok() ? *h : std::string();
  }();
  (void)VerifyPassword(password, kDummy);
}

}  // namespace encaisse
