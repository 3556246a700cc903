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

// A failed reply in words: the server's {"error": {"message"}}, else "HTTP <status>"; `offline`
// when the request never reached the server (status 0).
std::string ReplyError(const HttpReply& reply, const std::string& offline);

class HttpQueue {
 public:
  // POSTs (or DELETEs, GETs) `body` as JSON to `url`, with the bearer token when not empty.
  // `accept`: the answer's format the caller reads (the sync's pull pages: application/cbor).
  void Post(int tag, const std::string& url, const std::string& body, const std::string& token,
            const char* accept = "application/json");
  void Delete(int tag, const std::string& url, const std::string& token);
  void Get(int tag, const std::string& url, const std::string& token);
  void Put(int tag, const std::string& url, const std::string& body, const std::string& token);
  void Patch(int tag, const std::string& url, const std::string& body, const std::string& token);
  // The body as it is (a CSV file, an image), with its content type; method POST or PUT.
  void Raw(const char* method, int tag, const std::string& url, std::string body, const std::string& content_type,
           const std::string& token);
  // The next finished request, if any.
  bool Poll(HttpReply* out);
  int in_flight() const { return in_flight_; }

  // Called by the fetch callbacks.
  void Finish(HttpReply reply);

 private:
  void Send(const char* method, int tag, const std::string& url, std::string body, const std::string& token,
            const char* content_type = "application/json", const char* accept = "application/json");
  std::deque<HttpReply> done_;
  int in_flight_ = 0;
};

}  // namespace encaisse::client
