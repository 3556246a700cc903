// Payment files: which invoices each payment settles (invoice_number, a reference that is an
// invoice number, a structured RF reference, else FIFO), payments recorded once whatever the
// re-imports, every bad cell reported, dry runs.
#include "shared/import/payment_import.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "shared/import/rf_reference.h"
#include "tests/shared/import/import_fixture.h"

namespace encaisse {
namespace {

constexpr const char* kHeader = "date;amount;currency;customer_id;reference;invoice_number";

class PaymentImportTest : public ImportFixture {
 protected:
  void SetUp() override {
    ImportFixture::SetUp();
    // C001 owes FA-001 100,00 (due first), FA-002 200,00, FA-003 300,00 and has a credit note;
    // C002 owes FA-001 (the same number, another customer) 50,00.
    const ImportResult r = Import(ImportKind::kInvoices,
                                  "customer_id;customer_name;invoice_number;issue_date;due_date;amount;currency\n"
                                  "C001;Martin;FA-002;2026-01-15;2026-02-28;200,00;EUR\n"
                                  "C001;Martin;FA-001;2026-01-01;2026-01-31;100,00;EUR\n"
                                  "C001;Martin;FA-003;2026-02-01;2026-03-31;300,00;EUR\n"
                                  "C001;Martin;AV-001;2026-02-01;2026-02-01;-10,00;EUR\n"
                                  "C002;Dubois;FA-001;2026-01-01;2026-01-31;50,00;EUR\n");
    ASSERT_TRUE(r.ok()) << Errors(r);
  }

  ImportResult Payments(const std::string& rows, bool dry_run = false) {
    return Import(ImportKind::kPayments, std::string(kHeader) + "\n" + rows, dry_run);
  }

  // "FA-001=open,FA-002=open,FA-003=open" for C001.
  std::string OpenAmounts() {
    return Text("SELECT group_concat(number || '=' || open_minor, ',') FROM (SELECT i.number, i.open_minor FROM invoices i "
                "JOIN customers c ON c.id = i.customer_id WHERE c.external_id = 'C001' AND i.amount_minor > 0 ORDER BY i.number)");
  }
};

TEST_F(PaymentImportTest, SettlesTheNamedInvoiceThenTheOldest) {
  const std::string rf_002 = MakeRfReference("FA-002").value();
  std::string rf_bad = rf_002;
  rf_bad[2] = rf_bad[2] == '9' ? '0' : static_cast<char>(rf_bad[2] + 1);  // wrong check digits
  struct Case {
    std::string name;
    std::string row;  // date;amount;currency;customer_id;reference;invoice_number
    std::string open_after;
    int64_t unallocated;
    size_t warnings;
  };
  const std::vector<Case> cases = {
      {"reference = invoice number", "2026-03-01;150,00;EUR;C001;FA-002;", "FA-001=10000,FA-002=5000,FA-003=30000", 0, 0},
      {"reference = invoice number, other case and spacing", "2026-03-01;150,00;EUR;C001;fa 002;",
       "FA-001=10000,FA-002=5000,FA-003=30000", 0, 0},
      {"invoice_number column, the rest FIFO", "2026-03-01;350,00;EUR;C001;VIR 123;FA-003", "FA-001=5000,FA-002=20000,FA-003=0", 0, 0},
      {"the invoice_number column wins over the reference", "2026-03-01;100,00;EUR;C001;FA-001;FA-003",
       "FA-001=10000,FA-002=20000,FA-003=20000", 0, 0},
      {"RF reference of FA-002", "2026-03-01;200,00;EUR;C001;" + rf_002 + ";", "FA-001=10000,FA-002=0,FA-003=30000", 0, 0},
      {"RF reference written in groups of four", "2026-03-01;200,00;EUR;C001;" + rf_002.substr(0, 4) + " " + rf_002.substr(4) + ";",
       "FA-001=10000,FA-002=0,FA-003=30000", 0, 0},
      {"RF reference with wrong check digits: FIFO and a warning", "2026-03-01;150,00;EUR;C001;" + rf_bad + ";",
       "FA-001=0,FA-002=15000,FA-003=30000", 0, 1},
      {"valid RF reference naming no invoice: FIFO and a warning", "2026-03-01;150,00;EUR;C001;RF18539007547034;",
       "FA-001=0,FA-002=15000,FA-003=30000", 0, 1},
      {"plain reference: FIFO, oldest due first", "2026-03-01;250,00;EUR;C001;VIREMENT SEPA 8812;",
       "FA-001=0,FA-002=5000,FA-003=30000", 0, 0},
      {"no reference: FIFO", "2026-03-01;50,00;EUR;C001;;", "FA-001=5000,FA-002=20000,FA-003=30000", 0, 0},
      {"more than owed: a credit remains", "2026-03-01;700,00;EUR;C001;;", "FA-001=0,FA-002=0,FA-003=0", 10000, 0},
      {"named invoice already paid by an earlier row: FIFO",
       "2026-03-01;100,00;EUR;C001;FA-001;\n2026-03-02;100,00;EUR;C001;FA-001;", "FA-001=0,FA-002=10000,FA-003=30000", 0, 0},
      {"payments applied in date order", "2026-03-05;100,00;EUR;C001;FA-001;\n2026-03-01;150,00;EUR;C001;;",
       "FA-001=0,FA-002=5000,FA-003=30000", 0, 0},
      {"another currency settles nothing", "2026-03-01;100,00;USD;C001;FA-001;", "FA-001=10000,FA-002=20000,FA-003=30000", 10000, 0},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string before = Snapshot();
    const ImportResult r = Payments(c.row + "\n");
    ASSERT_TRUE(r.ok()) << Errors(r);
    EXPECT_EQ(OpenAmounts(), c.open_after);
    EXPECT_EQ(r.unallocated_minor, c.unallocated);
    EXPECT_EQ(r.warnings.size(), c.warnings);
    EXPECT_TRUE(store().VerifyLedger().ok()) << store().VerifyLedger().ToString();
    EXPECT_EQ(Text("SELECT status FROM invoices WHERE number = 'FA-001' AND customer_id = "
                   "(SELECT id FROM customers WHERE external_id = 'C002')"),
              "open");  // the other customer's FA-001 is never touched
    // Undo, for the next case.
    ASSERT_TRUE(db().Exec("DELETE FROM allocations; DELETE FROM payments; "
                          "UPDATE invoices SET open_minor = amount_minor, status = 'open'; DELETE FROM imports").ok());
    (void)before;
  }
}

TEST_F(PaymentImportTest, RecordsThePaymentsWithTheirAllocations) {
  const ImportResult r = Payments("2026-03-01;350,00;EUR;C001;VIR 1;FA-003\n2026-03-02;\"1 000,00\";EUR;C002;;\n");
  ASSERT_TRUE(r.ok()) << Errors(r);
  EXPECT_EQ(r.rows, 2);
  EXPECT_EQ(r.payments, (ImportCounts{2, 0, 0}));
  EXPECT_EQ(r.created, 2);
  EXPECT_EQ(r.invoices.updated, 3);  // FA-003, C001's FA-001, C002's FA-001
  EXPECT_EQ(r.allocated_minor, 35000 + 5000);
  EXPECT_EQ(r.unallocated_minor, 95000);
  EXPECT_EQ(Text("SELECT date || '|' || amount_minor || '|' || currency || '|' || method || '|' || reference FROM payments "
                 "ORDER BY id LIMIT 1"),
            "2026-03-01|35000|EUR|transfer|VIR 1");
  EXPECT_EQ(Count("allocations"), 3);
  EXPECT_EQ(Text("SELECT group_concat(amount_minor, ',') FROM (SELECT amount_minor FROM allocations ORDER BY id)"), "30000,5000,5000");
  EXPECT_EQ(Text("SELECT status FROM invoices WHERE number = 'FA-003'"), "paid");
  EXPECT_EQ(Count("SELECT 1 FROM change_log WHERE tbl = 'payments'"), 2);
  EXPECT_TRUE(store().VerifyLedger().ok());
}

TEST_F(PaymentImportTest, TheSameFileTwiceRecordsEachPaymentOnce) {
  // Two identical rows are two payments (the same amount paid twice the same day); the
  // identity is (customer, date, amount, reference), counted.
  const std::string rows = "2026-03-01;50,00;EUR;C001;;\n2026-03-01;50,00;EUR;C001;;\n2026-03-02;200,00;EUR;C001;FA-002;\n";
  const ImportResult first = Payments(rows);
  ASSERT_TRUE(first.ok()) << Errors(first);
  EXPECT_EQ(first.payments, (ImportCounts{3, 0, 0}));
  const std::string before = Snapshot();
  const ImportResult again = Payments(rows);
  ASSERT_TRUE(again.ok()) << Errors(again);
  EXPECT_EQ(again.payments, (ImportCounts{0, 0, 3}));
  EXPECT_EQ(again.created, 0);
  EXPECT_EQ(again.unchanged, 3);
  std::string after = Snapshot();
  EXPECT_EQ(after.replace(after.find("imports=3"), 9, "imports=2"), before);
  // A file with one more payment adds only that one.
  const ImportResult more = Payments(rows + "2026-03-03;10,00;EUR;C001;;\n");
  ASSERT_TRUE(more.ok()) << Errors(more);
  EXPECT_EQ(more.payments, (ImportCounts{1, 0, 3}));
  EXPECT_EQ(Count("payments"), 4);
}

TEST_F(PaymentImportTest, DisputedInvoicesAreLeftOutOfFifoButCanBeNamed) {
  ASSERT_TRUE(db().Exec("INSERT INTO disputes (invoice_id, customer_id, opened, reason, status) "
                        "SELECT i.id, i.customer_id, '2026-02-01', 'livraison incomplète', 'open' FROM invoices i "
                        "JOIN customers c ON c.id = i.customer_id WHERE c.external_id = 'C001' AND i.number = 'FA-001'").ok());
  ImportResult r = Payments("2026-03-01;100,00;EUR;C001;;\n");
  ASSERT_TRUE(r.ok()) << Errors(r);
  EXPECT_EQ(OpenAmounts(), "FA-001=10000,FA-002=10000,FA-003=30000");
  r = Payments("2026-03-02;100,00;EUR;C001;FA-001;\n");
  ASSERT_TRUE(r.ok()) << Errors(r);
  EXPECT_EQ(OpenAmounts(), "FA-001=0,FA-002=10000,FA-003=30000");
}

TEST_F(PaymentImportTest, EveryBadCellIsReported) {
  struct Case {
    const char* row;
    const char* column;
    const char* message_part;
  };
  const Case cases[] = {
      {"2026-03-01;10,00;EUR;C404;;", "customer_id", "no customer has the id 'C404'"},
      {"2026-03-01;10,00;EUR;C001;;FA-404", "invoice_number", "has no invoice FA-404"},
      {"2026-03-01;10,00;EUR;C001;;AV-001", "invoice_number", "credit note"},
      {"2026-03-01;10,00;USD;C001;;FA-001", "invoice_number", "is in EUR, the payment in USD"},
      {"2026-03-01;-10,00;EUR;C001;;", "amount", "must be positive"},
      {"2026-03-01;0;EUR;C001;;", "amount", "must be positive"},
      {"2026-03-01;dix;EUR;C001;;", "amount", "is not an amount"},
      {"2026-11-25;10,00;EUR;C001;;", "date", "after today (2026-11-24)"},
      {"25/11/2026;10,00;EUR;C001;;", "date", "after today"},
      {"2026-13-01;10,00;EUR;C001;;", "date", "2026-13-01"},
      {"2026-03-01;10,00;XXX;C001;;", "currency", "unknown currency"},
      {"2026-03-01;10,00;EUR;;;", "customer_id", "a value is required"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.row);
    const std::string before = Snapshot();
    const ImportResult r = Payments(std::string("2026-03-01;10,00;EUR;C001;;\n") + c.row + "\n");
    ASSERT_EQ(r.errors.size(), 1u) << Errors(r);
    EXPECT_EQ(r.errors[0].line, 3);
    EXPECT_EQ(r.errors[0].column, c.column);
    EXPECT_NE(r.errors[0].message.find(c.message_part), std::string::npos) << r.errors[0].message;
    EXPECT_EQ(r.allocated_minor, 0);
    EXPECT_EQ(Snapshot(), before);
  }
}

TEST_F(PaymentImportTest, AcceptsFrenchDatesMethodsAndExtraColumns) {
  const ImportResult r = Import(ImportKind::kPayments,
                                "Date;Montant EUR;Amount;Currency;Customer_ID;Reference;Method\r\n"
                                "15/03/2026;x;\"1 234,50\";EUR;C001;REM CHQ 0042;chèque\r\n");
  ASSERT_TRUE(r.ok()) << Errors(r);
  EXPECT_EQ(r.ignored_columns, std::vector<std::string>{"montant_eur"});
  EXPECT_EQ(Text("SELECT date || '|' || amount_minor || '|' || method FROM payments"), "2026-03-15|123450|cheque");
}

TEST_F(PaymentImportTest, ADryRunCountsAndWritesNothing) {
  const std::string before = Snapshot();
  const ImportResult r = Payments("2026-03-01;350,00;EUR;C001;FA-003;\n", /*dry_run=*/true);
  ASSERT_TRUE(r.ok()) << Errors(r);
  EXPECT_EQ(r.payments, (ImportCounts{1, 0, 0}));
  EXPECT_EQ(r.invoices.updated, 2);
  EXPECT_EQ(r.allocated_minor, 35000);
  EXPECT_EQ(r.import_id, 0);
  EXPECT_EQ(Snapshot(), before);
}

}  // namespace
}  // namespace encaisse
