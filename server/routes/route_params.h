// What the API routes read from a request beyond its JSON body: the id in the path, the
// caller's scope, typed query parameters, and a check that a body holds no unknown key.
// Every error names the parameter, as json_io.h's field readers do.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>

#include "server/http/app.h"
#include "server/http/json_io.h"

namespace encaisse {

// The id in the path's `group` (route patterns only let digits through); nullopt when it is too
// long to be an id, which routes answer as a missing record.
std::optional<Id> PathId(const ApiCall& c, size_t group = 1);

// A sales rep sees their own customers (their user id); every other role sees all (nullopt).
std::optional<Id> RepScope(const ApiCall& c);

// The customer of the path if the caller may see it; otherwise the 404 is sent (another rep's
// customer reads exactly like a missing one) and nullopt returned.
std::optional<Id> VisibleCustomer(ApiCall& c);

// Optional query parameters: absent -> nullopt; malformed -> Invalid naming the parameter.
Result<std::optional<Date>> QueryDate(const httplib::Request& req, const char* name);
Result<std::optional<Id>> QueryId(const httplib::Request& req, const char* name);

// Invalid naming the first key of `body` outside `keys` (a typo would otherwise be dropped
// silently); `prefix` names the nesting, e.g. "steps[2].".
Status OnlyKeys(const json& body, std::initializer_list<const char*> keys, const std::string& prefix = {});

// A computation refused for want of data (a missing rate table: NotFound) is a rule refusal
// (422), not a missing resource; other errors as SendStatus answers them.
void SendComputationError(httplib::Response& res, const Status& s);

}  // namespace encaisse
