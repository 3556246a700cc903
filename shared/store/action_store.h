// What staff record on a customer account: notes, promises to pay, visits, and disputes on
// invoices (open, resolve). Free functions over the store's connection; every value is bound,
// every rule checked here so the API and the sync of offline actions apply the same ones.
// Scope (which customer a user may touch) is the caller's: see customer_scope.h.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "shared/model/entities.h"
#include "shared/store/db.h"

namespace encaisse {

inline constexpr size_t kMaxNoteBytes = 10000;
inline constexpr size_t kMaxReasonBytes = 2000;
inline constexpr int kMaxPromiseDays = 90;   // a promise falls today .. today + 90 days
inline constexpr int kMaxVisitDays = 365;    // a visit within a year either side of today

// Each Add* validates (400-type errors name the field), inserts, and returns the stored record
// with its id. A customer that does not exist is NotFound.
Result<Note> AddNote(Db& db, const Note& note);                      // text 1..kMaxNoteBytes
Result<Promise> AddPromise(Db& db, const Promise& promise, Date today);  // status pending, created today
Result<Visit> AddVisit(Db& db, const Visit& visit, Date today);

// Opens a dispute on an invoice (its customer is the invoice's). Conflict when the invoice
// already has an open dispute, is cancelled or is a credit note; NotFound without the invoice.
// The check and the insert are one statement: two concurrent requests cannot both open one.
Result<Dispute> OpenDispute(Db& db, Id invoice_id, Date opened, const std::string& reason);
// Resolves an open dispute. NotFound without it, Conflict when it is already resolved.
Result<Dispute> ResolveDispute(Db& db, Id dispute_id, Date resolved, const std::string& resolution);
Result<Dispute> GetDispute(Db& db, Id dispute_id);

struct DisputeListItem {
  Dispute dispute;
  std::string invoice_number;
  std::string customer_name;
  int64_t invoice_amount_minor = 0;
  int64_t invoice_open_minor = 0;
  std::string currency;
};

// Disputes by id, after `after_id`, at most `limit`; every status when `status` is empty.
Result<std::vector<DisputeListItem>> ListDisputes(Db& db, std::optional<DisputeStatus> status, Id after_id, int limit);

}  // namespace encaisse
