// Schema version 6: installments paid by the money that reaches their plan's invoices. A plan
// covers the open amount of its invoices when it is made, so what has been paid on it since is
// that total less what is still open on them, whichever way it came (a payment, an import, the
// portal, a credit note). A trigger spreads it over the installments, oldest first, each time
// an open amount changes, and completes the plan once every installment is paid; the dunning
// then sees paid installments as paid (no "missed installment" after a payment). Only active
// plans move: a broken, completed or rejected plan keeps what it had. And the document a
// debtor may send with a dispute (shared/store/dispute_documents.h), one per dispute.
#pragma once

namespace encaisse {

inline constexpr const char kSchemaV6[] = R"sql(
CREATE INDEX plan_invoices_invoice ON plan_invoices(invoice_id);
CREATE TRIGGER invoices_pay_installments AFTER UPDATE OF open_minor ON invoices
WHEN NEW.open_minor <> OLD.open_minor
BEGIN
  UPDATE installments SET paid_minor = (
    SELECT max(0, min(installments.amount_minor,
             p.total_minor
             - (SELECT coalesce(sum(inv.open_minor), 0) FROM plan_invoices pi JOIN invoices inv ON inv.id = pi.invoice_id
                WHERE pi.plan_id = p.id)
             - (SELECT coalesce(sum(j.amount_minor), 0) FROM installments j
                WHERE j.plan_id = p.id AND j.seq < installments.seq)))
    FROM payment_plans p WHERE p.id = installments.plan_id)
  WHERE plan_id IN (SELECT pi.plan_id FROM plan_invoices pi JOIN payment_plans p ON p.id = pi.plan_id
                    WHERE pi.invoice_id = NEW.id AND p.status = 'active');
  UPDATE payment_plans SET status = 'completed'
  WHERE status = 'active'
    AND id IN (SELECT plan_id FROM plan_invoices WHERE invoice_id = NEW.id)
    AND NOT EXISTS (SELECT 1 FROM installments i WHERE i.plan_id = payment_plans.id AND i.paid_minor < i.amount_minor);
END;
CREATE TABLE dispute_documents (
  id INTEGER PRIMARY KEY,
  dispute_id INTEGER NOT NULL UNIQUE REFERENCES disputes(id),
  filename TEXT NOT NULL,
  content_type TEXT NOT NULL,
  content BLOB NOT NULL,
  created_at TEXT NOT NULL
);
)sql";

}  // namespace encaisse
