// Reminder templates: text with {{placeholders}}, validated against the known names when
// saved (an unknown one is an error naming it) and rendered with HTML escaping in the HTML
// part. No logic in templates: what varies is computed before, in C++.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "shared/core/result.h"

namespace encaisse {

// kPrint is text for a printed letter: {{invoices}} becomes one line holding only
// kInvoiceTableMarker, where the letter draws its table.
enum class TemplateFormat { kText, kHtml, kPrint };
inline constexpr char kInvoiceTableMarker = '\f';

// One invoice line of {{invoices}}, already formatted for the message's language.
struct TemplateInvoiceLine {
  std::string number;
  std::string due_date;
  std::string open_amount;
  std::string days_late;
};

struct TemplateValues {
  std::map<std::string, std::string, std::less<>> scalars;  // "customer.name" -> "Boulangerie Martin SARL"
  std::vector<TemplateInvoiceLine> invoices;
  std::string invoices_header[4] = {"Facture", "Échéance", "Reste dû", "Jours de retard"};
};

// The placeholders a template may use.
const std::vector<std::string_view>& KnownPlaceholders();

// Checks the syntax and that every placeholder is known ("line 3: unknown placeholder
// {{custommer.name}}").
Status ValidateTemplate(std::string_view text);

// Renders; values are escaped for HTML in kHtml. A known placeholder without a value renders
// empty; {{invoices}} renders a table (HTML) or aligned lines (text).
Result<std::string> RenderTemplate(std::string_view text, const TemplateValues& values, TemplateFormat format);

std::string EscapeHtml(std::string_view text);
// The same, appended to `out` (a page built row by row, without a string per field).
void AppendEscapedHtml(std::string& out, std::string_view text);

}  // namespace encaisse
