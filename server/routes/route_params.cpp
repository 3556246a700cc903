#include "server/routes/route_params.h"

#include <algorithm>
#include <charconv>

#include "shared/store/customer_scope.h"

namespace encaisse {

std::optional<Id> PathId(const ApiCall& c, size_t group) {
  const std::string s = c.req.matches[group];
  Id id = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), id);
  if (s.empty() || ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return id;
}

std::optional<Id> RepScope(const ApiCall& c) {
  return c.user.role == Role::kSalesRep ? std::optional<Id>(c.user.user_id) : std::nullopt;
}

std::optional<Id> VisibleCustomer(ApiCall& c) {
  auto id = PathId(c);
  Status s = id ? CheckCustomerVisible(c.store.db(), *id, c.user.role, c.user.user_id) : Status::NotFound("no such customer");
  if (!s.ok()) {
    SendStatus(c.res, s);
    return std::nullopt;
  }
  return id;
}

Result<std::optional<Date>> QueryDate(const httplib::Request& req, const char* name) {
  const std::string v = QueryParam(req, name);
  if (v.empty()) return std::optional<Date>();
  auto d = Date::ParseIso(v);
  if (!d.ok()) return Status::Invalid(std::string(name) + " must be a date YYYY-MM-DD", name);
  return std::optional<Date>(*d);
}

Result<std::optional<Id>> QueryId(const httplib::Request& req, const char* name) {
  const std::string v = QueryParam(req, name);
  if (v.empty()) return std::optional<Id>();
  Id id = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), id);
  if (ec != std::errc() || p != v.data() + v.size() || id <= 0)
    return Status::Invalid(std::string(name) + " must be an id (a positive whole number)", name);
  return std::optional<Id>(id);
}

Status OnlyKeys(const json& body, std::initializer_list<const char*> keys, const std::string& prefix) {
  for (const auto& item : body.items()) {
    const std::string& key = item.key();  // a named local: clang 14 cannot capture a structured binding
    if (std::find_if(keys.begin(), keys.end(), [&](const char* k) { return key == k; }) != keys.end()) continue;
    std::string known;
    for (const char* k : keys) known += (known.empty() ? "" : ", ") + std::string(k);
    return Status::Invalid("unknown field " + prefix + key + " (" + known + ")", prefix + key);
  }
  return Status::Ok();
}

void SendComputationError(httplib::Response& res, const Status& s) {
  if (s.code() == Code::kNotFound) return SendError(res, 422, CodeName(Code::kRefused), s.message(), s.field());
  SendStatus(res, s);
}

}  // namespace encaisse
