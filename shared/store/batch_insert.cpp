#include "shared/store/batch_insert.h"

namespace encaisse {

Status BatchInsert::Add(std::initializer_list<Value> row) {
  if (static_cast<int>(row.size()) != columns_)
    return Status::Internal(head_ + ": " + std::to_string(row.size()) + " values for " + std::to_string(columns_) + " columns");
  pending_.insert(pending_.end(), row.begin(), row.end());
  if (static_cast<int>(pending_.size()) >= columns_ * rows_per_batch_) return Flush();
  return Status::Ok();
}

Result<Statement*> BatchInsert::StatementFor(int rows) {
  if (rows == rows_per_batch_ && full_ready_) return &full_;
  std::string sql = head_ + " VALUES ";
  std::string one = "(";
  for (int c = 0; c < columns_; ++c) one += c ? ",?" : "?";
  one += ")";
  for (int r = 0; r < rows; ++r) sql += (r ? "," : "") + one;
  auto st = db_.Prepare(sql);
  if (!st.ok()) return st.status();
  if (rows == rows_per_batch_) {
    full_ = std::move(st).value();
    full_ready_ = true;
    return &full_;
  }
  partial_ = std::move(st).value();
  return &partial_;
}

Status BatchInsert::Flush() {
  if (pending_.empty()) return Status::Ok();
  const int rows = static_cast<int>(pending_.size()) / columns_;
  auto st = StatementFor(rows);
  if (!st.ok()) return st.status();
  Statement& s = **st;
  for (size_t i = 0; i < pending_.size(); ++i) {
    const int index = static_cast<int>(i) + 1;
    const Value& v = pending_[i];
    if (const auto* n = std::get_if<int64_t>(&v)) s.Bind(index, *n);
    else if (const auto* t = std::get_if<std::string>(&v)) s.Bind(index, *t);
    else s.BindNull(index);
  }
  pending_.clear();
  return s.Run();
}

}  // namespace encaisse
