// gzip for the answers cpp-httplib does not compress itself: it compresses text and JSON only,
// and a tablet's pull pages in CBOR (shared/store/sync_pull.h) are tens of megabytes on a first
// sync. Gzipped, a page of 10 000 rows goes from 1.24 MB to 252 KB (the same page in JSON: 1.72 MB,
// 250 KB gzipped).
#pragma once

#include <string>

#include <httplib.h>

namespace encaisse {

// Sets `body` as the response's content, gzipped (Content-Encoding: gzip) when the request
// accepts gzip and the compression works, else as it is.
void SetContentMaybeGzipped(const httplib::Request& req, httplib::Response& res, std::string body,
                            const char* content_type);

}  // namespace encaisse
