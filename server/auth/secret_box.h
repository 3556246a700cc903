// Secrets kept at rest (the SMTP password, the SMS and payment API keys): sealed with
// libsodium's secretbox (XSalsa20-Poly1305) under the server's own key, so the database
// (and its backups) never holds them in clear. The key is ENCAISSE_SECRETS_KEY (64 hex
// digits) when set, else a key file beside the database (`<db>.secrets-key`, mode 0600,
// written on first use). Lose the key and the sealed secrets must be typed again.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "shared/core/result.h"

namespace encaisse {

class SecretBox {
 public:
  using Key = std::array<unsigned char, 32>;
  explicit SecretBox(const Key& key) : key_(key) {}

  // The environment's key, else the key file beside `db_path` (made when missing).
  static Result<SecretBox> ForDatabase(const std::string& db_path);

  // "sb1:" + base64(nonce, tag, ciphertext); a fresh random nonce each time.
  std::string Seal(std::string_view plain) const;
  // Invalid when the text was sealed under another key or altered.
  Result<std::string> Open(std::string_view sealed) const;

 private:
  Key key_;
};

}  // namespace encaisse
