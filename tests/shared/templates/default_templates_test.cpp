#include "shared/templates/default_templates.h"

#include <gtest/gtest.h>

#include <set>

namespace encaisse {
namespace {

TEST(TemplateName, EveryShippedTemplateHasANameInBothLanguages) {
  std::set<std::string> ids;
  for (const auto& t : DefaultTemplates()) ids.insert(t.template_id);
  ASSERT_GE(ids.size(), 10u);
  std::set<std::string_view> french, english;
  for (const auto& id : ids) {
    EXPECT_NE(TemplateName(id, false), id) << id << " is shown by its id";
    EXPECT_NE(TemplateName(id, true), id) << id << " is shown by its id";
    french.insert(TemplateName(id, false));
    english.insert(TemplateName(id, true));
  }
  EXPECT_EQ(french.size(), ids.size()) << "two templates share a French name";
  EXPECT_EQ(english.size(), ids.size()) << "two templates share an English name";
}

TEST(TemplateName, NamesTheShippedOnesAndShowsACompanysOwnByItsId) {
  EXPECT_EQ(TemplateName("reminder_2", false), "2e relance");
  EXPECT_EQ(TemplateName("reminder_2", true), "Second reminder");
  EXPECT_EQ(TemplateName("relance_vip", false), "relance_vip");
  EXPECT_EQ(TemplateName("", true), "");
}

}  // namespace
}  // namespace encaisse
