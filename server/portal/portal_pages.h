// The debtor portal's pages, server-rendered HTML (French or English, mobile first, no
// JavaScript needed), every value escaped. Pure rendering: the routes gather the figures.
#pragma once

#include <string>
#include <vector>

#include "shared/ledger/statement.h"
#include "shared/model/entities.h"
#include "shared/plans/plan_policy.h"
#include "shared/store/payment_attempts.h"

namespace encaisse {

struct PortalView {
  const CompanySettings* company = nullptr;
  const Customer* customer = nullptr;
  const CustomerStatement* statement = nullptr;
  std::vector<Payment> payments;           // received, newest first
  std::vector<PaymentAttempt> attempts;    // online payments not (yet) received, newest first
  std::vector<Id> invoices_with_pdf;
  std::string csrf_token;
  std::string form_key;                    // one per rendering of the pay form
  std::string rf_reference;
  bool transfer_qr = false;                // an EPC QR code can be shown
  std::string error;                       // a refused form, said above it
  std::string notice;                      // what the last form did: "promise" or "dispute"
  std::vector<PaymentPlan> plans;          // pending or active
};

// The installment plan form, and once asked, what the company's policy says of it.
struct PlanView {
  const CompanySettings* company = nullptr;
  const Customer* customer = nullptr;
  std::string csrf_token;
  int max_installments = 12;
  Date today;
  Date last_first_date;  // the first installment falls within the policy's delay
  int count = 3;
  Date first_date;
  int64_t total_minor = 0;  // what the plan would cover (open overdue invoices)
  Currency currency;
  std::optional<PlanDecision> decision;  // the preview, when asked
  std::optional<PaymentPlan> made;       // after "accept": the plan written
  std::string error;
};

// A dispute on one invoice: the reason asked.
struct DisputeView {
  const CompanySettings* company = nullptr;
  const Customer* customer = nullptr;
  std::string csrf_token;
  Id invoice_id = 0;
  std::string invoice_number;
  std::string error;
};

bool PortalEnglish(const Customer& customer);
std::string PortalPage(const std::string& lang, const std::string& title, const std::string& body);
// The CSP source that allows the pages' inline stylesheet and nothing else: 'sha256-...'.
const std::string& PortalStyleSource();
std::string PortalHome(const PortalView& view);
// One online payment: received (the receipt), on its way, or failed with the reason.
std::string PaymentPage(const CompanySettings& company, const Customer& customer, const PaymentAttempt& attempt,
                        const CustomerStatement& statement);
std::string PlanPage(const PlanView& view);
std::string DisputePage(const DisputeView& view);
// A link that is unknown, expired or revoked, or a session that ended: who to contact.
std::string LinkInvalidPage(const CompanySettings& company);
std::string TooManyTriesPage(const CompanySettings& company);
// The sandbox gateway's checkout page, made to look like a card form.
std::string SandboxCheckoutPage(const CompanySettings& company, const PaymentAttempt& attempt, const std::string& error);

}  // namespace encaisse
