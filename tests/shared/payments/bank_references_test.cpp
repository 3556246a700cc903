#include "shared/payments/bank_references.h"

#include "shared/import/rf_reference.h"

#include <gtest/gtest.h>

namespace encaisse {
namespace {

TEST(BankReferences, IbanCheckDigits) {
  auto ok = NormalizeIban("FR76 3000 6000 0112 3456 7890 189");
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(*ok, "FR7630006000011234567890189");
  EXPECT_EQ(FormatIban(*ok), "FR76 3000 6000 0112 3456 7890 189");
  EXPECT_TRUE(NormalizeIban("DE89370400440532013000").ok());
  EXPECT_FALSE(NormalizeIban("FR7630006000011234567890188").ok()) << "one digit off";
  EXPECT_FALSE(NormalizeIban("not an iban").ok());
}

TEST(BankReferences, EpcQrPayload) {
  EpcTransfer t;
  t.bic = "BNPAFRPP";
  t.beneficiary = "Encaisse Démo SAS";
  t.iban = "FR76 3000 6000 0112 3456 7890 189";
  t.amount_cents = 12345;
  t.rf_reference = *MakeRfReference("C000042");
  auto p = EpcQrPayload(t);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(*p, "BCD\n002\n1\nSCT\nBNPAFRPP\nEncaisse Démo SAS\nFR7630006000011234567890189\nEUR123.45\n\n" + t.rf_reference);
  t.amount_cents = 5;
  t.rf_reference.clear();
  t.text = "Factures FA1 FA2";
  p = EpcQrPayload(t);
  ASSERT_TRUE(p.ok());
  EXPECT_NE(p->find("EUR0.05\n\n\nFactures FA1 FA2"), std::string::npos) << *p;
  t.amount_cents = 0;
  EXPECT_EQ(EpcQrPayload(t).status().field(), "amount");
  t.amount_cents = 100;
  t.iban = "FR00";
  EXPECT_EQ(EpcQrPayload(t).status().field(), "iban");
}

TEST(BankReferences, CompanyTransferQuotesAnUnusableIdAsText) {
  CompanySettings company;
  company.iban = "FR7630006000011234567890189";
  auto rf = *MakeRfReference("C000042");
  auto structured = CompanyTransfer(company, 1000, rf);
  ASSERT_TRUE(structured);
  EXPECT_EQ(structured->rf_reference, rf);
  EXPECT_TRUE(EpcQrPayload(*structured).ok());
  // An external id that makes no RF reference (too long for one) still gives a scannable code.
  auto plain = CompanyTransfer(company, 1000, "CLIENT-0000000000000000000042");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->rf_reference, "");
  EXPECT_EQ(plain->text, "CLIENT-0000000000000000000042");
  EXPECT_TRUE(EpcQrPayload(*plain).ok()) << EpcQrPayload(*plain).status().ToString();
  EXPECT_FALSE(CompanyTransfer(company, 0, rf)) << "nothing due, no transfer";
  company.iban.clear();
  EXPECT_FALSE(CompanyTransfer(company, 1000, rf)) << "no IBAN, no transfer";
}

}  // namespace
}  // namespace encaisse
