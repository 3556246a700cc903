// The server side of a push: each action a tablet recorded offline is checked with the shared
// rules and the user's role and scope, applied in a transaction (with its change-log rows), and
// remembered by its id with the answer it got. A retry of the same id is answered "duplicate"
// with that first answer (a retried rejection stays a rejection) and never applied again.
#pragma once

#include <string>
#include <string_view>

#include "shared/core/date.h"
#include "shared/model/entities.h"
#include "shared/store/store.h"
#include "shared/sync/mutation.h"

namespace encaisse {

struct SyncActor {
  Id user_id = 0;
  Role role = Role::kSalesRep;
  std::string device_id;
};

enum class MutationStatus { kApplied, kDuplicate, kRejected };
std::string_view ToString(MutationStatus status);

struct MutationResult {
  std::string id;
  MutationStatus status = MutationStatus::kRejected;
  std::string reason;  // why it was rejected, for the rep to read
  Id record_id = 0;    // what it created or decided: the note, promise, dispute, plan or visit
  // For a duplicate, the first answer (applied or rejected) and its reason.
  MutationStatus original = MutationStatus::kApplied;
  std::string original_reason;
};

// How old an action may be when it reaches the server (by its created_at).
inline constexpr int kMaxActionAgeDays = 60;

// Applies `m` once for this user. The action's day is the date it was recorded on the tablet
// (never later than `today`; older than kMaxActionAgeDays, it is rejected). A rule that says no (scope, role, validation, conflict, policy)
// is a rejection, remembered; only a database failure is an error, and then nothing is
// remembered so a retry tries again.
Result<MutationResult> ApplyMutation(Store& store, const SyncActor& actor, const Mutation& m, Date today,
                                     const std::string& now);

// Remembers the rejection of a pushed mutation that did not parse but has a valid id, so that
// its retries are answered the same way.
Result<MutationResult> RejectMalformed(Db& db, const SyncActor& actor, const std::string& id, std::string_view kind,
                                       const std::string& reason, const std::string& now);

}  // namespace encaisse
