#include "server/http/static_files.h"

#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <mutex>
#include <regex>
#include <sstream>
#include <unordered_map>

#include "server/auth/tokens.h"

namespace encaisse {
namespace {

struct CachedFile {
  time_t mtime = 0;
  off_t size = 0;
  std::string etag;
  std::string content;
};

// Small files are kept in memory with their ETag, refreshed when they change on disk.
std::mutex cache_mu;
std::unordered_map<std::string, CachedFile> cache;

bool Load(const std::string& path, CachedFile* out) {
  struct stat st{};
  if (stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return false;
  {
    std::lock_guard lock(cache_mu);
    auto it = cache.find(path);
    if (it != cache.end() && it->second.mtime == st.st_mtime && it->second.size == st.st_size) {
      *out = it->second;
      return true;
    }
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream buf;
  buf << in.rdbuf();
  CachedFile f{st.st_mtime, st.st_size, "", buf.str()};
  f.etag = "\"" + Sha256Hex(f.content).substr(0, 32) + "\"";
  std::lock_guard lock(cache_mu);
  if (cache.size() > 512) cache.clear();
  cache[path] = f;
  *out = std::move(f);
  return true;
}

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

const char* MimeTypeFor(const std::string& path) {
  static const std::pair<const char*, const char*> kTypes[] = {
      {".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
      {".wasm", "application/wasm"}, {".json", "application/json"}, {".webmanifest", "application/manifest+json"},
      {".svg", "image/svg+xml"}, {".png", "image/png"}, {".ico", "image/x-icon"}, {".ttf", "font/ttf"},
      {".woff2", "font/woff2"}, {".txt", "text/plain; charset=utf-8"}, {".pdf", "application/pdf"},
  };
  for (const auto& [ext, type] : kTypes)
    if (EndsWith(path, ext)) return type;
  return "application/octet-stream";
}

bool IsContentHashed(const std::string& name) {
  static const std::regex kHashed(R"(\.[0-9a-f]{8,}\.[a-z0-9]+$)");
  return std::regex_search(name, kHashed);
}

StaticFiles::StaticFiles(std::string root) {
  char* real = realpath(root.c_str(), nullptr);
  root_ = real ? real : root;
  std::free(real);
}

void StaticFiles::Serve(const std::string& relative, const httplib::Request& req, httplib::Response& res) const {
  std::string rel = relative.empty() || relative.back() == '/' ? relative + "index.html" : relative;
  // No way out of the root: no "..", no absolute paths, no NUL; then check the resolved path.
  if (rel.find("..") != std::string::npos || rel.find('\0') != std::string::npos || rel[0] == '/') {
    res.status = 404;
    return;
  }
  const std::string path = root_ + "/" + rel;
  char* real = realpath(path.c_str(), nullptr);
  const std::string resolved = real ? real : "";
  std::free(real);
  if (resolved.empty() || resolved.compare(0, root_.size() + 1, root_ + "/") != 0) {
    res.status = 404;
    return;
  }
  std::string served = resolved;
  bool gzipped = false;
  if (EndsWith(resolved, ".wasm") && req.get_header_value("Accept-Encoding").find("gzip") != std::string::npos) {
    struct stat st{};
    if (stat((resolved + ".gz").c_str(), &st) == 0) {
      served = resolved + ".gz";
      gzipped = true;
    }
  }
  CachedFile file;
  if (!Load(served, &file)) {
    res.status = 404;
    return;
  }
  res.set_header("ETag", file.etag);
  res.set_header("Cache-Control", IsContentHashed(rel) ? "public, max-age=31536000, immutable" : "no-cache");
  if (gzipped) {
    res.set_header("Content-Encoding", "gzip");
    res.set_header("Vary", "Accept-Encoding");
  }
  if (req.get_header_value("If-None-Match") == file.etag) {
    res.status = 304;
    return;
  }
  res.status = 200;
  res.set_content(file.content, MimeTypeFor(resolved));
}

}  // namespace encaisse
