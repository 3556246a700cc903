// Staff device sessions in the database: created at login, found by the hash of the bearer
// token, revoked at logout or by an administrator.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "shared/model/entities.h"
#include "shared/store/db.h"

namespace encaisse {

// The signed-in staff member behind a request.
struct AuthUser {
  Id user_id = 0;
  Id session_id = 0;
  std::string email;
  std::string name;
  Role role = Role::kSalesRep;
};

struct LoginRecord {
  Id id = 0;
  std::string email;
  std::string name;
  Role role = Role::kSalesRep;
  std::string password_hash;
  bool disabled = false;
};

struct SessionInfo {
  Id id = 0;
  Id user_id = 0;
  std::string device_name;
  std::string created_at;
  std::string last_seen_at;
  bool revoked = false;
};

Result<std::optional<LoginRecord>> FindLogin(Db& db, const std::string& email);
// Returns the new bearer token (only its hash is stored).
Result<std::string> CreateSession(Db& db, Id user_id, const std::string& device_name, const std::string& now);
// The live session of a token (not revoked, user not disabled), or nullopt.
Result<std::optional<AuthUser>> FindSession(Db& db, const std::string& token, const std::string& now);
Status RevokeSession(Db& db, Id session_id, const std::string& now);
Result<std::vector<SessionInfo>> ListSessions(Db& db, std::optional<Id> user_id);

}  // namespace encaisse
