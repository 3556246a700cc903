// Invoice files: customers created from their rows, invoices created, updated or unchanged,
// French exports (BOM, ';', CRLF, decimal comma, DD/MM/YYYY), every error with its line and
// column, all-or-nothing, dry runs, and amounts that can no longer change once paid.
#include "shared/import/invoice_import.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "shared/ledger/allocation.h"
#include "tests/shared/import/import_fixture.h"

namespace encaisse {
namespace {

constexpr const char* kHeader = "customer_id,customer_name,invoice_number,issue_date,due_date,amount,currency";
constexpr const char* kFullHeader =
    "customer_id,customer_name,invoice_number,issue_date,due_date,amount,currency,email,phone,address,language,rep_email,business";

class InvoiceImportTest : public ImportFixture {
 protected:
  ImportResult Invoices(const std::string& csv, bool dry_run = false) { return Import(ImportKind::kInvoices, csv, dry_run); }

  std::string Good() {
    return std::string(kFullHeader) + "\n" +
           "C001,Boulangerie Martin SARL,FA-001,2026-01-05,2026-02-04,1200.00,EUR,compta@martin.test,0102030405,"
           "\"12 rue de la Paix\nBP 4\",fr,rep1@demo.test,B2B\n" +
           "C001,Boulangerie Martin SARL,FA-002,2026-02-05,2026-03-07,300.50,EUR,,,,,,\n" +
           "C002,Garage Dubois SAS,FA-003,2026-01-10,2026-03-11,99.99,EUR,,,,en,,non\n" +
           "C002,Garage Dubois SAS,AV-001,2026-02-01,2026-02-01,-20.00,EUR,,,,,,\n";
  }
};

TEST_F(InvoiceImportTest, ImportsAGoodFileCreatingTheCustomers) {
  const ImportResult r = Invoices(Good());
  ASSERT_TRUE(r.ok()) << Errors(r);
  EXPECT_EQ(r.rows, 4);
  EXPECT_EQ(r.created, 4);
  EXPECT_EQ(r.updated, 0);
  EXPECT_EQ(r.unchanged, 0);
  EXPECT_EQ(r.invoices, (ImportCounts{4, 0, 0}));
  EXPECT_EQ(r.customers, (ImportCounts{2, 0, 0}));
  EXPECT_GT(r.import_id, 0);
  EXPECT_EQ(Count("customers"), 2);
  EXPECT_EQ(Count("invoices"), 4);

  EXPECT_EQ(Text("SELECT name || '|' || email || '|' || phone || '|' || address || '|' || language || '|' || business || '|' || "
                 "rep_id || '|' || risk || '|' || payment_terms_days FROM customers WHERE external_id = 'C001'"),
            "Boulangerie Martin SARL|compta@martin.test|0102030405|12 rue de la Paix\nBP 4|fr|1|" + std::to_string(rep_) +
                "|medium|45");
  EXPECT_EQ(Text("SELECT language || '|' || business || '|' || COALESCE(rep_id, 'none') FROM customers WHERE external_id = 'C002'"),
            "en|0|none");
  EXPECT_EQ(Text("SELECT amount_minor || '|' || open_minor || '|' || status || '|' || issue_date || '|' || due_date || '|' || currency "
                 "FROM invoices WHERE number = 'FA-001'"),
            "120000|120000|open|2026-01-05|2026-02-04|EUR");
  EXPECT_EQ(Text("SELECT amount_minor FROM invoices WHERE number = 'FA-002'"), "30050");
  EXPECT_EQ(Text("SELECT amount_minor || '|' || open_minor FROM invoices WHERE number = 'AV-001'"), "-2000|-2000");  // a credit note
  EXPECT_EQ(Text("SELECT kind || '|' || source || '|' || created_at || '|' || rows || '|' || created || '|' || updated || '|' || "
                 "unchanged || '|' || COALESCE(user_id, 'cli') FROM imports"),
            "invoices|test.csv|2026-11-24T10:00:00Z|4|4|0|0|cli");
  // Every new row reached the change log (the tablets' sync cannot miss them).
  EXPECT_EQ(Count("SELECT 1 FROM change_log WHERE tbl IN ('customers', 'invoices')"), 6);
  EXPECT_TRUE(store().VerifyLedger().ok());
}

TEST_F(InvoiceImportTest, ReadsAFrenchExport) {
  // Excel's "CSV UTF-8 (séparateur: point-virgule)": BOM, CRLF, ';', decimal comma, DD/MM/YYYY,
  // headers in another case and order, quoted names holding ';'.
  const std::string csv =
      "\xEF\xBB\xBF" "Invoice_Number;Customer_ID;Customer_Name;Issue_Date;Due_Date;Amount;Currency\r\n"
      "F2026-001;CLI-7;\"Dupont; Fils & Cie\";31/01/2026;02/03/2026;\"1 234,56\";EUR\r\n"
      "F2026-002;CLI-7;\"Dupont; Fils & Cie\";15/02/2026;17/03/2026;12,5;eur\r\n"
      "F2026-003;CLI-7;\"Dupont; Fils & Cie\";15/02/2026;17/03/2026;\"1\xC2\xA0" "000,00\";EUR\r\n";
  const ImportResult r = Invoices(csv);
  ASSERT_TRUE(r.ok()) << Errors(r);
  EXPECT_EQ(r.created, 3);
  EXPECT_EQ(Text("SELECT name FROM customers WHERE external_id = 'CLI-7'"), "Dupont; Fils & Cie");
  EXPECT_EQ(Text("SELECT amount_minor || '|' || issue_date || '|' || due_date FROM invoices WHERE number = 'F2026-001'"),
            "123456|2026-01-31|2026-03-02");
  EXPECT_EQ(Text("SELECT amount_minor FROM invoices WHERE number = 'F2026-002'"), "1250");
  EXPECT_EQ(Text("SELECT amount_minor FROM invoices WHERE number = 'F2026-003'"), "100000");
}

TEST_F(InvoiceImportTest, TheSameFileTwiceChangesNothingTheSecondTime) {
  ASSERT_TRUE(Invoices(Good()).ok());
  const std::string before = Snapshot();
  const ImportResult again = Invoices(Good());
  ASSERT_TRUE(again.ok()) << Errors(again);
  EXPECT_EQ(again.created, 0);
  EXPECT_EQ(again.updated, 0);
  EXPECT_EQ(again.unchanged, 4);
  EXPECT_EQ(again.customers, (ImportCounts{0, 0, 2}));
  // Only the history grew: no row, no change-log entry.
  EXPECT_EQ(Count("imports"), 2);
  std::string after = Snapshot();
  EXPECT_EQ(after.replace(after.find("imports=2"), 9, "imports=1"), before);
}

TEST_F(InvoiceImportTest, ChangedDatesAndAmountsUpdateTheInvoice) {
  ASSERT_TRUE(Invoices(Good()).ok());
  const std::string changed = std::string(kHeader) + "\n" +
                              "C001,Boulangerie Martin SARL,FA-001,2026-01-05,2026-02-20,1200.00,EUR\n"  // due date moved
                              "C001,Boulangerie Martin SARL,FA-002,2026-02-05,2026-03-07,350.00,EUR\n"  // amount changed
                              "C002,Garage Dubois SAS,FA-003,2026-01-10,2026-03-11,99.99,EUR\n"         // same
                              "C002,Garage Dubois SAS,FA-004,2026-03-01,2026-03-31,10.00,EUR\n";        // new
  const ImportResult r = Invoices(changed);
  ASSERT_TRUE(r.ok()) << Errors(r);
  EXPECT_EQ(r.invoices, (ImportCounts{1, 2, 1}));
  EXPECT_EQ(Text("SELECT due_date FROM invoices WHERE number = 'FA-001'"), "2026-02-20");
  EXPECT_EQ(Text("SELECT amount_minor || '|' || open_minor FROM invoices WHERE number = 'FA-002'"), "35000|35000");
  EXPECT_EQ(Count("invoices"), 5);
  EXPECT_TRUE(store().VerifyLedger().ok());
}

TEST_F(InvoiceImportTest, AnAmountCannotChangeOnceAPaymentIsAllocated) {
  ASSERT_TRUE(Invoices(Good()).ok());
  const Id customer = std::stoll(Text("SELECT id FROM customers WHERE external_id = 'C001'"));
  const Id invoice = std::stoll(Text("SELECT id FROM invoices WHERE number = 'FA-001'"));
  Payment p;
  p.customer_id = customer;
  p.date = Date::ParseIso("2026-02-10").value();
  p.amount_minor = 50000;
  p.method = "transfer";
  ASSERT_TRUE(store().RecordPayment(p, std::vector<Allocation>{{0, invoice, 0, 0, 50000, p.date}}).ok());
  const std::string before = Snapshot();

  const std::string changed = std::string(kHeader) + "\n" +
                              "C001,Boulangerie Martin SARL,FA-001,2026-01-05,2026-02-04,1300.00,EUR\n"
                              "C001,Boulangerie Martin SARL,FA-002,2026-02-05,2026-03-09,300.50,EUR\n";
  const ImportResult r = Invoices(changed);
  ASSERT_EQ(r.errors.size(), 1u) << Errors(r);
  EXPECT_EQ(r.errors[0].line, 2);
  EXPECT_EQ(r.errors[0].column, "amount");
  EXPECT_NE(r.errors[0].message.find("already has payments"), std::string::npos) << r.errors[0].message;
  EXPECT_NE(r.errors[0].message.find("from 1200.00 to 1300.00"), std::string::npos) << r.errors[0].message;
  EXPECT_EQ(Snapshot(), before);  // FA-002's new due date was not written either

  // Dates may still move on a paid invoice.
  const std::string dates_only = std::string(kHeader) + "\n" +
                                 "C001,Boulangerie Martin SARL,FA-001,2026-01-05,2026-02-14,1200.00,EUR\n";
  const ImportResult ok = Invoices(dates_only);
  ASSERT_TRUE(ok.ok()) << Errors(ok);
  EXPECT_EQ(ok.updated, 1);
  EXPECT_EQ(Text("SELECT due_date || '|' || open_minor FROM invoices WHERE number = 'FA-001'"), "2026-02-14|70000");
  EXPECT_TRUE(store().VerifyLedger().ok());
}

TEST_F(InvoiceImportTest, ACurrencyOrASignNeverChanges) {
  ASSERT_TRUE(Invoices(Good()).ok());
  const std::string csv = std::string(kHeader) + "\n" +
                          "C001,Boulangerie Martin SARL,FA-001,2026-01-05,2026-02-04,1200.00,USD\n"
                          "C002,Garage Dubois SAS,AV-001,2026-02-01,2026-02-01,20.00,EUR\n";
  const ImportResult r = Invoices(csv);
  ASSERT_EQ(r.errors.size(), 2u) << Errors(r);
  EXPECT_EQ(r.errors[0].ToString(), "line 2, column currency: invoice FA-001 is in EUR: its currency cannot change to USD");
  EXPECT_EQ(r.errors[1].line, 3);
  EXPECT_NE(r.errors[1].message.find("cannot change sign"), std::string::npos);
}

TEST_F(InvoiceImportTest, EveryBadCellIsReportedWithItsLineAndColumn) {
  struct Case {
    const char* row;  // in kFullHeader's columns
    const char* column;
    const char* message_part;
  };
  const Case cases[] = {
      {",Martin,FA-9,2026-01-05,2026-02-04,10.00,EUR,,,,,,", "customer_id", "a value is required"},
      {"C009,Martin,,2026-01-05,2026-02-04,10.00,EUR,,,,,,", "invoice_number", "a value is required"},
      {"C009,Martin,FA-9,2026-02-30,2026-03-04,10.00,EUR,,,,,,", "issue_date", "2026-02-30"},
      {"C009,Martin,FA-9,05/01/2026,31/13/2026,10.00,EUR,,,,,,", "due_date", "31/13/2026"},
      {"C009,Martin,FA-9,,2026-02-04,10.00,EUR,,,,,,", "issue_date", "a date is required"},
      {"C009,Martin,FA-9,2026-03-05,2026-02-04,10.00,EUR,,,,,,", "due_date", "before the issue date"},
      {"C009,Martin,FA-9,2026-01-05,2026-02-04,douze,EUR,,,,,,", "amount", "is not an amount"},
      {"C009,Martin,FA-9,2026-01-05,2026-02-04,\"10,001\",EUR,,,,,,", "amount", "decimal"},
      {"C009,Martin,FA-9,2026-01-05,2026-02-04,0,EUR,,,,,,", "amount", "zero"},
      {"C009,Martin,FA-9,2026-01-05,2026-02-04,,EUR,,,,,,", "amount", "an amount is required"},
      {"C009,Martin,FA-9,2026-01-05,2026-02-04,10.00,EURO,,,,,,", "currency", "unknown currency"},
      {"C009,Martin,FA-9,2026-01-05,2026-02-04,10.00,EUR,pas-un-email,,,,,", "email", "not an email address"},
      {"C009,Martin,FA-9,2026-01-05,2026-02-04,10.00,EUR,,,,de,,", "language", "unsupported language"},
      {"C009,Martin,FA-9,2026-01-05,2026-02-04,10.00,EUR,,,,,,peut-être", "business", "B2B/B2C"},
      {"C009,Martin,FA-9,2026-01-05,2026-02-04,10.00,EUR,,,,,nobody@demo.test,", "rep_email", "no user has the email"},
      {"C009,Martin,FA-9,2026-01-05,2026-02-04,10.00,EUR,,,,,manager@demo.test,", "rep_email", "not a sales_rep"},
      {"C009,Martin,FA-9,2026-01-05,2026-02-04,10.00,EUR,,,,,gone@demo.test,", "rep_email", "disabled"},
      {"C009,,FA-9,2026-01-05,2026-02-04,10.00,EUR,,,,,,", "customer_name", "is new: its name is required"},
      {"C001,Martin,FA-1,2026-01-05,2026-02-04,10.00,EUR,,,,,,", "invoice_number", "already on line 2"},
      {"C009,Martin,FA-9,2026-01-05,2026-02-04,10.00,EUR,,,,,,,,extra", "", "fields where the header has 13"},
      {"C009,Martin,FA-9,2026-01-05,2026-02-04,10.00,EUR,,\"01\x01\",,,,", "phone", "control characters"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.row);
    const std::string csv = std::string(kFullHeader) + "\n" +
                            "C001,Martin,FA-1,2026-01-05,2026-02-04,10.00,EUR,,,,,,\n" +  // a good row, line 2
                            c.row + "\n";                                                 // the bad one, line 3
    const ImportResult r = Invoices(csv);
    ASSERT_EQ(r.errors.size(), 1u) << Errors(r);
    EXPECT_EQ(r.errors[0].line, 3);
    EXPECT_EQ(r.errors[0].column, c.column);
    EXPECT_NE(r.errors[0].message.find(c.message_part), std::string::npos) << r.errors[0].message;
    EXPECT_EQ(r.errors[0].ToString().rfind(std::string("line 3") + (*c.column ? ", column " + std::string(c.column) : "") + ": ", 0), 0u)
        << r.errors[0].ToString();
    EXPECT_EQ(r.created, 0);
    EXPECT_EQ(r.import_id, 0);
    EXPECT_EQ(Count("invoices"), 0);  // the good row was not written either
    EXPECT_EQ(Count("customers"), 0);
    EXPECT_EQ(Count("imports"), 0);
  }
}

TEST_F(InvoiceImportTest, AMissingColumnOrABrokenFileIsOneErrorOnItsLine) {
  struct Case {
    std::string csv;
    int line;
    const char* column;
    const char* message_part;
  };
  const std::vector<Case> cases = {
      {"customer_id,customer_name,invoice_number,issue_date,due_date,currency\nC1,X,F1,2026-01-01,2026-02-01,EUR\n", 1, "amount",
       "required column is missing"},
      {"customer_id;customer_name;invoice_number;issue_date;due_date;amount;currency;amount\n", 1, "amount", "appears twice"},
      {std::string(kHeader) + "\nC1,X,F1,2026-01-01,2026-02-01,10.00,EUR\nC1,\"X,F2,2026-01-01,2026-02-01,10.00,EUR\n", 3, "",
       "unterminated quoted field"},
      {std::string(kHeader) + "\nC1,Soci\xE9t\xE9,F1,2026-01-01,2026-02-01,10.00,EUR\n", 2, "", "invalid UTF-8"},
      {"", 1, "", "empty"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.csv);
    const ImportResult r = Invoices(c.csv);
    ASSERT_EQ(r.errors.size(), 1u) << Errors(r);
    EXPECT_EQ(r.errors[0].line, c.line);
    EXPECT_EQ(r.errors[0].column, c.column);
    EXPECT_NE(r.errors[0].message.find(c.message_part), std::string::npos) << r.errors[0].message;
    EXPECT_EQ(Count("invoices"), 0);
  }
}

TEST_F(InvoiceImportTest, ListsEveryBadRowUpToTheCapAndCountsTheRest) {
  std::string csv = std::string(kHeader) + "\n";
  for (int i = 0; i < 250; ++i) csv += "C1,X,F" + std::to_string(i) + ",2026-01-01,2026-02-01,n/a,EUR\n";
  csv += "C1,X,G1,2026-01-01,2026-02-01,10.00,EUR\n";
  const ImportResult r = Invoices(csv);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.errors.size(), kMaxListedImportErrors);
  EXPECT_EQ(r.errors_not_listed, 50);
  EXPECT_EQ(r.error_count(), 250);
  for (size_t i = 0; i < r.errors.size(); ++i) {
    EXPECT_EQ(r.errors[i].line, static_cast<int>(i) + 2);
    EXPECT_EQ(r.errors[i].column, "amount");
  }
  EXPECT_EQ(Count("invoices"), 0);
}

TEST_F(InvoiceImportTest, OneBadRowAmongManyWritesNothing) {
  std::string csv = std::string(kHeader) + "\n";
  for (int i = 0; i < 500; ++i)
    csv += "C" + std::to_string(i % 20) + ",Client " + std::to_string(i % 20) + ",F" + std::to_string(i) +
           ",2026-01-01,2026-02-01,10.00,EUR\n";
  csv += "C1,Client 1,F-last,2026-01-01,2026-13-01,10.00,EUR\n";
  const std::string before = Snapshot();
  const ImportResult r = Invoices(csv);
  ASSERT_EQ(r.errors.size(), 1u) << Errors(r);
  EXPECT_EQ(r.errors[0].ToString().rfind("line 502, column due_date: ", 0), 0u) << r.errors[0].ToString();
  EXPECT_EQ(Snapshot(), before);
}

TEST_F(InvoiceImportTest, AFailureWhileWritingRollsEverythingBack) {
  // The database itself refuses the 300th invoice, after customers and earlier invoices were
  // inserted in the transaction: none of them may stay.
  ASSERT_TRUE(db().Exec("CREATE TRIGGER refuse_boom BEFORE INSERT ON invoices WHEN NEW.number = 'BOOM' "
                        "BEGIN SELECT RAISE(ABORT, 'boom'); END").ok());
  std::string csv = std::string(kHeader) + "\n";
  for (int i = 0; i < 299; ++i) csv += "C" + std::to_string(i) + ",Client,F" + std::to_string(i) + ",2026-01-01,2026-02-01,10.00,EUR\n";
  csv += "C999,Client,BOOM,2026-01-01,2026-02-01,10.00,EUR\n";
  const std::string before = Snapshot();
  auto r = RunImport(store(), ImportKind::kInvoices, csv, Options());
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("boom"), std::string::npos) << r.status().ToString();
  EXPECT_EQ(Snapshot(), before);
  // And the connection is usable again (the transaction ended).
  ASSERT_TRUE(db().Exec("DROP TRIGGER refuse_boom").ok());
  EXPECT_TRUE(Invoices(csv).ok());
  EXPECT_EQ(Count("invoices"), 300);
}

TEST_F(InvoiceImportTest, ADryRunCountsTheSameAndWritesNothing) {
  ASSERT_TRUE(Invoices(Good()).ok());
  const std::string changed = std::string(kHeader) + "\n" +
                              "C001,Boulangerie Martin SARL,FA-001,2026-01-05,2026-02-20,1200.00,EUR\n"
                              "C002,Garage Dubois SAS,FA-003,2026-01-10,2026-03-11,99.99,EUR\n"
                              "C003,Nouvelle SAS,FA-010,2026-03-01,2026-03-31,10.00,EUR\n";
  const std::string before = Snapshot();
  const ImportResult dry = Invoices(changed, /*dry_run=*/true);
  ASSERT_TRUE(dry.ok()) << Errors(dry);
  EXPECT_TRUE(dry.dry_run);
  EXPECT_EQ(dry.import_id, 0);
  EXPECT_EQ(Snapshot(), before);
  const ImportResult real = Invoices(changed);
  ASSERT_TRUE(real.ok());
  EXPECT_FALSE(real.dry_run);
  for (const auto* r : {&dry, &real}) {
    EXPECT_EQ(r->invoices, (ImportCounts{1, 1, 1}));
    EXPECT_EQ(r->customers, (ImportCounts{1, 0, 2}));
  }
  EXPECT_NE(Snapshot(), before);
}

TEST_F(InvoiceImportTest, ADryRunStillReportsEveryError) {
  const std::string csv = std::string(kHeader) + "\nC1,X,F1,2026-01-01,2026-02-01,abc,EUR\n";
  const ImportResult r = Invoices(csv, /*dry_run=*/true);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].column, "amount");
}

TEST_F(InvoiceImportTest, ExtraColumnsAreIgnoredAndNamed) {
  const std::string csv = "customer_id;customer_name;invoice_number;issue_date;due_date;amount;currency;journal;\n"
                          "C1;X;F1;2026-01-01;2026-02-01;10,00;EUR;VT;\n";
  const ImportResult r = Invoices(csv);
  ASSERT_TRUE(r.ok()) << Errors(r);
  EXPECT_EQ(r.ignored_columns, std::vector<std::string>{"journal"});
  EXPECT_EQ(Count("invoices"), 1);
}

TEST_F(InvoiceImportTest, ExistingCustomersAreLeftAsTheyAre) {
  Customer c;
  c.external_id = "C001";
  c.name = "Nom d'origine";
  c.email = "origine@test.fr";
  ASSERT_TRUE(store().AddCustomer(c).ok());
  const ImportResult r = Invoices(Good());
  ASSERT_TRUE(r.ok()) << Errors(r);
  EXPECT_EQ(r.customers, (ImportCounts{1, 0, 1}));
  EXPECT_EQ(Text("SELECT name || '|' || email FROM customers WHERE external_id = 'C001'"), "Nom d'origine|origine@test.fr");
}

}  // namespace
}  // namespace encaisse
