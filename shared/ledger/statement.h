// A customer's statement (relevé de compte) on a date: every open invoice and every invoice
// paid recently, with what is open, how late it is, and the late interest and recovery fee
// the law allows, plus the totals. The same code serves the API, the portal and the client.
#pragma once

#include <string>
#include <vector>

#include "shared/ledger/aging.h"
#include "shared/model/entities.h"
#include "shared/penalties/penalties.h"
#include "shared/store/store.h"

namespace encaisse {

struct StatementLine {
  Id invoice_id = 0;
  std::string number;
  Date issue_date;
  Date due_date;
  int64_t amount_minor = 0;
  int64_t open_minor = 0;
  int32_t days_late = 0;
  int64_t interest_minor = 0;
  int64_t fee_minor = 0;
  bool disputed = false;
  bool in_plan = false;
};

struct CustomerStatement {
  Date date;
  Currency currency;
  std::vector<StatementLine> lines;  // by due date, then number
  int64_t open_minor = 0;      // open on invoices
  int64_t overdue_minor = 0;
  int64_t credit_minor = 0;    // unallocated payments and unapplied credit notes
  int64_t interest_minor = 0;
  int64_t fee_minor = 0;
  int64_t total_due_minor = 0;  // open + interest + fees - credit
  Aging aging;
};

// What the debtor owes without interest and fee: the open amounts less the credit, never negative.
int64_t PrincipalDue(const CustomerStatement& statement);

// `recent_days`: invoices paid within that many days before `date` stay on the statement
// (their interest and fee remain due after the principal is paid).
Result<CustomerStatement> BuildStatement(const Account& account, const CompanySettings& settings,
                                         const RateTables& rates, Date date, int recent_days = 90);

// The freeze windows of the approved plans covering `invoice_id` (interest stops growing
// while a plan is kept; it resumes from a breach).
std::vector<FreezeWindow> PlanFreezes(const Account& account, Id invoice_id);

}  // namespace encaisse
