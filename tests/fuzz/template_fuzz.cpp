// Feeds a reminder template (first line: subject, the rest: body) to ValidateTemplate,
// RenderTemplate and ComposeMessage: a template that validates renders and composes into a
// one-line subject, and a value reaches the HTML escaped.
#include <cstdint>
#include <string>

#include "shared/dunning/message_compose.h"
#include "shared/store/template_store.h"
#include "shared/templates/template_render.h"
#include "tests/fuzz/fuzz_check.h"

using namespace encaisse;

namespace {

ComposedMessage Compose(const MessageTemplate& tmpl, Result<ComposedMessage>* result) {
  Customer customer;
  customer.name = "<script>alert(1)</script> & Fils";
  customer.external_id = "C\"001'";
  customer.language = tmpl.language;
  CompanySettings company;
  company.name = "Société <b>";
  CustomerStatement statement;
  statement.date = Date::ParseIso("2026-11-24").value();
  statement.lines.push_back({1, "FA-<1>", statement.date, statement.date.AddDays(-40), 12000, 12000, 40});
  statement.lines.push_back({2, "FA-2", statement.date, statement.date.AddDays(-5), 5000, 2500, 5});
  statement.open_minor = statement.overdue_minor = 14500;
  ComposeInput in;
  in.customer = &customer;
  in.company = &company;
  in.statement = &statement;
  in.tmpl = tmpl;
  in.portal_link = "https://pay.example/p/abc?x=1&y=<2>";
  in.rf_reference = "RF18539007547034";
  in.installment = Installment{};
  *result = ComposeMessage(in);
  return result->ok() ? result->value() : ComposedMessage();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  const Status valid = ValidateTemplate(input);
  TemplateValues values;
  values.scalars["customer.name"] = "<Martin & Fils>";
  values.invoices.push_back({"FA-1", "31/01/2026", "120,00 €", "40"});
  for (TemplateFormat f : {TemplateFormat::kText, TemplateFormat::kHtml, TemplateFormat::kPrint}) {
    auto out = RenderTemplate(input, values, f);
    FUZZ_CHECK(out.ok() == valid.ok());
    if (out.ok() && input.find("{{") == std::string::npos) FUZZ_CHECK(*out == input);
  }

  const size_t newline = input.find('\n');
  MessageTemplate tmpl;
  tmpl.template_id = "fuzz";
  tmpl.language = size % 2 ? "en" : "fr";
  tmpl.subject = input.substr(0, newline);
  tmpl.text = newline == std::string::npos ? "" : input.substr(newline + 1);
  if (!ValidateTemplateParts(tmpl).ok()) return 0;
  Result<ComposedMessage> result = Status::Internal("not composed");
  const ComposedMessage m = Compose(tmpl, &result);
  FUZZ_CHECK(result.ok());  // what an administrator may save always composes
  FUZZ_CHECK(m.subject.find_first_of("\r\n") == std::string::npos);  // one header line, or the email is refused
  if (input.find('<') == std::string::npos) FUZZ_CHECK(m.html.find("<script") == std::string::npos);
  return 0;
}
