// CSV imports against the real server (POST /api/v1/imports, GET /api/v1/imports) and the
// real command line (encaisse import): good files, bad files with every line listed and
// nothing written, the same file twice, a French export, dry runs, roles, 401, 413.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "shared/store/db.h"
#include "tests/server/server_harness.h"

namespace encaisse::testing {
namespace {

// Row counts of the tables an import writes, read straight from the database file (WAL lets
// this reader run beside the server).
std::string Counts(const std::string& db_path) {
  auto db = Db::Open(db_path, OpenOptions{.create = false});
  if (!db.ok()) return "cannot open: " + db.status().ToString();
  std::string out;
  for (const char* table : {"customers", "invoices", "payments", "allocations", "imports", "change_log"}) {
    auto n = db->QueryInt(std::string("SELECT count(*) FROM ") + table);
    out += std::string(table) + "=" + (n.ok() ? std::to_string(*n) : "?") + " ";
  }
  return out;
}

std::string QueryText(const std::string& db_path, const std::string& sql) {
  auto db = Db::Open(db_path, OpenOptions{.create = false});
  if (!db.ok()) return "cannot open";
  auto st = db->Prepare(sql);
  if (!st.ok()) return st.status().ToString();
  auto row = st->Step();
  return row.ok() && *row ? std::string(st->Text(0)) : "";
}

constexpr const char* kGood =
    "customer_id,customer_name,invoice_number,issue_date,due_date,amount,currency,email,rep_email\n"
    "IMP-001,Imprimerie Nouvelle SARL,IMP-F1,2026-10-01,2026-10-31,1500.00,EUR,compta@imprimerie.test,rep1@demo.test\n"
    "IMP-001,Imprimerie Nouvelle SARL,IMP-F2,2026-10-15,2026-11-14,250.40,EUR,,\n"
    "IMP-002,Transports Lefebvre SAS,IMP-F3,2026-10-20,2026-12-19,-40.00,EUR,,\n";

class ImportsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new ServerProcess(DemoDatabaseCopy());
    collector_ = server_->Login("collector@demo.test");
    admin_ = server_->Login("admin@demo.test");
    manager_ = server_->Login("manager@demo.test");
    rep_ = server_->Login("rep1@demo.test");
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  // POSTs a CSV body as it is (no JSON).
  static json PostCsv(const std::string& query, const std::string& csv, const std::string& token, int* status,
                      const char* content_type = "text/csv; charset=utf-8", httplib::Headers headers = {}) {
    auto c = server_->Client();
    if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
    auto r = c.Post(("/api/v1/imports" + query).c_str(), headers, csv, content_type);
    if (!r) {
      *status = -1;
      return json();
    }
    *status = r->status;
    json j = json::parse(r->body, nullptr, false);
    return j.is_discarded() ? json(r->body) : j;
  }

  static ServerProcess* server_;
  static std::string collector_, admin_, manager_, rep_;
};
ServerProcess* ImportsTest::server_ = nullptr;
std::string ImportsTest::collector_, ImportsTest::admin_, ImportsTest::manager_, ImportsTest::rep_;

TEST_F(ImportsTest, AGoodFileImportsAndTheSameFileTwiceChangesNothing) {
  ASSERT_FALSE(collector_.empty());
  int status = 0;
  json r = PostCsv("?kind=invoices", kGood, collector_, &status);
  ASSERT_EQ(status, 200) << r.dump();
  EXPECT_EQ(r["kind"], "invoices");
  EXPECT_EQ(r["dry_run"], false);
  EXPECT_EQ(r["rows"], 3);
  EXPECT_EQ(r["created"], 3);
  EXPECT_EQ(r["updated"], 0);
  EXPECT_EQ(r["unchanged"], 0);
  EXPECT_EQ(r["customers"], (json{{"created", 2}, {"updated", 0}, {"unchanged", 0}}));
  EXPECT_EQ(r["invoices"], (json{{"created", 3}, {"updated", 0}, {"unchanged", 0}}));
  EXPECT_TRUE(r["import_id"].is_number_integer());
  EXPECT_EQ(QueryText(server_->db(), "SELECT c.name || '|' || u.email || '|' || i.amount_minor FROM invoices i "
                                     "JOIN customers c ON c.id = i.customer_id JOIN users u ON u.id = c.rep_id "
                                     "WHERE i.number = 'IMP-F1'"),
            "Imprimerie Nouvelle SARL|rep1@demo.test|150000");

  const std::string before = Counts(server_->db());
  r = PostCsv("?kind=invoices", kGood, collector_, &status);
  ASSERT_EQ(status, 200) << r.dump();
  EXPECT_EQ(r["created"], 0);
  EXPECT_EQ(r["updated"], 0);
  EXPECT_EQ(r["unchanged"], 3);
  EXPECT_EQ(r["customers"]["unchanged"], 2);
  std::string after = Counts(server_->db());
  // Only the history grew by one row.
  const auto imports = [](const std::string& counts) {
    const size_t at = counts.find("imports=") + 8;
    return std::stoi(counts.substr(at, counts.find(' ', at) - at));
  };
  EXPECT_EQ(imports(after), imports(before) + 1);
  EXPECT_EQ(after.substr(0, after.find("imports=")), before.substr(0, before.find("imports=")));
  EXPECT_EQ(after.substr(after.find("change_log=")), before.substr(before.find("change_log=")));
}

TEST_F(ImportsTest, ABadFileListsEveryBadLineAndWritesNothing) {
  const std::string csv =
      "customer_id,customer_name,invoice_number,issue_date,due_date,amount,currency\n"
      "BAD-1,Société A,BAD-F1,2026-10-01,2026-10-31,abc,EUR\n"     // line 2: amount
      "BAD-1,Société A,BAD-F2,2026-10-01,2026-10-31,10.00,EUR\n"   // line 3: good
      "BAD-1,Société A,BAD-F3,2026-02-30,2026-10-31,10.00,EUR\n"   // line 4: issue_date
      "BAD-1,Société A,BAD-F4,2026-10-01,2026-10-31,10.00,EURO\n"; // line 5: currency
  const std::string before = Counts(server_->db());
  int status = 0;
  json r = PostCsv("?kind=invoices", csv, collector_, &status);
  ASSERT_EQ(status, 400) << r.dump();
  EXPECT_EQ(r["error"]["code"], "invalid_file");
  EXPECT_EQ(r["error"]["field"], "line 2, amount");
  EXPECT_NE(r["error"]["message"].get<std::string>().find("3 errors"), std::string::npos) << r.dump();
  ASSERT_EQ(r["errors"].size(), 3u) << r.dump();
  EXPECT_EQ(r["errors"][0]["line"], 2);
  EXPECT_EQ(r["errors"][0]["column"], "amount");
  EXPECT_EQ(r["errors"][1]["line"], 4);
  EXPECT_EQ(r["errors"][1]["column"], "issue_date");
  EXPECT_EQ(r["errors"][2]["line"], 5);
  EXPECT_EQ(r["errors"][2]["column"], "currency");
  EXPECT_FALSE(r["errors"][0]["message"].get<std::string>().empty());
  EXPECT_EQ(Counts(server_->db()), before);
}

TEST_F(ImportsTest, AFrenchExportWithBomSemicolonsAndDecimalCommas) {
  const std::string csv =
      "\xEF\xBB\xBF" "N° client;Customer_ID;Customer_Name;Invoice_Number;Issue_Date;Due_Date;Amount;Currency\r\n"
      "411001;FR-77;\"Menuiserie Girard; Fils\";FR-F1;31/01/2026;02/03/2026;\"1 234,56\";EUR\r\n"
      "411001;FR-77;\"Menuiserie Girard; Fils\";FR-F2;15/02/2026;17/03/2026;99,90;EUR\r\n";
  int status = 0;
  json r = PostCsv("?kind=invoices", csv, admin_, &status, "application/vnd.ms-excel");
  ASSERT_EQ(status, 200) << r.dump();
  EXPECT_EQ(r["created"], 2);
  EXPECT_EQ(r["ignored_columns"], json::array({"n°_client"}));
  EXPECT_EQ(QueryText(server_->db(), "SELECT amount_minor || '|' || issue_date || '|' || due_date FROM invoices WHERE number = 'FR-F1'"),
            "123456|2026-01-31|2026-03-02");
  EXPECT_EQ(QueryText(server_->db(), "SELECT name FROM customers WHERE external_id = 'FR-77'"), "Menuiserie Girard; Fils");
  EXPECT_EQ(QueryText(server_->db(), "SELECT amount_minor FROM invoices WHERE number = 'FR-F2'"), "9990");
}

TEST_F(ImportsTest, ADryRunAnswersTheSameCountsAndWritesNothing) {
  const std::string csv =
      "customer_id;customer_name;invoice_number;issue_date;due_date;amount;currency\n"
      "DRY-1;Essai SARL;DRY-F1;2026-10-01;2026-10-31;10,00;EUR\n";
  const std::string before = Counts(server_->db());
  int status = 0;
  json r = PostCsv("?kind=invoices&dry_run=1", csv, collector_, &status);
  ASSERT_EQ(status, 200) << r.dump();
  EXPECT_EQ(r["dry_run"], true);
  EXPECT_EQ(r["created"], 1);
  EXPECT_EQ(r["customers"]["created"], 1);
  EXPECT_TRUE(r["import_id"].is_null());
  EXPECT_EQ(Counts(server_->db()), before);
  r = PostCsv("?kind=invoices&dry_run=maybe", csv, collector_, &status);
  EXPECT_EQ(status, 400);
  EXPECT_EQ(r["error"]["field"], "dry_run");
}

TEST_F(ImportsTest, PaymentsSettleTheInvoicesTheyName) {
  int status = 0;
  json r = PostCsv("?kind=invoices",
                   "customer_id;customer_name;invoice_number;issue_date;due_date;amount;currency\n"
                   "PAY-1;Payeur SAS;PAY-F1;2026-09-01;2026-09-30;100,00;EUR\n"
                   "PAY-1;Payeur SAS;PAY-F2;2026-09-15;2026-10-15;200,00;EUR\n",
                   collector_, &status);
  ASSERT_EQ(status, 200) << r.dump();
  // RF reference of PAY-F2: "RF" + check digits + "PAYF2".
  const std::string payments = "date;amount;currency;customer_id;reference\n2026-11-02;200,00;EUR;PAY-1;RF42PAYF2\n";
  r = PostCsv("?kind=payments", payments, collector_, &status);
  ASSERT_EQ(status, 200) << r.dump();
  EXPECT_EQ(r["kind"], "payments");
  EXPECT_EQ(r["created"], 1);
  EXPECT_EQ(r["invoices"]["updated"], 1);
  EXPECT_EQ(r["allocated_minor"], 20000);
  EXPECT_EQ(QueryText(server_->db(), "SELECT status || '|' || open_minor FROM invoices WHERE number = 'PAY-F2'"), "paid|0");
  EXPECT_EQ(QueryText(server_->db(), "SELECT status || '|' || open_minor FROM invoices WHERE number = 'PAY-F1'"), "open|10000");
  r = PostCsv("?kind=payments", payments, collector_, &status);
  ASSERT_EQ(status, 200) << r.dump();
  EXPECT_EQ(r["created"], 0);
  EXPECT_EQ(r["unchanged"], 1);
}

TEST_F(ImportsTest, TheHistoryListsImportsNewestFirst) {
  int status = 0;
  json r = PostCsv("?kind=customers&filename=clients.csv", "customer_id;name;risk_score\nHIST-1;Historique SA;80\n", admin_, &status);
  ASSERT_EQ(status, 200) << r.dump();
  const int64_t id = r["import_id"];
  json history = server_->Get("/api/v1/imports?limit=2", manager_, &status);
  ASSERT_EQ(status, 200) << history.dump();
  ASSERT_GE(history["items"].size(), 1u);
  const json& first = history["items"][0];
  EXPECT_EQ(first["id"], id);
  EXPECT_EQ(first["kind"], "customers");
  EXPECT_EQ(first["source"], "clients.csv");
  EXPECT_EQ(first["user_email"], "admin@demo.test");
  EXPECT_EQ(first["rows"], 1);
  EXPECT_EQ(first["created"], 1);
  EXPECT_FALSE(first["created_at"].get<std::string>().empty());
  if (history["items"].size() == 2u) {
    ASSERT_TRUE(history["next_cursor"].is_string());
    json older = server_->Get("/api/v1/imports?limit=2&cursor=" + history["next_cursor"].get<std::string>(), collector_, &status);
    ASSERT_EQ(status, 200);
    for (const auto& item : older["items"]) EXPECT_LT(item["id"].get<int64_t>(), history["items"][1]["id"].get<int64_t>());
  }
  EXPECT_EQ(QueryText(server_->db(), "SELECT risk || '|' || payment_terms_days FROM customers WHERE external_id = 'HIST-1'"),
            "low|60");
}

TEST_F(ImportsTest, OnlyCollectorsAndAdminsImport) {
  const std::string before = Counts(server_->db());
  int status = 0;
  json r = PostCsv("?kind=invoices", kGood, rep_, &status);
  EXPECT_EQ(status, 403) << r.dump();
  r = PostCsv("?kind=invoices", kGood, manager_, &status);
  EXPECT_EQ(status, 403) << r.dump();
  EXPECT_EQ(r["error"]["code"], "forbidden");
  r = PostCsv("?kind=invoices", kGood, "", &status);
  EXPECT_EQ(status, 401) << r.dump();
  EXPECT_EQ(Counts(server_->db()), before);
  server_->Get("/api/v1/imports", rep_, &status);
  EXPECT_EQ(status, 403);
  server_->Get("/api/v1/imports", "", &status);
  EXPECT_EQ(status, 401);
}

TEST_F(ImportsTest, TheKindIsRequiredAndChecked) {
  int status = 0;
  json r = PostCsv("", kGood, collector_, &status);
  EXPECT_EQ(status, 400);
  EXPECT_EQ(r["error"]["field"], "kind");
  r = PostCsv("?kind=fec", kGood, collector_, &status);
  EXPECT_EQ(status, 400);
  EXPECT_EQ(r["error"]["field"], "kind");
}

TEST_F(ImportsTest, AnIdempotencyKeyReplaysTheFirstAnswer) {
  const std::string csv =
      "customer_id;customer_name;invoice_number;issue_date;due_date;amount;currency\nIDEM-1;Idem SARL;IDEM-F1;2026-10-01;2026-10-31;5,00;EUR\n";
  int status = 0;
  json first = PostCsv("?kind=invoices", csv, collector_, &status, "text/csv", {{"Idempotency-Key", "import-idem-1"}});
  ASSERT_EQ(status, 200) << first.dump();
  EXPECT_EQ(first["created"], 1);
  json again = PostCsv("?kind=invoices", csv, collector_, &status, "text/csv", {{"Idempotency-Key", "import-idem-1"}});
  ASSERT_EQ(status, 200);
  EXPECT_EQ(again, first);  // the first answer (created 1), not a second import (unchanged 1)
}

TEST(ImportsLimitTest, ABodyOverTheUploadLimitIs413) {
  ServerProcess server(DemoDatabaseCopy());
  const std::string token = server.Login("collector@demo.test");
  ASSERT_FALSE(token.empty());
  const std::string before = Counts(server.db());
  std::string big = "customer_id,customer_name,invoice_number,issue_date,due_date,amount,currency\n";
  while (big.size() <= (33u << 20)) big += "BIG-1,Grosse SARL,F-0000000000,2026-10-01,2026-10-31,10.00,EUR\n";
  auto c = server.Client();
  auto r = c.Post("/api/v1/imports?kind=invoices", {{"Authorization", "Bearer " + token}}, big, "text/csv");
  ASSERT_TRUE(r) << "no answer: " << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(Counts(server.db()), before);
  // The server still answers afterwards.
  int status = 0;
  server.Get("/api/v1/imports", token, &status);
  EXPECT_EQ(status, 200);
}

// The command line: encaisse import invoices|customers|payments --db FILE FILE.csv [--dry-run].
class ImportCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = DemoDatabaseCopy();
    dir_ = TempDir();
  }
  std::string Write(const std::string& name, const std::string& text) {
    const std::string path = dir_ + "/" + name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
  std::string db_, dir_;
};

TEST_F(ImportCommandTest, ImportsAGoodFileAndPrintsTheSummary) {
  const std::string file = Write("factures.csv", kGood);
  std::string out;
  ASSERT_EQ(RunEncaisse({"import", "invoices", "--db", db_, file}, "", &out), 0) << out;
  EXPECT_NE(out.find("invoices: 3 rows, 3 created, 0 updated, 0 unchanged (customers: 2 created"), std::string::npos) << out;
  EXPECT_EQ(QueryText(db_, "SELECT source || '|' || kind || '|' || rows || '|' || COALESCE(user_id, 'cli') FROM imports"),
            "factures.csv|invoices|3|cli");
  ASSERT_EQ(RunEncaisse({"import", "invoices", "--db", db_, file}, "", &out), 0) << out;
  EXPECT_NE(out.find("0 created, 0 updated, 3 unchanged"), std::string::npos) << out;
}

TEST_F(ImportCommandTest, ABadFileExits2WithEveryLineAndWritesNothing) {
  const std::string file = Write("bad.csv",
                                 "customer_id;customer_name;invoice_number;issue_date;due_date;amount;currency\n"
                                 "X1;Nom;F1;2026-10-01;2026-10-31;10,00;EUR\n"
                                 "X1;Nom;F2;2026-10-01;2026-10-31;dix;EUR\n"
                                 "X1;Nom;F3;32/10/2026;2026-10-31;10,00;EUR\n");
  const std::string before = Counts(db_);
  std::string out;
  EXPECT_EQ(RunEncaisse({"import", "invoices", "--db", db_, file}, "", &out), 2) << out;
  EXPECT_NE(out.find("line 3, column amount: "), std::string::npos) << out;
  EXPECT_NE(out.find("line 4, column issue_date: "), std::string::npos) << out;
  EXPECT_NE(out.find("2 errors in"), std::string::npos) << out;
  EXPECT_NE(out.find("nothing was imported"), std::string::npos) << out;
  EXPECT_EQ(Counts(db_), before);
}

TEST_F(ImportCommandTest, ADryRunWritesNothing) {
  const std::string file = Write("factures.csv", kGood);
  const std::string before = Counts(db_);
  std::string out;
  ASSERT_EQ(RunEncaisse({"import", "invoices", "--db", db_, file, "--dry-run"}, "", &out), 0) << out;
  EXPECT_NE(out.find("3 created"), std::string::npos) << out;
  EXPECT_NE(out.find("dry run"), std::string::npos) << out;
  EXPECT_EQ(Counts(db_), before);
}

TEST_F(ImportCommandTest, ExitCodesForMissingFilesAndUsageErrors) {
  std::string out;
  EXPECT_EQ(RunEncaisse({"import", "invoices", "--db", db_, dir_ + "/absent.csv"}, "", &out), 2) << out;
  EXPECT_NE(out.find("absent.csv"), std::string::npos) << out;
  const std::string file = Write("c.csv", "customer_id;name\nZ1;Zed\n");
  EXPECT_EQ(RunEncaisse({"import", "customers", "--db", dir_ + "/absent.db", file}, "", &out), 2) << out;
  EXPECT_EQ(RunEncaisse({"import", "factures", "--db", db_, file}, "", &out), 1) << out;
  EXPECT_EQ(RunEncaisse({"import", "customers", file}, "", &out), 1) << out;  // no --db
  EXPECT_EQ(RunEncaisse({"import", "customers", "--db", db_, file}, "", &out), 0) << out;
  EXPECT_EQ(QueryText(db_, "SELECT name FROM customers WHERE external_id = 'Z1'"), "Zed");
}

TEST_F(ImportCommandTest, PaymentsAfterTodayAreRefused) {
  const std::string invoices = Write("i.csv", "customer_id;customer_name;invoice_number;issue_date;due_date;amount;currency\n"
                                              "P1;Payeur;PF1;2026-01-01;2026-01-31;10,00;EUR\n");
  std::string out;
  ASSERT_EQ(RunEncaisse({"import", "invoices", "--db", db_, invoices}, "", &out), 0) << out;
  const std::string payments = Write("p.csv", "date;amount;currency;customer_id;reference\n2026-03-01;10,00;EUR;P1;PF1\n");
  EXPECT_EQ(RunEncaisse({"import", "payments", "--db", db_, payments, "--today", "2026-02-01"}, "", &out), 2) << out;
  EXPECT_NE(out.find("line 2, column date: the payment date 2026-03-01 is after today (2026-02-01)"), std::string::npos) << out;
  EXPECT_EQ(RunEncaisse({"import", "payments", "--db", db_, payments, "--today", "2026-03-01"}, "", &out), 0) << out;
  EXPECT_EQ(QueryText(db_, "SELECT status FROM invoices WHERE number = 'PF1'"), "paid");
}

}  // namespace
}  // namespace encaisse::testing
