#include "server/commands/user_command.h"

#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <memory>

#include "server/auth/passwords.h"
#include "server/exit_codes.h"
#include "shared/store/store.h"

namespace encaisse {
namespace {

struct UserArgs {
  std::string db, email, name, role;
};

// The password comes from standard input, never from a flag (flags end up in shell history
// and in `ps`). On a terminal it is asked twice without echo.
Result<std::string> ReadPassword() {
  auto read_line = [](const char* prompt) {
    const bool tty = isatty(STDIN_FILENO);
    termios old{};
    if (tty) {
      std::fprintf(stderr, "%s", prompt);
      tcgetattr(STDIN_FILENO, &old);
      termios quiet = old;
      quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
      tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    std::string line;
    std::getline(std::cin, line);
    if (tty) {
      tcsetattr(STDIN_FILENO, TCSANOW, &old);
      std::fprintf(stderr, "\n");
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
  };
  std::string password = read_line("Password: ");
  if (isatty(STDIN_FILENO) && read_line("Again: ") != password) return Status::Invalid("the passwords differ", "password");
  ENC_RETURN_IF_ERROR(CheckPasswordStrength(password));
  return password;
}

int Add(const UserArgs& a) {
  auto role = ParseRole(a.role);
  if (!role.ok()) return ReportStatus(role.status());
  if (a.email.find('@') == std::string::npos) return ReportStatus(Status::Invalid("not an email address", "--email"));
  auto password = ReadPassword();
  if (!password.ok()) return ReportStatus(password.status());
  auto hash = HashPassword(*password);
  if (!hash.ok()) return ReportStatus(hash.status());
  auto store = Store::Open(a.db);
  if (!store.ok()) return ReportStatus(store.status());
  auto id = store->AddUser({0, a.email, a.name, *role, false}, *hash);
  if (!id.ok()) return ReportStatus(id.status());
  std::printf("user %lld: %s (%s)\n", static_cast<long long>(*id), a.email.c_str(), a.role.c_str());
  return kExitOk;
}

int List(const UserArgs& a) {
  auto store = Store::Open(a.db, OpenOptions{.create = false});
  if (!store.ok()) return ReportStatus(store.status());
  auto users = store->ListUsers();
  if (!users.ok()) return ReportStatus(users.status());
  for (const auto& u : *users)
    std::printf("%lld\t%s\t%s\t%s%s\n", static_cast<long long>(u.id), u.email.c_str(), u.name.c_str(),
                std::string(ToString(u.role)).c_str(), u.disabled ? "\tdisabled" : "");
  return kExitOk;
}

int Disable(const UserArgs& a) {
  auto store = Store::Open(a.db, OpenOptions{.create = false});
  if (!store.ok()) return ReportStatus(store.status());
  auto st = store->db().Prepare("UPDATE users SET disabled = 1 WHERE email = ?");
  if (!st.ok()) return ReportStatus(st.status());
  Status s = st->Bind(1, a.email).Run();
  if (!s.ok()) return ReportStatus(s);
  if (store->db().Changes() == 0) return ReportStatus(Status::NotFound("no user " + a.email));
  // Their device sessions end with the account.
  auto revoke = store->db().Prepare(
      "UPDATE sessions SET revoked_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') "
      "WHERE revoked_at IS NULL AND user_id = (SELECT id FROM users WHERE email = ?)");
  if (revoke.ok()) (void)revoke->Bind(1, a.email).Run();
  std::printf("user %s disabled, sessions revoked\n", a.email.c_str());
  return kExitOk;
}

}  // namespace

void AddUserCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<UserArgs>();
  CLI::App* user = app.add_subcommand("user", "Staff accounts");
  user->require_subcommand(1);
  CLI::App* add = user->add_subcommand("add", "Add a staff member (password read from standard input)");
  add->add_option("--db", args->db, "SQLite database file")->required();
  add->add_option("--email", args->email, "Sign-in email")->required();
  add->add_option("--name", args->name, "Full name")->required();
  add->add_option("--role", args->role, "admin, manager, collector or sales_rep")->required();
  add->callback([args, exit_code] { *exit_code = Add(*args); });
  CLI::App* list = user->add_subcommand("list", "List staff accounts");
  list->add_option("--db", args->db, "SQLite database file")->required()->check(CLI::ExistingFile);
  list->callback([args, exit_code] { *exit_code = List(*args); });
  CLI::App* disable = user->add_subcommand("disable", "Disable an account and revoke its sessions");
  disable->add_option("--db", args->db, "SQLite database file")->required()->check(CLI::ExistingFile);
  disable->add_option("--email", args->email, "Sign-in email")->required();
  disable->callback([args, exit_code] { *exit_code = Disable(*args); });
}

}  // namespace encaisse
