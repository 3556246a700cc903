#include "client_wasm/http_queue.h"

#include <emscripten/fetch.h>

#include <cstring>
#include <memory>

#include <nlohmann/json.hpp>

#include "shared/core/json_parse.h"

namespace encaisse::client {
namespace {

// What a request keeps alive until its callback: the queue, the tag, the body and headers
// (emscripten_fetch reads them from the caller's memory).
struct Pending {
  HttpQueue* queue;
  int tag;
  std::string body;
  std::string auth;
  std::string content_type;
  std::string accept;
};

void Done(emscripten_fetch_t* fetch) {
  std::unique_ptr<Pending> p(static_cast<Pending*>(fetch->userData));
  HttpReply reply;
  reply.tag = p->tag;
  reply.status = fetch->status;
  if (fetch->data && fetch->numBytes > 0) reply.body.assign(fetch->data, static_cast<size_t>(fetch->numBytes));
  emscripten_fetch_close(fetch);
  p->queue->Finish(std::move(reply));
}

}  // namespace

std::string ReplyError(const HttpReply& reply, const std::string& offline) {
  if (reply.status == 0) return offline;
  auto body = ParseJson(reply.body);
  if (body.is_object() && body.contains("error") && body["error"].is_object())
    return body["error"].value("message", "HTTP " + std::to_string(reply.status));
  return "HTTP " + std::to_string(reply.status);
}

void HttpQueue::Send(const char* method, int tag, const std::string& url, std::string body, const std::string& token,
                     const char* content_type, const char* accept) {
  auto* p = new Pending{this, tag, std::move(body), token.empty() ? "" : "Bearer " + token, content_type, accept};
  emscripten_fetch_attr_t attr;
  emscripten_fetch_attr_init(&attr);
  std::strncpy(attr.requestMethod, method, sizeof attr.requestMethod - 1);
  attr.attributes = EMSCRIPTEN_FETCH_LOAD_TO_MEMORY;
  attr.onsuccess = Done;
  attr.onerror = Done;  // an HTTP error status or no network at all (status 0)
  attr.userData = p;
  const char* plain[] = {"Content-Type", p->content_type.c_str(), "Accept", p->accept.c_str(), nullptr};
  const char* with_auth[] = {"Content-Type", p->content_type.c_str(), "Accept", p->accept.c_str(),
                             "Authorization", p->auth.c_str(), nullptr};
  attr.requestHeaders = p->auth.empty() ? plain : with_auth;  // copied by emscripten_fetch
  attr.requestData = p->body.data();
  attr.requestDataSize = p->body.size();
  attr.timeoutMSecs = 60000;
  ++in_flight_;
  emscripten_fetch(&attr, url.c_str());
}

void HttpQueue::Post(int tag, const std::string& url, const std::string& body, const std::string& token,
                     const char* accept) {
  Send("POST", tag, url, body, token, "application/json", accept);
}

void HttpQueue::Delete(int tag, const std::string& url, const std::string& token) { Send("DELETE", tag, url, "", token); }

void HttpQueue::Get(int tag, const std::string& url, const std::string& token) { Send("GET", tag, url, "", token); }

void HttpQueue::Put(int tag, const std::string& url, const std::string& body, const std::string& token) {
  Send("PUT", tag, url, body, token);
}

void HttpQueue::Patch(int tag, const std::string& url, const std::string& body, const std::string& token) {
  Send("PATCH", tag, url, body, token);
}

void HttpQueue::Raw(const char* method, int tag, const std::string& url, std::string body, const std::string& content_type,
                    const std::string& token) {
  Send(method, tag, url, std::move(body), token, content_type.c_str());
}

void HttpQueue::Finish(HttpReply reply) {
  --in_flight_;
  done_.push_back(std::move(reply));
}

bool HttpQueue::Poll(HttpReply* out) {
  if (done_.empty()) return false;
  *out = std::move(done_.front());
  done_.pop_front();
  return true;
}

}  // namespace encaisse::client
