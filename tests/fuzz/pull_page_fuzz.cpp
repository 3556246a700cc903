// Feeds one pull page, JSON or CBOR, whole or mangled, to the tablet's decoder (ApplyPullPage,
// shared/store/replica.h) on a small in-memory replica: it never crashes, a page it refuses is
// refused with a reason and leaves the replica as it was (one transaction), and PeekPageEnd reads
// any tail without reading past it.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "shared/store/replica.h"
#include "shared/sync/sync_tables.h"
#include "tests/fuzz/fuzz_check.h"

using namespace encaisse;

namespace {

Db& Replica() {
  static std::optional<Store> replica = [] {
    auto r = OpenReplica(":memory:", OpenOptions{.wal = false});
    FUZZ_CHECK(r.ok());
    return std::optional<Store>(std::move(r).value());
  }();
  return replica->db();
}

// Each table's row count and highest id, and the settings: what a refused page must not change.
std::string Fingerprint(Db& db) {
  std::string out;
  for (const SyncTable& t : SyncTables()) {
    auto st = db.Prepare("SELECT count(*) || ':' || coalesce(max(id), 0) FROM " + std::string(t.name));
    FUZZ_CHECK(st.ok());
    auto row = st->Step();
    FUZZ_CHECK(row.ok() && *row);
    out += std::string(st->Text(0)) + ' ';
  }
  auto st = db.Prepare("SELECT coalesce(group_concat(key || '=' || value), '') FROM settings");
  FUZZ_CHECK(st.ok());
  auto row = st->Step();
  FUZZ_CHECK(row.ok() && *row);
  return out + std::string(st->Text(0));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  Db& db = Replica();
  const std::string before = Fingerprint(db);
  auto page = ApplyPullPage(db, body);
  if (!page.ok()) {
    FUZZ_CHECK(!page.status().message().empty());
    FUZZ_CHECK(Fingerprint(db) == before);
  } else {
    FUZZ_CHECK(!page->next.empty() && page->changes >= 0);
  }
  if (auto end = PeekPageEnd(body)) FUZZ_CHECK(!end->next.empty() && end->next.size() < size);
  return 0;
}
