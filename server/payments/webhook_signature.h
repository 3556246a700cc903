// Stripe's webhook signature scheme, used by both of our gateways: the header
// `Stripe-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">[,v1=...]`.
// Several v1 values are accepted (a secret being rolled signs with both); the timestamp must be
// within `tolerance_s` of now, so that a captured delivery cannot be replayed later.
#pragma once

#include <ctime>
#include <string>

#include "shared/core/result.h"

namespace encaisse {

// The lowercase hex HMAC-SHA256 of `message` under `secret`.
std::string HmacSha256Hex(const std::string& secret, const std::string& message);

// The header a gateway sends for `payload` signed at `t` (used by the sandbox and the tests).
std::string SignatureHeader(const std::string& secret, std::time_t t, const std::string& payload);

// Ok when one v1 value matches (constant-time compare) and t is within the tolerance; Invalid
// with the reason otherwise (field "Stripe-Signature"). An empty secret never verifies.
Status VerifySignature(const std::string& header, const std::string& payload, const std::string& secret,
                       std::time_t now, int tolerance_s = 300);

}  // namespace encaisse
