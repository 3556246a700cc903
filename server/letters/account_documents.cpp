#include "server/letters/account_documents.h"

#include <algorithm>
#include <functional>

#include "shared/dunning/message_compose.h"
#include "shared/payments/bank_references.h"
#include "shared/templates/template_render.h"

namespace encaisse {
namespace {

constexpr TextStyle kBody{10};
constexpr TextStyle kSmall{8, false, 0.3f};
constexpr TextStyle kCell{8.5f};
constexpr TextStyle kCellBold{8.5f, true};

// Where a window envelope (DL, window on the right) shows the address once the A4 sheet is
// folded in three: from 110 mm left and 50 mm top, 85 mm wide.
constexpr float kAddressX = 110 * kMm;
constexpr float kAddressY = 50 * kMm;

struct Words {
  const char* columns[8];
  const char* principal;
  const char* interest;
  const char* fee;
  const char* credit;
  const char* total;
  const char* how_to_pay;
  const char* transfer;
  const char* reference;
  const char* online;
  const char* scan_portal;
  const char* scan_transfer;
  const char* customer_code;
  const char* statement_title;
  const char* subject;
  const char* legal;
  const char* page;
  const char* receipt_title;
  const char* receipt_intro;
  const char* receipt_columns[5];
  const char* balance;
  const char* dossier_title;
  const char* debtor;
  const char* history;
};

constexpr Words kFrench{
    {"Facture", "Émise le", "Échéance", "Montant", "Reste dû", "Retard", "Pénalités", "Indemnité"},
    "Principal restant dû",
    "Pénalités de retard (art. L441-10 C. com.)",
    "Indemnités forfaitaires de recouvrement (art. D441-5)",
    "Avoirs et paiements non affectés",
    "Total dû",
    "Comment régler",
    "Virement : IBAN ",
    "Référence à indiquer : ",
    "En ligne : ",
    "Payer en ligne",
    "Virement SEPA",
    "Votre code client : ",
    "Relevé de compte au ",
    "Objet : ",
    "Tout retard de paiement entraîne des pénalités au taux de la BCE majoré de 10 points (art. L441-10 du Code de "
    "commerce) et une indemnité forfaitaire pour frais de recouvrement de 40 € par facture (art. D441-5).",
    "Page ",
    "Reçu de paiement du ",
    "Nous accusons réception des règlements suivants et vous en remercions.",
    {"Facture", "Montant facture", "Reçu le", "Règlement", "Montant reçu"},
    "Solde de votre compte",
    "Dossier de recouvrement au ",
    "Débiteur",
    "Historique du recouvrement",
};

constexpr Words kEnglish{
    {"Invoice", "Issued", "Due", "Amount", "Open", "Late", "Interest", "Fee"},
    "Principal outstanding",
    "Late-payment interest (French Commercial Code L441-10)",
    "Fixed recovery fees (D441-5)",
    "Unallocated credit and payments",
    "Total due",
    "How to pay",
    "Bank transfer: IBAN ",
    "Reference to quote: ",
    "Online: ",
    "Pay online",
    "SEPA transfer",
    "Your customer code: ",
    "Statement of account as of ",
    "Subject: ",
    "Late payment bears interest at the ECB rate plus 10 points (French Commercial Code L441-10) and a fixed "
    "recovery fee of EUR 40 per invoice (D441-5).",
    "Page ",
    "Payment receipt of ",
    "We acknowledge receipt of the following payments, with thanks.",
    {"Invoice", "Invoice amount", "Received on", "Payment", "Amount received"},
    "Balance of your account",
    "Collection file as of ",
    "Debtor",
    "Collection history",
};

Locale LocaleOf(const Customer& c) {
  auto locale = ParseLocale(c.language);
  return locale.ok() ? *locale : Locale::kFr;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// A postal address in lines: its own line breaks, and a one-line French address cut before
// its postcode ("46 avenue Jean Jaurès, 13006 Marseille").
std::vector<std::string> AddressLines(const std::string& address) {
  std::vector<std::string> out;
  for (std::string line : Lines(address)) {
    for (size_t comma = line.find(", "); comma != std::string::npos; comma = line.find(", ")) {
      const bool postcode = comma + 7 <= line.size() && std::all_of(line.begin() + comma + 2, line.begin() + comma + 7,
                                                                    [](char c) { return c >= '0' && c <= '9'; });
      if (!postcode) break;
      out.push_back(line.substr(0, comma));
      line.erase(0, comma + 2);
    }
    out.push_back(line);
  }
  return out;
}

class DocumentLayout {
 public:
  DocumentLayout(PdfWriter& pdf, const AccountDocument& doc)
      : pdf_(pdf), doc_(doc), locale_(LocaleOf(*doc.customer)), words_(locale_ == Locale::kEn ? kEnglish : kFrench) {}

  std::string Money(int64_t minor) const { return FormatMoney({minor, doc_.statement->currency}, locale_); }

  // Letterhead, the address in the envelope window, the date and the customer code.
  void FirstPage() {
    pdf_.SetMargins(20 * kMm, 17 * kMm, 20 * kMm, 20 * kMm);
    pdf_.OnNewPage([this](PdfWriter& w) { Footer(w); });
    pdf_.NewPage();
    const CompanySettings& co = *doc_.company;
    pdf_.Text(pdf_.left(), 20 * kMm + 14, co.name, {15, true});
    float y = 20 * kMm + 28;
    for (const std::string& line : Lines(co.address)) {
      pdf_.Text(pdf_.left(), y, line, kSmall);
      y += 11;
    }
    for (const std::string& line : {co.phone, co.email}) {
      if (line.empty()) continue;
      pdf_.Text(pdf_.left(), y, line, kSmall);
      y += 11;
    }
    const Customer& c = *doc_.customer;
    pdf_.Text(kAddressX, kAddressY, c.name, {11, true});
    float ay = kAddressY + 15;
    for (const std::string& line : AddressLines(c.address)) {
      pdf_.Text(kAddressX, ay, line, {10.5f});
      ay += 14;
    }
    pdf_.Text(kAddressX, 88 * kMm, LongDate(doc_.statement->date, locale_), kBody);
    pdf_.Text(pdf_.left(), 88 * kMm, std::string(words_.customer_code) + c.external_id, kSmall);
    pdf_.set_y(96 * kMm);
  }

  void Footer(PdfWriter& w) {
    std::string line = doc_.company->name;
    for (const std::string& part : Lines(doc_.company->address)) line += " · " + part;
    const float y = PdfWriter::kPageHeight - 10 * kMm;
    w.Text(w.left(), y, line, {7, false, 0.45f});
    w.TextRight(w.right(), y, words_.page + std::to_string(w.page_count()), {7, false, 0.45f});
  }

  // The invoices with what is open, the interest and the fee, and the totals: the same sums
  // as the total due the letter's text names. A letter lists what is open; the statement
  // also what was paid recently.
  void InvoiceTable(bool statement) {
    const float l = pdf_.left();
    const float w = pdf_.right() - l;
    // Column edges from the left margin: three text columns, then right-aligned figures.
    const float text_x[3] = {l + 3, l + 82, l + 137};
    const float right_x[5] = {l + 262, l + 334, l + 370, l + 426, l + w - 3};
    auto header = [&] {
      pdf_.Ensure(18);
      pdf_.Rect(l, pdf_.y(), w, 15, 0.88f);
      const float base = pdf_.y() + 10.5f;
      for (int i = 0; i < 3; ++i) pdf_.Text(text_x[i], base, words_.columns[i], kCellBold);
      for (int i = 0; i < 5; ++i) pdf_.TextRight(right_x[i], base, words_.columns[3 + i], kCellBold);
      pdf_.set_y(pdf_.y() + 15);
    };
    header();
    int64_t open = 0, interest = 0, fee = 0;
    for (const StatementLine& line : doc_.statement->lines) {
      // A paid invoice still owes the interest and fee of its late payment.
      if (!statement && line.open_minor <= 0 && line.interest_minor <= 0 && line.fee_minor <= 0) continue;
      if (pdf_.y() + 13 > PdfWriter::kPageHeight - 25 * kMm) {
        pdf_.NewPage();
        header();
      }
      const float base = pdf_.y() + 9.5f;
      pdf_.Text(text_x[0], base, line.number, kCell);
      pdf_.Text(text_x[1], base, FormatDate(line.issue_date, locale_), kCell);
      pdf_.Text(text_x[2], base, FormatDate(line.due_date, locale_), kCell);
      const std::string late =
          line.days_late > 0 ? std::to_string(line.days_late) + (locale_ == Locale::kEn ? " d" : " j") : "";
      const std::string cells[5] = {Money(line.amount_minor), Money(line.open_minor), late, Money(line.interest_minor),
                                    Money(line.fee_minor)};
      for (int i = 0; i < 5; ++i) pdf_.TextRight(right_x[i], base, cells[i], kCell);
      pdf_.set_y(pdf_.y() + 13);
      pdf_.HLine(l, pdf_.y(), w, 0.8f);
      open += line.open_minor;
      interest += line.interest_minor;
      fee += line.fee_minor;
    }
    pdf_.set_y(pdf_.y() + 4);
    auto total = [&](const char* label, int64_t minor, bool bold) {
      pdf_.Ensure(13);
      const TextStyle style = bold ? TextStyle{9.5f, true} : kCell;
      pdf_.TextRight(right_x[4] - 80, pdf_.y() + 9.5f, label, style);
      pdf_.TextRight(right_x[4], pdf_.y() + 9.5f, Money(minor), style);
      pdf_.set_y(pdf_.y() + 13);
    };
    total(words_.principal, open, false);
    if (interest != 0 || doc_.customer->business) total(words_.interest, interest, false);
    if (fee != 0) total(words_.fee, fee, false);
    if (doc_.statement->credit_minor != 0) total(words_.credit, -doc_.statement->credit_minor, false);
    total(words_.total, open + interest + fee - doc_.statement->credit_minor, true);
    pdf_.set_y(pdf_.y() + 8);
  }

  // The payments received, each on the invoice it settled, and the balance left.
  void ReceiptTable() {
    const float l = pdf_.left();
    const float w = pdf_.right() - l;
    const float text_x[2] = {l + 3, l + 200};
    const float money_x[3] = {l + 150, l + 268, l + w - 3};
    pdf_.Ensure(18);
    pdf_.Rect(l, pdf_.y(), w, 15, 0.88f);
    float base = pdf_.y() + 10.5f;
    pdf_.Text(text_x[0], base, words_.receipt_columns[0], kCellBold);
    pdf_.TextRight(money_x[0], base, words_.receipt_columns[1], kCellBold);
    pdf_.Text(text_x[1] - 38, base, words_.receipt_columns[2], kCellBold);
    pdf_.Text(money_x[1] + 10, base, words_.receipt_columns[3], kCellBold);
    pdf_.TextRight(money_x[2], base, words_.receipt_columns[4], kCellBold);
    pdf_.set_y(pdf_.y() + 15);
    int64_t received = 0;
    for (const ReceiptLine& line : doc_.receipt) {
      pdf_.Ensure(13);
      base = pdf_.y() + 9.5f;
      pdf_.Text(text_x[0], base, line.invoice_number, kCell);
      pdf_.TextRight(money_x[0], base, Money(line.invoice_minor), kCell);
      pdf_.Text(text_x[1] - 38, base, FormatDate(line.paid_on, locale_), kCell);
      pdf_.Text(money_x[1] + 10, base, line.payment, kCell);
      pdf_.TextRight(money_x[2], base, Money(line.received_minor), kCell);
      pdf_.set_y(pdf_.y() + 13);
      pdf_.HLine(l, pdf_.y(), w, 0.8f);
      received += line.received_minor;
    }
    pdf_.set_y(pdf_.y() + 4);
    auto total = [&](const std::string& label, int64_t minor, bool bold) {
      pdf_.Ensure(13);
      const TextStyle style = bold ? TextStyle{9.5f, true} : kCell;
      pdf_.TextRight(money_x[2] - 80, pdf_.y() + 9.5f, label, style);
      pdf_.TextRight(money_x[2], pdf_.y() + 9.5f, Money(minor), style);
      pdf_.set_y(pdf_.y() + 13);
    };
    total(words_.receipt_columns[4], received, false);
    total(std::string(words_.balance) + " (" + FormatDate(doc_.statement->date, locale_) + ")",
          doc_.statement->total_due_minor, true);
  }

  // Who the debtor is, as a lawyer needs it.
  void Debtor() {
    const Customer& c = *doc_.customer;
    std::string who = std::string(words_.debtor) + " : " + c.name + " (" + c.external_id + ")";
    for (const std::string& line : AddressLines(c.address)) who += "\n" + line;
    for (const std::string& contact : {c.email, c.phone})
      if (!contact.empty()) who += "\n" + contact;
    pdf_.Paragraph(who, kBody);
    pdf_.set_y(pdf_.y() + 6);
  }

  // The collection's events, oldest first.
  void History() {
    pdf_.set_y(pdf_.y() + 4);
    pdf_.Paragraph(words_.history, {10.5f, true});
    for (const HistoryEntry& e : doc_.history) pdf_.Paragraph(FormatDate(e.date, locale_) + "  " + e.what, kCell, 6);
  }

  // The body of a letter; the table goes where the template put {{invoices}}.
  void Body() {
    if (!doc_.subject.empty()) {
      pdf_.Paragraph(words_.subject + doc_.subject, {10.5f, true});
      pdf_.set_y(pdf_.y() + 8);
    }
    const std::string marker(1, kInvoiceTableMarker);
    size_t start = 0;
    while (start < doc_.body.size()) {
      size_t at = doc_.body.find(marker + "\n", start);
      if (at == std::string::npos && doc_.body.size() > 0 && doc_.body.back() == kInvoiceTableMarker)
        at = doc_.body.size() - 1;
      const size_t end = at == std::string::npos ? doc_.body.size() : at;
      std::string_view part(doc_.body.data() + start, end - start);
      while (!part.empty() && part.back() == '\n') part.remove_suffix(1);
      if (!part.empty()) pdf_.Paragraph(part, kBody);
      if (at == std::string::npos) break;
      pdf_.set_y(pdf_.y() + 6);
      InvoiceTable(false);
      start = at + 2;
    }
  }

  // IBAN, reference and link, with the two QR codes on the right.
  Status PaymentBox() {
    const float box = 34 * kMm;
    pdf_.set_y(pdf_.y() + 4);
    pdf_.Ensure(box + 4);
    const float l = pdf_.left(), top = pdf_.y(), w = pdf_.right() - l;
    const float qr = box - 10;
    pdf_.Rect(l, top, w, box, 0.95f);
    float y = top + 16;
    pdf_.Text(l + 8, y, words_.how_to_pay, {10.5f, true});
    y += 15;
    const CompanySettings& co = *doc_.company;
    if (!co.iban.empty()) {
      pdf_.Text(l + 8, y, words_.transfer + FormatIban(co.iban), kCell);
      y += 12;
      if (!co.bic.empty()) {
        pdf_.Text(l + 8, y, "BIC " + co.bic, kCell);
        y += 12;
      }
    }
    if (!doc_.rf_reference.empty()) {
      pdf_.Text(l + 8, y, words_.reference, kCell);
      pdf_.Text(l + 8 + pdf_.TextWidth(words_.reference, kCell), y, doc_.rf_reference, kCellBold);
      y += 12;
    }
    if (!doc_.portal_link.empty()) {
      pdf_.Text(l + 8, y, words_.online, kCell);
      y += 11;
      // The link on as many lines as it needs, in the space left of the codes.
      const float room = w - 2 * qr - 30;
      std::string rest = doc_.portal_link;
      while (!rest.empty()) {
        size_t n = rest.size();
        while (n > 1 && pdf_.TextWidth(rest.substr(0, n), {7.5f}) > room) --n;
        pdf_.Text(l + 8, y, rest.substr(0, n), {7.5f});
        rest.erase(0, n);
        y += 10;
      }
    }
    float qx = pdf_.right() - qr - 4;
    auto code = [&](const std::string& payload, const char* caption) -> Status {
      if (payload.empty()) return Status::Ok();
      ENC_RETURN_IF_ERROR(pdf_.Qr(qx, top + 2, qr, payload));
      const TextStyle small{7, false, 0.2f};
      pdf_.Text(qx + (qr - pdf_.TextWidth(caption, small)) / 2, top + box - 3, caption, small);
      qx -= qr + 8;
      return Status::Ok();
    };
    ENC_RETURN_IF_ERROR(code(doc_.epc_payload, words_.scan_transfer));
    ENC_RETURN_IF_ERROR(code(doc_.portal_link, words_.scan_portal));
    pdf_.set_y(top + box + 8);
    return Status::Ok();
  }

  void LegalMention() {
    if (!doc_.customer->business) return;  // the L441-10 terms apply between businesses
    pdf_.Paragraph(words_.legal, {7.5f, false, 0.35f});
  }

  const Words& words() const { return words_; }
  Locale locale() const { return locale_; }

 private:
  PdfWriter& pdf_;
  const AccountDocument& doc_;
  Locale locale_;
  const Words& words_;
};

Status CheckInput(const AccountDocument& doc) {
  if (!doc.company || !doc.customer || !doc.statement) return Status::Internal("account document: missing input");
  return Status::Ok();
}

}  // namespace

std::string LongDate(Date d, Locale locale) {
  static const char* kFr[] = {"janvier", "février", "mars",      "avril",   "mai",      "juin",
                              "juillet", "août",    "septembre", "octobre", "novembre", "décembre"};
  static const char* kEn[] = {"January", "February", "March",     "April",   "May",      "June",
                              "July",    "August",   "September", "October", "November", "December"};
  const char* month = (locale == Locale::kEn ? kEn : kFr)[d.month() - 1];
  return (locale == Locale::kFr && d.day() == 1 ? "1er" : std::to_string(d.day())) + " " + month + " " +
         std::to_string(d.year());
}

Result<std::string> RenderLetterPdf(const AccountDocument& doc, const PdfFonts& fonts) {
  ENC_RETURN_IF_ERROR(CheckInput(doc));
  std::unique_ptr<PdfWriter> pdf;
  ENC_ASSIGN_OR_RETURN(pdf, PdfWriter::Create(fonts, doc.subject, doc.company->name));
  DocumentLayout layout(*pdf, doc);
  layout.FirstPage();
  layout.Body();
  ENC_RETURN_IF_ERROR(layout.PaymentBox());
  layout.LegalMention();
  return pdf->Finish();
}

// A document with a title under the letterhead ("Relevé de compte au …"), then `content`.
Result<std::string> RenderTitled(const AccountDocument& doc, const PdfFonts& fonts, const char* Words::*title_words,
                                 const std::function<Status(DocumentLayout&, PdfWriter&)>& content) {
  ENC_RETURN_IF_ERROR(CheckInput(doc));
  const Locale locale = LocaleOf(*doc.customer);
  const std::string title =
      (locale == Locale::kEn ? kEnglish : kFrench).*title_words + LongDate(doc.statement->date, locale);
  std::unique_ptr<PdfWriter> pdf;
  ENC_ASSIGN_OR_RETURN(pdf, PdfWriter::Create(fonts, title, doc.company->name));
  DocumentLayout layout(*pdf, doc);
  layout.FirstPage();
  pdf->Paragraph(title, {13, true});
  pdf->set_y(pdf->y() + 5);
  ENC_RETURN_IF_ERROR(content(layout, *pdf));
  return pdf->Finish();
}

Result<std::string> RenderStatementPdf(const AccountDocument& doc, const PdfFonts& fonts) {
  return RenderTitled(doc, fonts, &Words::statement_title, [](DocumentLayout& layout, PdfWriter&) {
    layout.InvoiceTable(true);
    ENC_RETURN_IF_ERROR(layout.PaymentBox());
    layout.LegalMention();
    return Status::Ok();
  });
}

Result<std::string> RenderDossierPdf(const AccountDocument& doc, const PdfFonts& fonts) {
  return RenderTitled(doc, fonts, &Words::dossier_title, [](DocumentLayout& layout, PdfWriter&) {
    layout.Debtor();
    layout.InvoiceTable(true);
    layout.History();
    return Status::Ok();
  });
}

Result<std::string> RenderReceiptPdf(const AccountDocument& doc, const PdfFonts& fonts) {
  return RenderTitled(doc, fonts, &Words::receipt_title, [](DocumentLayout& layout, PdfWriter& pdf) {
    pdf.Paragraph(layout.words().receipt_intro, kBody);
    pdf.set_y(pdf.y() + 6);
    layout.ReceiptTable();
    return Status::Ok();
  });
}

}  // namespace encaisse
