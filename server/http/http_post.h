// One HTTP(S) POST to a provider's API through libcurl (the SMS provider, Stripe): the
// request's headers and body, the answer's status and the start of its body. A transport
// failure (no connection, timeout, TLS) is an Internal error with curl's reason; any HTTP
// status is an answer, for the caller to judge.
#pragma once

#include <string>
#include <vector>

#include "shared/core/result.h"

namespace encaisse {

struct HttpAnswer {
  long status = 0;
  std::string body;  // at most the first 64 KiB
};

// `headers` are whole lines ("Authorization: Bearer ..."); `what` names the provider in errors.
Result<HttpAnswer> HttpPost(const std::string& url, const std::vector<std::string>& headers, const std::string& body,
                            const std::string& what, long timeout_s = 20);

// `value` percent-encoded for a form body or a query string.
std::string FormEscape(const std::string& value);

}  // namespace encaisse
