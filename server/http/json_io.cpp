#include "server/http/json_io.h"

#include <algorithm>

#include "shared/core/json_int.h"

namespace encaisse {

int HttpStatusFor(Code code) {
  switch (code) {
    case Code::kOk: return 200;
    case Code::kInvalidArgument: return 400;
    case Code::kNotFound: return 404;
    case Code::kConflict: return 409;
    case Code::kRefused: return 422;
    case Code::kInternal: return 500;
    case Code::kBusy: return 503;
  }
  return 500;
}

void SendJson(httplib::Response& res, int status, const json& body) {
  res.status = status;
  // Invalid UTF-8 from the database is replaced, never a thrown exception mid-response.
  res.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace), "application/json; charset=utf-8");
}

void SendError(httplib::Response& res, int status, std::string_view code, std::string_view message, std::string_view field) {
  json error = {{"code", code}, {"message", message}};
  if (!field.empty()) error["field"] = field;
  SendJson(res, status, {{"error", error}});
}

void SendStatus(httplib::Response& res, const Status& status) {
  // Internal details (SQL, paths) stay in the log, not in the answer.
  if (status.code() == Code::kInternal) {
    SendError(res, 500, "internal", "internal error");
    return;
  }
  if (status.code() == Code::kBusy) {  // nothing was written: the same request again will do
    res.set_header("Retry-After", "1");
    SendError(res, 503, "busy", "the database is busy: try again in a moment");
    return;
  }
  SendError(res, HttpStatusFor(status.code()), CodeName(status.code()), status.message(), status.field());
}

namespace {

// No request needs more; copying or writing back a value nested 100 000 deep (200 KB) recurses
// once per level and overflows the stack (tests/fuzz/sync_push_fuzz: the push echoed the id of
// a rejected mutation, "id": [[[...]]], and the server crashed).
constexpr int kMaxJsonDepth = 64;

// The deepest nesting of arrays and objects in a JSON text (brackets inside strings ignored).
int JsonDepth(std::string_view text) {
  int depth = 0, deepest = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return deepest;
}

}  // namespace

Result<json> ParseJsonObject(const httplib::Request& req) {
  if (JsonDepth(req.body) > kMaxJsonDepth)
    return Status::Invalid("the body nests arrays and objects more than " + std::to_string(kMaxJsonDepth) + " levels deep");
  json body = json::parse(req.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded()) return Status::Invalid("the body is not valid JSON");
  if (!body.is_object()) return Status::Invalid("the body must be a JSON object");
  return body;
}

Result<std::string> RequiredString(const json& body, const char* field, size_t max_length) {
  auto it = body.find(field);
  if (it == body.end() || !it->is_string()) return Status::Invalid(std::string(field) + " is required (a string)", field);
  const auto& s = it->get_ref<const std::string&>();
  if (s.empty()) return Status::Invalid(std::string(field) + " must not be empty", field);
  if (s.size() > max_length) return Status::Invalid(std::string(field) + " is too long (at most " + std::to_string(max_length) + " bytes)", field);
  return s;
}

Result<std::string> OptionalString(const json& body, const char* field, size_t max_length) {
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) return std::string();
  if (!it->is_string()) return Status::Invalid(std::string(field) + " must be a string", field);
  const auto& s = it->get_ref<const std::string&>();
  if (s.size() > max_length) return Status::Invalid(std::string(field) + " is too long (at most " + std::to_string(max_length) + " bytes)", field);
  return s;
}

Result<int64_t> RequiredInt(const json& body, const char* field) {
  auto it = body.find(field);
  if (it == body.end() || !IsInt64(*it)) return Status::Invalid(std::string(field) + " is required (an integer)", field);
  return it->get<int64_t>();
}

std::string QueryParam(const httplib::Request& req, const char* name) {
  return req.has_param(name) ? req.get_param_value(name) : std::string();
}

Result<int> QueryInt(const httplib::Request& req, const char* name, int default_value, int min, int max) {
  const std::string text = QueryParam(req, name);
  if (text.empty()) return default_value;
  int value = 0;
  for (char c : text) {
    if (c < '0' || c > '9' || value > 100'000'000) return Status::Invalid(std::string(name) + " must be a whole number", name);
    value = value * 10 + (c - '0');
  }
  if (value < min || value > max)
    return Status::Invalid(std::string(name) + " must be between " + std::to_string(min) + " and " + std::to_string(max), name);
  return value;
}

}  // namespace encaisse
