// Status and Result<T>: errors as values, and ENC_RETURN_IF_ERROR.
#include "shared/core/result.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

namespace encaisse {
namespace {

TEST(StatusTest, DefaultAndOkAreOk) {
  for (const Status& s : {Status(), Status::Ok()}) {
    EXPECT_TRUE(s.ok());
    EXPECT_EQ(s.code(), Code::kOk);
    EXPECT_EQ(s.message(), "");
    EXPECT_EQ(s.field(), "");
    EXPECT_EQ(s.ToString(), "ok");
  }
}

TEST(StatusTest, FactoriesSetCodeMessageAndField) {
  struct Row { Status status; Code code; const char* message; const char* field; const char* text; };
  const Row rows[] = {
      {Status::Invalid("must be positive", "amount"), Code::kInvalidArgument, "must be positive", "amount",
       "invalid_argument: amount: must be positive"},
      {Status::Invalid("bad date"), Code::kInvalidArgument, "bad date", "", "invalid_argument: bad date"},
      {Status::Invalid("bad date", "line 4, due_date"), Code::kInvalidArgument, "bad date", "line 4, due_date",
       "invalid_argument: line 4, due_date: bad date"},
      {Status::NotFound("no customer 12"), Code::kNotFound, "no customer 12", "", "not_found: no customer 12"},
      {Status::Conflict("already paid"), Code::kConflict, "already paid", "", "conflict: already paid"},
      {Status::Refused("below the legal floor", "rate"), Code::kRefused, "below the legal floor", "rate",
       "refused: rate: below the legal floor"},
      {Status::Refused("policy"), Code::kRefused, "policy", "", "refused: policy"},
      {Status::Internal("disk I/O error"), Code::kInternal, "disk I/O error", "", "internal: disk I/O error"},
      {Status::Internal(""), Code::kInternal, "", "", "internal: "},
  };
  for (const Row& r : rows) {
    SCOPED_TRACE(r.text);
    EXPECT_FALSE(r.status.ok());
    EXPECT_EQ(r.status.code(), r.code);
    EXPECT_EQ(r.status.message(), r.message);
    EXPECT_EQ(r.status.field(), r.field);
    EXPECT_EQ(r.status.ToString(), r.text);
  }
}

TEST(StatusTest, CodeNames) {
  struct Row { Code code; const char* name; };
  const Row rows[] = {{Code::kOk, "ok"},           {Code::kInvalidArgument, "invalid_argument"},
                      {Code::kNotFound, "not_found"}, {Code::kConflict, "conflict"},
                      {Code::kRefused, "refused"},   {Code::kInternal, "internal"},
                      {Code::kBusy, "busy"}};
  for (const Row& r : rows) {
    SCOPED_TRACE(r.name);
    EXPECT_STREQ(CodeName(r.code), r.name);
  }
  EXPECT_STREQ(CodeName(static_cast<Code>(42)), "unknown");
}

TEST(ResultTest, HoldsAValue) {
  Result<int> r = 42;
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(static_cast<bool>(r));
  EXPECT_EQ(r.value(), 42);
  EXPECT_EQ(*r, 42);
  EXPECT_TRUE(r.status().ok());
  EXPECT_EQ(r.status().ToString(), "ok");
  *r = 7;
  EXPECT_EQ(r.value(), 7);

  Result<std::string> s = std::string("abc");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->size(), 3u);
  s->append("d");
  EXPECT_EQ(*s, "abcd");
  const Result<std::string>& cs = s;
  EXPECT_EQ(cs->front(), 'a');
  EXPECT_EQ(std::move(s).value(), "abcd");
}

TEST(ResultTest, HoldsAnError) {
  Result<int> r = Status::NotFound("no invoice 9");
  ASSERT_FALSE(r.ok());
  EXPECT_FALSE(static_cast<bool>(r));
  EXPECT_EQ(r.status().code(), Code::kNotFound);
  EXPECT_EQ(r.status().message(), "no invoice 9");
  EXPECT_EQ(r.status().ToString(), "not_found: no invoice 9");

  Result<std::vector<int>> v = Status::Invalid("empty", "lines");
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().field(), "lines");
}

TEST(ResultTest, MoveOnlyValues) {
  Result<std::unique_ptr<int>> r = std::make_unique<int>(5);
  ASSERT_TRUE(r.ok());
  std::unique_ptr<int> p = std::move(r).value();
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(*p, 5);
}

// An ok Status carries no value: the Result must not claim to be ok, nor report an ok status
// while it holds nothing.
TEST(ResultTest, AnOkStatusIsNotAValue) {
  Result<int> r = Status::Ok();
  EXPECT_FALSE(r.ok());
  EXPECT_FALSE(r.status().ok());
  EXPECT_EQ(r.status().code(), Code::kInternal);
}

Status Check(int n) {
  if (n < 0) return Status::Invalid("negative", "n");
  if (n == 0) return Status::NotFound("zero");
  return Status::Ok();
}

Result<int> Half(int n) {
  if (n % 2) return Status::Invalid("odd", "n");
  return n / 2;
}

// Returns how far it got: the macro leaves at the first failed step.
Status Steps(int n, int* reached) {
  *reached = 0;
  ENC_RETURN_IF_ERROR(Check(n));
  *reached = 1;
  ENC_RETURN_IF_ERROR(Half(n));
  *reached = 2;
  return Status::Ok();
}

Result<std::string> StepsAsResult(int n) {
  ENC_RETURN_IF_ERROR(Check(n));
  return std::string("checked ") + std::to_string(n);
}

TEST(ResultTest, ReturnIfErrorPassesTheFirstFailureUp) {
  struct Row { int n; Code code; int reached; const char* text; };
  const Row rows[] = {
      {-3, Code::kInvalidArgument, 0, "invalid_argument: n: negative"},
      {0, Code::kNotFound, 0, "not_found: zero"},
      {3, Code::kInvalidArgument, 1, "invalid_argument: n: odd"},
      {4, Code::kOk, 2, "ok"},
  };
  for (const Row& r : rows) {
    SCOPED_TRACE(r.n);
    int reached = -1;
    const Status s = Steps(r.n, &reached);
    EXPECT_EQ(s.code(), r.code);
    EXPECT_EQ(s.ToString(), r.text);
    EXPECT_EQ(reached, r.reached);
  }
}

TEST(ResultTest, ReturnIfErrorInAFunctionReturningAResult) {
  auto bad = StepsAsResult(-1);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().ToString(), "invalid_argument: n: negative");
  auto good = StepsAsResult(2);
  ASSERT_TRUE(good.ok()) << good.status().ToString();
  EXPECT_EQ(*good, "checked 2");
}

TEST(ResultTest, ReturnIfErrorWorksInAnUnbracedIf) {
  auto f = [](bool check, int n) -> Status {
    if (check) ENC_RETURN_IF_ERROR(Check(n));
    else return Status::Conflict("not checked");
    return Status::Ok();
  };
  EXPECT_EQ(f(true, -1).code(), Code::kInvalidArgument);
  EXPECT_TRUE(f(true, 1).ok());
  EXPECT_EQ(f(false, 1).code(), Code::kConflict);
}

}  // namespace
}  // namespace encaisse
