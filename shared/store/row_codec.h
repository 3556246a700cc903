// Reading domain values out of SQLite columns, with an error (not a default) when a stored
// value is not what the schema promises.
#pragma once

#include <optional>
#include <string>

#include "shared/core/date.h"
#include "shared/core/money.h"
#include "shared/model/entities.h"
#include "shared/store/db.h"

namespace encaisse {

inline Result<Date> DateColumn(const Statement& st, int col) {
  auto d = Date::ParseIso(st.Text(col));
  if (!d.ok()) return Status::Internal("corrupt date in column " + std::to_string(col) + ": " + d.status().message());
  return d;
}

inline Result<std::optional<Date>> OptionalDateColumn(const Statement& st, int col) {
  if (st.IsNull(col)) return std::optional<Date>();
  auto d = DateColumn(st, col);
  if (!d.ok()) return d.status();
  return std::optional<Date>(*d);
}

inline Result<Currency> CurrencyColumn(const Statement& st, int col) {
  auto c = FindCurrency(st.Text(col));
  if (!c.ok()) return Status::Internal("corrupt currency: " + c.status().message());
  return c;
}

inline std::optional<std::string> IsoOrNull(const std::optional<Date>& d) {
  return d ? std::optional<std::string>(d->ToIso()) : std::nullopt;
}

// The columns ReadInvoiceRow reads, in order, for a query over `invoices i`.
inline constexpr const char kInvoiceRowColumns[] =
    "i.id, i.customer_id, i.number, i.issue_date, i.due_date, i.amount_minor, i.currency, i.status, i.open_minor, "
    "i.formal_notice_date";
inline constexpr int kInvoiceRowColumnCount = 10;

inline Result<Invoice> ReadInvoiceRow(const Statement& st) {
  Invoice i;
  i.id = st.Int(0);
  i.customer_id = st.Int(1);
  i.number = st.Text(2);
  ENC_ASSIGN_OR_RETURN(i.issue_date, DateColumn(st, 3));
  ENC_ASSIGN_OR_RETURN(i.due_date, DateColumn(st, 4));
  i.amount_minor = st.Int(5);
  ENC_ASSIGN_OR_RETURN(i.currency, CurrencyColumn(st, 6));
  ENC_ASSIGN_OR_RETURN(i.status, ParseInvoiceStatus(st.Text(7)));
  i.open_minor = st.Int(8);
  ENC_ASSIGN_OR_RETURN(i.formal_notice_date, OptionalDateColumn(st, 9));
  return i;
}

// The columns ReadUserRow reads, in order, for a query over `users` (never the password hash).
inline constexpr const char kUserRowColumns[] = "id, email, name, role, disabled";

inline Result<User> ReadUserRow(const Statement& st) {
  User u;
  u.id = st.Int(0);
  u.email = st.Text(1);
  u.name = st.Text(2);
  ENC_ASSIGN_OR_RETURN(u.role, ParseRole(st.Text(3)));
  u.disabled = st.Int(4) != 0;
  return u;
}

}  // namespace encaisse
