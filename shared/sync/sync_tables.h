// The tables a tablet replicates, in the order a first sync copies them (a row's parents before
// it), and for each how to find the customer a row belongs to: that is what decides whether a
// sales rep may see it. The replica has the same schema as the server (the same migrations),
// so a pulled row is the server row itself, less the columns a tablet must never hold.
#pragma once

#include <span>
#include <string_view>

namespace encaisse {

struct SyncTable {
  std::string_view name;
  // An SQL expression over the table's own columns giving the row's customer id; empty for
  // rows every staff member sees (the staff list, for names on notes and plans).
  std::string_view customer_of;
  // A column never sent (the password hash), or empty.
  std::string_view hidden;
};

std::span<const SyncTable> SyncTables();
// The table's place in SyncTables(); -1 for a table that is not replicated.
int SyncTableIndex(std::string_view name);
// nullptr for a table that is not replicated.
const SyncTable* FindSyncTable(std::string_view name);

}  // namespace encaisse
