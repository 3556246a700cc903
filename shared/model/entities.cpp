#include "shared/model/entities.h"

#include <array>
#include <utility>

namespace encaisse {
namespace {

// One table per enum: the names in order of the enum's values.
template <typename E, size_t N>
struct Names {
  std::array<std::string_view, N> names;
  const char* what;
  // A value outside the enum (a corrupt row cast in) reads as "unknown", never past the table.
  std::string_view Of(E v) const {
    const auto i = static_cast<size_t>(v);
    return i < N ? names[i] : std::string_view("unknown");
  }
  Result<E> Parse(std::string_view s) const {
    for (size_t i = 0; i < N; ++i)
      if (names[i] == s) return static_cast<E>(i);
    std::string expected;
    for (size_t i = 0; i < N; ++i) expected += (i ? ", " : "") + std::string(names[i]);
    return Status::Invalid("unknown " + std::string(what) + " '" + std::string(s) + "' (expected " + expected + ")", what);
  }
};

constexpr Names<Role, 4> kRoles{{"admin", "manager", "collector", "sales_rep"}, "role"};
constexpr Names<RiskClass, 3> kRisks{{"low", "medium", "high"}, "risk"};
constexpr Names<InvoiceStatus, 3> kInvoiceStatuses{{"open", "paid", "cancelled"}, "status"};
constexpr Names<PlanStatus, 6> kPlanStatuses{{"pending", "active", "completed", "broken", "rejected", "cancelled"}, "status"};
constexpr Names<PlanFrequency, 2> kFrequencies{{"monthly", "weekly"}, "frequency"};
constexpr Names<PromiseStatus, 4> kPromiseStatuses{{"pending", "kept", "broken", "cancelled"}, "status"};
constexpr Names<DisputeStatus, 2> kDisputeStatuses{{"open", "resolved"}, "status"};
constexpr Names<Channel, 6> kChannels{{"email", "sms", "letter", "phone_task", "formal_notice", "escalation"}, "channel"};

}  // namespace

std::string_view ToString(Role v) { return kRoles.Of(v); }
std::string_view ToString(RiskClass v) { return kRisks.Of(v); }
std::string_view ToString(InvoiceStatus v) { return kInvoiceStatuses.Of(v); }
std::string_view ToString(PlanStatus v) { return kPlanStatuses.Of(v); }
std::string_view ToString(PlanFrequency v) { return kFrequencies.Of(v); }
std::string_view ToString(PromiseStatus v) { return kPromiseStatuses.Of(v); }
std::string_view ToString(DisputeStatus v) { return kDisputeStatuses.Of(v); }
std::string_view ToString(Channel v) { return kChannels.Of(v); }
Result<Role> ParseRole(std::string_view s) { return kRoles.Parse(s); }
Result<RiskClass> ParseRiskClass(std::string_view s) { return kRisks.Parse(s); }
Result<InvoiceStatus> ParseInvoiceStatus(std::string_view s) { return kInvoiceStatuses.Parse(s); }
Result<PlanStatus> ParsePlanStatus(std::string_view s) { return kPlanStatuses.Parse(s); }
Result<PlanFrequency> ParsePlanFrequency(std::string_view s) { return kFrequencies.Parse(s); }
Result<PromiseStatus> ParsePromiseStatus(std::string_view s) { return kPromiseStatuses.Parse(s); }
Result<DisputeStatus> ParseDisputeStatus(std::string_view s) { return kDisputeStatuses.Parse(s); }
Result<Channel> ParseChannel(std::string_view s) { return kChannels.Parse(s); }

}  // namespace encaisse
