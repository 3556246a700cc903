#include "shared/dunning/message_compose.h"

#include <algorithm>
#include <cstdio>

#include "shared/templates/template_render.h"

namespace encaisse {

std::string FormatDate(Date d, Locale locale) {
  std::string iso = d.ToIso();
  if (locale == Locale::kEn) return iso;
  if (iso.size() != 10) {  // a year outside 0-9999
    char buf[24];
    std::snprintf(buf, sizeof buf, "%02d/%02d/%04d", d.day(), d.month(), d.year());
    return buf;
  }
  // DD/MM/YYYY rearranged from the ISO text: one calendar conversion instead of three.
  const char fr[10] = {iso[8], iso[9], '/', iso[5], iso[6], '/', iso[0], iso[1], iso[2], iso[3]};
  return std::string(fr, sizeof fr);
}

Result<ComposedMessage> ComposeMessage(const ComposeInput& in) {
  if (!in.customer || !in.company || !in.statement) return Status::Internal("ComposeMessage: missing input");
  const Locale locale = ParseLocale(in.customer->language).ok() ? *ParseLocale(in.customer->language) : Locale::kFr;
  const Currency currency = in.statement->currency;
  auto money = [&](int64_t minor) { return FormatMoney({minor, currency}, locale); };

  TemplateValues v;
  if (locale == Locale::kEn) {
    v.invoices_header[0] = "Invoice";
    v.invoices_header[1] = "Due";
    v.invoices_header[2] = "Open";
    v.invoices_header[3] = "Days late";
  }
  if (in.settled) {
    v.invoices_header[2] = locale == Locale::kEn ? "Amount" : "Montant";
    v.invoices_header[3] = "";
  }
  for (const auto& line : in.statement->lines) {
    const bool wanted = in.invoice_ids.empty()
                            ? line.days_late > 0
                            : std::find(in.invoice_ids.begin(), in.invoice_ids.end(), line.invoice_id) != in.invoice_ids.end();
    if (!wanted || (!in.settled && line.open_minor <= 0)) continue;
    if (in.settled)
      v.invoices.push_back({line.number, FormatDate(line.due_date, locale), money(line.amount_minor), ""});
    else
      v.invoices.push_back({line.number, FormatDate(line.due_date, locale), money(line.open_minor), std::to_string(line.days_late)});
  }
  const CompanySettings& co = *in.company;
  v.scalars["customer.name"] = in.customer->name;
  v.scalars["customer.external_id"] = in.customer->external_id;
  v.scalars["company.name"] = co.name;
  v.scalars["company.email"] = co.email;
  v.scalars["company.phone"] = co.phone;
  v.scalars["company.address"] = co.address;
  v.scalars["company.iban"] = co.iban;
  v.scalars["company.bic"] = co.bic;
  const CustomerStatement& st = *in.statement;
  const bool penalties = in.customer->business || st.interest_minor > 0;
  // What is still owed: after a payment (thank-you) too, where it may be nothing.
  v.scalars["total_due"] = money(penalties ? st.total_due_minor : st.open_minor - st.credit_minor);
  v.scalars["open_amount"] = money(st.open_minor);
  v.scalars["overdue_amount"] = money(st.overdue_minor);
  v.scalars["interest"] = money(st.interest_minor);
  v.scalars["fee"] = money(st.fee_minor);
  v.scalars["portal_link"] = in.portal_link;
  v.scalars["rf_reference"] = in.rf_reference;
  v.scalars["today"] = FormatDate(st.date, locale);
  v.scalars["rep.name"] = in.rep_name;
  if (in.installment) {
    v.scalars["installment.amount"] = money(in.installment->amount_minor - in.installment->paid_minor);
    v.scalars["installment.due_date"] = FormatDate(in.installment->due_date, locale);
  }

  ComposedMessage out;
  ENC_ASSIGN_OR_RETURN(out.subject, RenderTemplate(in.tmpl.subject, v, TemplateFormat::kText));
  // One line (an email refuses a header with a line break): {{invoices}} or a multi-line value
  // (company.address) in a subject runs on with spaces.
  std::replace_if(out.subject.begin(), out.subject.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
  ENC_ASSIGN_OR_RETURN(out.text, RenderTemplate(in.tmpl.text, v, TemplateFormat::kText));
  ENC_ASSIGN_OR_RETURN(out.print_text, RenderTemplate(in.tmpl.text, v, TemplateFormat::kPrint));
  std::string body;
  ENC_ASSIGN_OR_RETURN(body, RenderTemplate(in.tmpl.html.empty() ? in.tmpl.text : in.tmpl.html, v, TemplateFormat::kHtml));
  if (in.tmpl.html.empty()) {  // plain text template: paragraphs and line breaks
    std::string html = "<p>";
    for (size_t i = 0; i < body.size(); ++i) {
      if (body.compare(i, 2, "\n\n") == 0) {
        html += "</p>\n<p>";
        ++i;
      } else if (body[i] == '\n') {
        html += "<br>\n";
      } else {
        html += body[i];
      }
    }
    body = html + "</p>";
  }
  // Links become clickable; the link text is the escaped URL itself.
  if (!in.portal_link.empty()) {
    const std::string escaped = EscapeHtml(in.portal_link);
    const std::string anchor = "<a href=\"" + escaped + "\">" + escaped + "</a>";
    for (size_t pos = body.find(escaped); pos != std::string::npos; pos = body.find(escaped, pos + anchor.size()))
      body.replace(pos, escaped.size(), anchor);
  }
  out.html = "<!doctype html><html lang=\"" + std::string(locale == Locale::kEn ? "en" : "fr") +
             "\"><head><meta charset=\"utf-8\"><title>" + EscapeHtml(out.subject) +
             "</title></head><body style=\"font-family:Arial,Helvetica,sans-serif;color:#1d2733;max-width:40em\">"
             "<h2 style=\"color:#0b5cad\">" + EscapeHtml(co.name) + "</h2>" + body + "</body></html>";
  return out;
}

}  // namespace encaisse
