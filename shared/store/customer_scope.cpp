#include "shared/store/customer_scope.h"

namespace encaisse {
namespace {

// The customer's assigned rep (0 = none), or nullopt when there is no such customer.
Result<std::optional<Id>> CustomerRep(Db& db, Id customer_id) {
  auto st = db.Prepare("SELECT rep_id FROM customers WHERE id = ?");
  if (!st.ok()) return st.status();
  st->Bind(1, customer_id);
  auto row = st->Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<Id>();
  return std::optional<Id>(st->IsNull(0) ? 0 : st->Int(0));
}

bool Visible(Id rep_id, Role role, Id user_id) { return role != Role::kSalesRep || (user_id != 0 && rep_id == user_id); }

}  // namespace

Status CheckCustomerVisible(Db& db, Id customer_id, Role role, Id user_id) {
  auto rep = CustomerRep(db, customer_id);
  if (!rep.ok()) return rep.status();
  if (!*rep || !Visible(**rep, role, user_id)) return Status::NotFound("no such customer");
  return Status::Ok();
}

Result<Id> VisibleInvoiceCustomer(Db& db, Id invoice_id, Role role, Id user_id) {
  auto st = db.Prepare("SELECT i.customer_id, c.rep_id FROM invoices i JOIN customers c ON c.id = i.customer_id WHERE i.id = ?");
  if (!st.ok()) return st.status();
  st->Bind(1, invoice_id);
  auto row = st->Step();
  if (!row.ok()) return row.status();
  if (!*row || !Visible(st->IsNull(1) ? 0 : st->Int(1), role, user_id)) return Status::NotFound("no such invoice");
  return st->Int(0);
}

}  // namespace encaisse
