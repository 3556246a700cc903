// The tablets' sync: pull the changes in the user's scope since a cursor, push the actions
// recorded offline. Both need a device session (Bearer); a revoked one gets 401 and the tablet
// wipes its copy. The rules live in shared/store/sync_pull.h and shared/store/mutation_apply.h.
#include <algorithm>

#include "server/http/gzip_body.h"
#include "server/http/json_io.h"
#include "server/routes/routes.h"
#include "shared/store/mutation_apply.h"
#include "shared/store/sync_pull.h"

namespace encaisse {
namespace {

constexpr int kDefaultPullLimit = 5000;
constexpr size_t kMaxMutationsPerPush = 500;

// POST /sync/v1/pull {since, limit} -> {today, changes, next, more}, as JSON or CBOR
void PullRoute(ApiCall& c) {
  auto body = ParseJsonObject(c.req);
  if (!body.ok()) return SendStatus(c.res, body.status());
  std::string since = "0";
  if (auto it = body->find("since"); it != body->end() && !it->is_null()) {
    if (it->is_string()) since = it->get<std::string>();
    else if (it->is_number_unsigned()) since = std::to_string(it->get<uint64_t>());
    else return SendError(c.res, 400, "invalid_argument", "since must be the cursor of the last pull", "since");
  }
  int limit = kDefaultPullLimit;
  if (auto it = body->find("limit"); it != body->end() && !it->is_null()) {
    if (!it->is_number_integer()) return SendError(c.res, 400, "invalid_argument", "limit must be an integer", "limit");
    limit = static_cast<int>(std::clamp<int64_t>(it->get<int64_t>(), -1, 1'000'000));
  }
  // CBOR when the client lists it among what it accepts (the tablet does), else JSON.
  const bool cbor = c.req.get_header_value("Accept").find("application/cbor") != std::string::npos;
  auto page = PullChanges(c.store.db(), SyncViewer{c.user.user_id, c.user.role}, since, limit, c.today,
                          cbor ? PageFormat::kCbor : PageFormat::kJson);
  if (!page.ok()) return SendStatus(c.res, page.status());
  c.res.status = 200;
  c.res.set_header("Vary", "Accept, Accept-Encoding");
  if (cbor) SetContentMaybeGzipped(c.req, c.res, std::move(page->body), "application/cbor");
  else c.res.set_content(std::move(page->body), "application/json");  // cpp-httplib gzips JSON itself
}

json ResultJson(const MutationResult& r) {
  json j = {{"id", r.id}, {"status", ToString(r.status)}};
  if (!r.reason.empty()) j["reason"] = r.reason;
  if (r.record_id) j["record_id"] = r.record_id;
  if (r.status == MutationStatus::kDuplicate) {
    json original = {{"status", ToString(r.original)}};
    if (!r.original_reason.empty()) original["reason"] = r.original_reason;
    j["original"] = std::move(original);
  }
  return j;
}

// POST /sync/v1/push {device_id, mutations} -> {results: [{id, status, reason?, original?}]},
// one result per mutation, in order. Each mutation is its own transaction: a database failure
// answers 500 after the ones before it were applied (the tablet retries; they come back as
// duplicates).
void PushRoute(ApiCall& c) {
  auto body = ParseJsonObject(c.req);
  if (!body.ok()) return SendStatus(c.res, body.status());
  auto device = RequiredString(*body, "device_id", 100);
  if (!device.ok()) return SendStatus(c.res, device.status());
  auto list = body->find("mutations");
  if (list == body->end() || !list->is_array())
    return SendError(c.res, 400, "invalid_argument", "mutations must be a list", "mutations");
  if (list->size() > kMaxMutationsPerPush)
    return SendError(c.res, 400, "invalid_argument",
                     "at most " + std::to_string(kMaxMutationsPerPush) + " mutations per push", "mutations");
  const SyncActor actor{c.user.user_id, c.user.role, *device};
  json results = json::array();
  for (size_t i = 0; i < list->size(); ++i) {
    const json& item = (*list)[i];
    auto mutation = ParseMutation(item);
    Result<MutationResult> r = Status::Internal("unreached");
    if (mutation.ok()) {
      r = ApplyMutation(c.store, actor, *mutation, c.today, c.now);
    } else {
      const std::string reason = mutation.status().field().empty()
                                     ? mutation.status().message()
                                     : mutation.status().field() + ": " + mutation.status().message();
      const json* id = item.is_object() && item.contains("id") ? &item["id"] : nullptr;
      if (id && id->is_string() && IsUuid(id->get_ref<const std::string&>())) {
        const json* kind = item.contains("kind") && item["kind"].is_string() ? &item["kind"] : nullptr;
        r = RejectMalformed(c.store.db(), actor, id->get<std::string>(), kind ? kind->get<std::string>() : "", reason, c.now);
      } else {  // no id to remember it by: answered, not remembered
        results.push_back({{"id", id ? *id : json(nullptr)}, {"status", "rejected"}, {"reason", reason}});
        continue;
      }
    }
    if (!r.ok()) return SendStatus(c.res, r.status());
    results.push_back(ResultJson(*r));
  }
  SendJson(c.res, 200, {{"results", std::move(results)}});
}

}  // namespace

void RegisterSyncRoutes(App& app) {
  app.Api(App::Method::kPost, "/sync/v1/pull", Access::SignedIn(), PullRoute);
  app.Api(App::Method::kPost, "/sync/v1/push", Access::SignedIn(), PushRoute);
}

}  // namespace encaisse
