// A store for the import tests: a fresh database under /tmp with a sales rep, a manager and
// a disabled rep, and helpers to run an import and read back what it wrote.
#pragma once

#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "shared/import/import_common.h"
#include "tests/shared/test_support.h"

namespace encaisse {

class ImportFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = Store::Open(path_.path(), TestOpenOptions());
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_.emplace(std::move(s).value());
    rep_ = AddUser("rep1@demo.test", Role::kSalesRep);
    manager_ = AddUser("manager@demo.test", Role::kManager);
    auto disabled = store_->AddUser({0, "gone@demo.test", "Ancien Rep", Role::kSalesRep, true});
    ASSERT_TRUE(disabled.ok());
  }

  Id AddUser(const std::string& email, Role role) {
    auto id = store_->AddUser({0, email, email, role, false});
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : 0;
  }

  static ImportOptions Options(bool dry_run = false) {
    ImportOptions o;
    o.dry_run = dry_run;
    o.source = "test.csv";
    o.today = Date::ParseIso("2026-11-24").value();
    o.now = "2026-11-24T10:00:00Z";
    return o;
  }

  // Runs an import that must not fail on the database side.
  ImportResult Import(ImportKind kind, const std::string& csv, bool dry_run = false) {
    auto r = RunImport(*store_, kind, csv, Options(dry_run));
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? std::move(r).value() : ImportResult();
  }

  // The listed errors, one per line, for failure messages.
  static std::string Errors(const ImportResult& r) {
    std::string out;
    for (const auto& e : r.errors) out += e.ToString() + "\n";
    return out;
  }

  Db& db() { return store_->db(); }
  Store& store() { return *store_; }
  int64_t Count(const std::string& table_or_query) { return CountRows(db(), table_or_query); }
  std::string Text(const std::string& sql) { return QueryText(db(), sql); }

  // A row count of every table an import writes, to compare before and after.
  std::string Snapshot() {
    std::string out;
    for (const char* t : {"customers", "invoices", "payments", "allocations", "imports", "change_log"})
      out += std::string(t) + "=" + std::to_string(Count(t)) + " ";
    return out + "open=" + Text("SELECT COALESCE(sum(open_minor), 0) FROM invoices");
  }

  ScopedDbPath path_{"import"};
  std::optional<Store> store_;
  Id rep_ = 0;
  Id manager_ = 0;
};

}  // namespace encaisse
