// The account queries of the staff API and the clients: the customer list (filters, sorts and
// keyset pagination that stays fast at 100 000 customers), a customer's detail with its
// timeline, the invoice worklist by due date, an invoice with its lettrage, and the writes a
// collector makes on an account (customer fields, payments, mark paid, credit notes, the
// invoice PDF). Free functions over the Store: prepared statements only, values always bound.
//
// Scope: every function that reads accounts takes `only_rep`; when set (a sales rep asking),
// the SQL itself keeps only the customers assigned to that rep, so that no code path can show a
// rep another rep's customer.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shared/ledger/allocation.h"
#include "shared/ledger/balance.h"
#include "shared/model/entities.h"
#include "shared/store/store.h"

namespace encaisse {

// ---- Keyset cursors -------------------------------------------------------------------------

// Where a page ended: the sort it belongs to, the last row's sort key (text, or an integer
// written in decimal) and its id (the tie-breaker). Opaque to clients: base64url text.
struct PageCursor {
  std::string sort;
  std::string key;
  Id id = 0;
  friend bool operator==(const PageCursor&, const PageCursor&) = default;
};

std::string EncodeCursor(const PageCursor& cursor);
// Invalid (field "cursor") for anything EncodeCursor did not write.
Result<PageCursor> DecodeCursor(std::string_view text);

inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 200;

// ---- Customer list --------------------------------------------------------------------------

enum class CustomerSort { kName, kNameDesc, kBalance, kBalanceDesc, kOverdue, kOverdueDesc, kExternalId };
// "name" (default for ""), "-name", "balance", "-balance", "overdue", "-overdue", "external_id".
Result<CustomerSort> ParseCustomerSort(std::string_view text);
std::string_view ToString(CustomerSort sort);

struct CustomerFilter {
  std::string q;                    // in name, external id or email, case-insensitive
  bool overdue_only = false;        // customers with an open invoice past due on `today`
  std::optional<Id> rep_id;         // assigned to this rep
  std::optional<RiskClass> risk;
  CustomerSort sort = CustomerSort::kName;
  std::string cursor;               // "" = first page
  int limit = kDefaultPageSize;     // 1..kMaxPageSize
};

struct CustomerListItem {
  Customer customer;
  std::string rep_name;         // "" when no rep
  int64_t balance_minor = 0;    // open on invoices
  int64_t overdue_minor = 0;    // of which past due
  int32_t max_days_late = 0;
  int32_t open_invoices = 0;
};

struct CustomerPage {
  std::vector<CustomerListItem> items;
  std::optional<std::string> next_cursor;  // nullopt on the last page
};

Result<CustomerPage> ListCustomers(Db& db, const CustomerFilter& filter, Date today, std::optional<Id> only_rep);

// ---- One customer ---------------------------------------------------------------------------

// The customer if it exists and is in scope; NotFound("no such customer") otherwise, the same
// answer for both.
Result<Customer> FindCustomer(Store& store, Id customer_id, std::optional<Id> only_rep);

struct CustomerExtras {
  std::string rep_name;
  std::optional<Date> reminders_paused_until;
  std::optional<int64_t> external_risk_score;
};

struct OpenInvoiceView {
  Invoice invoice;
  int32_t days_late = 0;
  bool disputed = false;  // an open dispute
  bool in_plan = false;   // covered by a pending or active plan
};

struct ReminderView {
  Id id = 0;
  Date date;
  std::string channel;  // as stored (email, sms, letter...)
  std::string template_id;
  int32_t step = 0;
  std::string status;
};

struct NoteView {
  Note note;
  std::string author_name;
};

struct VisitView {
  Visit visit;
  std::string rep_name;
};

// One event of the account, for the timeline (newest first).
struct TimelineEntry {
  Date date;
  std::string kind;  // note, promise, dispute, dispute_resolved, visit, payment, reminder, plan, credit_note
  Id id = 0;         // the row in its own table
  std::string text;  // what a person reads (note text, dispute reason, visit outcome, reference...)
  std::optional<int64_t> amount_minor;
  std::string status;  // promise, dispute, plan, reminder status; visit: planned/done
  Id invoice_id = 0;   // disputes, credit notes
  std::string invoice_number;
  std::string author;  // notes, promises, visits
  std::optional<Date> other_date;  // promise: promised date; plan: first installment
};

inline constexpr int kTimelineLimit = 200;

struct CustomerDetail {
  Customer customer;
  CustomerExtras extras;
  AccountSummary summary;  // as of today
  std::vector<OpenInvoiceView> open_invoices;  // by due date
  std::vector<ReminderView> reminders;         // the last ones, newest first
  std::vector<PaymentPlan> plans;              // newest first, with installments
  std::vector<Promise> promises;               // newest first
  std::vector<Dispute> disputes;               // newest first
  std::vector<NoteView> notes;                 // newest first
  std::vector<VisitView> visits;               // newest first
  std::vector<TimelineEntry> timeline;         // newest first, at most kTimelineLimit
  bool timeline_truncated = false;
};

Result<CustomerDetail> LoadCustomerDetail(Store& store, Id customer_id, Date today, std::optional<Id> only_rep);

// A change to a customer; absent fields are left alone. The inner optionals are "set to null".
struct CustomerUpdate {
  std::optional<std::optional<Id>> rep_id;
  std::optional<RiskClass> risk;
  std::optional<int32_t> payment_terms_days;
  std::optional<Id> scenario_id;
  std::optional<std::optional<Date>> reminders_paused_until;
  std::optional<std::optional<Date>> insolvency_date;
  std::optional<std::optional<int32_t>> contract_late_rate_bps;
  std::optional<std::string> email;
  std::optional<std::string> phone;
  bool empty() const {
    return !rep_id && !risk && !payment_terms_days && !scenario_id && !reminders_paused_until && !insolvency_date &&
           !contract_late_rate_bps && !email && !phone;
  }
};

// Checks every field (Invalid naming it; Refused with the legal message for a contract late
// rate below three times the legal rate in force on `today`) and writes them in one statement.
Status UpdateCustomer(Store& store, Id customer_id, const CustomerUpdate& update, Date today);

// ---- Invoices -------------------------------------------------------------------------------

enum class InvoiceStatusFilter { kOpen, kPaid, kAll };
Result<InvoiceStatusFilter> ParseInvoiceStatusFilter(std::string_view text);  // "" = open

struct InvoiceFilter {
  InvoiceStatusFilter status = InvoiceStatusFilter::kOpen;
  std::optional<Date> due_from;
  std::optional<Date> due_to;
  bool disputed_only = false;
  bool overdue_only = false;
  std::optional<int32_t> due_in_days;  // open, due between today and today + N
  std::optional<Id> customer_id;
  std::string cursor;
  int limit = kDefaultPageSize;
};

struct InvoiceListItem {
  Invoice invoice;
  std::string customer_name;
  int32_t days_late = 0;
  bool disputed = false;
};

struct InvoicePage {
  std::vector<InvoiceListItem> items;
  std::optional<std::string> next_cursor;
};

// By due date, then id.
Result<InvoicePage> ListInvoices(Db& db, const InvoiceFilter& filter, Date today, std::optional<Id> only_rep);

// The invoice if it exists and its customer is in scope; NotFound("no such invoice") otherwise.
Result<Invoice> FindInvoice(Store& store, Id invoice_id, std::optional<Id> only_rep);

// One line of an invoice's lettrage.
struct AllocationView {
  Allocation allocation;
  std::string source;     // "payment" or "credit_note"
  std::string method;     // payment method
  std::string reference;  // payment reference, or the credit note's number
  std::string invoice_number;  // the invoice settled (for a credit note's own applications)
};

struct InvoiceDetail {
  Invoice invoice;
  std::string customer_name;
  int32_t days_late = 0;
  bool disputed = false;
  bool in_plan = false;
  bool has_pdf = false;
  std::vector<AllocationView> allocations;  // what settled this invoice, by date
  std::vector<AllocationView> applied;      // a credit note: the invoices it settled
  std::vector<Dispute> disputes;
};

Result<InvoiceDetail> LoadInvoiceDetail(Store& store, Id invoice_id, Date today, std::optional<Id> only_rep);

// ---- Writes on an account -------------------------------------------------------------------

struct PaymentOutcome {
  Id payment_id = 0;
  AllocationPlan plan;
};

// A payment spread over the account's invoices oldest first, those under an open dispute left
// alone (a collector settles them explicitly); what is left stays as a credit.
Result<AllocationPlan> AllocateFifoUndisputed(const Payment& payment, const Account& account);

// Records a payment of `payment.customer_id`: allocated as `requested` (explicit lettrage) or,
// without it, to the oldest open invoices first, skipping invoices under an open dispute. What
// is left stays as a credit. NotFound for an unknown customer; Invalid (naming the field) for a
// request the account cannot take. Nothing is written unless everything fits.
Result<PaymentOutcome> RecordCustomerPayment(Store& store, const Payment& payment,
                                             const std::optional<std::vector<AllocationRequest>>& requested);

// Settles what is open on an invoice with a payment of that amount dated `today`. Conflict
// when the invoice is already paid (or is a credit note).
Result<PaymentOutcome> MarkInvoicePaid(Store& store, Id invoice_id, Date today, const std::string& method,
                                       const std::string& reference);

// Issues a credit note (avoir: an invoice of -amount for the same customer, numbered `number`)
// and applies it to the invoice at once, in one transaction with a note carrying the reason.
// Invalid for an amount above what is open; Conflict when the invoice is not open or the
// number exists. Returns the credit note's id.
Result<Id> AddCreditNote(Store& store, Id invoice_id, int64_t amount_minor, const std::string& number,
                         const std::string& reason, Id author_id, Date today);

// The invoice's own PDF document.
Status SaveInvoicePdf(Db& db, Id invoice_id, std::string_view content, const std::string& now);
Result<std::optional<std::string>> LoadInvoicePdf(Db& db, Id invoice_id);
// The customer's invoices that have their PDF attached, open or not (one query over the
// covering (customer, number) index, for a page listing them; unsorted).
Result<std::vector<Id>> InvoicesWithPdf(Db& db, Id customer_id);

}  // namespace encaisse
