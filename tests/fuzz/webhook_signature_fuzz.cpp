// Feeds VerifySignature a Stripe-Signature header and a body (split at the first newline); a
// header we sign verifies, also after any fuzzed pairs before it, and a wrong secret never does.
#include <cstdint>
#include <ctime>
#include <string>

#include "server/payments/webhook_signature.h"
#include "tests/fuzz/fuzz_check.h"

using namespace encaisse;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  const size_t newline = input.find('\n');
  const std::string header = input.substr(0, newline);
  const std::string payload = newline == std::string::npos ? "" : input.substr(newline + 1);
  const std::string secret = "whsec_fuzz";
  const std::time_t now = 1'780'000'000;

  const Status fuzzed = VerifySignature(header, payload, secret, now);
  FUZZ_CHECK(fuzzed.ok() || !fuzzed.message().empty());
  (void)VerifySignature(header, payload, secret, now, 0);

  const std::string good = SignatureHeader(secret, now - 10, payload);
  FUZZ_CHECK(VerifySignature(good, payload, secret, now).ok());
  // Unknown or repeated pairs before ours do not hide it (the last t= counts, any v1= may match).
  FUZZ_CHECK(VerifySignature(header + "," + good, payload, secret, now).ok());
  FUZZ_CHECK(!VerifySignature(good, payload, "whsec_other", now).ok());
  FUZZ_CHECK(!VerifySignature(good, payload + "x", secret, now).ok());
  return 0;
}
