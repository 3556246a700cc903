// Helpers of the account route tests (customers, invoices, payments): exact records written
// into a copy of the demo database before the server opens it, reads of the running server's
// database (WAL lets a test read beside the server), and a walk through a paginated list.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <variant>
#include <vector>

#include "shared/store/store.h"
#include "tests/server/server_harness.h"

namespace encaisse::testing {

using SqlValue = std::variant<int64_t, std::string>;

inline Date D(const char* iso) { return Date::ParseIso(iso).value(); }

inline void BindAll(Statement& st, const std::vector<SqlValue>& values) {
  int i = 0;
  for (const auto& v : values) {
    ++i;
    if (auto* n = std::get_if<int64_t>(&v)) st.Bind(i, *n);
    else st.Bind(i, std::get<std::string>(v));
  }
}

// Writes exact records into a database before a server opens it.
class Seed {
 public:
  explicit Seed(const std::string& path) : store_(Store::Open(path).value()) {}
  Store& store() { return store_; }

  Id UserId(const std::string& email) {
    auto st = store_.db().Prepare("SELECT id FROM users WHERE email = ?");
    st->Bind(1, email);
    EXPECT_TRUE(st->Step().value()) << email;
    return st->Int(0);
  }
  Id AddCustomer(const std::string& ext, const std::string& name, Id rep) {
    Customer c;
    c.external_id = ext;
    c.name = name;
    c.email = "compta@" + ext + ".test";
    c.rep_id = rep;
    auto id = store_.AddCustomer(c);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : 0;
  }
  Id AddInvoice(Id customer, const std::string& number, const char* issue, const char* due, int64_t amount) {
    Invoice i;
    i.customer_id = customer;
    i.number = number;
    i.issue_date = D(issue);
    i.due_date = D(due);
    i.amount_minor = amount;
    auto id = store_.AddInvoice(i);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : 0;
  }
  // A payment of `amount` on `date`, all of it to `invoice`.
  Id Pay(Id customer, const char* date, int64_t amount, Id invoice) {
    Payment p;
    p.customer_id = customer;
    p.date = D(date);
    p.amount_minor = amount;
    p.method = "transfer";
    p.reference = "VIR " + std::string(date);
    std::vector<Allocation> a = {{0, invoice, 0, 0, amount, D(date)}};
    auto id = store_.RecordPayment(p, a);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : 0;
  }
  // A row of another table; values bound in order.
  Id Insert(const char* sql, const std::vector<SqlValue>& values) {
    auto st = store_.db().Prepare(sql);
    EXPECT_TRUE(st.ok()) << st.status().ToString();
    BindAll(*st, values);
    Status s = st->Run();
    EXPECT_TRUE(s.ok()) << s.ToString();
    return store_.db().LastInsertId();
  }
  Id OpenDispute(Id customer, Id invoice, const char* opened) {
    return Insert("INSERT INTO disputes (invoice_id, customer_id, opened, reason, status) VALUES (?, ?, ?, 'Quantité erronée', 'open')",
                  {invoice, customer, std::string(opened)});
  }

 private:
  Store store_;
};

// The first column of each row of a query on the server's database.
inline std::vector<int64_t> SqlColumn(const std::string& db_path, const std::string& sql, const std::vector<SqlValue>& values = {}) {
  std::vector<int64_t> out;
  auto db = Db::Open(db_path, OpenOptions{.create = false});
  EXPECT_TRUE(db.ok()) << db.status().ToString();
  if (!db.ok()) return out;
  auto st = db->Prepare(sql);
  EXPECT_TRUE(st.ok()) << st.status().ToString();
  if (!st.ok()) return out;
  BindAll(*st, values);
  for (;;) {
    auto row = st->Step();
    EXPECT_TRUE(row.ok()) << row.status().ToString();
    if (!row.ok() || !*row) break;
    out.push_back(st->Int(0));
  }
  return out;
}

inline int64_t SqlInt(const std::string& db_path, const std::string& sql, const std::vector<SqlValue>& values = {}) {
  auto column = SqlColumn(db_path, sql, values);
  EXPECT_EQ(column.size(), 1u) << sql;
  return column.empty() ? -1 : column.front();
}

// Every item of a paginated list, following next_cursor (at most 1000 pages); a page that is
// not a 200 fails the test. `pages` receives the number of pages read.
inline std::vector<json> WalkList(ServerProcess& server, const std::string& base, const std::string& token,
                                  int* pages = nullptr) {
  std::vector<json> all;
  std::string cursor;
  int n = 0;
  while (n < 1000) {
    int status = 0;
    const std::string sep = base.find('?') == std::string::npos ? "?" : "&";
    json page = server.Get(base + (cursor.empty() ? "" : sep + "cursor=" + cursor), token, &status);
    ++n;
    EXPECT_EQ(status, 200) << page.dump();
    if (status != 200) break;
    for (auto& item : page["items"]) all.push_back(item);
    if (page["next_cursor"].is_null()) break;
    cursor = page["next_cursor"].get<std::string>();
  }
  if (pages) *pages = n;
  return all;
}

}  // namespace encaisse::testing
