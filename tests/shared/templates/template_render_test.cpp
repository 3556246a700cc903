#include "shared/templates/template_render.h"

#include <gtest/gtest.h>

namespace encaisse {
namespace {

TemplateValues Values() {
  TemplateValues v;
  v.scalars["customer.name"] = "Dupont & Fils <SARL>";
  v.scalars["total_due"] = "1\u202F234,56\u00A0€";
  v.invoices = {{"FA2026-0001", "31/01/2026", "1\u202F000,00\u00A0€", "12"}, {"FA2026-0002", "15/02/2026", "234,56\u00A0€", "0"}};
  return v;
}

TEST(TemplateRender, TextKeepsValuesAsTheyAre) {
  auto out = RenderTemplate("Bonjour {{customer.name}}, reste dû : {{ total_due }}.", Values(), TemplateFormat::kText);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(*out, "Bonjour Dupont & Fils <SARL>, reste dû : 1\u202F234,56\u00A0€.");
}

TEST(TemplateRender, HtmlEscapesEveryValue) {
  auto out = RenderTemplate("<p>{{customer.name}}</p>", Values(), TemplateFormat::kHtml);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(*out, "<p>Dupont &amp; Fils &lt;SARL&gt;</p>");
  TemplateValues v;
  v.scalars["customer.name"] = "\"><script>alert(1)</script>";
  out = RenderTemplate("<a title=\"{{customer.name}}\">", v, TemplateFormat::kHtml);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->find("<script>"), std::string::npos);
  EXPECT_NE(out->find("&quot;&gt;&lt;script&gt;"), std::string::npos);
}

TEST(TemplateRender, EscapeHtmlEscapesTheFiveCharactersAnywhere) {
  EXPECT_EQ(EscapeHtml(""), "");
  EXPECT_EQ(EscapeHtml("Société Générale 1\u202F234,56\u00A0€"), "Société Générale 1\u202F234,56\u00A0€");
  EXPECT_EQ(EscapeHtml("&"), "&amp;");
  EXPECT_EQ(EscapeHtml("<a href='x' title=\"y\">R&D</a>"),
            "&lt;a href=&#39;x&#39; title=&quot;y&quot;&gt;R&amp;D&lt;/a&gt;");
  EXPECT_EQ(EscapeHtml("a<<b>>"), "a&lt;&lt;b&gt;&gt;");
  std::string page = "<td>";
  AppendEscapedHtml(page, "Dupont & Fils");
  AppendEscapedHtml(page, "");
  EXPECT_EQ(page, "<td>Dupont &amp; Fils");
}

TEST(TemplateRender, InvoicesAsLinesOrATable) {
  auto text = RenderTemplate("{{invoices}}", Values(), TemplateFormat::kText);
  ASSERT_TRUE(text.ok());
  EXPECT_NE(text->find("FA2026-0001"), std::string::npos);
  EXPECT_NE(text->find("12 j"), std::string::npos);
  EXPECT_EQ(std::count(text->begin(), text->end(), '\n'), 2);
  auto html = RenderTemplate("{{invoices}}", Values(), TemplateFormat::kHtml);
  ASSERT_TRUE(html.ok());
  EXPECT_EQ(html->rfind("<table", 0), 0u);
  EXPECT_NE(html->find("<td>FA2026-0002</td>"), std::string::npos);
}

TEST(TemplateRender, PrintLeavesOneMarkerLineForTheLetterTable) {
  auto print = RenderTemplate("Factures :\n\n{{invoices}}\nTotal : {{total_due}}", Values(), TemplateFormat::kPrint);
  ASSERT_TRUE(print.ok());
  EXPECT_EQ(*print, std::string("Factures :\n\n") + kInvoiceTableMarker + "\n\nTotal : 1\u202F234,56\u00A0€");
}

TEST(TemplateRender, UnknownPlaceholderIsNamedWithItsLine) {
  Status s = ValidateTemplate("Bonjour\n{{customer.name}}\nMontant : {{totl_due}}");
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("line 3"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("{{totl_due}}"), std::string::npos) << s.message();
  EXPECT_FALSE(RenderTemplate("{{nope}}", Values(), TemplateFormat::kText).ok());
}

TEST(TemplateRender, UnclosedBracesAreAnError) {
  Status s = ValidateTemplate("Bonjour {{customer.name");
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("never closed"), std::string::npos);
}

TEST(TemplateRender, KnownPlaceholderWithoutValueIsEmpty) {
  auto out = RenderTemplate("[{{portal_link}}]", Values(), TemplateFormat::kText);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(*out, "[]");
}

}  // namespace
}  // namespace encaisse
