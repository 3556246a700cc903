#include "shared/store/store.h"

#include <nlohmann/json.hpp>

#include "shared/core/json_parse.h"
#include "shared/model/company_settings.h"
#include "shared/penalties/rates_json.h"
#include "shared/store/migrations.h"
#include "shared/store/row_codec.h"

namespace encaisse {
namespace {

using nlohmann::json;

Result<std::optional<std::string>> GetSetting(Db& db, std::string_view key) {
  auto st = db.Prepare("SELECT value FROM settings WHERE key = ?");
  if (!st.ok()) return st.status();
  st->Bind(1, key);
  auto row = st->Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<std::string>();
  return std::optional<std::string>(std::string(st->Text(0)));
}

// One statement, atomic on its own; without a BEGIN of its own it also joins the caller's
// transaction when there is one (the demo generator writes its settings with its rows).
Status PutSetting(Db& db, std::string_view key, const std::string& value) {
  auto st = db.Prepare("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  if (!st.ok()) return st.status();
  return st->Bind(1, key).Bind(2, value).Run();
}

}  // namespace

Result<Store> Store::Open(const std::string& path, const OpenOptions& options) {
  auto db = Db::Open(path, options);
  if (!db.ok()) return db.status();
  ENC_RETURN_IF_ERROR(Migrate(*db));
  return Store(std::move(db).value());
}

Result<CompanySettings> ParseStoredSettings(std::string_view text) {
  if (text.empty()) return CompanySettings{};
  json j = ParseJson(text);
  if (j.is_discarded() || !j.is_object()) return Status::Internal("corrupt company settings");
  auto s = ApplySettingsJson(CompanySettings{}, j);
  if (!s.ok()) return Status::Internal("corrupt company settings: " + s.status().message());
  return s;
}

Result<std::string> Store::LoadSettingsText() {
  std::optional<std::string> text;
  ENC_ASSIGN_OR_RETURN(text, GetSetting(db_, "company"));
  return text ? std::move(*text) : std::string();
}

Result<CompanySettings> Store::LoadSettings() {
  auto text = LoadSettingsText();
  if (!text.ok()) return text.status();
  return ParseStoredSettings(*text);
}

Status Store::SaveSettings(const CompanySettings& s) { return PutSetting(db_, "company", SettingsToJson(s).dump()); }

Result<RateTables> Store::LoadRates() {
  std::optional<std::string> text;
  ENC_ASSIGN_OR_RETURN(text, GetSetting(db_, "rates"));
  if (!text) return RateTables::FrenchDefaults();
  json j = ParseJson(*text);
  if (j.is_discarded() || !j.is_object()) return Status::Internal("corrupt rate tables");
  return RateTablesFromJson(j);
}

Status Store::SaveRates(const RateTables& r) {
  ENC_RETURN_IF_ERROR(ValidateRateTables(r));
  return PutSetting(db_, "rates", RateTablesToJson(r).dump());
}

Result<Id> Store::AddUser(const User& user, std::string_view password_hash, bool is_demo) {
  auto st = db_.Prepare("INSERT INTO users (email, name, role, password_hash, disabled, is_demo) VALUES (?, ?, ?, ?, ?, ?)");
  if (!st.ok()) return st.status();
  Status s = st->Bind(1, user.email).Bind(2, user.name).Bind(3, ToString(user.role)).Bind(4, password_hash)
                 .Bind(5, user.disabled ? 1 : 0).Bind(6, is_demo ? 1 : 0).Run();
  if (s.code() == Code::kConflict) return Status::Conflict("a user with email " + user.email + " already exists");
  ENC_RETURN_IF_ERROR(s);
  return db_.LastInsertId();
}

Result<std::vector<User>> Store::ListUsers() {
  auto st = db_.Prepare(std::string("SELECT ") + kUserRowColumns + " FROM users ORDER BY id");
  if (!st.ok()) return st.status();
  std::vector<User> users;
  for (;;) {
    auto row = st->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    User u;
    ENC_ASSIGN_OR_RETURN(u, ReadUserRow(*st));
    users.push_back(std::move(u));
  }
  return users;
}

}  // namespace encaisse
