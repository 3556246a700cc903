// JSON in and out of HTTP: bodies parsed with a clear error, errors answered as
// {"error": {"code", "message", "field"}} with the HTTP status their code means.
#pragma once

#include <httplib.h>

#include <nlohmann/json.hpp>
#include <string_view>

#include "shared/core/result.h"

namespace encaisse {

using nlohmann::json;

// 400 invalid_argument, 404 not_found, 409 conflict, 422 refused, 500 internal, 503 busy.
int HttpStatusFor(Code code);

void SendJson(httplib::Response& res, int status, const json& body);
void SendError(httplib::Response& res, int status, std::string_view code, std::string_view message,
               std::string_view field = {});
void SendStatus(httplib::Response& res, const Status& status);

// The request body as a JSON object (400 with the parser's position otherwise).
Result<json> ParseJsonObject(const httplib::Request& req);

// Typed fields of a JSON object, with the field named in the error.
Result<std::string> RequiredString(const json& body, const char* field, size_t max_length = 2000);
Result<int64_t> RequiredInt(const json& body, const char* field);
Result<std::string> OptionalString(const json& body, const char* field, size_t max_length = 2000);

// Query parameters.
std::string QueryParam(const httplib::Request& req, const char* name);
Result<int> QueryInt(const httplib::Request& req, const char* name, int default_value, int min, int max);

}  // namespace encaisse
