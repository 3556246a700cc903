// JSON requests to the server with emscripten_fetch. Nothing blocks: a finished request lands
// in a queue that the frame loop drains (Poll), so the UI keeps drawing while the network works.
#pragma once

#include <deque>
#include <string>

namespace encaisse::client {

struct HttpReply {
  int tag = 0;         // what the request was for (the caller's enum)
  int status = 0;      // HTTP status; 0 when the network failed (offline, refused)
  std::string body;
};

class HttpQueue {
 public:
  // POSTs (or DELETEs) `body` as JSON to `url`, with the bearer token when not empty.
  void Post(int tag, const std::string& url, const std::string& body, const std::string& token);
  void Delete(int tag, const std::string& url, const std::string& token);
  // The next finished request, if any.
  bool Poll(HttpReply* out);
  int in_flight() const { return in_flight_; }

  // Called by the fetch callbacks.
  void Finish(HttpReply reply);

 private:
  void Send(const char* method, int tag, const std::string& url, const std::string& body, const std::string& token);
  std::deque<HttpReply> done_;
  int in_flight_ = 0;
};

}  // namespace encaisse::client
