// Reading domain values out of SQLite columns, with an error (not a default) when a stored
// value is not what the schema promises.
#pragma once

#include <optional>
#include <string>

#include "shared/core/date.h"
#include "shared/core/money.h"
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

}  // namespace encaisse
