// Static files (the client shell, its assets, the built WebAssembly client): correct MIME
// types, strong ETags with 304 answers, immutable caching for content-hashed names, and
// pre-compressed .wasm.gz next to a .wasm (httplib compresses text itself, not wasm).
#pragma once

#include <httplib.h>

#include <string>

namespace encaisse {

class StaticFiles {
 public:
  explicit StaticFiles(std::string root);
  // Serves `relative` (already without the mount prefix); 404 when it is not a file under root.
  void Serve(const std::string& relative, const httplib::Request& req, httplib::Response& res) const;

 private:
  std::string root_;  // canonical path
};

const char* MimeTypeFor(const std::string& path);
// "app.3f2a9c1b.js" style names never change content: cache them for a year.
bool IsContentHashed(const std::string& name);

}  // namespace encaisse
