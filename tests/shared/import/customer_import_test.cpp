// Customer files and the risk policy: external scores mapped to risk classes, payment terms
// from the class when the file has none, updates of known customers, every bad cell reported.
#include "shared/import/customer_import.h"

#include <gtest/gtest.h>

#include <string>

#include "shared/import/risk_policy.h"
#include "tests/shared/import/import_fixture.h"

namespace encaisse {
namespace {

constexpr const char* kHeader =
    "customer_id;name;email;phone;address;language;rep_email;business;payment_terms;credit_limit;risk_score;risk_class";

class CustomerImportTest : public ImportFixture {
 protected:
  ImportResult Customers(const std::string& csv, bool dry_run = false) { return Import(ImportKind::kCustomers, csv, dry_run); }
  // "risk|terms|score" of a customer.
  std::string Risk(const std::string& external_id) {
    auto st = db().Prepare("SELECT risk || '|' || payment_terms_days || '|' || COALESCE(external_risk_score, '-') "
                           "FROM customers WHERE external_id = ?");
    if (!st.ok()) return st.status().ToString();
    st->Bind(1, external_id);
    auto row = st->Step();
    return row.ok() && *row ? std::string(st->Text(0)) : "missing";
  }
};

TEST(RiskPolicyTest, MapsScoresToClassesAndClassesToTerms) {
  const RiskPolicy p;  // defaults: >= 70 low, >= 40 medium, else high; 60/45/30 days
  struct Case {
    int score;
    RiskClass risk;
    int terms;
  };
  const Case cases[] = {{100, RiskClass::kLow, 60}, {70, RiskClass::kLow, 60},     {69, RiskClass::kMedium, 45},
                        {40, RiskClass::kMedium, 45}, {39, RiskClass::kHigh, 30}, {0, RiskClass::kHigh, 30}};
  for (const Case& c : cases) {
    SCOPED_TRACE(c.score);
    EXPECT_EQ(p.ClassFor(c.score), c.risk);
    EXPECT_EQ(p.TermsFor(p.ClassFor(c.score)), c.terms);
  }
}

TEST(RiskPolicyTest, ValidatesThresholdsAndTerms) {
  struct Case {
    RiskPolicy policy;
    bool ok;
  };
  const Case cases[] = {
      {RiskPolicy{}, true},
      {RiskPolicy{.low_min_score = 50, .medium_min_score = 50}, true},
      {RiskPolicy{.low_min_score = 30, .medium_min_score = 40}, false},
      {RiskPolicy{.low_min_score = 101}, false},
      {RiskPolicy{.medium_min_score = -1}, false},
      {RiskPolicy{.terms_low_days = 366}, false},
      {RiskPolicy{.terms_high_days = -1}, false},
  };
  for (size_t i = 0; i < std::size(cases); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(cases[i].policy.Validate().ok(), cases[i].ok);
  }
}

TEST_F(CustomerImportTest, RiskPolicyDefaultsSaveAndLoad) {
  auto loaded = LoadRiskPolicy(db());
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded->low_min_score, 70);
  EXPECT_EQ(loaded->terms_high_days, 30);
  RiskPolicy p{.low_min_score = 80, .medium_min_score = 50, .terms_low_days = 90, .terms_medium_days = 60, .terms_high_days = 15};
  ASSERT_TRUE(SaveRiskPolicy(db(), p).ok());
  EXPECT_NE(Text("SELECT value FROM settings WHERE key = 'risk_policy'").find("\"low_min_score\":80"), std::string::npos);
  loaded = LoadRiskPolicy(db());
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded->low_min_score, 80);
  EXPECT_EQ(loaded->medium_min_score, 50);
  EXPECT_EQ(loaded->terms_low_days, 90);
  EXPECT_EQ(loaded->terms_medium_days, 60);
  EXPECT_EQ(loaded->terms_high_days, 15);
  EXPECT_FALSE(SaveRiskPolicy(db(), RiskPolicy{.low_min_score = 10, .medium_min_score = 20}).ok());
  ASSERT_TRUE(db().Exec("UPDATE settings SET value = '{\"low_min_score\": \"x\"}' WHERE key = 'risk_policy'").ok());
  EXPECT_EQ(LoadRiskPolicy(db()).status().code(), Code::kInternal);
}

TEST_F(CustomerImportTest, ScoresGiveClassesAndClassesGiveTerms) {
  struct Case {
    const char* row;  // customer_id;...;payment_terms;credit_limit;risk_score;risk_class
    const char* id;
    const char* expected;  // risk|terms|score
  };
  const Case cases[] = {
      {"S85;A;;;;;;;;;85;", "S85", "low|60|85"},
      {"S55;A;;;;;;;;;55;", "S55", "medium|45|55"},
      {"S10;A;;;;;;;;;10;", "S10", "high|30|10"},
      {"K1;A;;;;;;;;;85;high", "K1", "high|30|85"},       // the file's class wins over the score
      {"K2;A;;;;;;;;;;faible", "K2", "low|60|-"},          // French class names
      {"T1;A;;;;;;;90;;10;", "T1", "high|90|10"},          // the file's terms win
      {"N1;A;;;;;;;;;;", "N1", "medium|45|-"},             // nothing: medium and its terms
  };
  std::string csv = std::string(kHeader) + "\n";
  for (const Case& c : cases) csv += std::string(c.row) + "\n";
  const ImportResult r = Customers(csv);
  ASSERT_TRUE(r.ok()) << Errors(r);
  EXPECT_EQ(r.created, static_cast<int64_t>(std::size(cases)));
  for (const Case& c : cases) EXPECT_EQ(Risk(c.id), c.expected) << c.row;
}

TEST_F(CustomerImportTest, TheCompanyPolicyDecides) {
  ASSERT_TRUE(SaveRiskPolicy(db(), RiskPolicy{.low_min_score = 90, .medium_min_score = 60, .terms_low_days = 75,
                                              .terms_medium_days = 40, .terms_high_days = 20}).ok());
  const ImportResult r = Customers(std::string(kHeader) + "\nA;A;;;;;;;;;85;\nB;B;;;;;;;;;95;\nC;C;;;;;;;;;59;\n");
  ASSERT_TRUE(r.ok()) << Errors(r);
  EXPECT_EQ(Risk("A"), "medium|40|85");
  EXPECT_EQ(Risk("B"), "low|75|95");
  EXPECT_EQ(Risk("C"), "high|20|59");
}

TEST_F(CustomerImportTest, CreatesUpdatesAndLeavesUnchanged) {
  const std::string first = std::string(kHeader) + "\n" +
                            "C001;Boulangerie Martin;compta@martin.test;01 02 03 04 05;\"1 rue A\n75001 Paris\";fr;rep1@demo.test;"
                            "oui;;\"10 000,00\";72;\n"
                            "C002;Garage Dubois;;;;en;;B2C;30;;;\n";
  const ImportResult r1 = Customers(first);
  ASSERT_TRUE(r1.ok()) << Errors(r1);
  EXPECT_EQ(r1.customers, (ImportCounts{2, 0, 0}));
  EXPECT_EQ(Text("SELECT name || '|' || email || '|' || phone || '|' || address || '|' || language || '|' || business || '|' || "
                 "rep_id || '|' || credit_limit_minor FROM customers WHERE external_id = 'C001'"),
            "Boulangerie Martin|compta@martin.test|01 02 03 04 05|1 rue A\n75001 Paris|fr|1|" + std::to_string(rep_) + "|1000000");
  EXPECT_EQ(Risk("C001"), "low|60|72");
  EXPECT_EQ(Text("SELECT language || '|' || business || '|' || payment_terms_days FROM customers WHERE external_id = 'C002'"),
            "en|0|30");

  // The same file: unchanged, nothing written.
  const std::string before = Snapshot();
  const ImportResult r2 = Customers(first);
  ASSERT_TRUE(r2.ok()) << Errors(r2);
  EXPECT_EQ(r2.customers, (ImportCounts{0, 0, 2}));
  std::string after = Snapshot();
  EXPECT_EQ(after.replace(after.find("imports=2"), 9, "imports=1"), before);

  // A new score moves the class and the terms; empty cells keep what is stored.
  const ImportResult r3 = Customers(std::string(kHeader) + "\nC001;Boulangerie Martin;;;;;;;;;35;\nC002;Garage Dubois;;;;;;;;;;\n");
  ASSERT_TRUE(r3.ok()) << Errors(r3);
  EXPECT_EQ(r3.customers, (ImportCounts{0, 1, 1}));
  EXPECT_EQ(Risk("C001"), "high|30|35");
  EXPECT_EQ(Text("SELECT email || '|' || rep_id || '|' || credit_limit_minor FROM customers WHERE external_id = 'C001'"),
            "compta@martin.test|" + std::to_string(rep_) + "|1000000");
  EXPECT_EQ(Text("SELECT payment_terms_days FROM customers WHERE external_id = 'C002'"), "30");  // no risk info: kept
}

TEST_F(CustomerImportTest, EveryBadCellIsReported) {
  struct Case {
    const char* row;
    const char* column;
    const char* message_part;
  };
  const Case cases[] = {
      {"X1;;;;;;;;;;;", "name", "a value is required"},
      {";Nom;;;;;;;;;;", "customer_id", "a value is required"},
      {"X1;Nom;;;;;;;;;101;", "risk_score", "from 0 to 100"},
      {"X1;Nom;;;;;;;;;7,5;", "risk_score", "whole number"},
      {"X1;Nom;;;;;;;;;;extreme", "risk_class", "low, medium or high"},
      {"X1;Nom;;;;;;;-5;;;", "payment_terms", "a number of days"},
      {"X1;Nom;;;;;;;400;;;", "payment_terms", "from 0 to 365"},
      {"X1;Nom;;;;;;;;-10,00;;", "credit_limit", "cannot be negative"},
      {"X1;Nom;;;;;;;;dix;;", "credit_limit", "is not an amount"},
      {"X1;Nom;;;;;manager@demo.test;;;;;", "rep_email", "not a sales_rep"},
      {"X1;Nom;;;;klingon;;;;;;", "language", "unsupported language"},
      {"G1;Nom;;;;;;;;;;", "customer_id", "already on line 2"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.row);
    const ImportResult r = Customers(std::string(kHeader) + "\nG1;Good;;;;;;;;;;\n" + c.row + "\n");
    ASSERT_EQ(r.errors.size(), 1u) << Errors(r);
    EXPECT_EQ(r.errors[0].line, 3);
    EXPECT_EQ(r.errors[0].column, c.column);
    EXPECT_NE(r.errors[0].message.find(c.message_part), std::string::npos) << r.errors[0].message;
    EXPECT_EQ(Count("customers"), 0);
  }
}

TEST_F(CustomerImportTest, ADryRunWritesNothing) {
  const std::string csv = std::string(kHeader) + "\nA;A;;;;;;;;;85;\nB;B;;;;;;;;;;\n";
  const std::string before = Snapshot();
  const ImportResult r = Customers(csv, /*dry_run=*/true);
  ASSERT_TRUE(r.ok()) << Errors(r);
  EXPECT_EQ(r.customers, (ImportCounts{2, 0, 0}));
  EXPECT_EQ(Snapshot(), before);
}

}  // namespace
}  // namespace encaisse
