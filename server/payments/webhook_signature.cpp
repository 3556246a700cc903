#include "server/payments/webhook_signature.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sodium.h>

#include <charconv>
#include <vector>

namespace encaisse {
namespace {

constexpr const char* kField = "Stripe-Signature";

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string HmacSha256Hex(const std::string& secret, const std::string& message) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac, &len);
  char hex[EVP_MAX_MD_SIZE * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, mac, len);
  return hex;
}

std::string SignatureHeader(const std::string& secret, std::time_t t, const std::string& payload) {
  const std::string ts = std::to_string(static_cast<long long>(t));
  return "t=" + ts + ",v1=" + HmacSha256Hex(secret, ts + "." + payload);
}

Status VerifySignature(const std::string& header, const std::string& payload, const std::string& secret,
                       std::time_t now, int tolerance_s) {
  if (secret.empty()) return Status::Invalid("no webhook secret configured: nothing can be verified", kField);
  if (header.empty()) return Status::Invalid("missing Stripe-Signature header", kField);
  std::string_view timestamp;
  std::vector<std::string_view> signatures;
  std::string_view rest = header;
  while (!rest.empty()) {  // comma-separated key=value pairs; unknown keys (v0, ...) are skipped
    const size_t comma = rest.find(',');
    const std::string_view part = Trim(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    const size_t eq = part.find('=');
    if (eq == std::string_view::npos) continue;
    const std::string_view key = part.substr(0, eq), value = part.substr(eq + 1);
    if (key == "t") timestamp = value;
    if (key == "v1") signatures.push_back(value);
  }
  long long t = 0;
  const auto [end, ec] = std::from_chars(timestamp.data(), timestamp.data() + timestamp.size(), t);
  if (timestamp.empty() || ec != std::errc() || end != timestamp.data() + timestamp.size())
    return Status::Invalid("Stripe-Signature without a valid timestamp t=", kField);
  if (signatures.empty()) return Status::Invalid("Stripe-Signature without a v1 signature", kField);
  // now - t overflows for a hostile t (t=-9223372036854775808): outside the tolerance too.
  long long age = 0;
  if (__builtin_sub_overflow(static_cast<long long>(now), t, &age) || age > tolerance_s || age < -tolerance_s)
    return Status::Invalid("Stripe-Signature timestamp outside the " + std::to_string(tolerance_s) +
                               " s tolerance (a replayed or delayed delivery)",
                           kField);
  const std::string expected = HmacSha256Hex(secret, std::string(timestamp) + "." + payload);
  for (std::string_view candidate : signatures)
    if (candidate.size() == expected.size() && CRYPTO_memcmp(candidate.data(), expected.data(), expected.size()) == 0)
      return Status::Ok();
  return Status::Invalid("Stripe-Signature does not match the payload", kField);
}

}  // namespace encaisse
