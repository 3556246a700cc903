// Structured creditor references (ISO 11649): check digits valid and invalid, forms accepted,
// references made from invoice numbers.
#include "shared/import/rf_reference.h"

#include <gtest/gtest.h>

#include <string>

namespace encaisse {
namespace {

TEST(RfReferenceTest, ChecksTheCheckDigits) {
  struct Case {
    const char* reference;
    const char* body;  // nullptr: not a valid RF reference
  };
  const Case cases[] = {
      {"RF18539007547034", "539007547034"},           // the ISO 11649 example
      {"RF18 5390 0754 7034", "539007547034"},        // printed in groups of four
      {"rf18539007547034", "539007547034"},           // any case
      {"RF18000000000539007547034", "000000000539007547034"},  // 21 characters of body
      {"RF712348231", "2348231"},
      {"RF45G72UUR", "G72UUR"},                       // letters in the body
      {"RF20FA002", "FA002"},
      {"RF19539007547034", nullptr},                  // wrong check digits
      {"RF18539007547035", nullptr},                  // a changed body
      {"RF81539007547034", nullptr},                  // swapped check digits
      {"RF18", nullptr},                              // no body
      {"RF180000000000539007547034", nullptr},        // 22 characters of body
      {"RF18-5390-0754-7034", nullptr},               // not letters and digits
      {"RFAB539007547034", nullptr},
      {"FR18539007547034", nullptr},
      {"", nullptr},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.reference);
    const auto body = RfReferenceBody(c.reference);
    if (c.body) {
      ASSERT_TRUE(body.has_value());
      EXPECT_EQ(*body, c.body);
    } else {
      EXPECT_FALSE(body.has_value()) << *body;
    }
  }
}

TEST(RfReferenceTest, TellsWhatLooksLikeAnRfReference) {
  EXPECT_TRUE(LooksLikeRfReference("RF19539007547034"));  // invalid, but it claims to be one
  EXPECT_TRUE(LooksLikeRfReference("rf 18 5390"));
  EXPECT_FALSE(LooksLikeRfReference("RFA"));
  EXPECT_FALSE(LooksLikeRfReference("VIR RF18539007547034"));
  EXPECT_FALSE(LooksLikeRfReference("FA-001"));
}

TEST(RfReferenceTest, MakesReferencesFromInvoiceNumbers) {
  struct Case {
    const char* number;
    const char* reference;  // nullptr: refused
  };
  const Case cases[] = {
      {"539007547034", "RF18539007547034"},
      {"FA-002", "RF20FA002"},
      {"FA-2024-001", "RF79FA2024001"},
      {"fa/2024/001", "RF79FA2024001"},
      {"", nullptr},
      {"---", nullptr},
      {"0123456789012345678901", nullptr},  // 22 characters
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.number);
    auto made = MakeRfReference(c.number);
    if (!c.reference) {
      EXPECT_FALSE(made.ok());
      continue;
    }
    ASSERT_TRUE(made.ok()) << made.status().ToString();
    EXPECT_EQ(*made, c.reference);
    EXPECT_EQ(RfReferenceBody(*made), RfBodyOf(c.number));
  }
  // Every made reference checks, whatever the number.
  for (int i = 0; i < 2000; ++i) {
    const std::string number = "F" + std::to_string(i * 7919) + "Z" + std::to_string(i);
    auto made = MakeRfReference(number);
    ASSERT_TRUE(made.ok());
    ASSERT_TRUE(RfReferenceBody(*made).has_value()) << *made;
  }
}

}  // namespace
}  // namespace encaisse
