// The address a request comes from, for rate limits and logs. The socket's peer, unless that
// peer is the reverse proxy the server was told to trust (serve --trusted-proxy): then the
// address the proxy appended last to X-Forwarded-For. Anything else in that header is the
// client's own say and is never believed, or one could dodge a limit by inventing addresses.
#pragma once

#include <httplib.h>

#include <string>

namespace encaisse {

std::string ClientAddress(const httplib::Request& req, const std::string& trusted_proxy);

}  // namespace encaisse
