// Turns a due message into what the debtor reads: the template rendered with the account's
// figures (from the statement), in the customer's language, with the personal link.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "shared/ledger/statement.h"
#include "shared/templates/default_templates.h"

namespace encaisse {

struct ComposeInput {
  const Customer* customer = nullptr;
  const CompanySettings* company = nullptr;
  const CustomerStatement* statement = nullptr;
  std::vector<Id> invoice_ids;  // the invoices the message is about (empty: every overdue one)
  bool settled = false;         // they were paid (thank-you): list their amounts, not what is open
  MessageTemplate tmpl;
  std::string portal_link;
  std::string rf_reference;
  std::optional<Installment> installment;  // installment notices
  std::string rep_name;
};

struct ComposedMessage {
  std::string subject;
  std::string text;
  std::string html;  // a complete HTML document, branded with the company's name
  std::string print_text;  // the text for a letter: the invoice list is a table marker line
};

Result<ComposedMessage> ComposeMessage(const ComposeInput& in);

// "31/01/2026" in French, "2026-01-31" in English.
std::string FormatDate(Date d, Locale locale);

}  // namespace encaisse
