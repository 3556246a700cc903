// What `encaisse serve` is told on its command line.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "server/dunning/channel_options.h"
#include "shared/core/date.h"

namespace encaisse {

struct ServeOptions {
  std::string db;
  std::string host = "127.0.0.1";
  int port = 8080;  // 0: any free port (tests)
  std::string web_dir;  // static files: the shell page, portal assets, and the built client under /app/
  std::string app_dir;  // the built WebAssembly client, served under /app/
  std::optional<Date> fixed_today;  // demos and tests: pretend today is this date
  int threads = 64;     // each keep-alive connection holds a thread while it is open...
  int max_threads = 1024;  // ...so more are started when all are taken (server/http/elastic_pool.h)
  size_t max_json_bytes = 1 << 20;       // 1 MiB for JSON bodies
  size_t max_upload_bytes = 32 << 20;    // 32 MiB for CSV imports and PDFs
  int keep_alive_seconds = 5;
  std::string trusted_proxy;  // a reverse proxy's address whose X-Forwarded-For is believed
  std::string letters_dir;  // where the dunning writes letters and dossiers ("" = nowhere)
  std::string fonts_dir;    // the TTF fonts of the PDFs made on request (dossier, statement)
  ChannelOptions channels;  // the command line's and the environment's, before the stored settings
  // The debtor portal's payment gateway: "sandbox" (built in) or "stripe" (the key from
  // ENCAISSE_STRIPE_SECRET_KEY, the webhook secret from the option or ENCAISSE_STRIPE_WEBHOOK_SECRET).
  std::string gateway = "sandbox";
  std::string stripe_api_base = "https://api.stripe.com";
  std::string stripe_secret_key;  // from the environment only (set by `serve`)
  std::string stripe_webhook_secret;  // the option, else the environment (set by `serve`)
  int sandbox_webhook_delay_ms = 0;
  bool sandbox_deliver_twice = false;
};

}  // namespace encaisse
