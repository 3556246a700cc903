// Money: currencies, checked arithmetic, parsing of typed amounts and CLDR formatting. The
// FormatMoney expectations were generated with Intl.NumberFormat (ICU 78, CLDR 48) in node.
#include "shared/core/money.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>

namespace encaisse {
namespace {

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
constexpr const char* kAllCodes[] = {"EUR", "USD", "GBP", "CHF", "JPY", "CAD", "XOF", "XPF", "MAD", "TND"};

Currency Cur(std::string_view code) {
  auto c = FindCurrency(code);
  EXPECT_TRUE(c.ok()) << code;
  return c.ok() ? *c : Eur();
}

// The parse result as one comparable string: the number, or the error's code and message.
std::string Show(const Result<int64_t>& r) { return r.ok() ? std::to_string(*r) : r.status().ToString(); }

const char* LocaleName(Locale l) { return l == Locale::kFr ? "fr" : "en"; }

TEST(MoneyCurrencyTest, FindsEveryKnownCurrency) {
  struct Row { const char* code; int digits; };
  const Row rows[] = {{"EUR", 2}, {"USD", 2}, {"GBP", 2}, {"CHF", 2}, {"JPY", 0},
                      {"CAD", 2}, {"XOF", 0}, {"XPF", 0}, {"MAD", 2}, {"TND", 3}};
  for (const Row& r : rows) {
    SCOPED_TRACE(r.code);
    auto c = FindCurrency(r.code);
    ASSERT_TRUE(c.ok()) << c.status().ToString();
    EXPECT_EQ(c->Code(), r.code);
    EXPECT_EQ(c->minor_digits, r.digits);
  }
  EXPECT_EQ(Eur(), Cur("EUR"));
  EXPECT_EQ(Eur().minor_digits, 2);
  EXPECT_FALSE(Eur() == Cur("USD"));
}

TEST(MoneyCurrencyTest, RefusesUnknownCodes) {
  for (const char* code : {"XXX", "eur", "", "EURO", "EU", "€", "BTC"}) {
    SCOPED_TRACE(code);
    auto c = FindCurrency(code);
    ASSERT_FALSE(c.ok());
    EXPECT_EQ(c.status().code(), Code::kInvalidArgument);
    EXPECT_EQ(c.status().field(), "currency");
    EXPECT_EQ(c.status().message(),
              "unknown currency '" + std::string(code) + "' (expected an ISO 4217 code such as EUR)");
  }
}

TEST(MoneyTest, EqualityComparesAmountAndCurrency) {
  EXPECT_EQ((Money{100, Eur()}), (Money{100, Eur()}));
  EXPECT_NE((Money{100, Eur()}), (Money{101, Eur()}));
  EXPECT_NE((Money{100, Eur()}), (Money{100, Cur("USD")}));
}

TEST(MoneyTest, AddAndSubInOneCurrency) {
  struct Row { int64_t a, b, sum, diff; };
  const Row rows[] = {
      {0, 0, 0, 0},           {150, 250, 400, -100},      {-500, 200, -300, -700},
      {kMax, 0, kMax, kMax},   {kMax - 1, 1, kMax, kMax - 2}, {kMin, 0, kMin, kMin},
      {kMin + 1, -1, kMin, kMin + 2}, {-1, kMax, kMax - 1, kMin},
  };
  for (const Row& r : rows) {
    SCOPED_TRACE(testing::Message() << r.a << ", " << r.b);
    auto sum = Money::Add({r.a, Eur()}, {r.b, Eur()});
    EXPECT_TRUE(sum.ok()) << sum.status().ToString();
    if (sum.ok()) {
      EXPECT_EQ(*sum, (Money{r.sum, Eur()}));
    }
    auto diff = Money::Sub({r.a, Eur()}, {r.b, Eur()});
    EXPECT_TRUE(diff.ok()) << diff.status().ToString();
    if (diff.ok()) {
      EXPECT_EQ(*diff, (Money{r.diff, Eur()}));
    }
  }
  auto extremes = Money::Add({kMax, Eur()}, {kMin, Eur()});
  ASSERT_TRUE(extremes.ok());
  EXPECT_EQ(extremes->minor, -1);
  auto jpy = Money::Add({1000, Cur("JPY")}, {234, Cur("JPY")});
  ASSERT_TRUE(jpy.ok());
  EXPECT_EQ(jpy->minor, 1234);
  EXPECT_EQ(jpy->currency.Code(), "JPY");
}

TEST(MoneyTest, AddAndSubRefuseOverflow) {
  struct Row { int64_t a, b; bool add; };
  const Row rows[] = {
      {kMax, 1, true},  {kMin, -1, true}, {kMax, kMax, true}, {kMin, kMin, true},
      {kMin, 1, false}, {kMax, -1, false}, {0, kMin, false},   {kMax, kMin, false}, {-2, kMax, false},
  };
  for (const Row& r : rows) {
    SCOPED_TRACE(testing::Message() << r.a << (r.add ? " + " : " - ") << r.b);
    auto m = r.add ? Money::Add({r.a, Eur()}, {r.b, Eur()}) : Money::Sub({r.a, Eur()}, {r.b, Eur()});
    EXPECT_EQ(m.ok() ? std::to_string(m->minor) : m.status().ToString(), "invalid_argument: amount overflow");
  }
}

TEST(MoneyTest, AddAndSubRefuseMixedCurrencies) {
  auto add = Money::Add({100, Eur()}, {100, Cur("USD")});
  ASSERT_FALSE(add.ok());
  EXPECT_EQ(add.status().code(), Code::kInvalidArgument);
  EXPECT_EQ(add.status().message(), "cannot add EUR and USD");
  auto sub = Money::Sub({100, Eur()}, {100, Cur("JPY")});
  ASSERT_FALSE(sub.ok());
  EXPECT_EQ(sub.status().message(), "cannot subtract JPY from EUR");
  // Even zero amounts: the currency check comes first.
  EXPECT_FALSE(Money::Add({0, Cur("GBP")}, {0, Cur("CHF")}).ok());
  EXPECT_FALSE(Money::Sub({0, Cur("XOF")}, {0, Cur("XPF")}).ok());
}

TEST(ParseLocaleTest, AcceptsFrenchAndEnglishTags) {
  struct Row { const char* tag; Locale locale; };
  const Row rows[] = {{"fr", Locale::kFr},    {"fr-FR", Locale::kFr}, {"fr_CA", Locale::kFr},
                      {"FR", Locale::kFr},    {"Fr-be", Locale::kFr}, {"en", Locale::kEn},
                      {"en-GB", Locale::kEn}, {"EN-us", Locale::kEn}, {"en_US", Locale::kEn}};
  for (const Row& r : rows) {
    SCOPED_TRACE(r.tag);
    auto l = ParseLocale(r.tag);
    EXPECT_TRUE(l.ok()) << l.status().ToString();
    if (l.ok()) {
      EXPECT_EQ(*l, r.locale);
    }
  }
}

TEST(ParseLocaleTest, RefusesOtherLanguages) {
  for (const char* tag : {"", "f", "de", "de-FR", "french", "fra", "frFR", "en GB", "es"}) {
    SCOPED_TRACE(tag);
    auto l = ParseLocale(tag);
    ASSERT_FALSE(l.ok());
    EXPECT_EQ(l.status().field(), "language");
    EXPECT_EQ(l.status().message(), "unsupported language '" + std::string(tag) + "' (fr or en)");
  }
}

struct ParseRow {
  const char* text;
  const char* currency;
  int64_t minor;
};

TEST(ParseAmountTest, AcceptsFrenchAndEnglishForms) {
  const ParseRow rows[] = {
      {"1234.56", "EUR", 123456},
      {"1234,56", "EUR", 123456},
      {"1 234,56", "EUR", 123456},
      {"1 234,56 €", "EUR", 123456},
      {"1 234,56€", "EUR", 123456},
      {"1\u202F234,56\u00A0€", "EUR", 123456},  // as FormatMoney writes it
      {"1\u00A0234,56", "EUR", 123456},
      {"1\u202F234\u202F567,89", "EUR", 123456789},
      {"€1,234.56", "EUR", 123456},
      {"€ 1,234.56", "EUR", 123456},
      {"EUR 1234.56", "EUR", 123456},
      {"1234.56 EUR", "EUR", 123456},
      {"1234,56EUR", "EUR", 123456},
      {"1.234.567,89", "EUR", 123456789},
      {"1,234,567.89", "EUR", 123456789},
      {"1 234 567,89", "EUR", 123456789},
      {"1'234'567.89", "EUR", 123456789},
      {"1\u2019234.56", "EUR", 123456},
      {"1.234,5", "EUR", 123450},
      {"1,000,000", "EUR", 100000000},
      {"1.000.000", "EUR", 100000000},
      {"-12,00", "EUR", -1200},
      {"-12,00 €", "EUR", -1200},
      {"-€12.00", "EUR", -1200},
      {"€-12.00", "EUR", -1200},
      {"- 12,00", "EUR", -1200},
      {"\u221212,00", "EUR", -1200},
      {"+12,00", "EUR", 1200},
      {"12", "EUR", 1200},
      {"0", "EUR", 0},
      {"-0", "EUR", 0},
      {"007", "EUR", 700},
      {"0,5", "EUR", 50},
      {"0,05", "EUR", 5},
      {",5", "EUR", 50},
      {"12,", "EUR", 1200},
      {"  12,50  ", "EUR", 1250},
      {"\t12.50\t", "EUR", 1250},
      {"\u00A012,50\u202F", "EUR", 1250},
      {"92233720368547758,07", "EUR", kMax},
      {"92 233 720 368 547 758,07 €", "EUR", kMax},
      {"-92 233 720 368 547 758,08", "EUR", kMin},
      {"1234", "JPY", 1234},
      {"¥1,234", "JPY", 1234},  // a currency without decimals: the single ',' groups
      {"1.234", "JPY", 1234},
      {"1,234,567", "JPY", 1234567},
      {"1 234 JPY", "JPY", 1234},
      {"-¥5", "JPY", -5},
      {"9223372036854775807", "JPY", kMax},
      {"-9223372036854775808", "JPY", kMin},
      {"1,234", "TND", 1234},  // TND has 3 decimals: 1,234 TND
      {"1 234,567 TND", "TND", 1234567},
      {"0,5", "TND", 500},
      {"1 234,56 $US", "USD", 123456},
      {"$1,234.56", "USD", 123456},
      {"-$1,234.56", "USD", -123456},
      {"1234 $", "USD", 123400},
      {"CA$1,234.56", "CAD", 123456},
      {"1 234,56 $CA", "CAD", 123456},
      {"CAD 5", "CAD", 500},
      {"£1,234.56", "GBP", 123456},
      {"1 234,56 £GB", "GBP", 123456},
      {"CHF 1'234.56", "CHF", 123456},
      {"1\u202F235\u00A0F\u202FCFA", "XOF", 1235},
      {"F\u202FCFA\u00A01,235", "XOF", 1235},
      {"1 235 FCFA", "XOF", 1235},
      {"CFPF 1,235", "XPF", 1235},
      {"1 235 FCFP", "XPF", 1235},
      {"MAD 12.50", "MAD", 1250},
  };
  for (const ParseRow& r : rows) {
    SCOPED_TRACE(testing::Message() << "'" << r.text << "' " << r.currency);
    EXPECT_EQ(Show(ParseAmount(r.text, Cur(r.currency))), std::to_string(r.minor));
  }
}

struct BadRow {
  const char* text;
  const char* currency;
  const char* message;
};

TEST(ParseAmountTest, RefusesWhatIsNotAnAmount) {
  const BadRow rows[] = {
      {"", "EUR", "the amount is empty"},
      {"   ", "EUR", "the amount is empty"},
      {"\u00A0\u202F", "EUR", "the amount is empty"},
      // Too many decimals is an error, never a rounding.
      {"12,345", "EUR", "'12,345' has 3 decimal places but EUR has 2"},
      {"12.345", "EUR", "'12.345' has 3 decimal places but EUR has 2"},
      {"0,001", "EUR", "'0,001' has 3 decimal places but EUR has 2"},
      {"1.234,567", "EUR", "'1.234,567' has 3 decimal places but EUR has 2"},
      {"12,5", "JPY", "'12,5' has 1 decimal place but JPY has none"},
      {"1.50", "JPY", "'1.50' has 2 decimal places but JPY has none"},
      {"1,2345", "JPY", "'1,2345' has 4 decimal places but JPY has none"},
      {"1,2345", "TND", "'1,2345' has 4 decimal places but TND has 3"},
      // Letters and other characters.
      {"12a", "EUR", "'12a' is not an amount (unexpected character 'a')"},
      {"abc", "EUR", "'abc' is not an amount (unexpected character 'a')"},
      {"1e5", "EUR", "'1e5' is not an amount (unexpected character 'e')"},
      {"douze", "EUR", "'douze' is not an amount (unexpected character 'd')"},
      {"12 $", "EUR", "'12 $' is not an amount (unexpected character '$')"},
      {"12 USD", "EUR", "'12 USD' is not an amount (unexpected character 'U')"},
      {"12 €", "USD", "'12 €' is not an amount (unexpected character '€')"},  // whole character
      {"€12€", "EUR", "'€12€' is not an amount (unexpected character '€')"},
      {"١٢", "EUR", "'١٢' is not an amount (unexpected character '١')"},
      {"(12,00)", "EUR", "'(12,00)' is not an amount (unexpected character '(')"},
      {"1\t234", "EUR", "'1\t234' is not an amount (unexpected character '\t')"},
      // Signs: one, in front.
      {"--12", "EUR", "'--12' is not an amount (unexpected character '-')"},
      {"+-12", "EUR", "'+-12' is not an amount (unexpected character '-')"},
      {"-€-12", "EUR", "'-€-12' is not an amount (unexpected character '-')"},
      {"+€-12", "EUR", "'+€-12' is not an amount (unexpected character '-')"},
      {"12-", "EUR", "'12-' is not an amount (unexpected character '-')"},
      // No digits.
      {"-", "EUR", "'-' is not an amount (no digits)"},
      {"€", "EUR", "'€' is not an amount (no digits)"},
      {",", "EUR", "',' is not an amount (no digits)"},
      {".,", "EUR", "'.,' is not an amount (no digits)"},
      {"- €", "EUR", "'- €' is not an amount (no digits)"},
      // Separators.
      {"1,234.56.78", "EUR", "'1,234.56.78' is not an amount (two decimal separators)"},
      {"1.234,56,78", "EUR", "'1.234,56,78' is not an amount (two decimal separators)"},
      {"1,23,456", "EUR", "'1,23,456' is not an amount (digit groups must have three digits)"},
      {"1,23,456.00", "EUR", "'1,23,456.00' is not an amount (digit groups must have three digits)"},
      {"12,34,56", "EUR", "'12,34,56' is not an amount (digit groups must have three digits)"},
      {"1.234.56", "EUR", "'1.234.56' is not an amount (digit groups must have three digits)"},
      {"1234,567.89", "EUR", "'1234,567.89' is not an amount (digit groups must have three digits)"},
      {"1234.567,89", "EUR", "'1234.567,89' is not an amount (digit groups must have three digits)"},
      {",123,456", "EUR", "',123,456' is not an amount (digit groups must have three digits)"},
      {"1,,234", "EUR", "'1,,234' is not an amount (digit groups must have three digits)"},
      {"12 34", "EUR", "'12 34' is not an amount (digit groups must have three digits)"},
      {"1 2345", "EUR", "'1 2345' is not an amount (digit groups must have three digits)"},
      {"1 234 ,56", "EUR", "'1 234 ,56' is not an amount (digit groups must have three digits)"},
      {"1234 567", "JPY", "'1234 567' is not an amount (digit groups must have three digits)"},
      {"1 234.567,89", "EUR", "'1 234.567,89' is not an amount (mixed digit-group separators)"},
      {"1,234 567.89", "EUR", "'1,234 567.89' is not an amount (mixed digit-group separators)"},
      {"12,3 4", "EUR", "'12,3 4' is not an amount (space in the decimals)"},
      // Overflow of int64_t.
      {"92233720368547758,08", "EUR", "'92233720368547758,08' is too large"},
      {"-92233720368547758,09", "EUR", "'-92233720368547758,09' is too large"},
      {"99999999999999999999", "EUR", "'99999999999999999999' is too large"},
      {"9223372036854775808", "JPY", "'9223372036854775808' is too large"},
      {"100000000000000000000", "JPY", "'100000000000000000000' is too large"},
  };
  for (const BadRow& r : rows) {
    SCOPED_TRACE(testing::Message() << "'" << r.text << "' " << r.currency);
    EXPECT_EQ(Show(ParseAmount(r.text, Cur(r.currency))), "invalid_argument: " + std::string(r.message));
  }
}

TEST(ParseAmountTest, RefusesAnUnknownCurrency) {
  Currency bogus;
  std::memcpy(bogus.code, "XXX", 4);
  auto v = ParseAmount("12", bogus);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().field(), "currency");
}

struct FormatRow {
  int64_t minor;
  const char* currency;
  Locale locale;
  const char* text;
};

TEST(FormatMoneyTest, WritesWhatCldrWrites) {
  const FormatRow rows[] = {
    {0, "EUR", Locale::kFr, "0,00\u00A0\u20AC"},
    {5, "EUR", Locale::kFr, "0,05\u00A0\u20AC"},
    {-5, "EUR", Locale::kFr, "-0,05\u00A0\u20AC"},
    {123456, "EUR", Locale::kFr, "1\u202F234,56\u00A0\u20AC"},
    {-123456, "EUR", Locale::kFr, "-1\u202F234,56\u00A0\u20AC"},
    {100000000, "EUR", Locale::kFr, "1\u202F000\u202F000,00\u00A0\u20AC"},
    {kMax, "EUR", Locale::kFr, "92\u202F233\u202F720\u202F368\u202F547\u202F758,07\u00A0\u20AC"},
    {kMin, "EUR", Locale::kFr, "-92\u202F233\u202F720\u202F368\u202F547\u202F758,08\u00A0\u20AC"},
    {0, "EUR", Locale::kEn, "\u20AC0.00"},
    {5, "EUR", Locale::kEn, "\u20AC0.05"},
    {-5, "EUR", Locale::kEn, "-\u20AC0.05"},
    {123456, "EUR", Locale::kEn, "\u20AC1,234.56"},
    {-123456, "EUR", Locale::kEn, "-\u20AC1,234.56"},
    {100000000, "EUR", Locale::kEn, "\u20AC1,000,000.00"},
    {kMax, "EUR", Locale::kEn, "\u20AC92,233,720,368,547,758.07"},
    {kMin, "EUR", Locale::kEn, "-\u20AC92,233,720,368,547,758.08"},
    {0, "USD", Locale::kFr, "0,00\u00A0$US"},
    {5, "USD", Locale::kFr, "0,05\u00A0$US"},
    {-5, "USD", Locale::kFr, "-0,05\u00A0$US"},
    {123456, "USD", Locale::kFr, "1\u202F234,56\u00A0$US"},
    {-123456, "USD", Locale::kFr, "-1\u202F234,56\u00A0$US"},
    {100000000, "USD", Locale::kFr, "1\u202F000\u202F000,00\u00A0$US"},
    {kMax, "USD", Locale::kFr, "92\u202F233\u202F720\u202F368\u202F547\u202F758,07\u00A0$US"},
    {kMin, "USD", Locale::kFr, "-92\u202F233\u202F720\u202F368\u202F547\u202F758,08\u00A0$US"},
    {0, "USD", Locale::kEn, "$0.00"},
    {5, "USD", Locale::kEn, "$0.05"},
    {-5, "USD", Locale::kEn, "-$0.05"},
    {123456, "USD", Locale::kEn, "$1,234.56"},
    {-123456, "USD", Locale::kEn, "-$1,234.56"},
    {100000000, "USD", Locale::kEn, "$1,000,000.00"},
    {kMax, "USD", Locale::kEn, "$92,233,720,368,547,758.07"},
    {kMin, "USD", Locale::kEn, "-$92,233,720,368,547,758.08"},
    {0, "GBP", Locale::kFr, "0,00\u00A0\u00A3GB"},
    {5, "GBP", Locale::kFr, "0,05\u00A0\u00A3GB"},
    {-5, "GBP", Locale::kFr, "-0,05\u00A0\u00A3GB"},
    {123456, "GBP", Locale::kFr, "1\u202F234,56\u00A0\u00A3GB"},
    {-123456, "GBP", Locale::kFr, "-1\u202F234,56\u00A0\u00A3GB"},
    {100000000, "GBP", Locale::kFr, "1\u202F000\u202F000,00\u00A0\u00A3GB"},
    {kMax, "GBP", Locale::kFr, "92\u202F233\u202F720\u202F368\u202F547\u202F758,07\u00A0\u00A3GB"},
    {kMin, "GBP", Locale::kFr, "-92\u202F233\u202F720\u202F368\u202F547\u202F758,08\u00A0\u00A3GB"},
    {0, "GBP", Locale::kEn, "\u00A30.00"},
    {5, "GBP", Locale::kEn, "\u00A30.05"},
    {-5, "GBP", Locale::kEn, "-\u00A30.05"},
    {123456, "GBP", Locale::kEn, "\u00A31,234.56"},
    {-123456, "GBP", Locale::kEn, "-\u00A31,234.56"},
    {100000000, "GBP", Locale::kEn, "\u00A31,000,000.00"},
    {kMax, "GBP", Locale::kEn, "\u00A392,233,720,368,547,758.07"},
    {kMin, "GBP", Locale::kEn, "-\u00A392,233,720,368,547,758.08"},
    {0, "CHF", Locale::kFr, "0,00\u00A0CHF"},
    {5, "CHF", Locale::kFr, "0,05\u00A0CHF"},
    {-5, "CHF", Locale::kFr, "-0,05\u00A0CHF"},
    {123456, "CHF", Locale::kFr, "1\u202F234,56\u00A0CHF"},
    {-123456, "CHF", Locale::kFr, "-1\u202F234,56\u00A0CHF"},
    {100000000, "CHF", Locale::kFr, "1\u202F000\u202F000,00\u00A0CHF"},
    {kMax, "CHF", Locale::kFr, "92\u202F233\u202F720\u202F368\u202F547\u202F758,07\u00A0CHF"},
    {kMin, "CHF", Locale::kFr, "-92\u202F233\u202F720\u202F368\u202F547\u202F758,08\u00A0CHF"},
    {0, "CHF", Locale::kEn, "CHF\u00A00.00"},
    {5, "CHF", Locale::kEn, "CHF\u00A00.05"},
    {-5, "CHF", Locale::kEn, "-CHF\u00A00.05"},
    {123456, "CHF", Locale::kEn, "CHF\u00A01,234.56"},
    {-123456, "CHF", Locale::kEn, "-CHF\u00A01,234.56"},
    {100000000, "CHF", Locale::kEn, "CHF\u00A01,000,000.00"},
    {kMax, "CHF", Locale::kEn, "CHF\u00A092,233,720,368,547,758.07"},
    {kMin, "CHF", Locale::kEn, "-CHF\u00A092,233,720,368,547,758.08"},
    {0, "JPY", Locale::kFr, "0\u00A0JPY"},
    {5, "JPY", Locale::kFr, "5\u00A0JPY"},
    {-5, "JPY", Locale::kFr, "-5\u00A0JPY"},
    {123456, "JPY", Locale::kFr, "123\u202F456\u00A0JPY"},
    {-123456, "JPY", Locale::kFr, "-123\u202F456\u00A0JPY"},
    {100000000, "JPY", Locale::kFr, "100\u202F000\u202F000\u00A0JPY"},
    {kMax, "JPY", Locale::kFr, "9\u202F223\u202F372\u202F036\u202F854\u202F775\u202F807\u00A0JPY"},
    {kMin, "JPY", Locale::kFr, "-9\u202F223\u202F372\u202F036\u202F854\u202F775\u202F808\u00A0JPY"},
    {0, "JPY", Locale::kEn, "\u00A50"},
    {5, "JPY", Locale::kEn, "\u00A55"},
    {-5, "JPY", Locale::kEn, "-\u00A55"},
    {123456, "JPY", Locale::kEn, "\u00A5123,456"},
    {-123456, "JPY", Locale::kEn, "-\u00A5123,456"},
    {100000000, "JPY", Locale::kEn, "\u00A5100,000,000"},
    {kMax, "JPY", Locale::kEn, "\u00A59,223,372,036,854,775,807"},
    {kMin, "JPY", Locale::kEn, "-\u00A59,223,372,036,854,775,808"},
    {0, "CAD", Locale::kFr, "0,00\u00A0$CA"},
    {5, "CAD", Locale::kFr, "0,05\u00A0$CA"},
    {-5, "CAD", Locale::kFr, "-0,05\u00A0$CA"},
    {123456, "CAD", Locale::kFr, "1\u202F234,56\u00A0$CA"},
    {-123456, "CAD", Locale::kFr, "-1\u202F234,56\u00A0$CA"},
    {100000000, "CAD", Locale::kFr, "1\u202F000\u202F000,00\u00A0$CA"},
    {kMax, "CAD", Locale::kFr, "92\u202F233\u202F720\u202F368\u202F547\u202F758,07\u00A0$CA"},
    {kMin, "CAD", Locale::kFr, "-92\u202F233\u202F720\u202F368\u202F547\u202F758,08\u00A0$CA"},
    {0, "CAD", Locale::kEn, "CA$0.00"},
    {5, "CAD", Locale::kEn, "CA$0.05"},
    {-5, "CAD", Locale::kEn, "-CA$0.05"},
    {123456, "CAD", Locale::kEn, "CA$1,234.56"},
    {-123456, "CAD", Locale::kEn, "-CA$1,234.56"},
    {100000000, "CAD", Locale::kEn, "CA$1,000,000.00"},
    {kMax, "CAD", Locale::kEn, "CA$92,233,720,368,547,758.07"},
    {kMin, "CAD", Locale::kEn, "-CA$92,233,720,368,547,758.08"},
    {0, "XOF", Locale::kFr, "0\u00A0F\u202FCFA"},
    {5, "XOF", Locale::kFr, "5\u00A0F\u202FCFA"},
    {-5, "XOF", Locale::kFr, "-5\u00A0F\u202FCFA"},
    {123456, "XOF", Locale::kFr, "123\u202F456\u00A0F\u202FCFA"},
    {-123456, "XOF", Locale::kFr, "-123\u202F456\u00A0F\u202FCFA"},
    {100000000, "XOF", Locale::kFr, "100\u202F000\u202F000\u00A0F\u202FCFA"},
    {kMax, "XOF", Locale::kFr, "9\u202F223\u202F372\u202F036\u202F854\u202F775\u202F807\u00A0F\u202FCFA"},
    {kMin, "XOF", Locale::kFr, "-9\u202F223\u202F372\u202F036\u202F854\u202F775\u202F808\u00A0F\u202FCFA"},
    {0, "XOF", Locale::kEn, "F\u202FCFA\u00A00"},
    {5, "XOF", Locale::kEn, "F\u202FCFA\u00A05"},
    {-5, "XOF", Locale::kEn, "-F\u202FCFA\u00A05"},
    {123456, "XOF", Locale::kEn, "F\u202FCFA\u00A0123,456"},
    {-123456, "XOF", Locale::kEn, "-F\u202FCFA\u00A0123,456"},
    {100000000, "XOF", Locale::kEn, "F\u202FCFA\u00A0100,000,000"},
    {kMax, "XOF", Locale::kEn, "F\u202FCFA\u00A09,223,372,036,854,775,807"},
    {kMin, "XOF", Locale::kEn, "-F\u202FCFA\u00A09,223,372,036,854,775,808"},
    {0, "XPF", Locale::kFr, "0\u00A0FCFP"},
    {5, "XPF", Locale::kFr, "5\u00A0FCFP"},
    {-5, "XPF", Locale::kFr, "-5\u00A0FCFP"},
    {123456, "XPF", Locale::kFr, "123\u202F456\u00A0FCFP"},
    {-123456, "XPF", Locale::kFr, "-123\u202F456\u00A0FCFP"},
    {100000000, "XPF", Locale::kFr, "100\u202F000\u202F000\u00A0FCFP"},
    {kMax, "XPF", Locale::kFr, "9\u202F223\u202F372\u202F036\u202F854\u202F775\u202F807\u00A0FCFP"},
    {kMin, "XPF", Locale::kFr, "-9\u202F223\u202F372\u202F036\u202F854\u202F775\u202F808\u00A0FCFP"},
    {0, "XPF", Locale::kEn, "CFPF\u00A00"},
    {5, "XPF", Locale::kEn, "CFPF\u00A05"},
    {-5, "XPF", Locale::kEn, "-CFPF\u00A05"},
    {123456, "XPF", Locale::kEn, "CFPF\u00A0123,456"},
    {-123456, "XPF", Locale::kEn, "-CFPF\u00A0123,456"},
    {100000000, "XPF", Locale::kEn, "CFPF\u00A0100,000,000"},
    {kMax, "XPF", Locale::kEn, "CFPF\u00A09,223,372,036,854,775,807"},
    {kMin, "XPF", Locale::kEn, "-CFPF\u00A09,223,372,036,854,775,808"},
    {0, "MAD", Locale::kFr, "0,00\u00A0MAD"},
    {5, "MAD", Locale::kFr, "0,05\u00A0MAD"},
    {-5, "MAD", Locale::kFr, "-0,05\u00A0MAD"},
    {123456, "MAD", Locale::kFr, "1\u202F234,56\u00A0MAD"},
    {-123456, "MAD", Locale::kFr, "-1\u202F234,56\u00A0MAD"},
    {100000000, "MAD", Locale::kFr, "1\u202F000\u202F000,00\u00A0MAD"},
    {kMax, "MAD", Locale::kFr, "92\u202F233\u202F720\u202F368\u202F547\u202F758,07\u00A0MAD"},
    {kMin, "MAD", Locale::kFr, "-92\u202F233\u202F720\u202F368\u202F547\u202F758,08\u00A0MAD"},
    {0, "MAD", Locale::kEn, "MAD\u00A00.00"},
    {5, "MAD", Locale::kEn, "MAD\u00A00.05"},
    {-5, "MAD", Locale::kEn, "-MAD\u00A00.05"},
    {123456, "MAD", Locale::kEn, "MAD\u00A01,234.56"},
    {-123456, "MAD", Locale::kEn, "-MAD\u00A01,234.56"},
    {100000000, "MAD", Locale::kEn, "MAD\u00A01,000,000.00"},
    {kMax, "MAD", Locale::kEn, "MAD\u00A092,233,720,368,547,758.07"},
    {kMin, "MAD", Locale::kEn, "-MAD\u00A092,233,720,368,547,758.08"},
    {0, "TND", Locale::kFr, "0,000\u00A0TND"},
    {5, "TND", Locale::kFr, "0,005\u00A0TND"},
    {-5, "TND", Locale::kFr, "-0,005\u00A0TND"},
    {123456, "TND", Locale::kFr, "123,456\u00A0TND"},
    {-123456, "TND", Locale::kFr, "-123,456\u00A0TND"},
    {100000000, "TND", Locale::kFr, "100\u202F000,000\u00A0TND"},
    {kMax, "TND", Locale::kFr, "9\u202F223\u202F372\u202F036\u202F854\u202F775,807\u00A0TND"},
    {kMin, "TND", Locale::kFr, "-9\u202F223\u202F372\u202F036\u202F854\u202F775,808\u00A0TND"},
    {0, "TND", Locale::kEn, "TND\u00A00.000"},
    {5, "TND", Locale::kEn, "TND\u00A00.005"},
    {-5, "TND", Locale::kEn, "-TND\u00A00.005"},
    {123456, "TND", Locale::kEn, "TND\u00A0123.456"},
    {-123456, "TND", Locale::kEn, "-TND\u00A0123.456"},
    {100000000, "TND", Locale::kEn, "TND\u00A0100,000.000"},
    {kMax, "TND", Locale::kEn, "TND\u00A09,223,372,036,854,775.807"},
    {kMin, "TND", Locale::kEn, "-TND\u00A09,223,372,036,854,775.808"},
  };
  for (const FormatRow& r : rows) {
    SCOPED_TRACE(testing::Message() << r.minor << " " << r.currency << " " << LocaleName(r.locale));
    EXPECT_EQ(FormatMoney({r.minor, Cur(r.currency)}, r.locale), r.text);
  }
}

// Counts group their digits as amounts do (Intl.NumberFormat('fr-FR') / ('en-GB')).
TEST(FormatCountTest, GroupsDigitsAsAmountsDo) {
  EXPECT_EQ(FormatCount(0, Locale::kFr), "0");
  EXPECT_EQ(FormatCount(999, Locale::kFr), "999");
  EXPECT_EQ(FormatCount(228132, Locale::kFr), "228\u202F132");
  EXPECT_EQ(FormatCount(1000000, Locale::kFr), "1\u202F000\u202F000");
  EXPECT_EQ(FormatCount(-1234, Locale::kFr), "-1\u202F234");
  EXPECT_EQ(FormatCount(228132, Locale::kEn), "228,132");
  EXPECT_EQ(FormatCount(INT64_MIN, Locale::kEn), "-9,223,372,036,854,775,808");
}

TEST(FormatMoneyTest, FrenchUsesNarrowNbspBetweenGroupsAndNbspBeforeTheSign) {
  EXPECT_EQ(FormatMoney({123456, Eur()}, Locale::kFr), "1\u202F234,56\u00A0€");
  EXPECT_EQ(FormatMoney({5, Eur()}, Locale::kFr), "0,05\u00A0€");
  EXPECT_EQ(FormatMoney({0, Eur()}, Locale::kFr), "0,00\u00A0€");
  EXPECT_EQ(FormatMoney({-123456, Eur()}, Locale::kFr), "-1\u202F234,56\u00A0€");
  EXPECT_EQ(FormatMoney({99999, Eur()}, Locale::kFr), "999,99\u00A0€");
  EXPECT_EQ(FormatMoney({100000, Eur()}, Locale::kFr), "1\u202F000,00\u00A0€");
  EXPECT_EQ(FormatMoney({123456, Eur()}, Locale::kEn), "€1,234.56");
  EXPECT_EQ(FormatMoney({-5, Eur()}, Locale::kEn), "-€0.05");
}

TEST(FormatPlainTest, WritesTheBareNumber) {
  struct Row { int64_t minor; const char* currency; const char* text; };
  const Row rows[] = {
      {123456, "EUR", "1234.56"},  {-5, "EUR", "-0.05"},     {5, "EUR", "0.05"},
      {0, "EUR", "0.00"},          {50, "EUR", "0.50"},      {100, "EUR", "1.00"},
      {-100, "EUR", "-1.00"},      {-99, "EUR", "-0.99"},    {123456789, "EUR", "1234567.89"},
      {1234, "JPY", "1234"},       {-1234, "JPY", "-1234"},  {0, "JPY", "0"},
      {1, "TND", "0.001"},         {-10, "TND", "-0.010"},   {1234567, "TND", "1234.567"},
      {kMax, "EUR", "92233720368547758.07"},  {kMin, "EUR", "-92233720368547758.08"},
      {kMax, "JPY", "9223372036854775807"},   {kMin, "JPY", "-9223372036854775808"},
      {kMin, "TND", "-9223372036854775.808"},
  };
  for (const Row& r : rows) {
    SCOPED_TRACE(testing::Message() << r.minor << " " << r.currency);
    EXPECT_EQ(FormatPlain(r.minor, Cur(r.currency)), r.text);
  }
}

// What the core writes, it reads back: FormatMoney in both locales and FormatPlain, for every
// currency, down to INT64_MIN.
TEST(FormatMoneyTest, ParseAmountReadsEveryOutputBack) {
  const int64_t values[] = {0, 1, -1, 5, 99, 100, 999, 1000, 12345, -123456, 1000000, 987654321,
                            -1000000000000, kMax / 7, kMax, kMin, kMin + 1};
  for (const char* code : kAllCodes) {
    const Currency c = Cur(code);
    for (int64_t v : values) {
      for (Locale l : {Locale::kFr, Locale::kEn}) {
        const std::string text = FormatMoney({v, c}, l);
        SCOPED_TRACE(testing::Message() << code << " " << LocaleName(l) << " '" << text << "'");
        EXPECT_EQ(Show(ParseAmount(text, c)), std::to_string(v));
      }
      const std::string plain = FormatPlain(v, c);
      SCOPED_TRACE(testing::Message() << code << " plain '" << plain << "'");
      EXPECT_EQ(Show(ParseAmount(plain, c)), std::to_string(v));
    }
  }
}

}  // namespace
}  // namespace encaisse
