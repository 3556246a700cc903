// Composing a message from a template: what the fuzz target tests/fuzz/template_fuzz found.
#include "shared/dunning/message_compose.h"

#include <gtest/gtest.h>

namespace encaisse {
namespace {

TEST(FormatDate, FrenchDayMonthYearAndEnglishIso) {
  EXPECT_EQ(FormatDate(*Date::ParseIso("2026-03-07"), Locale::kFr), "07/03/2026");
  EXPECT_EQ(FormatDate(*Date::ParseIso("1999-12-31"), Locale::kFr), "31/12/1999");
  EXPECT_EQ(FormatDate(*Date::ParseIso("2026-03-07"), Locale::kEn), "2026-03-07");
}

// Found by template_fuzz: a subject that validates ({{invoices}}, or a multi-line company
// address) rendered with line breaks, and every email built from it was refused as a header
// injection. The subject is now one line.
TEST(ComposeMessage, TheSubjectIsOneLineWhateverItsPlaceholders) {
  Customer customer;
  customer.name = "Boulangerie Martin";
  CompanySettings company;
  company.name = "Ma Société";
  company.address = "12 rue Haute\n75001 Paris";
  CustomerStatement statement;
  statement.date = *Date::ParseIso("2026-11-24");
  statement.lines.push_back({1, "FA-1", statement.date, statement.date.AddDays(-40), 12000, 12000, 40});
  statement.lines.push_back({2, "FA-2", statement.date, statement.date.AddDays(-5), 5000, 5000, 5});
  ComposeInput in;
  in.customer = &customer;
  in.company = &company;
  in.statement = &statement;
  in.tmpl = {"fuzz", "fr", Channel::kEmail, "Relance {{invoices}} {{company.address}}", "Bonjour {{customer.name}}", ""};

  auto m = ComposeMessage(in);
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->subject.find_first_of("\r\n"), std::string::npos) << m->subject;
  EXPECT_NE(m->subject.find("FA-1"), std::string::npos) << m->subject;
  EXPECT_NE(m->subject.find("12 rue Haute 75001 Paris"), std::string::npos) << m->subject;
  EXPECT_EQ(m->text, "Bonjour Boulangerie Martin");

  in.tmpl.subject = "Relance {{customer.name}}";
  EXPECT_EQ(ComposeMessage(in)->subject, "Relance Boulangerie Martin");
}

}  // namespace
}  // namespace encaisse
