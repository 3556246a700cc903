// What a tablet records offline and pushes later: intents, not rows. Each has an id the tablet
// makes (a UUID), so the server applies it once however often it is pushed; the server checks
// it again with the same rules before applying it (shared/store/mutation_apply.h). The JSON:
//   {"id": "<uuid>", "kind": "add_promise", "args": {...}, "created_at": "2026-12-05T09:30:00Z"}
// with the args of each kind below.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "shared/core/date.h"
#include "shared/core/result.h"
#include "shared/ledger/allocation.h"
#include "shared/model/entities.h"

namespace encaisse {

struct NoteArgs {  // add_note
  Id customer_id = 0;
  std::string text;
};
struct PromiseArgs {  // add_promise
  Id customer_id = 0;
  Date date;
  int64_t amount_minor = 0;
};
struct DisputeArgs {  // open_dispute
  Id invoice_id = 0;
  std::string reason;
};
struct PlanArgs {  // propose_plan
  Id customer_id = 0;
  int installments = 0;
  Date first_date;
  PlanFrequency frequency = PlanFrequency::kMonthly;
  std::vector<Id> invoice_ids;  // empty: every open overdue invoice
};
struct DecisionArgs {  // approve_plan, reject_plan
  Id plan_id = 0;
  std::string comment;  // required to reject
};
struct VisitArgs {  // log_visit
  Id customer_id = 0;
  Date date;
  std::string outcome;
};

// The collectors' desk actions go the same way: recorded in the client, applied once.
struct TaskOutcomeArgs {  // task_outcome: what a call gave (shared/store/task_store.h)
  Id task_id = 0;
  std::string outcome;  // reached, promise, dispute, wrong_number, no_answer, done
  std::string note;
  std::optional<Date> next_try;       // no_answer
  std::optional<Date> promise_date;   // promise, with promise_amount_minor
  int64_t promise_amount_minor = 0;
  Id dispute_invoice_id = 0;          // dispute, with dispute_reason
  std::string dispute_reason;
};
struct PaymentArgs {  // record_payment
  Id customer_id = 0;
  int64_t amount_minor = 0;
  std::string currency;  // ISO 4217
  Date date;
  std::string method = "transfer";
  std::string reference;
  std::optional<std::vector<AllocationRequest>> allocations;  // none: oldest invoices first
};
struct ResolveArgs {  // resolve_dispute
  Id dispute_id = 0;
  std::string resolution;
};

enum class MutationKind {
  kAddNote, kAddPromise, kOpenDispute, kProposePlan, kApprovePlan, kRejectPlan, kLogVisit,
  kTaskOutcome, kRecordPayment, kResolveDispute
};
std::string_view ToString(MutationKind kind);
Result<MutationKind> ParseMutationKind(std::string_view text);

using MutationArgs = std::variant<NoteArgs, PromiseArgs, DisputeArgs, PlanArgs, DecisionArgs, VisitArgs, TaskOutcomeArgs,
                                  PaymentArgs, ResolveArgs>;

struct Mutation {
  std::string id;  // lower-case UUID, 36 characters
  MutationKind kind = MutationKind::kAddNote;
  MutationArgs args;
  std::string created_at;  // ISO 8601, the tablet's clock; its date is the action's day
  Date day() const;        // the date part of created_at
};

bool IsUuid(std::string_view text);

// Parses and checks the shape of one mutation (types, required fields, lengths); errors name
// the field ("args.date"). Whether it may be applied is for the store to say.
Result<Mutation> ParseMutation(const nlohmann::json& j);
nlohmann::json ToJson(const Mutation& m);

}  // namespace encaisse
