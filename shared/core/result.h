// Errors as values. Every fallible call at a boundary of the shared core returns a Status or a
// Result<T>; no exception leaves the core (LevelDB and DuckDB do the same).
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace encaisse {

enum class Code {
  kOk = 0,
  kInvalidArgument,  // bad input: a field the caller can fix
  kNotFound,
  kConflict,         // the state does not allow it (already exists, already paid...)
  kRefused,          // a business rule says no (policy, legal floor)
  kInternal,         // the database or an invariant failed
  kBusy,             // another writer held the database past the busy timeout: try again
};

const char* CodeName(Code code);

class Status {
 public:
  Status() = default;
  static Status Ok() { return Status(); }
  static Status Invalid(std::string message, std::string field = {}) {
    return Status(Code::kInvalidArgument, std::move(message), std::move(field));
  }
  static Status NotFound(std::string message) { return Status(Code::kNotFound, std::move(message)); }
  static Status Conflict(std::string message) { return Status(Code::kConflict, std::move(message)); }
  static Status Refused(std::string message, std::string field = {}) {
    return Status(Code::kRefused, std::move(message), std::move(field));
  }
  static Status Internal(std::string message) { return Status(Code::kInternal, std::move(message)); }
  static Status Busy(std::string message) { return Status(Code::kBusy, std::move(message)); }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  // Not the caller's doing (a failure or a busy database): never a final answer to remember.
  bool IsServerFault() const { return code_ == Code::kInternal || code_ == Code::kBusy; }
  // The input field the error is about, when there is one ("amount", "line 4, due_date").
  const std::string& field() const { return field_; }
  std::string ToString() const;

 private:
  Status(Code code, std::string message, std::string field = {})
      : code_(code), message_(std::move(message)), field_(std::move(field)) {}

  Code code_ = Code::kOk;
  std::string message_;
  std::string field_;
};

// A value or the Status that says why there is none.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}          // NOLINT: implicit by design
  // A Result holds a value or an error: an ok Status, which would be neither, becomes an
  // internal error instead of a Result that is not ok yet reports "ok".
  Result(Status status)  // NOLINT: implicit by design
      : v_(status.ok() ? Status::Internal("Result built from an ok Status, without a value")
                       : std::move(status)) {}

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  const T& value() const& { return std::get<0>(v_); }
  T& value() & { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<1>(v_);
  }

 private:
  std::variant<T, Status> v_;
};

namespace internal {
inline const Status& StatusOf(const Status& status) { return status; }
template <typename T>
const Status& StatusOf(const Result<T>& result) { return result.status(); }
}  // namespace internal

}  // namespace encaisse

// Passes a failed Status (or the Status of a failed Result) up to the caller.
#define ENC_RETURN_IF_ERROR(expr)                                              \
  do {                                                                         \
    ::encaisse::Status enc_status_ = ::encaisse::internal::StatusOf((expr));   \
    if (!enc_status_.ok()) return enc_status_;                                 \
  } while (0)

// Assigns a Result's value to `lhs`, or returns its Status from the enclosing function.
#define ENC_ASSIGN_OR_RETURN(lhs, expr)       \
  do {                                        \
    auto enc_r_ = (expr);                     \
    if (!enc_r_.ok()) return enc_r_.status(); \
    lhs = std::move(enc_r_).value();          \
  } while (0)
