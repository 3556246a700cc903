// The postal and SMS channels end to end: `encaisse dunning run` on the demo portfolio writes
// each letter and formal notice as a PDF a printer takes (checked with qpdf, pdftotext and
// zbarimg on a rendered page), gathers the day's print batch, and sends SMS into a file or
// to an HTTP provider (a real local HTTP server), each exactly once.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "shared/store/store.h"
#include "tests/server/server_harness.h"

namespace encaisse::testing {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> Letters(const std::string& day_dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(day_dir, ec))
    if (e.path().extension() == ".pdf" && e.path().filename().string().rfind("lot-", 0) != 0)
      out.push_back(e.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

int Pages(const std::string& pdf) {
  std::string out;
  if (RunShell("qpdf --show-npages '" + pdf + "'", &out) != 0) return -1;
  return std::atoi(out.c_str());
}

unsigned Mode(const std::string& path) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) return 0;
  return st.st_mode & 0777;
}

std::vector<std::string> RunArgs(const std::string& db, const std::string& date, std::vector<std::string> extra) {
  std::vector<std::string> args = {"dunning", "run", "--db", db, "--date", date, "--fonts-dir", PrintFontsDir()};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

TEST(LetterChannel, EachLetterIsAReadablePdfInAPrivateFolderAndTheDayIsOneBatch) {
  const std::string db = DemoDatabaseCopy();
  const std::string dir = TempDir() + "/courrier";
  std::string out;
  ASSERT_EQ(RunEncaisse(RunArgs(db, "2026-11-24", {"--letters-dir", dir}), "", &out), 0) << out;
  const std::string day = dir + "/2026-11-24";
  const auto letters = Letters(day);
  const int64_t sent =
      SqlCount(db, "SELECT count(*) FROM reminders WHERE channel IN ('letter', 'formal_notice') AND status = 'sent'");
  ASSERT_GT(sent, 0) << out;
  EXPECT_EQ(static_cast<int64_t>(letters.size()), sent);
  EXPECT_EQ(
      SqlCount(db, "SELECT count(*) FROM reminders WHERE channel IN ('letter', 'formal_notice') AND status <> 'sent'"),
      0);
  // Personal data: owner-only folders and files.
  EXPECT_EQ(Mode(dir), 0700u);
  EXPECT_EQ(Mode(day), 0700u);
  int pages = 0;
  for (const auto& pdf : letters) {
    EXPECT_EQ(Mode(pdf), 0600u) << pdf;
    std::string check;
    EXPECT_EQ(RunShell("qpdf --check '" + pdf + "'", &check), 0) << pdf << "\n" << check;
    pages += Pages(pdf);
  }
  // The batch holds every page of every letter, in reminder order.
  const std::string batch = day + "/lot-2026-11-24.pdf";
  EXPECT_EQ(Mode(batch), 0600u);
  EXPECT_EQ(Pages(batch), pages);

  // A formal notice reads right: the debtor, the wording, accents, the amounts, the reference.
  const int64_t notice_id = SqlCount(db, "SELECT min(id) FROM reminders WHERE channel = 'formal_notice'");
  ASSERT_GT(notice_id, 0);
  const auto it = std::find_if(letters.begin(), letters.end(), [&](const std::string& p) {
    return fs::path(p).filename().string().rfind(
               std::string(8 - std::to_string(notice_id).size(), '0') + std::to_string(notice_id) + "-mise-en-demeure-",
               0) == 0;
  });
  ASSERT_NE(it, letters.end());
  std::string text;
  ASSERT_EQ(RunShell("pdftotext -layout '" + *it + "' -", &text), 0) << text;
  std::string name;
  ASSERT_EQ(RunShell("sqlite3 '" + db +
                         "' \"SELECT c.name FROM customers c JOIN reminders r ON r.customer_id = c.id WHERE r.id = " +
                         std::to_string(notice_id) + "\"",
                     &name),
            0);
  name.erase(name.find_last_not_of('\n') + 1);
  ASSERT_FALSE(name.empty());
  for (const std::string& expected : {name, std::string("Mise en demeure de payer"), std::string("accusé de réception"),
                                      std::string("Pénalités de retard"), std::string("Total dû"), std::string("€"),
                                      std::string("Encaisse Démo SAS"), std::string("FR76 3000"), std::string("RF")})
    EXPECT_NE(text.find(expected), std::string::npos) << "missing '" << expected << "' in\n" << text;
  // The figures of the text and of the table agree: the total in the sentence is the table's.
  const size_t total_at = text.find("Total dû");
  ASSERT_NE(total_at, std::string::npos);
  std::string total_line = text.substr(total_at, text.find('\n', total_at) - total_at);
  std::string amount = total_line.substr(std::string("Total dû").size());
  amount.erase(0, amount.find_first_not_of(' '));
  EXPECT_NE(text.find(" : " + amount + " au total"), std::string::npos) << amount << "\n" << text;

  // Both QR codes scan: the SEPA transfer (EPC069-12) and the personal link.
  const std::string png = TempDir() + "/page";
  const int last = Pages(*it);
  ASSERT_EQ(RunShell("pdftoppm -r 200 -png -f " + std::to_string(last) + " -l " + std::to_string(last) + " '" + *it +
                     "' " + png),
            0);
  std::string codes;
  RunShell("zbarimg --raw -q " + png + "*.png", &codes);
  EXPECT_NE(codes.find("BCD\n002\n1\nSCT\n"), std::string::npos) << codes;
  EXPECT_NE(codes.find("http://127.0.0.1:8080/p/"), std::string::npos) << codes;

  // Each escalated account has its hand-over dossier, kept apart from the print batch.
  const int64_t escalations =
      SqlCount(db, "SELECT count(*) FROM reminders WHERE channel = 'escalation' AND status = 'sent'");
  ASSERT_GT(escalations, 0);
  EXPECT_EQ(SqlCount(db, "SELECT count(*) FROM tasks WHERE kind = 'escalation'"), escalations);
  std::vector<std::string> dossiers;
  for (const auto& e : fs::directory_iterator(dir + "/dossiers")) dossiers.push_back(e.path().string());
  EXPECT_EQ(static_cast<int64_t>(dossiers.size()), escalations);
  EXPECT_EQ(Mode(dir + "/dossiers"), 0700u);
  std::string dossier;
  ASSERT_EQ(RunShell("pdftotext -layout '" + dossiers.front() + "' -", &dossier), 0) << dossier;
  for (const char* expected : {"Dossier de recouvrement au 24 novembre 2026",
                               "Débiteur : ", "Historique du recouvrement", "Total dû", "Encaisse Démo SAS"})
    EXPECT_NE(dossier.find(expected), std::string::npos) << "missing '" << expected << "' in\n" << dossier;

  // A second run the same day writes no letter again and leaves the files as they were.
  const auto before = fs::last_write_time(letters.front());
  ASSERT_EQ(RunEncaisse(RunArgs(db, "2026-11-24", {"--letters-dir", dir}), "", &out), 0) << out;
  EXPECT_EQ(Letters(day).size(), letters.size());
  EXPECT_EQ(fs::last_write_time(letters.front()), before);
}

TEST(LetterChannel, StaffDownloadTheDaysBatchAndADossierFromTheServer) {
  const std::string db = DemoDatabaseCopy();
  const std::string dir = TempDir() + "/courrier";
  std::string out;
  ASSERT_EQ(RunEncaisse(RunArgs(db, "2026-11-24", {"--letters-dir", dir}), "", &out), 0) << out;
  ServerProcess server(db, {"--letters-dir", dir, "--fonts-dir", PrintFontsDir(), "--dunning-interval", "3600"});
  const std::string collector = server.Login("collector@demo.test");
  const std::string rep = server.Login("rep1@demo.test");
  int status = 0;
  json day = server.Get("/api/v1/letters/2026-11-24", collector, &status);
  ASSERT_EQ(status, 200) << day.dump();
  EXPECT_EQ(day["letters"].size(), Letters(dir + "/2026-11-24").size());
  EXPECT_EQ(day["batch"], true);
  server.Get("/api/v1/letters/2026-11-24", rep, &status);
  EXPECT_EQ(status, 403) << "letters are the collectors'";

  auto client = server.Client();
  const httplib::Headers auth = {{"Authorization", "Bearer " + collector}};
  auto batch = client.Get("/api/v1/letters/2026-11-24/batch.pdf", auth);
  ASSERT_TRUE(batch);
  ASSERT_EQ(batch->status, 200);
  EXPECT_EQ(batch->get_header_value("Content-Type"), "application/pdf");
  EXPECT_EQ(batch->body, ReadFile(dir + "/2026-11-24/lot-2026-11-24.pdf")) << "the batch on disk, byte for byte";
  auto none = client.Get("/api/v1/letters/2026-11-20/batch.pdf", auth);
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, 404);

  // A dossier on request, for an account not escalated today.
  const int64_t customer = SqlCount(db, "SELECT min(id) FROM customers WHERE escalated_at IS NULL");
  const std::string name = SqlText(db, "SELECT name FROM customers WHERE id = " + std::to_string(customer));
  auto pdf = client.Get(("/api/v1/customers/" + std::to_string(customer) + "/dossier.pdf").c_str(), auth);
  ASSERT_TRUE(pdf);
  ASSERT_EQ(pdf->status, 200) << pdf->body;
  const std::string path = TempDir() + "/dossier.pdf";
  std::ofstream(path, std::ios::binary) << pdf->body;
  std::string text;
  ASSERT_EQ(RunShell("qpdf --check '" + path + "' >/dev/null && pdftotext -layout '" + path + "' -", &text), 0) << text;
  EXPECT_NE(text.find("Dossier de recouvrement au 24 novembre 2026"), std::string::npos) << text;
  EXPECT_NE(text.find(name), std::string::npos) << name << " in\n" << text;
  auto refused = client.Get(("/api/v1/customers/" + std::to_string(customer) + "/dossier.pdf").c_str(),
                            httplib::Headers{{"Authorization", "Bearer " + rep}});
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 403);
}

TEST(LetterChannel, OldDaysAreDeletedAndALetterWithoutAddressIsRefused) {
  const std::string db = DemoDatabaseCopy();
  const std::string dir = TempDir() + "/courrier";
  fs::create_directories(dir + "/2026-01-02");
  std::ofstream(dir + "/2026-01-02/00000001-relance-X.pdf") << "old";
  fs::create_directories(dir + "/notes");  // not ours: left alone
  ASSERT_EQ(RunShell("sqlite3 '" + db + "' \"UPDATE customers SET address = ''\""), 0);
  std::string out;
  ASSERT_EQ(RunEncaisse(RunArgs(db, "2026-11-24", {"--letters-dir", dir, "--letters-keep-days", "30"}), "", &out), 0)
      << out;
  EXPECT_FALSE(fs::exists(dir + "/2026-01-02"));
  EXPECT_TRUE(fs::exists(dir + "/notes"));
  EXPECT_GT(SqlCount(db, "SELECT count(*) FROM reminders WHERE channel IN ('letter', 'formal_notice')"), 0);
  EXPECT_EQ(SqlCount(db,
                     "SELECT count(*) FROM reminders WHERE channel IN ('letter', 'formal_notice') AND "
                     "(status <> 'failed' OR last_error <> 'no postal address')"),
            0);
  EXPECT_TRUE(Letters(dir + "/2026-11-24").empty());
}

TEST(SmsChannel, FileSinkGetsEachSmsOnceInE164AndGsm7Segments) {
  const std::string db = DemoDatabaseCopy();
  const std::string file = TempDir() + "/sms.jsonl";
  std::string out;
  ASSERT_EQ(RunEncaisse(RunArgs(db, "2026-11-24", {"--sms-file", file}), "", &out), 0) << out;
  ASSERT_EQ(RunEncaisse(RunArgs(db, "2026-11-25", {"--sms-file", file}), "", &out), 0) << out;
  const int64_t sms = SqlCount(db, "SELECT count(*) FROM reminders WHERE channel = 'sms'");
  ASSERT_GT(sms, 0) << out;
  EXPECT_EQ(
      SqlCount(db, "SELECT count(*) FROM reminders WHERE channel = 'sms' AND status = 'sent' AND recipient <> ''"),
      sms);
  std::istringstream lines(ReadFile(file));
  std::string line;
  int64_t n = 0;
  while (std::getline(lines, line)) {
    ++n;
    const json j = json::parse(line);
    EXPECT_EQ(j["to"].get<std::string>().rfind("+33", 0), 0u) << line;
    EXPECT_EQ(j["from"], "EncaisseDem") << "the company name, 11 characters at most";
    EXPECT_NE(j["text"].get<std::string>().find("/p/"), std::string::npos) << line;
    ASSERT_GE(j["segments"].size(), 1u);
    EXPECT_EQ(j["parts"], j["segments"].size());
    if (j["encoding"] == "GSM-7") {
      for (const auto& part : j["segments"])
        EXPECT_LE(part.get<std::string>().size(), j["segments"].size() == 1 ? 160u : 153u);
    }
  }
  EXPECT_EQ(n, sms);
  // Again the same day: nothing more.
  ASSERT_EQ(RunEncaisse(RunArgs(db, "2026-11-25", {"--sms-file", file}), "", &out), 0) << out;
  std::istringstream again(ReadFile(file));
  EXPECT_EQ(std::count(std::istreambuf_iterator<char>(again), {}, '\n'), sms);
}

TEST(SmsChannel, BadNumbersAreReportedNotSent) {
  const std::string db = DemoDatabaseCopy();
  const std::string file = TempDir() + "/sms.jsonl";
  ASSERT_EQ(RunShell("sqlite3 '" + db + "' \"UPDATE customers SET phone = '12 34'\""), 0);
  std::string out;
  ASSERT_EQ(RunEncaisse(RunArgs(db, "2026-11-24", {"--sms-file", file}), "", &out), 0) << out;
  ASSERT_EQ(RunEncaisse(RunArgs(db, "2026-11-25", {"--sms-file", file}), "", &out), 0) << out;
  ASSERT_GT(SqlCount(db, "SELECT count(*) FROM reminders WHERE channel = 'sms'"), 0);
  EXPECT_EQ(SqlCount(db,
                     "SELECT count(*) FROM reminders WHERE channel = 'sms' AND (status <> 'failed' OR "
                     "last_error NOT LIKE 'bad phone number ''12 34''%' OR attempts < 8)"),
            0)
      << "refused for good, with the reason";
  EXPECT_EQ(ReadFile(file), "");
}

// A provider on loopback: answers with the status the test sets, after the delay it sets,
// records what it got (before the delay: a slow provider may still have taken the SMS).
class FakeSmsProvider {
 public:
  FakeSmsProvider() {
    server_.Post("/v1/sms", [this](const httplib::Request& req, httplib::Response& res) {
      Record(req);
      if (delay_ms_ > 0) std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms_.load()));
      res.status = status_;
      res.set_content(status_ == 200 ? "{\"id\":\"x\"}" : "{\"error\":\"nope\"}", "application/json");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~FakeSmsProvider() {
    server_.stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/v1/sms"; }
  void set_status(int s) { status_ = s; }
  void set_delay_ms(int ms) { delay_ms_ = ms; }
  size_t received() {
    std::lock_guard<std::mutex> lock(mu_);
    return bodies_.size();
  }
  std::string auth() {
    std::lock_guard<std::mutex> lock(mu_);
    return auth_;
  }
  std::vector<std::string> keys() {
    std::lock_guard<std::mutex> lock(mu_);
    return keys_;
  }

 private:
  void Record(const httplib::Request& req) {
    std::lock_guard<std::mutex> lock(mu_);
    bodies_.push_back(req.body);
    auth_ = req.get_header_value("Authorization");
    keys_.push_back(req.get_header_value("Idempotency-Key"));
  }

  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::atomic<int> status_{200};
  std::atomic<int> delay_ms_{0};
  std::mutex mu_;
  std::vector<std::string> bodies_;
  std::vector<std::string> keys_;
  std::string auth_;
};

TEST(SmsChannel, HttpProviderRetriesWhenDownAndRefusalsAreFinal) {
  const std::string db = DemoDatabaseCopy();
  FakeSmsProvider provider;
  setenv("ENCAISSE_SMS_API_KEY", "sk-test-123", 1);
  std::string out;
  ASSERT_EQ(RunEncaisse(RunArgs(db, "2026-11-24", {}), "", &out), 0) << out;
  provider.set_status(503);
  ASSERT_EQ(RunEncaisse(RunArgs(db, "2026-11-25", {"--sms-url", provider.url()}), "", &out), 0) << out;
  const int64_t sms = SqlCount(db, "SELECT count(*) FROM reminders WHERE channel = 'sms'");
  ASSERT_GT(sms, 0);
  EXPECT_EQ(static_cast<int64_t>(provider.received()), sms);
  EXPECT_EQ(provider.auth(), "Bearer sk-test-123");
  // Down: failed, to be retried later (not parked).
  EXPECT_EQ(SqlCount(db,
                     "SELECT count(*) FROM reminders WHERE channel = 'sms' AND status = 'failed' AND attempts = 1 "
                     "AND next_attempt_at > created_at AND last_error LIKE 'sms provider answered 503%'"),
            sms);

  // Up again: the retry goes out (made due now), with the same idempotency key.
  provider.set_status(200);
  ASSERT_EQ(RunShell("sqlite3 '" + db + "' \"UPDATE reminders SET next_attempt_at = '' WHERE channel = 'sms'\""), 0);
  ASSERT_EQ(RunEncaisse(RunArgs(db, "2026-11-25", {"--sms-url", provider.url()}), "", &out), 0) << out;
  EXPECT_EQ(SqlCount(db, "SELECT count(*) FROM reminders WHERE channel = 'sms' AND status = 'sent'"), sms);
  const auto keys = provider.keys();
  ASSERT_EQ(static_cast<int64_t>(keys.size()), 2 * sms);
  EXPECT_FALSE(keys[0].empty());
  EXPECT_EQ(keys[0], keys[static_cast<size_t>(sms)]);

  // A refusal (4xx) is final.
  const std::string db2 = DemoDatabaseCopy();
  provider.set_status(400);
  ASSERT_EQ(RunEncaisse(RunArgs(db2, "2026-11-24", {}), "", &out), 0) << out;
  ASSERT_EQ(RunEncaisse(RunArgs(db2, "2026-11-25", {"--sms-url", provider.url()}), "", &out), 0) << out;
  EXPECT_EQ(
      SqlCount(db2, "SELECT count(*) FROM reminders WHERE channel = 'sms' AND (status <> 'failed' OR attempts < 8)"),
      0);
  unsetenv("ENCAISSE_SMS_API_KEY");
}

// A provider that takes the SMS but answers too late: each attempt has failed (retried, not
// parked), and the retry carries the same Idempotency-Key, so the provider sends each SMS once.
TEST(SmsChannel, HttpProviderTimeoutsAreRetriedWithTheSameKey) {
  const std::string db = DemoDatabaseCopy();
  FakeSmsProvider provider;
  std::string out;
  ASSERT_EQ(RunEncaisse(RunArgs(db, "2026-11-24", {}), "", &out), 0) << out;
  provider.set_delay_ms(2500);
  const std::vector<std::string> slow = {"--sms-url", provider.url(), "--channel-timeout", "1"};
  ASSERT_EQ(RunEncaisse(RunArgs(db, "2026-11-25", slow), "", &out), 0) << out;
  const int64_t sms = SqlCount(db, "SELECT count(*) FROM reminders WHERE channel = 'sms'");
  ASSERT_GT(sms, 0);
  EXPECT_EQ(SqlCount(db,
                     "SELECT count(*) FROM reminders WHERE channel = 'sms' AND status = 'failed' AND attempts = 1 "
                     "AND next_attempt_at > created_at AND last_error LIKE 'sms provider: %timed out%'"),
            sms)
      << SqlText(db, "SELECT group_concat(status || ' ' || last_error, char(10)) FROM reminders WHERE channel = 'sms'");

  provider.set_delay_ms(0);
  ASSERT_EQ(RunShell("sqlite3 '" + db + "' \"UPDATE reminders SET next_attempt_at = '' WHERE channel = 'sms'\""), 0);
  ASSERT_EQ(RunEncaisse(RunArgs(db, "2026-11-25", slow), "", &out), 0) << out;
  EXPECT_EQ(SqlCount(db, "SELECT count(*) FROM reminders WHERE channel = 'sms' AND status = 'sent' AND attempts = 2"),
            sms);
  const auto keys = provider.keys();
  ASSERT_EQ(static_cast<int64_t>(keys.size()), 2 * sms);
  EXPECT_EQ(static_cast<int64_t>(std::set<std::string>(keys.begin(), keys.end()).size()), sms)
      << "each SMS under one key, whatever the number of attempts";
}

}  // namespace
}  // namespace encaisse::testing
