// Which reminders are due today for one customer: the heart of the dunning run, pure and
// deterministic, shared by the server's daily run and the client's calendar preview.
//
// Rules (each has a unit test):
//  - one message per customer, channel and day, listing every invoice whose step is due;
//  - an invoice gets each step at most once;
//  - after a gap (the run did not run for days) only the most advanced due step goes out,
//    never a burst of the missed ones;
//  - nothing for paid, disputed or plan-covered invoices (plans send their own installment
//    reminders: 3 days before each installment, and once the day after a missed one);
//  - nothing while a promise to pay is pending (its date not passed); from the day after a
//    broken promise the scenario resumes where the invoices stand;
//  - nothing for a customer under collective proceedings or whose reminders are paused;
//  - nothing for an invoice whose reminders are paused, until that date included: from the
//    day after, it resumes where it stands (as after a gap, the most advanced step only).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "shared/dunning/scenario.h"

namespace encaisse {

struct DunningInvoice {
  Id id = 0;
  Date due_date;
  int64_t open_minor = 0;
  bool disputed = false;
  bool in_active_plan = false;
  std::optional<Date> paused_until;  // no reminder for it until this date (inclusive)
};

// A step already sent for an invoice (the outbox's history).
struct SentStep {
  Id invoice_id = 0;
  int step = 0;  // index in the scenario's steps
  Id scenario_id = 0;
};

struct DunningInstallment {
  Id plan_id = 0;
  int seq = 0;
  Date due_date;
  int64_t amount_minor = 0;
  int64_t paid_minor = 0;
};

enum class InstallmentNotice { kUpcoming, kMissed };

struct SentInstallmentNotice {
  Id plan_id = 0;
  int seq = 0;
  InstallmentNotice notice = InstallmentNotice::kUpcoming;
};

struct DunningInput {
  bool insolvent = false;
  std::optional<Date> paused_until;
  std::span<const DunningInvoice> invoices;
  std::span<const SentStep> history;
  std::span<const Promise> promises;
  std::span<const DunningInstallment> installments;  // of the customer's active plans
  std::span<const SentInstallmentNotice> installment_history;
};

struct ReminderLine {
  Id invoice_id = 0;
  int step = 0;
};

struct InstallmentLine {
  Id plan_id = 0;
  int seq = 0;
  InstallmentNotice notice = InstallmentNotice::kUpcoming;
};

struct DueMessage {
  Channel channel = Channel::kEmail;
  int step = -1;  // the most advanced scenario step in the message (-1: installment notices only)
  std::string template_id;
  bool attach_statement = false;
  bool include_penalties = false;
  std::vector<ReminderLine> lines;
  std::vector<InstallmentLine> installments;
};

inline constexpr int kInstallmentNoticeDaysBefore = 3;

std::vector<DueMessage> DecideReminders(const DunningInput& input, const Scenario& scenario, Date today);

// True while a promise to pay holds the reminders (pending and its date not passed).
bool PromisePending(std::span<const Promise> promises, Date today);

}  // namespace encaisse
