// The client side of sync: push the pending actions, then pull pages until the server has
// nothing more, applying each page to the replica in one transaction and saving /data after
// the pull; the next page is asked for while one is applied (one pull in flight at a time).
// Driven by the frame loop (Update), never blocking it. A 401 means the device was revoked or
// signed out elsewhere: the local data is wiped.
#pragma once

#include <string>
#include <vector>

#include "client_wasm/http_queue.h"
#include "client_wasm/local_store.h"

namespace encaisse::client {

class SyncEngine {
 public:
  enum class Phase { kIdle, kPushing, kPulling };
  enum class Event { kNone, kPulled, kPushed, kRevoked, kOffline, kFailed };

  SyncEngine(LocalStore& store, HttpQueue& http) : store_(store), http_(http) {}

  void Start();  // push then pull; ignored while a sync runs
  void set_page_size(int rows) { page_size_ = rows > 0 ? rows : page_size_; }
  // Handles a finished request of ours; returns what the app must react to.
  Event Handle(const HttpReply& reply);
  Phase phase() const { return phase_; }
  bool running() const { return phase_ != Phase::kIdle; }
  int64_t rows_this_sync() const { return rows_; }
  // The rows a first sync's copy sends, as its first page said (the progress bar); -1 unknown.
  // Kept in the local meta until the first sync ends, so that one cut short (the app closed,
  // the network lost) still shows its total and what it had when it resumes.
  int64_t expected_rows() const { return expected_rows_; }
  int64_t first_sync_rows() const { return rows_before_ + rows_; }  // all runs of a first sync
  int pages_this_sync() const { return pages_; }
  const std::string& last_error() const { return error_; }
  double apply_ms() const { return apply_ms_; }  // decode + apply time of this sync
  // Each page's decode + apply time, which a total hides: in a first sync the first page and the
  // invoices' pages take 2-5x as long as the later tables'.
  const std::vector<float>& page_ms() const { return page_ms_; }
  double started_ms() const { return started_ms_; }  // when the last sync began (NowMs)
  double wait_ms() const { return wait_ms_; }  // waiting for the server (network + its work)

  static constexpr int kTagPush = 101;
  static constexpr int kTagPull = 102;

 private:
  void Push();
  void Pull();                        // from the stored cursor
  void Ask(const std::string& since);  // one pull page
  Status StopPulling();               // idle again, the replica's indexes built if deferred
  std::string Url(const char* path) const;
  LocalStore& store_;
  HttpQueue& http_;
  Phase phase_ = Phase::kIdle;
  int64_t rows_ = 0;
  int64_t expected_rows_ = -1;
  int64_t rows_before_ = 0;  // a resumed first sync: what its earlier runs brought
  int pages_ = 0;
  double apply_ms_ = 0;
  std::vector<float> page_ms_;
  double started_ms_ = -1e18;
  double wait_ms_ = 0;
  double sent_ms_ = 0;
  double applied_ms_ = 0;  // when the last page was applied
  int page_size_ = 10000;  // the server's most: fewer round trips on a first sync
  bool pull_in_flight_ = false;
  bool ask_again_ = false;
  bool indexes_deferred_ = false;  // by a first sync (shared/store/replica.h)
  std::string error_;
};

}  // namespace encaisse::client
