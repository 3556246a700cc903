// Feeds a POST /sync/v1/push body through ParseJsonObject and ParseMutation, as PushRoute
// decodes it (server/routes/routes_sync.cpp); a parsed mutation survives ToJson and back, and
// keeps the integers it was given.
#include <cstdint>
#include <string>

#include "server/http/json_io.h"
#include "shared/sync/mutation.h"
#include "tests/fuzz/fuzz_check.h"

using namespace encaisse;

namespace {

void CheckMutation(const json& item, const Mutation& m) {
  FUZZ_CHECK(IsUuid(m.id) && m.created_at.size() <= 40);
  (void)m.day();
  const json out = ToJson(m);
  auto again = ParseMutation(out);
  FUZZ_CHECK(again.ok() && ToJson(*again) == out);
  // An integer argument is the number sent, never a wrapped one (2^64 - 1 read as -1).
  for (const auto& [key, value] : item["args"].items())
    if (value.is_number_integer() && out["args"].contains(key)) FUZZ_CHECK(out["args"][key].dump() == value.dump());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  httplib::Request req;
  req.body.assign(reinterpret_cast<const char*>(data), size);
  auto body = ParseJsonObject(req);
  if (!body.ok()) return 0;
  if (!RequiredString(*body, "device_id", 100).ok()) return 0;
  auto list = body->find("mutations");
  if (list == body->end() || !list->is_array() || list->size() > 500) return 0;
  json results = json::array();
  for (const json& item : *list) {
    auto mutation = ParseMutation(item);
    if (mutation.ok()) {
      CheckMutation(item, *mutation);
      continue;
    }
    FUZZ_CHECK(!mutation.status().message().empty());
    // What the route answers for a mutation without a usable id.
    const json* id = item.is_object() && item.contains("id") ? &item["id"] : nullptr;
    results.push_back({{"id", id ? *id : json(nullptr)}, {"status", "rejected"}, {"reason", mutation.status().message()}});
  }
  (void)results.dump();
  return 0;
}
