#include "server/http/client_address.h"

namespace encaisse {

std::string ClientAddress(const httplib::Request& req, const std::string& trusted_proxy) {
  if (trusted_proxy.empty() || req.remote_addr != trusted_proxy) return req.remote_addr;
  // Several headers or a comma list: the proxy appends the peer it saw at the end.
  const size_t n = req.get_header_value_count("X-Forwarded-For");
  if (n == 0) return req.remote_addr;
  std::string forwarded = req.get_header_value("X-Forwarded-For", n - 1);
  const size_t comma = forwarded.rfind(',');
  if (comma != std::string::npos) forwarded = forwarded.substr(comma + 1);
  const size_t begin = forwarded.find_first_not_of(" \t");
  const size_t end = forwarded.find_last_not_of(" \t");
  if (begin == std::string::npos) return req.remote_addr;
  return forwarded.substr(begin, end - begin + 1);
}

}  // namespace encaisse
