// Dunning benchmarks: deciding the day's reminders over a large portfolio (next to a bare
// SQLite scan of the open rows), writing them to the outbox, and handing emails to a local
// SMTP server (next to Python's smtplib feeding the same server the same bytes in the same
// run: the test server shares the two cores, so the ratio is the figure to watch).
// Usage: bench_dunning OUT_DIR [--invoices N] [--emails K]
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <thread>

#include "server/dunning/mime_message.h"
#include "server/dunning/outbox_worker.h"
#include "server/dunning/smtp_sender.h"
#include "shared/demo/demo_generator.h"
#include "shared/store/dunning_run.h"
#include "tests/bench/bench_table.h"
#include "tests/support/ports.h"

namespace {

namespace fs = std::filesystem;
using encaisse::Date;
using encaisse::bench::Figure;
using encaisse::bench::Seconds;
using encaisse::testing::Connects;
using encaisse::testing::FreePort;

void Die(const encaisse::Status& s) {
  std::fprintf(stderr, "bench_dunning: %s\n", s.ToString().c_str());
  std::exit(1);
}

// An SMTP server that accepts and forgets: Postfix's smtp-sink (C, fast) when installed,
// else the tests' python3-aiosmtpd sink (about 600 messages/s here: it would be the limit).
constexpr const char* kSmtpSink = "/usr/sbin/smtp-sink";

pid_t StartSink(int port) {
  const std::string script = std::string(ENCAISSE_SOURCE_DIR) + "/tests/server/smtp_sink.py";
  const std::string p = std::to_string(port);
  const std::string address = "127.0.0.1:" + p;
  const pid_t pid = fork();
  if (pid == 0) {
    FILE* f = std::freopen("/dev/null", "w", stdout);
    (void)f;
    if (access(kSmtpSink, X_OK) == 0)
      execl(kSmtpSink, "smtp-sink", "-u", "nobody", address.c_str(), "256", static_cast<char*>(nullptr));
    execl("/usr/bin/python3", "python3", script.c_str(), p.c_str(), "-", static_cast<char*>(nullptr));
    _exit(127);
  }
  for (int i = 0; i < 200 && !Connects(port); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  if (!Connects(port)) Die(encaisse::Status::Internal("the SMTP sink did not start"));
  return pid;
}

void StopSink(pid_t pid) {
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
}

void Generate(const std::string& path, int64_t invoices) {
  if (fs::exists(path)) return;  // cached by size (the seed is fixed)
  {
    auto store = encaisse::Store::Open(path + ".tmp");
    if (!store.ok()) Die(store.status());
    encaisse::DemoOptions o;
    o.customers = std::max<int64_t>(invoices / 10, 10);
    o.invoices = invoices;
    o.seed = 11;
    o.today = *Date::ParseIso("2026-11-24");
    auto sum = encaisse::GenerateDemo(*store, o);
    if (!sum.ok()) Die(sum.status());
  }  // closed (checkpointed) before the rename
  fs::rename(path + ".tmp", path);
}

// A typical reminder email: the composed text and HTML of a real account.
encaisse::OutgoingMessage SampleEmail() {
  encaisse::OutgoingMessage m;
  m.channel = encaisse::Channel::kEmail;
  m.customer.name = "Boulangerie Martin SARL";
  m.customer.email = "compta@boulangerie-martin.test";
  m.company.name = "Encaisse Démo SAS";
  m.company.email = "relances@demo.test";
  m.content.subject = "Relance : factures échues";
  m.content.text = std::string(1500, 'x');
  m.content.html = std::string(4000, 'y');
  return m;
}

// Python's smtplib sending the same message `count` times over one connection.
double ReferenceRate(int port, const std::string& eml, int count) {
  const std::string script = fs::path(eml).parent_path().string() + "/reference_client.py";
  std::ofstream(script) << "import smtplib, sys, time\n"
                           "data = open(sys.argv[2], 'rb').read()\n"
                           "n = int(sys.argv[3])\n"
                           "s = smtplib.SMTP('127.0.0.1', int(sys.argv[1]))\n"
                           "t = time.perf_counter()\n"
                           "for i in range(n):\n"
                           "    s.sendmail('relances@demo.test', ['compta@boulangerie-martin.test'], data)\n"
                           "print(n / (time.perf_counter() - t))\n"
                           "s.quit()\n";
  const std::string cmd =
      "/usr/bin/python3 " + script + " " + std::to_string(port) + " " + eml + " " + std::to_string(count);
  FILE* pipe = popen(cmd.c_str(), "r");
  if (!pipe) return 0;
  double rate = 0;
  if (std::fscanf(pipe, "%lf", &rate) != 1) rate = 0;
  pclose(pipe);
  return rate;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: bench_dunning OUT_DIR [--invoices N] [--emails K]\n");
    return 1;
  }
  const std::string dir = argv[1];
  int64_t invoices = 1'000'000;
  int emails = 2000;
  for (int i = 2; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], "--invoices") == 0) invoices = std::atoll(argv[i + 1]);
    if (std::strcmp(argv[i], "--emails") == 0) emails = std::atoi(argv[i + 1]);
  }
  fs::create_directories(dir);
  std::vector<Figure> figures;
  const Date today = *Date::ParseIso("2026-11-24");
  const std::string n = std::to_string(invoices);

  // Deciding: the dry run reads every customer's open invoices, history, promises and plans.
  const std::string cached = dir + "/dunning_" + n + ".db";
  Generate(cached, invoices);
  const std::string work = dir + "/dunning_run.db";
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(work + suffix);
  fs::copy_file(cached, work);
  auto store = encaisse::Store::Open(work);
  if (!store.ok()) Die(store.status());
  int64_t sink = 0;
  const double scan = Seconds(
      [&] {
        auto st =
            store->db().Prepare("SELECT id, customer_id, due_date, open_minor FROM invoices WHERE status = 'open'");
        if (!st.ok()) Die(st.status());
        while (*st->Step()) sink += st->Int(3) + st->Int(1);
      },
      3);
  int messages = 0, lines = 0;
  const double decide = Seconds(
      [&] {
        auto r = encaisse::RunDunning(*store, today, "2026-11-24T07:00:00Z", true);
        if (!r.ok()) Die(r.status());
        messages = r->messages;
        lines = r->lines;
      },
      3);
  figures.push_back({"decide the day's reminders, " + n + " invoices", decide, "s", 0.5 * invoices / 1e6, false, scan,
                     "bare scan of the open rows"});

  // Writing: the same run for real, in one transaction; the decision time taken off.
  const double run = Seconds([&] {
    auto r = encaisse::RunDunning(*store, today, "2026-11-24T07:00:00Z", false);
    if (!r.ok()) Die(r.status());
  });
  const double per_100k = std::max(run - decide, 0.0) / std::max(messages, 1) * 100000;
  // Reference: SQLite writing as many rows (with the same indexes and change-log triggers)
  // by INSERT ... SELECT, in one transaction, into a fresh copy.
  const std::string ref_path = dir + "/dunning_ref.db";
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(ref_path + suffix);
  fs::copy_file(cached, ref_path);
  double bare = 0;
  {
    auto ref = encaisse::Store::Open(ref_path);
    if (!ref.ok()) Die(ref.status());
    bare = Seconds([&] {
      auto tx = encaisse::Transaction::Begin(ref->db());
      if (!tx.ok()) Die(tx.status());
      auto a = ref->db().Prepare(
          "INSERT INTO reminders (customer_id, date, channel, step, status, kind, scenario_id, template_id, "
          "next_attempt_at, "
          "created_at) SELECT id, '2026-11-24', 'email', 1, 'queued', 'reminder', 1, 'reminder_1', 'x', 'x' FROM "
          "customers "
          "LIMIT ?");
      auto b = ref->db().Prepare(
          "INSERT INTO reminder_lines (reminder_id, invoice_id, scenario_id, step) SELECT r.id, i.id, 1, 1 FROM "
          "invoices i "
          "JOIN reminders r ON r.customer_id = i.customer_id WHERE i.status = 'open' LIMIT ?");
      if (!a.ok() || !b.ok()) Die(encaisse::Status::Internal("reference statements"));
      if (!a->Bind(1, messages).Run().ok() || !b->Bind(1, lines).Run().ok())
        Die(encaisse::Status::Internal("reference"));
      if (!tx->Commit().ok()) Die(encaisse::Status::Internal("reference commit"));
    });
  }
  figures.push_back({"write 100k reminders to the outbox (from " + std::to_string(messages) + ")", per_100k, "s", 1.0,
                     false, bare / std::max(messages, 1) * 100000, "SQLite INSERT..SELECT, same rows"});

  // SMTP hand-off: our sender against smtplib, the same server, the same message bytes.
  const int port = FreePort();
  const pid_t smtp = StartSink(port);
  encaisse::OutgoingMessage m = SampleEmail();
  auto mime = encaisse::BuildMimeMessage(m, m.company.email, 0);
  if (!mime.ok()) Die(mime.status());
  std::ofstream(dir + "/sample.eml", std::ios::binary) << *mime;
  encaisse::SmtpSender sender({"smtp://127.0.0.1:" + std::to_string(port), "", "", ""});
  const double ours = Seconds([&] {
    for (int i = 0; i < emails; ++i) {
      m.message_id = "<bench-" + std::to_string(i) + "@demo.test>";
      auto s = sender.Send(m);
      if (!s.ok()) Die(s);
    }
  });
  const double reference = ReferenceRate(port, dir + "/sample.eml", emails);
  const std::string server = access(kSmtpSink, X_OK) == 0 ? "smtp-sink" : "aiosmtpd";
  figures.push_back({"SMTP hand-off to " + server + ", " + std::to_string(emails) + " emails", emails / ours, "msg/s",
                     1000, true, reference, "Python smtplib, same server"});

  // The whole outbox drain: compose from the account, mint the link, send, record.
  auto worker_store = encaisse::Store::Open(work);
  if (!worker_store.ok()) Die(worker_store.status());
  encaisse::ChannelSenders senders;
  senders.email = &sender;
  encaisse::OutboxWorker worker(*worker_store, senders);
  encaisse::DrainStats stats;
  const double drain = Seconds([&] {
    auto d = worker.DrainOnce(today, std::time(nullptr), emails);
    if (!d.ok()) Die(d.status());
    stats = *d;
  });
  const int handled = stats.sent + stats.failed + stats.refused + stats.waiting;
  figures.push_back({"outbox drain (compose, link, send, record), " + std::to_string(handled) + " msgs",
                     handled / drain, "msg/s", 200, true, 0, ""});
  StopSink(smtp);

  const bool all = encaisse::bench::PrintTable(figures, dir + "/bench_dunning.json");
  std::printf("\ndunning: %d messages, %d invoice lines due on %s; drain: %d sent, %d waiting; sink %lld\n", messages,
              lines, today.ToIso().c_str(), stats.sent, stats.waiting, static_cast<long long>(sink % 10));
  return all ? 0 : 2;
}
