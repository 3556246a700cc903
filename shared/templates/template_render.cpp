#include "shared/templates/template_render.h"

#include <algorithm>

namespace encaisse {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

int LineOf(std::string_view text, size_t pos) {
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(pos), '\n'));
}

// Walks the template, calling `literal` for text and `placeholder` for each {{name}}.
template <typename Literal, typename Placeholder>
Status Walk(std::string_view text, Literal literal, Placeholder placeholder) {
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t open = text.find("{{", pos);
    if (open == std::string_view::npos) {
      literal(text.substr(pos));
      break;
    }
    literal(text.substr(pos, open - pos));
    const size_t close = text.find("}}", open + 2);
    if (close == std::string_view::npos)
      return Status::Invalid("line " + std::to_string(LineOf(text, open)) + ": '{{' is never closed", "template");
    const std::string_view name = Trim(text.substr(open + 2, close - open - 2));
    ENC_RETURN_IF_ERROR(placeholder(name, LineOf(text, open)));
    pos = close + 2;
  }
  return Status::Ok();
}

void InvoicesText(const TemplateValues& v, std::string* out) {
  for (const auto& l : v.invoices)
    *out += "  - " + l.number + " · " + v.invoices_header[1] + " " + l.due_date + " · " + l.open_amount +
            (l.days_late.empty() || l.days_late == "0" ? "" : " · " + l.days_late + " j") + "\n";
}

void InvoicesHtml(const TemplateValues& v, std::string* out) {
  *out += "<table class=\"invoices\"><thead><tr>";
  for (const auto& h : v.invoices_header) *out += "<th>" + EscapeHtml(h) + "</th>";
  *out += "</tr></thead><tbody>";
  for (const auto& l : v.invoices)
    *out += "<tr><td>" + EscapeHtml(l.number) + "</td><td>" + EscapeHtml(l.due_date) + "</td><td class=\"amount\">" +
            EscapeHtml(l.open_amount) + "</td><td>" + EscapeHtml(l.days_late) + "</td></tr>";
  *out += "</tbody></table>";
}

}  // namespace

const std::vector<std::string_view>& KnownPlaceholders() {
  static const std::vector<std::string_view> kNames = {
      "customer.name", "customer.external_id", "customer.contact", "company.name", "company.email",
      "company.phone", "company.address", "company.iban", "company.bic", "total_due", "open_amount",
      "overdue_amount", "interest", "fee", "invoices", "portal_link", "rf_reference", "today",
      "installment.amount", "installment.due_date", "rep.name", "rep.phone",
  };
  return kNames;
}

void AppendEscapedHtml(std::string& out, std::string_view text) {
  size_t plain = 0;  // the start of the run of characters that need no escape
  for (size_t i = text.find_first_of("&<>\"'"); i < text.size(); ++i) {
    std::string_view entity;
    switch (text[i]) {
      case '&': entity = "&amp;"; break;
      case '<': entity = "&lt;"; break;
      case '>': entity = "&gt;"; break;
      case '"': entity = "&quot;"; break;
      case '\'': entity = "&#39;"; break;
      default: continue;
    }
    out.append(text.substr(plain, i - plain)).append(entity);
    plain = i + 1;
  }
  out.append(text.substr(plain));
}

std::string EscapeHtml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  AppendEscapedHtml(out, text);
  return out;
}

Status ValidateTemplate(std::string_view text) {
  const auto& known = KnownPlaceholders();
  return Walk(text, [](std::string_view) {}, [&](std::string_view name, int line) {
    if (std::find(known.begin(), known.end(), name) == known.end())
      return Status::Invalid("line " + std::to_string(line) + ": unknown placeholder {{" + std::string(name) + "}}", "template");
    return Status::Ok();
  });
}

Result<std::string> RenderTemplate(std::string_view text, const TemplateValues& values, TemplateFormat format) {
  ENC_RETURN_IF_ERROR(ValidateTemplate(text));
  std::string out;
  const bool html = format == TemplateFormat::kHtml;
  Status s = Walk(text, [&](std::string_view literal) { out += literal; }, [&](std::string_view name, int) {
    if (name == "invoices") {
      if (format == TemplateFormat::kPrint) {
        out += kInvoiceTableMarker;
        out += '\n';
      } else {
        html ? InvoicesHtml(values, &out) : InvoicesText(values, &out);
      }
    } else if (auto it = values.scalars.find(name); it != values.scalars.end()) {
      if (html)
        AppendEscapedHtml(out, it->second);
      else
        out += it->second;
    }
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return out;
}

}  // namespace encaisse
