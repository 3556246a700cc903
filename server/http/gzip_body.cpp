#include "server/http/gzip_body.h"

#include <zlib.h>

namespace encaisse {
namespace {

// zlib's one-shot deflate with a gzip wrapper (window bits 15 + 16), at the level cpp-httplib
// uses for JSON. Empty on failure: the caller then sends the body as it is.
std::string Gzip(const std::string& in) {
  z_stream z{};
  if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return {};
  std::string out(deflateBound(&z, static_cast<uLong>(in.size())), '\0');  // the gzip wrapper included
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int done = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return done == Z_STREAM_END ? out : std::string();
}

}  // namespace

void SetContentMaybeGzipped(const httplib::Request& req, httplib::Response& res, std::string body,
                            const char* content_type) {
  if (req.get_header_value("Accept-Encoding").find("gzip") != std::string::npos) {
    std::string gzipped = Gzip(body);
    if (!gzipped.empty()) {
      res.set_header("Content-Encoding", "gzip");
      res.set_content(std::move(gzipped), content_type);
      return;
    }
  }
  res.set_content(std::move(body), content_type);
}

}  // namespace encaisse
