#include "server/auth/secret_box.h"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace encaisse {
namespace {

constexpr std::string_view kPrefix = "sb1:";
constexpr int kBase64 = sodium_base64_VARIANT_ORIGINAL;

Result<SecretBox::Key> KeyFromHex(std::string_view hex, const std::string& where) {
  SecretBox::Key key{};
  size_t length = 0;
  if (hex.size() != 64 ||
      sodium_hex2bin(key.data(), key.size(), hex.data(), hex.size(), nullptr, &length, nullptr) != 0 ||
      length != key.size())
    return Status::Invalid(where + " must hold 64 hexadecimal digits (32 random bytes)");
  return key;
}

std::string HexOf(const SecretBox::Key& key) {
  char hex[65];
  sodium_bin2hex(hex, sizeof hex, key.data(), key.size());
  return std::string(hex, 64);
}

// Reads the key file, or writes a new one (O_EXCL: two processes starting together agree).
Result<SecretBox::Key> KeyFile(const std::string& path) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
      char text[80];
      const ssize_t n = ::read(fd, text, sizeof text);
      ::close(fd);
      std::string_view hex(text, n > 0 ? static_cast<size_t>(n) : 0);
      while (!hex.empty() && (hex.back() == '\n' || hex.back() == '\r' || hex.back() == ' ')) hex.remove_suffix(1);
      return KeyFromHex(hex, path);
    }
    if (errno != ENOENT) return Status::Internal("cannot read " + path + ": " + std::strerror(errno));
    fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
      if (errno == EEXIST) continue;  // another process wrote it first: read theirs
      return Status::Internal("cannot create " + path + ": " + std::strerror(errno));
    }
    SecretBox::Key key{};
    randombytes_buf(key.data(), key.size());
    const std::string line = HexOf(key) + "\n";
    const bool written = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) && ::fsync(fd) == 0;
    ::close(fd);
    if (!written) return Status::Internal("cannot write " + path);
    return key;
  }
  return Status::Internal("cannot read " + path);
}

}  // namespace

Result<SecretBox> SecretBox::ForDatabase(const std::string& db_path) {
  if (sodium_init() < 0) return Status::Internal("libsodium failed to start");
  if (const char* env = std::getenv("ENCAISSE_SECRETS_KEY"); env && *env) {
    auto key = KeyFromHex(env, "ENCAISSE_SECRETS_KEY");
    if (!key.ok()) return key.status();
    return SecretBox(*key);
  }
  auto key = KeyFile(db_path + ".secrets-key");
  if (!key.ok()) return key.status();
  return SecretBox(*key);
}

std::string SecretBox::Seal(std::string_view plain) const {
  std::vector<unsigned char> box(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plain.size());
  unsigned char* nonce = box.data();
  randombytes_buf(nonce, crypto_secretbox_NONCEBYTES);
  static const unsigned char kNothing = 0;  // an empty view may have no data pointer
  crypto_secretbox_easy(box.data() + crypto_secretbox_NONCEBYTES,
                        plain.empty() ? &kNothing : reinterpret_cast<const unsigned char*>(plain.data()), plain.size(),
                        nonce, key_.data());
  std::string text(sodium_base64_ENCODED_LEN(box.size(), kBase64), '\0');
  sodium_bin2base64(text.data(), text.size(), box.data(), box.size(), kBase64);
  text.resize(std::strlen(text.c_str()));
  return std::string(kPrefix) + text;
}

Result<std::string> SecretBox::Open(std::string_view sealed) const {
  if (sealed.substr(0, kPrefix.size()) != kPrefix) return Status::Invalid("not a sealed secret");
  sealed.remove_prefix(kPrefix.size());
  if (sealed.empty()) return Status::Invalid("a sealed secret is damaged");  // libsodium wants real buffers
  std::vector<unsigned char> box(sealed.size());
  size_t length = 0;
  if (sodium_base642bin(box.data(), box.size(), sealed.data(), sealed.size(), nullptr, &length, nullptr, kBase64) != 0 ||
      length < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
    return Status::Invalid("a sealed secret is damaged");
  std::string plain(length - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES, '\0');
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plain.data()), box.data() + crypto_secretbox_NONCEBYTES,
                                 length - crypto_secretbox_NONCEBYTES, box.data(), key_.data()) != 0)
    return Status::Invalid("a stored secret cannot be opened with this server's key (ENCAISSE_SECRETS_KEY or " 
                           "the .secrets-key file beside the database): type it again");
  return plain;
}

}  // namespace encaisse
