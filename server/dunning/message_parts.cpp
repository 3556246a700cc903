#include "server/dunning/message_parts.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "server/dunning/mime_message.h"
#include "server/letters/account_documents.h"

namespace encaisse {

// What happened on the account, oldest first: every message sent (or refused), the promises
// and the disputes, in French (the dossier is for a French lawyer or agency).
Result<std::vector<HistoryEntry>> LoadHistory(Db& db, const Account& account, const Currency& currency) {
  std::vector<HistoryEntry> out;
  auto st = db.Prepare(
      "SELECT date, channel, kind, status, recipient, last_error FROM reminders WHERE customer_id = ? "
      "AND channel NOT IN ('escalation') ORDER BY date, id");
  if (!st.ok()) return st.status();
  st->Bind(1, account.customer.id);
  for (;;) {
    auto row = st->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    auto date = Date::ParseIso(st->Text(0));
    if (!date.ok()) return date.status();
    std::string what = std::string(st->Text(1)) +
                       (st->Text(2) == "reminder" ? "" : " (" + std::string(st->Text(2)) + ")") + " : " +
                       std::string(st->Text(3));
    if (!st->Text(4).empty()) what += ", " + std::string(st->Text(4));
    if (!st->Text(5).empty()) what += " — " + std::string(st->Text(5));
    out.push_back({*date, what});
  }
  for (const Promise& p : account.promises)
    out.push_back({p.created, "promesse de paiement de " + FormatMoney({p.amount_minor, currency}, Locale::kFr) +
                                  " pour le " + p.promised_date.ToIso() + " : " + std::string(ToString(p.status))});
  for (const Dispute& d : account.disputes)
    out.push_back({d.opened, "litige : " + d.reason + " (" + std::string(ToString(d.status)) + ")"});
  std::stable_sort(out.begin(), out.end(),
                   [](const HistoryEntry& a, const HistoryEntry& b) { return a.date < b.date; });
  return out;
}

// The email and name of the customer's sales rep (an active user).
Result<std::pair<std::string, std::string>> LoadRep(Db& db, Id rep_id) {
  auto st = db.Prepare("SELECT email, name FROM users WHERE id = ? AND disabled = 0");
  if (!st.ok()) return st.status();
  st->Bind(1, rep_id);
  auto row = st->Step();
  if (!row.ok()) return row.status();
  if (!*row) return Status::Refused("the customer has no active sales rep");
  return std::make_pair(std::string(st->Text(0)), std::string(st->Text(1)));
}

// The receipt of a thank-you: each payment received on the invoices thanked for.
Attachment ReceiptAttachment(const OutgoingMessage& m, const Account& account, const std::vector<Id>& invoice_ids,
                             const PdfFonts& fonts) {
  AccountDocument doc;
  doc.company = &m.company;
  doc.customer = &m.customer;
  doc.statement = &m.statement;
  for (Id id : invoice_ids) {
    auto inv =
        std::find_if(account.invoices.begin(), account.invoices.end(), [&](const Invoice& i) { return i.id == id; });
    if (inv == account.invoices.end()) continue;
    for (const Allocation& a : account.allocations) {
      if (a.invoice_id != id || a.payment_id == 0) continue;
      auto pay = std::find_if(account.payments.begin(), account.payments.end(),
                              [&](const Payment& p) { return p.id == a.payment_id; });
      const std::string how =
          pay == account.payments.end() ? "" : pay->method + (pay->reference.empty() ? "" : " " + pay->reference);
      doc.receipt.push_back({inv->number, inv->amount_minor, a.date, how, a.amount_minor});
    }
  }
  auto pdf = RenderReceiptPdf(doc, fonts);
  if (pdf.ok()) return {"recu.pdf", "application/pdf", std::move(*pdf)};
  spdlog::warn("reminder {}: receipt not attached: {}", m.reminder_id, pdf.status().ToString());
  return {};
}

// The statement as PDF; as CSV if the PDF cannot be made (fonts missing), so that the
// reminder still goes out with the figures.
Attachment StatementAttachment(const OutgoingMessage& m, const PdfFonts& fonts) {
  AccountDocument doc;
  doc.company = &m.company;
  doc.customer = &m.customer;
  doc.statement = &m.statement;
  doc.portal_link = m.portal_link;
  doc.rf_reference = m.rf_reference;
  doc.epc_payload = m.epc_payload;
  auto pdf = RenderStatementPdf(doc, fonts);
  if (pdf.ok()) return {"releve.pdf", "application/pdf", std::move(*pdf)};
  spdlog::warn("reminder {}: statement attached as CSV: {}", m.reminder_id, pdf.status().ToString());
  return {"releve.csv", "text/csv; charset=utf-8", StatementCsv(m.statement)};
}

}  // namespace encaisse
