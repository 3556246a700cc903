// The domain's records, as plain structs. Money is in minor units of the record's currency;
// dates are civil dates. Ids are the store's row ids (0 = not stored yet).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shared/core/date.h"
#include "shared/core/money.h"
#include "shared/core/result.h"

namespace encaisse {

using Id = int64_t;

enum class Role { kAdmin, kManager, kCollector, kSalesRep };
enum class RiskClass { kLow, kMedium, kHigh };
enum class InvoiceStatus { kOpen, kPaid, kCancelled };
enum class PlanStatus { kPending, kActive, kCompleted, kBroken, kRejected, kCancelled };
enum class PlanFrequency { kMonthly, kWeekly };
enum class PromiseStatus { kPending, kKept, kBroken, kCancelled };
enum class DisputeStatus { kOpen, kResolved };
enum class Channel { kEmail, kSms, kLetter, kPhoneTask, kFormalNotice, kEscalation };

// Names as stored and as the API spells them ("sales_rep", "medium", ...).
std::string_view ToString(Role v);
std::string_view ToString(RiskClass v);
std::string_view ToString(InvoiceStatus v);
std::string_view ToString(PlanStatus v);
std::string_view ToString(PlanFrequency v);
std::string_view ToString(PromiseStatus v);
std::string_view ToString(DisputeStatus v);
std::string_view ToString(Channel v);
Result<Role> ParseRole(std::string_view s);
Result<RiskClass> ParseRiskClass(std::string_view s);
Result<InvoiceStatus> ParseInvoiceStatus(std::string_view s);
Result<PlanStatus> ParsePlanStatus(std::string_view s);
Result<PlanFrequency> ParsePlanFrequency(std::string_view s);
Result<PromiseStatus> ParsePromiseStatus(std::string_view s);
Result<DisputeStatus> ParseDisputeStatus(std::string_view s);
Result<Channel> ParseChannel(std::string_view s);

struct CompanySettings {
  std::string name = "Ma Société";
  Currency currency;
  // The late-payment rate written in the general terms of sale, in basis points (1215 =
  // 12,15 %). Absent: the legal default, ECB main refinancing rate + ecb_margin_bps.
  std::optional<int32_t> late_rate_bps;
  int32_t ecb_margin_bps = 1000;
  int64_t recovery_fee_minor = 4000;  // 40,00 EUR (Code de commerce L441-10, D441-5)
  int32_t installment_grace_days = 15;
  std::string timezone = "Europe/Paris";
  // How the company signs its reminders (white label: Encaisse never appears).
  std::string email;    // From and Reply-To
  std::string phone;
  std::string address;  // letterhead, one line per "\n"
  std::string iban;
  std::string bic;
  std::string portal_url = "http://127.0.0.1:8080";  // base of the personal links
  int32_t portal_link_days = 60;
  std::string dunning_time = "08:00";  // local time of the daily run
  bool thank_you = true;  // thank reminded customers once they have paid, with a receipt
  bool staff_digest = true;  // the morning email of collectors, reps and managers
  std::string brand_color = "#1d4e89";  // the portal's links and buttons
  std::string logo_mime;  // image/png or image/jpeg when a logo is stored; "" without
};

struct User {
  Id id = 0;
  std::string email;
  std::string name;
  Role role = Role::kSalesRep;
  bool disabled = false;
};

struct Customer {
  Id id = 0;
  std::string external_id;  // the customer code in the accounting system
  std::string name;
  std::string email;
  std::string phone;
  std::string address;
  bool business = true;  // B2B (penalties + 40 EUR fee) or a consumer
  RiskClass risk = RiskClass::kMedium;
  int32_t payment_terms_days = 30;
  std::optional<int32_t> contract_late_rate_bps;
  Id rep_id = 0;  // assigned sales rep (a User), 0 = none
  Id scenario_id = 0;  // 0 = the scenario of the risk class
  std::string language = "fr";
  std::optional<Date> insolvency_date;  // collective proceedings opened (no more dunning)
  int64_t credit_limit_minor = 0;
};

// A credit note is an invoice with a negative amount.
struct Invoice {
  Id id = 0;
  Id customer_id = 0;
  std::string number;
  Date issue_date;
  Date due_date;
  int64_t amount_minor = 0;
  Currency currency;
  InvoiceStatus status = InvoiceStatus::kOpen;
  int64_t open_minor = 0;  // amount less allocations (the store keeps it; the ledger recomputes it)
  std::optional<Date> formal_notice_date;  // mise en demeure sent (starts consumer interest)
  bool IsCreditNote() const { return amount_minor < 0; }
};

struct Payment {
  Id id = 0;
  Id customer_id = 0;
  Date date;
  int64_t amount_minor = 0;
  Currency currency;
  std::string method;     // transfer, card, cheque, direct_debit...
  std::string reference;  // bank reference, RF reference, invoice number
};

// Part of a payment (or of a credit note) settling an invoice: the "lettrage".
struct Allocation {
  Id id = 0;
  Id invoice_id = 0;
  Id payment_id = 0;      // 0 when the source is a credit note
  Id credit_note_id = 0;  // 0 when the source is a payment
  int64_t amount_minor = 0;
  Date date;  // when the invoice's principal went down (payment date)
};

struct Note {
  Id id = 0;
  Id customer_id = 0;
  Id author_id = 0;
  Date date;
  std::string text;
};

struct Promise {
  Id id = 0;
  Id customer_id = 0;
  Id author_id = 0;
  Date promised_date;
  int64_t amount_minor = 0;
  PromiseStatus status = PromiseStatus::kPending;
  Date created;
};

struct Dispute {
  Id id = 0;
  Id invoice_id = 0;
  Id customer_id = 0;
  Date opened;
  std::string reason;
  DisputeStatus status = DisputeStatus::kOpen;
  std::optional<Date> resolved;
  std::string resolution;
};

struct Visit {
  Id id = 0;
  Id customer_id = 0;
  Id rep_id = 0;
  Date planned;
  std::string outcome;  // empty until it happened
};

struct Installment {
  Id id = 0;
  Id plan_id = 0;
  int32_t seq = 0;  // 1-based
  Date due_date;
  int64_t amount_minor = 0;
  int64_t paid_minor = 0;
};

struct PaymentPlan {
  Id id = 0;
  Id customer_id = 0;
  PlanStatus status = PlanStatus::kPending;
  PlanFrequency frequency = PlanFrequency::kMonthly;
  int64_t total_minor = 0;
  Currency currency;
  Date created;
  std::optional<Date> approved;
  std::optional<Date> broken;
  std::vector<Id> invoice_ids;  // the invoices the plan covers
  std::vector<Installment> installments;
};

struct Reminder {
  Id id = 0;
  Id customer_id = 0;
  Date date;
  Channel channel = Channel::kEmail;
  int32_t step = 0;  // index in the scenario
  std::string status = "queued";
};

}  // namespace encaisse
