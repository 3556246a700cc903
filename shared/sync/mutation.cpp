#include "shared/sync/mutation.h"

#include <array>
#include <cstdint>

#include "shared/core/json_int.h"
#include "shared/core/money.h"
#include "shared/plans/installments.h"
#include "shared/store/action_store.h"
#include "shared/store/task_store.h"

namespace encaisse {
namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 10> kKindNames = {
    "add_note",  "add_promise",  "open_dispute",   "propose_plan",   "approve_plan",
    "reject_plan", "log_visit", "task_outcome", "record_payment", "resolve_dispute"};
constexpr size_t kMaxCommentBytes = 2000;
constexpr size_t kMaxAllocations = 1000;

// Readers of one args object; each error names "args.<field>" (or "args.promise.<field>" for
// a nested object).
class Args {
 public:
  explicit Args(const json& j, std::string prefix = "args.") : j_(j), prefix_(std::move(prefix)) {}

  Result<Id> IdField(const char* name) const {
    auto it = j_.find(name);
    if (it == j_.end() || !IsInt64(*it) || it->get<int64_t>() <= 0)
      return Status::Invalid(std::string(name) + " must be a positive integer id", Field(name));
    return it->get<int64_t>();
  }
  Result<int64_t> IntField(const char* name) const {
    auto it = j_.find(name);
    if (it == j_.end() || !IsInt64(*it)) return Status::Invalid(std::string(name) + " must be an integer", Field(name));
    return it->get<int64_t>();
  }
  Result<std::optional<Date>> OptionalDate(const char* name) const {
    auto it = j_.find(name);
    if (it == j_.end() || it->is_null()) return std::optional<Date>();
    auto d = DateField(name);
    if (!d.ok()) return d.status();
    return std::optional<Date>(*d);
  }
  // A nested object (promise: {date, amount_minor}), or null when absent.
  Result<const json*> Object(const char* name) const {
    auto it = j_.find(name);
    if (it == j_.end() || it->is_null()) return static_cast<const json*>(nullptr);
    if (!it->is_object()) return Status::Invalid(std::string(name) + " must be an object", Field(name));
    return &*it;
  }
  std::string Nested(const char* name) const { return prefix_ + name + "."; }
  Result<Date> DateField(const char* name) const {
    auto it = j_.find(name);
    if (it == j_.end() || !it->is_string()) return Status::Invalid(std::string(name) + " must be a date YYYY-MM-DD", Field(name));
    auto d = Date::ParseIso(it->get_ref<const std::string&>());
    if (!d.ok()) return Status::Invalid(std::string(name) + " must be a date YYYY-MM-DD", Field(name));
    return *d;
  }
  // required: at least one byte; always at most max_bytes.
  Result<std::string> Text(const char* name, size_t max_bytes, bool required) const {
    auto it = j_.find(name);
    if (it == j_.end() || it->is_null()) {
      if (required) return Status::Invalid(std::string(name) + " is required", Field(name));
      return std::string();
    }
    if (!it->is_string()) return Status::Invalid(std::string(name) + " must be text", Field(name));
    const auto& s = it->get_ref<const std::string&>();
    if (required && s.find_first_not_of(" \t\r\n") == std::string::npos)
      return Status::Invalid(std::string(name) + " is required", Field(name));
    if (s.size() > max_bytes)
      return Status::Invalid(std::string(name) + " has at most " + std::to_string(max_bytes) + " bytes", Field(name));
    return s;
  }
  const json& raw() const { return j_; }
  std::string Field(const char* name) const { return prefix_ + name; }

 private:
  const json& j_;
  std::string prefix_;
};

Result<MutationArgs> ParseTaskOutcomeArgs(const Args& a) {
  TaskOutcomeArgs t;
  ENC_ASSIGN_OR_RETURN(t.task_id, a.IdField("task_id"));
  ENC_ASSIGN_OR_RETURN(t.outcome, a.Text("outcome", 20, true));
  if (!ParseTaskOutcome(t.outcome).ok())
    return Status::Invalid("outcome must be reached, promise, dispute, wrong_number, no_answer or done", "args.outcome");
  ENC_ASSIGN_OR_RETURN(t.note, a.Text("note", kMaxNoteBytes, false));
  ENC_ASSIGN_OR_RETURN(t.next_try, a.OptionalDate("next_try"));
  const json* promise = nullptr;
  ENC_ASSIGN_OR_RETURN(promise, a.Object("promise"));
  if (promise) {
    Args p(*promise, a.Nested("promise"));
    ENC_ASSIGN_OR_RETURN(t.promise_date, p.DateField("date"));
    ENC_ASSIGN_OR_RETURN(t.promise_amount_minor, p.IntField("amount_minor"));
  }
  const json* dispute = nullptr;
  ENC_ASSIGN_OR_RETURN(dispute, a.Object("dispute"));
  if (dispute) {
    Args d(*dispute, a.Nested("dispute"));
    ENC_ASSIGN_OR_RETURN(t.dispute_invoice_id, d.IdField("invoice_id"));
    ENC_ASSIGN_OR_RETURN(t.dispute_reason, d.Text("reason", kMaxReasonBytes, true));
  }
  return MutationArgs(std::move(t));
}

Result<MutationArgs> ParsePaymentArgs(const Args& a) {
  PaymentArgs p;
  ENC_ASSIGN_OR_RETURN(p.customer_id, a.IdField("customer_id"));
  ENC_ASSIGN_OR_RETURN(p.amount_minor, a.IntField("amount_minor"));
  if (p.amount_minor <= 0) return Status::Invalid("amount_minor must be positive", "args.amount_minor");
  ENC_ASSIGN_OR_RETURN(p.currency, a.Text("currency", 3, true));
  if (!FindCurrency(p.currency).ok()) return Status::Invalid("currency must be an ISO 4217 code (EUR)", "args.currency");
  ENC_ASSIGN_OR_RETURN(p.date, a.DateField("date"));
  ENC_ASSIGN_OR_RETURN(p.method, a.Text("method", 40, false));
  if (p.method.empty()) p.method = "transfer";
  for (char ch : p.method)
    if (!((ch >= 'a' && ch <= 'z') || ch == '_'))
      return Status::Invalid("method must be a lowercase word (transfer, card, cheque, direct_debit...)", "args.method");
  ENC_ASSIGN_OR_RETURN(p.reference, a.Text("reference", 200, false));
  if (auto it = a.raw().find("allocations"); it != a.raw().end() && !it->is_null()) {
    if (!it->is_array() || it->size() > kMaxAllocations)
      return Status::Invalid("allocations must be a list of {invoice_id, amount_minor}", "args.allocations");
    p.allocations.emplace();
    for (size_t i = 0; i < it->size(); ++i) {
      if (!(*it)[i].is_object()) return Status::Invalid("allocations must be a list of {invoice_id, amount_minor}", "args.allocations");
      Args one((*it)[i], "args.allocations[" + std::to_string(i) + "].");
      AllocationRequest r;
      ENC_ASSIGN_OR_RETURN(r.invoice_id, one.IdField("invoice_id"));
      ENC_ASSIGN_OR_RETURN(r.amount_minor, one.IntField("amount_minor"));
      if (r.amount_minor <= 0) return Status::Invalid("amount_minor must be positive", one.Field("amount_minor"));
      p.allocations->push_back(r);
    }
  }
  return MutationArgs(std::move(p));
}

Result<MutationArgs> ParseArgs(MutationKind kind, const Args& a) {
  switch (kind) {
    case MutationKind::kAddNote: {
      NoteArgs n;
      ENC_ASSIGN_OR_RETURN(n.customer_id, a.IdField("customer_id"));
      ENC_ASSIGN_OR_RETURN(n.text, a.Text("text", kMaxNoteBytes, true));
      return MutationArgs(std::move(n));
    }
    case MutationKind::kAddPromise: {
      PromiseArgs p;
      ENC_ASSIGN_OR_RETURN(p.customer_id, a.IdField("customer_id"));
      ENC_ASSIGN_OR_RETURN(p.date, a.DateField("date"));
      ENC_ASSIGN_OR_RETURN(p.amount_minor, a.IntField("amount_minor"));
      return MutationArgs(p);
    }
    case MutationKind::kOpenDispute: {
      DisputeArgs d;
      ENC_ASSIGN_OR_RETURN(d.invoice_id, a.IdField("invoice_id"));
      ENC_ASSIGN_OR_RETURN(d.reason, a.Text("reason", kMaxReasonBytes, true));
      return MutationArgs(std::move(d));
    }
    case MutationKind::kProposePlan: {
      PlanArgs p;
      ENC_ASSIGN_OR_RETURN(p.customer_id, a.IdField("customer_id"));
      int64_t count = 0;
      ENC_ASSIGN_OR_RETURN(count, a.IntField("installments"));
      if (count < 1 || count > kMaxInstallments)
        return Status::Invalid("installments must be between 1 and " + std::to_string(kMaxInstallments), "args.installments");
      p.installments = static_cast<int>(count);
      ENC_ASSIGN_OR_RETURN(p.first_date, a.DateField("first_date"));
      std::string frequency;
      ENC_ASSIGN_OR_RETURN(frequency, a.Text("frequency", 20, false));
      if (!frequency.empty()) {
        auto f = ParsePlanFrequency(frequency);
        if (!f.ok()) return Status::Invalid("frequency must be monthly or weekly", "args.frequency");
        p.frequency = *f;
      }
      if (auto it = a.raw().find("invoice_ids"); it != a.raw().end() && !it->is_null()) {
        if (!it->is_array() || it->size() > 10000) return Status::Invalid("invoice_ids must be a list of invoice ids", "args.invoice_ids");
        for (const auto& v : *it) {
          if (!IsInt64(v) || v.get<int64_t>() <= 0)
            return Status::Invalid("invoice_ids must be a list of invoice ids", "args.invoice_ids");
          p.invoice_ids.push_back(v.get<int64_t>());
        }
      }
      return MutationArgs(std::move(p));
    }
    case MutationKind::kApprovePlan:
    case MutationKind::kRejectPlan: {
      DecisionArgs d;
      ENC_ASSIGN_OR_RETURN(d.plan_id, a.IdField("plan_id"));
      ENC_ASSIGN_OR_RETURN(d.comment, a.Text("comment", kMaxCommentBytes, kind == MutationKind::kRejectPlan));
      return MutationArgs(std::move(d));
    }
    case MutationKind::kLogVisit: {
      VisitArgs v;
      ENC_ASSIGN_OR_RETURN(v.customer_id, a.IdField("customer_id"));
      ENC_ASSIGN_OR_RETURN(v.date, a.DateField("date"));
      ENC_ASSIGN_OR_RETURN(v.outcome, a.Text("outcome", kMaxNoteBytes, false));
      return MutationArgs(std::move(v));
    }
    case MutationKind::kTaskOutcome: return ParseTaskOutcomeArgs(a);
    case MutationKind::kRecordPayment: return ParsePaymentArgs(a);
    case MutationKind::kResolveDispute: {
      ResolveArgs r;
      ENC_ASSIGN_OR_RETURN(r.dispute_id, a.IdField("dispute_id"));
      ENC_ASSIGN_OR_RETURN(r.resolution, a.Text("resolution", kMaxReasonBytes, true));
      return MutationArgs(std::move(r));
    }
  }
  return Status::Invalid("unknown kind", "kind");
}

json ArgsJson(const MutationArgs& args) {
  struct Visitor {
    json operator()(const NoteArgs& n) const { return {{"customer_id", n.customer_id}, {"text", n.text}}; }
    json operator()(const PromiseArgs& p) const {
      return {{"customer_id", p.customer_id}, {"date", p.date.ToIso()}, {"amount_minor", p.amount_minor}};
    }
    json operator()(const DisputeArgs& d) const { return {{"invoice_id", d.invoice_id}, {"reason", d.reason}}; }
    json operator()(const PlanArgs& p) const {
      return {{"customer_id", p.customer_id},
              {"installments", p.installments},
              {"first_date", p.first_date.ToIso()},
              {"frequency", ToString(p.frequency)},
              {"invoice_ids", p.invoice_ids}};
    }
    json operator()(const DecisionArgs& d) const { return {{"plan_id", d.plan_id}, {"comment", d.comment}}; }
    json operator()(const VisitArgs& v) const {
      return {{"customer_id", v.customer_id}, {"date", v.date.ToIso()}, {"outcome", v.outcome}};
    }
    json operator()(const TaskOutcomeArgs& t) const {
      json j = {{"task_id", t.task_id}, {"outcome", t.outcome}, {"note", t.note}};
      if (t.next_try) j["next_try"] = t.next_try->ToIso();
      if (t.promise_date) j["promise"] = {{"date", t.promise_date->ToIso()}, {"amount_minor", t.promise_amount_minor}};
      if (t.dispute_invoice_id) j["dispute"] = {{"invoice_id", t.dispute_invoice_id}, {"reason", t.dispute_reason}};
      return j;
    }
    json operator()(const PaymentArgs& p) const {
      json j = {{"customer_id", p.customer_id}, {"amount_minor", p.amount_minor}, {"currency", p.currency},
                {"date", p.date.ToIso()},       {"method", p.method},             {"reference", p.reference}};
      if (p.allocations) {
        j["allocations"] = json::array();
        for (const auto& a : *p.allocations) j["allocations"].push_back({{"invoice_id", a.invoice_id}, {"amount_minor", a.amount_minor}});
      }
      return j;
    }
    json operator()(const ResolveArgs& r) const { return {{"dispute_id", r.dispute_id}, {"resolution", r.resolution}}; }
  };
  return std::visit(Visitor{}, args);
}

}  // namespace

std::string_view ToString(MutationKind kind) { return kKindNames[static_cast<size_t>(kind)]; }

Result<MutationKind> ParseMutationKind(std::string_view text) {
  for (size_t i = 0; i < kKindNames.size(); ++i)
    if (kKindNames[i] == text) return static_cast<MutationKind>(i);
  return Status::Invalid(
      "kind must be add_note, add_promise, open_dispute, propose_plan, approve_plan, reject_plan, log_visit, "
      "task_outcome, record_payment or resolve_dispute",
      "kind");
}

Date Mutation::day() const {
  auto d = Date::ParseIso(std::string_view(created_at).substr(0, 10));
  return d.ok() ? *d : Date();
}

bool IsUuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return false;
    }
  }
  return true;
}

Result<Mutation> ParseMutation(const json& j) {
  if (!j.is_object()) return Status::Invalid("a mutation must be an object", "");
  Mutation m;
  auto id = j.find("id");
  if (id == j.end() || !id->is_string() || !IsUuid(id->get_ref<const std::string&>()))
    return Status::Invalid("id must be a lower-case UUID", "id");
  m.id = id->get<std::string>();
  auto kind = j.find("kind");
  if (kind == j.end() || !kind->is_string()) return Status::Invalid("kind is required", "kind");
  ENC_ASSIGN_OR_RETURN(m.kind, ParseMutationKind(kind->get_ref<const std::string&>()));
  auto created = j.find("created_at");
  if (created == j.end() || !created->is_string() || created->get_ref<const std::string&>().size() > 40 ||
      !Date::ParseIso(created->get_ref<const std::string&>().substr(0, 10)).ok())
    return Status::Invalid("created_at must be a timestamp YYYY-MM-DDThh:mm:ssZ", "created_at");
  m.created_at = created->get<std::string>();
  auto args = j.find("args");
  if (args == j.end() || !args->is_object()) return Status::Invalid("args must be an object", "args");
  ENC_ASSIGN_OR_RETURN(m.args, ParseArgs(m.kind, Args(*args)));
  return m;
}

json ToJson(const Mutation& m) {
  return {{"id", m.id}, {"kind", ToString(m.kind)}, {"args", ArgsJson(m.args)}, {"created_at", m.created_at}};
}

}  // namespace encaisse
