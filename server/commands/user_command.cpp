#include "server/commands/user_command.h"

#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <memory>

#include "server/auth/passwords.h"
#include "server/auth/user_admin.h"
#include "server/clock.h"
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
  auto password = ReadPassword();
  if (!password.ok()) return ReportStatus(password.status());
  auto store = Store::Open(a.db);
  if (!store.ok()) return ReportStatus(store.status());
  auto user = CreateUser(store->db(), {a.email, a.name, *role, *password});
  if (!user.ok()) return ReportStatus(user.status());
  std::printf("user %lld: %s (%s)\n", static_cast<long long>(user->id), user->email.c_str(), a.role.c_str());
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

int Disable(const UserArgs& a, const std::string& now) {
  auto store = Store::Open(a.db, OpenOptions{.create = false});
  if (!store.ok()) return ReportStatus(store.status());
  auto user = FindUserByEmail(store->db(), a.email);
  if (!user.ok()) return ReportStatus(user.status());
  if (!*user) return ReportStatus(Status::NotFound("no user " + a.email));
  // From the server's shell there is no acting user: only the last-admin rule applies.
  auto changed = ChangeUser(store->db(), (*user)->id, {.disabled = true}, 0, now);
  if (!changed.ok()) return ReportStatus(changed.status());
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
  disable->callback([args, exit_code] { *exit_code = Disable(*args, NowUtc()); });
}

}  // namespace encaisse
