// The enums' stored names: every value round-trips, unknown names are refused with the list of
// expected ones.
#include "shared/model/entities.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace encaisse {
namespace {

// One table per enum: every value with its name, in order, and what Parse says it expects.
template <typename E>
struct EnumCase {
  std::vector<std::pair<E, std::string_view>> names;
  Result<E> (*parse)(std::string_view);
  const char* field;
};

template <typename E>
void CheckRoundTrip(const EnumCase<E>& c) {
  std::set<std::string_view> seen;
  std::string expected;
  for (size_t i = 0; i < c.names.size(); ++i) {
    const auto& [value, name] = c.names[i];
    SCOPED_TRACE(name);
    EXPECT_EQ(static_cast<size_t>(value), i);  // the table covers every value, in order
    EXPECT_EQ(ToString(value), name);
    auto parsed = c.parse(name);
    ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
    EXPECT_EQ(*parsed, value);
    EXPECT_TRUE(seen.insert(name).second) << "duplicate name";
    expected += (i ? ", " : "") + std::string(name);
  }
  // Unknown names, near misses included, are refused; the message lists the expected names.
  for (std::string_view bad : {"", "unknown", "x", " open", "OPEN", "Admin", "sales-rep", "phone task"}) {
    SCOPED_TRACE(bad);
    auto parsed = c.parse(bad);
    ASSERT_FALSE(parsed.ok()) << ToString(*parsed);
    EXPECT_EQ(parsed.status().code(), Code::kInvalidArgument);
    EXPECT_EQ(parsed.status().field(), c.field);
    EXPECT_EQ(parsed.status().message(), "unknown " + std::string(c.field) + " '" + std::string(bad) +
                                             "' (expected " + expected + ")");
  }
  // A value outside the enum (a corrupt row) has a name, and no read past the table.
  EXPECT_EQ(ToString(static_cast<E>(c.names.size())), "unknown");
  EXPECT_EQ(ToString(static_cast<E>(-1)), "unknown");
}

TEST(EnumNamesTest, Role) {
  CheckRoundTrip<Role>({{{Role::kAdmin, "admin"}, {Role::kManager, "manager"}, {Role::kCollector, "collector"},
                         {Role::kSalesRep, "sales_rep"}},
                        ParseRole, "role"});
}

TEST(EnumNamesTest, RiskClass) {
  CheckRoundTrip<RiskClass>(
      {{{RiskClass::kLow, "low"}, {RiskClass::kMedium, "medium"}, {RiskClass::kHigh, "high"}}, ParseRiskClass, "risk"});
}

TEST(EnumNamesTest, InvoiceStatus) {
  CheckRoundTrip<InvoiceStatus>({{{InvoiceStatus::kOpen, "open"}, {InvoiceStatus::kPaid, "paid"},
                                  {InvoiceStatus::kCancelled, "cancelled"}},
                                 ParseInvoiceStatus, "status"});
}

TEST(EnumNamesTest, PlanStatus) {
  CheckRoundTrip<PlanStatus>({{{PlanStatus::kPending, "pending"}, {PlanStatus::kActive, "active"},
                               {PlanStatus::kCompleted, "completed"}, {PlanStatus::kBroken, "broken"},
                               {PlanStatus::kRejected, "rejected"}, {PlanStatus::kCancelled, "cancelled"}},
                              ParsePlanStatus, "status"});
}

TEST(EnumNamesTest, PlanFrequency) {
  CheckRoundTrip<PlanFrequency>({{{PlanFrequency::kMonthly, "monthly"}, {PlanFrequency::kWeekly, "weekly"}},
                                 ParsePlanFrequency, "frequency"});
}

TEST(EnumNamesTest, PromiseStatus) {
  CheckRoundTrip<PromiseStatus>({{{PromiseStatus::kPending, "pending"}, {PromiseStatus::kKept, "kept"},
                                  {PromiseStatus::kBroken, "broken"}, {PromiseStatus::kCancelled, "cancelled"}},
                                 ParsePromiseStatus, "status"});
}

TEST(EnumNamesTest, DisputeStatus) {
  CheckRoundTrip<DisputeStatus>({{{DisputeStatus::kOpen, "open"}, {DisputeStatus::kResolved, "resolved"}},
                                 ParseDisputeStatus, "status"});
}

TEST(EnumNamesTest, Channel) {
  CheckRoundTrip<Channel>({{{Channel::kEmail, "email"}, {Channel::kSms, "sms"}, {Channel::kLetter, "letter"},
                            {Channel::kPhoneTask, "phone_task"}, {Channel::kFormalNotice, "formal_notice"},
                            {Channel::kEscalation, "escalation"}},
                           ParseChannel, "channel"});
}

TEST(EnumNamesTest, ErrorMessageExample) {
  auto r = ParseRiskClass("severe");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().ToString(), "invalid_argument: risk: unknown risk 'severe' (expected low, medium, high)");
}

}  // namespace
}  // namespace encaisse
