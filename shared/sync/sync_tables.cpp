#include "shared/sync/sync_tables.h"

#include <array>

namespace encaisse {

namespace {
constexpr std::array<SyncTable, 15> kTables = {{
    {"users", "", "password_hash"},
    {"customers", "id", ""},
    {"invoices", "customer_id", ""},
    {"payments", "customer_id", ""},
    {"allocations", "customer_id", ""},
    {"notes", "customer_id", ""},
    {"promises", "customer_id", ""},
    {"disputes", "customer_id", ""},
    {"visits", "customer_id", ""},
    {"payment_plans", "customer_id", ""},
    {"plan_invoices", "(SELECT customer_id FROM payment_plans WHERE payment_plans.id = plan_id)", ""},
    {"installments", "(SELECT customer_id FROM payment_plans WHERE payment_plans.id = plan_id)", ""},
    {"reminders", "customer_id", ""},
    {"reminder_lines", "(SELECT customer_id FROM reminders WHERE reminders.id = reminder_id)", ""},
    {"tasks", "customer_id", ""},
}};
}  // namespace

std::span<const SyncTable> SyncTables() { return kTables; }

int SyncTableIndex(std::string_view name) {
  for (size_t i = 0; i < kTables.size(); ++i)
    if (kTables[i].name == name) return static_cast<int>(i);
  return -1;
}

const SyncTable* FindSyncTable(std::string_view name) {
  const int i = SyncTableIndex(name);
  return i < 0 ? nullptr : &kTables[static_cast<size_t>(i)];
}

}  // namespace encaisse
