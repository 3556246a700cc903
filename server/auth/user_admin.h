// Staff accounts as an administrator manages them (the API and `encaisse user`): create, rename,
// change role, disable or enable, set a new password. A change of role or a disabled account
// signs the person out of every device: each device's replica was built for the old scope.
#pragma once

#include <optional>
#include <string>

#include "shared/model/entities.h"
#include "shared/store/db.h"

namespace encaisse {

struct NewUser {
  std::string email;  // lower-cased here
  std::string name;
  Role role = Role::kSalesRep;
  std::string password;
};

struct UserChange {
  std::optional<std::string> name;
  std::optional<Role> role;
  std::optional<bool> disabled;
  std::optional<std::string> password;
};

// Validates (email shape, name, password strength) and stores the account with a password hash.
Result<User> CreateUser(Db& db, NewUser user);
// `acting_user` (0 from the command line) may not lock themselves out: no disabling oneself or
// dropping one's own admin role. The last enabled admin always stays.
Result<User> ChangeUser(Db& db, Id user_id, const UserChange& change, Id acting_user, const std::string& now);
Result<std::optional<User>> FindUserByEmail(Db& db, const std::string& email);

}  // namespace encaisse
