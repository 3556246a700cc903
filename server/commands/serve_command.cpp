#include "server/commands/serve_command.h"

#include <signal.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <memory>
#include <thread>

#include "server/dunning/dunning_scheduler.h"
#include "server/exit_codes.h"
#include "server/http/app.h"
#include "server/payments/stripe_gateway.h"
#include "server/routes/routes.h"

namespace encaisse {
namespace {

struct ServeArgs {
  ServeOptions options;
  std::string today;
  ChannelOptions channels;
  int dunning_interval = 30;  // seconds between two looks at the outbox
};

int RunServe(ServeArgs& args) {
  if (!args.today.empty()) {
    auto today = Date::ParseIso(args.today);
    if (!today.ok()) return ReportStatus(Status::Invalid(today.status().message(), "--today"));
    args.options.fixed_today = *today;
  }
  {
    auto store = Store::Open(args.options.db);
    if (!store.ok()) return ReportStatus(store.status());
    auto settings = store->LoadSettings();
    if (!settings.ok()) return ReportStatus(settings.status());
    // "Today" is the company's local date: the process runs in the company's time zone. Set
    // before any thread starts (setenv is not thread-safe).
    setenv("TZ", settings->timezone.c_str(), 1);
    tzset();
  }
  // SIGINT/SIGTERM are taken by one thread that stops the server: in-flight requests finish,
  // then main returns and the database connections close.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  // The PDFs made on request (dossier, statement) use the dunning's fonts and letter folder.
  args.options.letters_dir = args.channels.letters_dir;
  args.options.fonts_dir = args.channels.fonts_dir;
  args.options.channels = WithEnvironmentSecrets(args.channels);
  args.options.stripe_secret_key = StripeSecretKey("");
  args.options.stripe_webhook_secret = StripeWebhookSecret(args.options.stripe_webhook_secret);
  spdlog::flush_on(spdlog::level::info);  // the log is read live (operators, tests)
  App app(args.options);
  Status opened = app.Open();
  if (!opened.ok()) return ReportStatus(opened);
  RegisterAllRoutes(app);
  auto port = app.Bind();
  if (!port.ok()) return ReportStatus(port.status());
  std::printf("listening on http://%s:%d\n", args.options.host.c_str(), *port);
  std::fflush(stdout);
  spdlog::info("Encaisse {} serving {} on http://{}:{}", ENCAISSE_VERSION, args.options.db, args.options.host, *port);

  // The daily dunning and the outbox, in the background.
  DunningScheduler scheduler(args.options.db, args.options.channels, app.secrets(), [&app] { return app.Today(); },
                             args.dunning_interval);
  scheduler.Start();

  std::thread stopper([&app, signals] {
    int sig = 0;
    sigwait(&signals, &sig);
    spdlog::info("signal {}: finishing in-flight requests and stopping", sig);
    app.Stop();
  });
  const bool ok = app.Listen();
  pthread_kill(stopper.native_handle(), SIGTERM);  // wakes the stopper if we stopped for another reason
  stopper.join();
  scheduler.Stop();
  spdlog::info("stopped");
  return ok ? kExitOk : kExitFailure;
}

}  // namespace

void AddServeCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<ServeArgs>();
  CLI::App* cmd = app.add_subcommand("serve", "Serve the API, the client and the debtor portal");
  cmd->add_option("--db", args->options.db, "SQLite database file")->required()->check(CLI::ExistingFile);
  cmd->add_option("--host", args->options.host, "Address to listen on")->capture_default_str();
  cmd->add_option("--port", args->options.port, "Port (0: any free port)")->check(CLI::Range(0, 65535))->capture_default_str();
  cmd->add_option("--web", args->options.web_dir, "Folder of static files served at /")->check(CLI::ExistingDirectory);
  cmd->add_option("--app", args->options.app_dir, "Folder of the built client served at /app/")->check(CLI::ExistingDirectory);
  cmd->add_option("--trusted-proxy", args->options.trusted_proxy,
                  "Address of a reverse proxy in front: its X-Forwarded-For gives the client's address for rate limits");
  cmd->add_option("--threads", args->options.threads, "Worker threads (one per open keep-alive connection)")
      ->check(CLI::Range(2, 1024))->capture_default_str();
  cmd->add_option("--max-threads", args->options.max_threads,
                  "Most worker threads, started when every one is taken by a connection")
      ->check(CLI::Range(2, 65536))->capture_default_str();
  cmd->add_option("--today", args->today, "Pretend today is this date (demos and tests), YYYY-MM-DD");
  AddChannelOptions(cmd, &args->channels);
  cmd->add_option("--gateway", args->options.gateway, "Payment gateway of the debtor portal: sandbox or stripe")
      ->check(CLI::IsMember({"sandbox", "stripe"}))->capture_default_str();
  cmd->add_option("--stripe-api-base", args->options.stripe_api_base, "Stripe API address")->capture_default_str();
  cmd->add_option("--stripe-webhook-secret", args->options.stripe_webhook_secret,
                  "Stripe webhook signing secret (else ENCAISSE_STRIPE_WEBHOOK_SECRET)");
  cmd->add_option("--sandbox-webhook-delay-ms", args->options.sandbox_webhook_delay_ms,
                  "Sandbox gateway: delay before its webhook (0: before the debtor returns)")
      ->check(CLI::Range(0, 600000));
  cmd->add_flag("--sandbox-deliver-twice", args->options.sandbox_deliver_twice,
                "Sandbox gateway: deliver each webhook twice (a gateway's retry)");
  cmd->add_option("--dunning-interval", args->dunning_interval, "Seconds between two runs of the outbox")
      ->check(CLI::Range(1, 3600))->capture_default_str();
  // The same options from a file (TOML or INI: `port = 8080`); the command line wins.
  cmd->set_config("--config", "", "Read these options from a TOML/INI file");
  cmd->callback([args, exit_code] { *exit_code = RunServe(*args); });
}

}  // namespace encaisse
