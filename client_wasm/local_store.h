// The tablet's two databases under /data (IndexedDB): the replica of the server's data, large,
// saved after each pull; and a small one with what must never be lost — the actions recorded
// offline and the sign-in — saved after each action. IDBFS saves whole files, so keeping them
// apart keeps an action's save small.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "shared/store/store.h"
#include "shared/sync/mutation.h"

namespace encaisse::client {

struct PendingAction {
  std::string id;
  std::string kind;
  std::string json;       // the mutation as pushed
  std::string state;      // pending | rejected | applied
  std::string reason;     // the server's, when rejected
  std::string created_at;
  std::string summary;    // one line for the sync screen
};

class LocalStore {
 public:
  // The actions database first (all a start needs to show the saved dashboard), then the
  // replica once its file is in /data. Each creates its file when absent; a replica absent or
  // unreadable is pulled again from the start (the pending actions stay).
  Status Open();
  Status OpenReplica();
  Store& replica() { return *replica_; }
  Db& actions() { return *actions_; }

  // Sign-in and sync state (key/value in the actions database).
  std::string Get(const std::string& key) const;
  Status Set(const std::string& key, const std::string& value);

  Status Record(const Mutation& m, const std::string& summary);
  std::vector<PendingAction> Actions(const char* state_filter = nullptr) const;  // oldest first
  Status MarkResult(const std::string& id, const std::string& state, const std::string& reason);
  int CountPending() const;

  // Room for a first sync that will bring `rows` rows (see ReserveFile in browser.h).
  void ReserveReplica(int64_t rows);

  // After a 401 (revoked device) or sign-out: the replica and every pending action go.
  Status Wipe();

 private:
  Status OpenReplicaFile();
  Status NewReplica();  // an empty one in place of the file
  std::optional<Store> replica_;
  mutable std::optional<Db> actions_;  // reads prepare (and cache) statements
};

}  // namespace encaisse::client
