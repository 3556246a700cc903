#include "server/dunning/account_message.h"

#include "server/dunning/message_parts.h"
#include "shared/import/rf_reference.h"
#include "shared/plans/installments.h"

namespace encaisse {

Result<AccountMessage> ComposeForAccount(Store& store, const Customer& customer, const MessageTemplate& tmpl,
                                         const std::string& portal_link, Date today) {
  Account account;
  ENC_ASSIGN_OR_RETURN(account, store.LoadAccount(customer.id));
  CompanySettings settings;
  ENC_ASSIGN_OR_RETURN(settings, store.LoadSettings());
  RateTables rates;
  ENC_ASSIGN_OR_RETURN(rates, store.LoadRates());
  AccountMessage out;
  ENC_ASSIGN_OR_RETURN(out.statement, BuildStatement(account, settings, rates, today));
  ComposeInput in;
  in.customer = &customer;
  in.company = &settings;
  in.statement = &out.statement;
  in.tmpl = tmpl;
  in.portal_link = portal_link;
  if (auto rf = MakeRfReference(customer.external_id); rf.ok()) in.rf_reference = *rf;
  if (customer.rep_id != 0)
    if (auto rep = LoadRep(store.db(), customer.rep_id); rep.ok()) in.rep_name = rep->second;
  // A thank-you lists what was paid lately; the others what is overdue (no invoice named).
  in.settled = tmpl.template_id == "thank_you";
  if (in.settled)
    for (const auto& line : out.statement.lines)
      if (line.open_minor == 0 && line.amount_minor > 0) in.invoice_ids.push_back(line.invoice_id);
  in.installment = NextActiveInstallment(account.plans);  // for the installment templates
  ENC_ASSIGN_OR_RETURN(out.content, ComposeMessage(in));
  return out;
}

}  // namespace encaisse
