#include "server/auth/user_admin.h"

#include <algorithm>

#include "server/auth/passwords.h"
#include "shared/store/row_codec.h"

namespace encaisse {
namespace {

// `where` is one of this file's constant conditions, never text from a request.
Result<std::optional<User>> FindUser(Db& db, const char* where, const auto& key) {
  auto st = db.Prepare(std::string("SELECT ") + kUserRowColumns + " FROM users WHERE " + where);
  if (!st.ok()) return st.status();
  st->Bind(1, key);
  auto row = st->Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<User>();
  auto user = ReadUserRow(*st);
  if (!user.ok()) return user.status();
  return std::optional<User>(std::move(*user));
}

Result<int64_t> EnabledAdminCount(Db& db) {
  auto st = db.Prepare("SELECT COUNT(*) FROM users WHERE role = 'admin' AND disabled = 0");
  if (!st.ok()) return st.status();
  auto row = st->Step();
  if (!row.ok()) return row.status();
  return st->Int(0);
}

Status CheckName(const std::string& name) {
  if (name.empty() || name.size() > 200) return Status::Invalid("a name of 1 to 200 characters is required", "name");
  return Status::Ok();
}

}  // namespace

Result<std::optional<User>> FindUserByEmail(Db& db, const std::string& email) {
  return FindUser(db, "email = ?", email);
}

Result<User> CreateUser(Db& db, NewUser user) {
  std::transform(user.email.begin(), user.email.end(), user.email.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const auto at = user.email.find('@');
  if (at == std::string::npos || at == 0 || at + 1 == user.email.size() || user.email.size() > 320)
    return Status::Invalid("not an email address", "email");
  ENC_RETURN_IF_ERROR(CheckName(user.name));
  ENC_RETURN_IF_ERROR(CheckPasswordStrength(user.password));
  auto hash = HashPassword(user.password);
  if (!hash.ok()) return hash.status();
  auto st = db.Prepare("INSERT INTO users (email, name, role, password_hash, disabled, is_demo) VALUES (?, ?, ?, ?, 0, 0)");
  if (!st.ok()) return st.status();
  Status s = st->Bind(1, user.email).Bind(2, user.name).Bind(3, ToString(user.role)).Bind(4, *hash).Run();
  if (s.code() == Code::kConflict) return Status::Conflict("a user with email " + user.email + " already exists");
  ENC_RETURN_IF_ERROR(s);
  return User{db.LastInsertId(), user.email, user.name, user.role, false};
}

Result<User> ChangeUser(Db& db, Id user_id, const UserChange& change, Id acting_user, const std::string& now) {
  auto tx = Transaction::Begin(db);
  if (!tx.ok()) return tx.status();
  auto found = FindUser(db, "id = ?", user_id);
  if (!found.ok()) return found.status();
  if (!*found) return Status::NotFound("no user " + std::to_string(user_id));
  User user = **found;
  const bool was_active_admin = user.role == Role::kAdmin && !user.disabled;
  if (change.name) {
    ENC_RETURN_IF_ERROR(CheckName(*change.name));
    user.name = *change.name;
  }
  const bool role_changed = change.role && *change.role != user.role;
  const bool disabling = change.disabled.value_or(user.disabled) && !user.disabled;
  if (change.role) user.role = *change.role;
  if (change.disabled) user.disabled = *change.disabled;
  if (user_id == acting_user && disabling) return Status::Invalid("you cannot disable your own account", "disabled");
  if (user_id == acting_user && role_changed && was_active_admin)
    return Status::Invalid("you cannot remove your own admin role", "role");
  if (was_active_admin && (user.role != Role::kAdmin || user.disabled)) {
    auto admins = EnabledAdminCount(db);
    if (!admins.ok()) return admins.status();
    if (*admins <= 1) return Status::Conflict("this is the last enabled admin: give another user the admin role first");
  }
  std::string hash;
  if (change.password) {
    ENC_RETURN_IF_ERROR(CheckPasswordStrength(*change.password));
    ENC_ASSIGN_OR_RETURN(hash, HashPassword(*change.password));
  }
  auto st = db.Prepare(
      "UPDATE users SET name = ?, role = ?, disabled = ?, password_hash = COALESCE(NULLIF(?, ''), password_hash) "
      "WHERE id = ?");
  if (!st.ok()) return st.status();
  ENC_RETURN_IF_ERROR(st->Bind(1, user.name).Bind(2, ToString(user.role)).Bind(3, user.disabled ? 1 : 0)
                          .Bind(4, hash).Bind(5, user_id).Run());
  // A new password also ends the sessions: whoever knew the old one is signed out.
  if (role_changed || disabling || change.password) {
    auto revoke = db.Prepare("UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL");
    if (!revoke.ok()) return revoke.status();
    ENC_RETURN_IF_ERROR(revoke->Bind(1, now).Bind(2, user_id).Run());
  }
  ENC_RETURN_IF_ERROR(tx->Commit());
  return user;
}

}  // namespace encaisse
