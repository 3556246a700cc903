// The printed documents of an account, as PDF: the reminder letter and the formal notice
// (mise en demeure) posted to the debtor, and the statement of account (relevé de compte)
// attached to emails and offered in the portal. All carry the company's letterhead, the
// debtor's address where a window envelope shows it, the invoices with their interest and
// fee, and how to pay: IBAN, the RF reference, a QR code to the personal link and the EPC QR
// code a banking app scans to fill in the transfer.
#pragma once

#include <string>
#include <vector>

#include "server/dunning/channel.h"
#include "server/letters/pdf_writer.h"
#include "shared/ledger/statement.h"
#include "shared/model/entities.h"

namespace encaisse {

// One payment received on an invoice (a receipt's line).
struct ReceiptLine {
  std::string invoice_number;
  int64_t invoice_minor = 0;
  Date paid_on;
  std::string payment;  // "virement FR-2026-118", the method and reference
  int64_t received_minor = 0;
};

struct AccountDocument {
  const CompanySettings* company = nullptr;
  const Customer* customer = nullptr;
  const CustomerStatement* statement = nullptr;
  bool formal_notice = false;
  std::string subject;
  // The letter's text (ComposedMessage::print_text): its kInvoiceTableMarker line is where the
  // invoice table goes.
  std::string body;
  std::string portal_link;
  std::string rf_reference;
  std::string epc_payload;
  std::vector<ReceiptLine> receipt;
  std::vector<HistoryEntry> history;
};

Result<std::string> RenderLetterPdf(const AccountDocument& doc, const PdfFonts& fonts);
// The statement: every line of the statement, the totals and the payment details.
Result<std::string> RenderStatementPdf(const AccountDocument& doc, const PdfFonts& fonts);

// The receipt (reçu de paiement) of a thank-you email: the payments received, the invoices
// they settled and the balance left.
Result<std::string> RenderReceiptPdf(const AccountDocument& doc, const PdfFonts& fonts);

// The hand-over dossier of an escalated account (for the lawyer or the collection agency):
// who the debtor is, the statement with interest and fees, and the history of the collection.
Result<std::string> RenderDossierPdf(const AccountDocument& doc, const PdfFonts& fonts);

// "24 novembre 2026" / "24 November 2026".
std::string LongDate(Date d, Locale locale);

}  // namespace encaisse
