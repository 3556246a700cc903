// What a message carries beside its text, gathered by the outbox worker from the account:
// the statement and receipt PDFs attached to emails, the history that goes into an
// escalation's dossier, the sales rep a notice goes to.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "server/dunning/channel.h"
#include "server/letters/pdf_writer.h"
#include "shared/store/store.h"

namespace encaisse {

// The statement as PDF; as CSV if the PDF cannot be made (fonts missing), so that the
// reminder still goes out with the figures.
Attachment StatementAttachment(const OutgoingMessage& m, const PdfFonts& fonts);
// The receipt of a thank-you: each payment received on the invoices thanked for (no bytes
// when it cannot be made: the thanks go out without it).
Attachment ReceiptAttachment(const OutgoingMessage& m, const Account& account, const std::vector<Id>& invoice_ids,
                             const PdfFonts& fonts);
// What happened on the account, oldest first: every message sent (or refused), the promises
// and the disputes, in French (the dossier is for a French lawyer or agency).
Result<std::vector<HistoryEntry>> LoadHistory(Db& db, const Account& account, const Currency& currency);
// The email and name of the customer's sales rep (an active user); Refused without one.
Result<std::pair<std::string, std::string>> LoadRep(Db& db, Id rep_id);

}  // namespace encaisse
