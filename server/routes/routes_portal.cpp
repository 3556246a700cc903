// The debtor portal. /p/<token> (the personal link of a reminder) opens a session: an
// HttpOnly SameSite=Lax cookie, then 303 to /portal, so the token leaves the address bar and
// never reaches a Referer. Wrong links are rate-limited per client address (the socket's, never
// X-Forwarded-For). Every page reads the session's customer only: another customer's invoice
// or payment is a 404. Every POST carries the session's CSRF token.
//
// Paying: the pay form's one-time key makes one payment attempt (a double click or the back
// button finds it again), the gateway opens a checkout, and the money is recorded only from the
// gateway's verified webhook (shared/store/payment_attempts.h), once per event.
#include <spdlog/spdlog.h>

#include <memory>
#include <mutex>

#include "server/auth/login_limiter.h"
#include "server/auth/tokens.h"
#include "server/dunning/channel_settings.h"
#include "server/dunning/portal_links.h"
#include "server/http/client_address.h"
#include "server/http/settings_cache.h"
#include "server/letters/account_documents.h"
#include "server/payments/checkout_events.h"
#include "server/payments/sandbox_gateway.h"
#include "server/payments/stripe_gateway.h"
#include "server/portal/portal_pages.h"
#include "server/portal/portal_sessions.h"
#include "server/portal/qr_svg.h"
#include "server/routes/route_params.h"
#include "server/routes/routes.h"
#include "shared/core/money.h"
#include "shared/import/rf_reference.h"
#include "shared/payments/bank_references.h"
#include "shared/store/action_store.h"
#include "shared/store/customer_queries.h"
#include "shared/store/dispute_documents.h"
#include "shared/store/plan_store.h"
#include "shared/store/task_store.h"

namespace encaisse {
namespace {

constexpr int kMaxInvoicesPerPayment = 500;

struct Gateways {
  std::shared_ptr<PaymentGateway> pay;    // where the debtor pays
  std::shared_ptr<StripeGateway> stripe;  // null unless configured
};

struct Portal {
  std::shared_ptr<SandboxGateway> sandbox;  // always there: its routes serve demos
  GatewayChoice server;                     // the command line's and the environment's
  std::string stripe_api_base;
  LoginLimiter limiter{1000000, 20, std::chrono::minutes(10)};  // wrong links per address

  // The gateways as now configured: the server's choice with the back office's stored
  // settings on top, read at each payment and webhook so that a change needs no restart.
  Gateways Current(ApiCall& c) {
    GatewayChoice wanted = server;
    auto stored = LoadChannelSettings(c.store.db(), c.app.secrets());
    if (stored.ok()) wanted = EffectiveGateway(server, *stored);
    else spdlog::error("channel settings: {}", stored.status().ToString());
    std::lock_guard<std::mutex> lock(mu_);
    if (!(wanted == in_use_) || !built_) {
      stripe_ = wanted.stripe_secret_key.empty()
                    ? nullptr
                    : std::make_shared<StripeGateway>(
                          StripeConfig{stripe_api_base, wanted.stripe_secret_key, wanted.stripe_webhook_secret});
      if (wanted.kind == "stripe" && !stripe_)
        spdlog::error("gateway stripe without a secret key: the sandbox takes the payments");
      in_use_ = wanted;
      built_ = true;
    }
    return {wanted.kind == "stripe" && stripe_ ? std::shared_ptr<PaymentGateway>(stripe_)
                                               : std::shared_ptr<PaymentGateway>(sandbox),
            stripe_};
  }

 private:
  std::mutex mu_;
  GatewayChoice in_use_;
  bool built_ = false;
  std::shared_ptr<StripeGateway> stripe_;
};

void SendHtml(httplib::Response& res, int status, const std::string& html) {
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  res.set_header("Referrer-Policy", "no-referrer");
  res.set_header("X-Content-Type-Options", "nosniff");
  // Replaces the server's default policy (two policies would both apply): the inline stylesheet
  // by its hash, and forms that may lead to the gateway's https checkout.
  res.headers.erase("Content-Security-Policy");
  res.set_header("Content-Security-Policy", "default-src 'self'; style-src 'self' " + PortalStyleSource() +
                                              "; img-src 'self' data:; form-action 'self' https:; frame-ancestors 'none'");
  res.set_content(html, "text/html; charset=utf-8");
}

std::time_t Now() { return std::time(nullptr); }

// Everything a portal page needs about its customer.
struct Debtor {
  PortalSession session;
  CompanySettings company;
  Account account;
  CustomerStatement statement;
};

// The session's debtor, or the "link no longer valid" page is sent (401).
std::optional<Debtor> SessionDebtor(ApiCall& c) {
  auto settings = CachedSettings(c.store);
  if (!settings.ok()) {
    SendStatus(c.res, settings.status());
    return std::nullopt;
  }
  auto session = FindPortalSession(c.store.db(), PortalCookieValue(c.req.get_header_value("Cookie")), c.today, Now());
  if (!session.ok() || !*session) {
    SendHtml(c.res, 401, LinkInvalidPage(*settings));
    return std::nullopt;
  }
  Debtor d{**session, *settings, {}, {}};
  auto account = c.store.LoadAccount(d.session.customer_id);
  auto rates = c.store.LoadRates();
  if (!account.ok() || !rates.ok()) {
    SendStatus(c.res, account.ok() ? rates.status() : account.status());
    return std::nullopt;
  }
  d.account = std::move(*account);
  auto statement = BuildStatement(d.account, d.company, *rates, c.today);
  if (!statement.ok()) {
    SendComputationError(c.res, statement.status());
    return std::nullopt;
  }
  d.statement = std::move(*statement);
  return d;
}

// A form field from a urlencoded body or a multipart one (the dispute form carries a file).
std::string FormField(const httplib::Request& req, const char* name) {
  if (req.has_param(name)) return req.get_param_value(name);
  if (req.has_file(name)) return req.get_file_value(name).content;
  return {};
}

bool CsrfOk(const ApiCall& c, const Debtor& d) {
  const std::string sent = FormField(c.req, "csrf");
  return !sent.empty() && sent.size() == d.session.csrf_token.size() &&
         Sha256Hex(sent) == Sha256Hex(d.session.csrf_token);  // compares digests: no early exit on the secret
}

std::string RfReference(const Customer& customer) {
  auto rf = MakeRfReference(customer.external_id);
  return rf.ok() ? *rf : customer.external_id;
}

void HomeRoute(ApiCall& c, const std::string& error = {}, const std::string& notice = {}) {
  ReadSnapshot snapshot(c.store.db());  // one consistent view of the account
  auto d = SessionDebtor(c);
  if (!d) return;
  PortalView v;
  v.company = &d->company;
  v.customer = &d->account.customer;
  v.statement = &d->statement;
  v.payments.assign(d->account.payments.rbegin(), d->account.payments.rend());
  if (v.payments.size() > 20) v.payments.resize(20);
  auto attempts = CustomerAttempts(c.store.db(), d->session.customer_id, 10);
  if (attempts.ok()) v.attempts = std::move(*attempts);
  if (auto pdfs = InvoicesWithPdf(c.store.db(), d->session.customer_id); pdfs.ok()) v.invoices_with_pdf = std::move(*pdfs);
  v.csrf_token = d->session.csrf_token;
  v.form_key = NewToken("");
  v.rf_reference = RfReference(d->account.customer);
  v.transfer_qr = CompanyTransfer(d->company, PrincipalDue(d->statement), v.rf_reference).has_value();
  v.error = error;
  v.notice = notice;
  for (const auto& plan : d->account.plans)
    if (plan.status == PlanStatus::kActive || plan.status == PlanStatus::kPending) v.plans.push_back(plan);
  SendHtml(c.res, error.empty() ? 200 : 400, PortalHome(v));
}

// What the pay form asks: the ticked invoices (the session's own, open) and the amount (their
// total when left empty). An error is said on the page, in the debtor's language.
Result<PaymentAttempt> PayForm(const ApiCall& c, const Debtor& d, bool en) {
  PaymentAttempt a;
  a.customer_id = d.session.customer_id;
  a.form_key = c.req.get_param_value("form_key");
  a.currency = std::string(d.statement.currency.Code());
  if (a.form_key.size() < 16 || a.form_key.size() > 100)
    return Status::Invalid(en ? "This form is out of date: please try again." : "Ce formulaire a expiré : réessayez.");
  int64_t chosen_total = 0;
  const size_t n = c.req.get_param_value_count("invoice");
  if (n > kMaxInvoicesPerPayment) return Status::Invalid(en ? "Too many invoices at once." : "Trop de factures à la fois.");
  for (size_t i = 0; i < n; ++i) {
    const std::string v = c.req.get_param_value("invoice", i);
    const StatementLine* line = nullptr;
    for (const auto& l : d.statement.lines)
      if (std::to_string(l.invoice_id) == v && l.open_minor > 0) line = &l;
    // Another customer's invoice, or one already settled: not offered, so not payable.
    if (!line) return Status::NotFound(en ? "No such invoice to pay." : "Facture introuvable.");
    a.invoice_ids.push_back(line->invoice_id);
    chosen_total += line->open_minor;
  }
  const std::string amount = c.req.get_param_value("amount");
  if (amount.empty()) {
    if (a.invoice_ids.empty())
      return Status::Invalid(en ? "Tick the invoices to pay, or enter an amount." : "Cochez les factures à régler, ou saisissez un montant.");
    a.amount_minor = chosen_total;
  } else {
    auto parsed = ParseAmount(amount, d.statement.currency);
    if (!parsed.ok() || *parsed <= 0)
      return Status::Invalid(en ? "The amount is not valid (for example 125.50)." : "Le montant n'est pas valide (par exemple 125,50).");
    const int64_t cap = std::max(a.invoice_ids.empty() ? PrincipalDue(d.statement) : chosen_total, int64_t{0});
    if (*parsed > cap)
      return Status::Invalid(en ? "The amount is more than what is due on the chosen invoices."
                                : "Le montant dépasse ce qui reste dû sur les factures choisies.");
    a.amount_minor = *parsed;
  }
  return a;
}

void PayRoute(ApiCall& c, Portal& portal) {
  auto d = SessionDebtor(c);
  if (!d) return;
  const bool en = PortalEnglish(d->account.customer);
  if (!CsrfOk(c, *d)) return SendHtml(c.res, 403, LinkInvalidPage(d->company));
  auto form = PayForm(c, *d, en);
  if (!form.ok()) {
    if (form.status().code() == Code::kNotFound) return SendHtml(c.res, 404, LinkInvalidPage(d->company));
    return HomeRoute(c, form.status().message());
  }
  const Gateways gateways = portal.Current(c);
  form->gateway = gateways.pay->name();
  form->created_at = c.now;
  auto made = CreateAttempt(c.store.db(), *form);
  if (!made.ok()) return HomeRoute(c, made.status().message());
  PaymentAttempt& a = made->attempt;
  if (!made->created) {  // the same form again: its checkout, or where it stands
    c.res.set_redirect(a.checkout_url.empty() ? "/portal/payments/" + std::to_string(a.id) : a.checkout_url, 303);
    return;
  }
  CheckoutRequest request;
  request.attempt_id = a.id;
  request.amount_minor = a.amount_minor;
  request.currency = a.currency;
  std::string numbers;
  for (Id id : a.invoice_ids)
    for (const auto& inv : d->account.invoices)
      if (inv.id == id) numbers += (numbers.empty() ? "" : ", ") + inv.number;
  request.description = (en ? "Payment to " : "Règlement à ") + d->company.name + (numbers.empty() ? "" : " : " + numbers);
  request.customer_email = d->account.customer.email;
  const std::string base = PortalBaseUrl(d->company.portal_url);
  request.success_url = base + "/portal/payments/" + std::to_string(a.id);
  request.cancel_url = base + "/portal";
  request.idempotency_key = "attempt-" + std::to_string(a.id) + "-" + a.form_key.substr(0, 16);
  auto checkout = gateways.pay->CreateCheckout(request);
  if (!checkout.ok()) {
    spdlog::warn("payment attempt {}: checkout not opened: {}", a.id, checkout.status().ToString());
    (void)FailAttempt(c.store.db(), a.id, checkout.status().message(), c.now);
    return HomeRoute(c, en ? "Online payment is not available right now: please try again later or pay by transfer."
                           : "Le paiement en ligne est indisponible pour le moment : réessayez plus tard ou réglez par virement.");
  }
  Status set = SetCheckout(c.store.db(), a.id, checkout->session_id, checkout->redirect_url, c.now);
  if (!set.ok()) return SendStatus(c.res, set);
  c.res.set_redirect(checkout->redirect_url, 303);
}

void PaymentRoute(ApiCall& c) {
  auto d = SessionDebtor(c);
  if (!d) return;
  auto id = PathId(c);
  auto a = id ? GetAttempt(c.store.db(), *id) : Result<PaymentAttempt>(Status::NotFound("no such payment"));
  if (!a.ok() || a->customer_id != d->session.customer_id) return SendHtml(c.res, 404, LinkInvalidPage(d->company));
  SendHtml(c.res, 200, PaymentPage(d->company, d->account.customer, *a, d->statement));
}

void StatementPdfRoute(ApiCall& c) {
  auto d = SessionDebtor(c);
  if (!d) return;
  AccountDocument doc;
  doc.company = &d->company;
  doc.customer = &d->account.customer;
  doc.statement = &d->statement;
  doc.rf_reference = RfReference(d->account.customer);
  const std::string dir = c.app.options().fonts_dir;
  auto pdf = RenderStatementPdf(doc, dir.empty() ? DejaVuFonts() : DejaVuFonts(dir));
  if (!pdf.ok()) return SendStatus(c.res, pdf.status());
  c.res.set_header("Content-Disposition", "attachment; filename=\"releve.pdf\"");
  c.res.set_content(*pdf, "application/pdf");
}

void InvoicePdfRoute(ApiCall& c) {
  auto d = SessionDebtor(c);
  if (!d) return;
  auto id = PathId(c);
  const Invoice* invoice = nullptr;
  for (const auto& inv : d->account.invoices)
    if (id && inv.id == *id) invoice = &inv;
  auto pdf = invoice ? LoadInvoicePdf(c.store.db(), invoice->id) : Result<std::optional<std::string>>(std::nullopt);
  if (!pdf.ok() || !*pdf) return SendHtml(c.res, 404, LinkInvalidPage(d->company));
  c.res.set_content(**pdf, "application/pdf");
}

void TransferQrRoute(ApiCall& c) {
  auto d = SessionDebtor(c);
  if (!d) return;
  auto transfer = CompanyTransfer(d->company, PrincipalDue(d->statement), RfReference(d->account.customer));
  if (!transfer) return SendHtml(c.res, 404, LinkInvalidPage(d->company));
  auto payload = EpcQrPayload(*transfer);
  if (!payload.ok()) return SendStatus(c.res, payload.status());
  auto svg = QrSvg(*payload);
  if (!svg.ok()) return SendStatus(c.res, svg.status());
  c.res.set_content(*svg, "image/svg+xml");
}

// ---- Time to pay: a plan, a promise, a dispute ------------------------------------------------

Result<Date> FormDate(const ApiCall& c, const char* name, bool en) {
  auto d = Date::ParseIso(c.req.get_param_value(name));
  if (!d.ok()) return Status::Invalid(en ? "Choose a date." : "Choisissez une date.", name);
  return d;
}

// GET /portal/plan[?count=&first=]: the form, and with its fields the policy's answer, from
// the very decision ProposePlan would write (run in a transaction rolled back).
// POST /portal/plan: the plan written (active at once, or pending for a manager).
void PlanRoute(ApiCall& c, bool post) {
  auto d = SessionDebtor(c);
  if (!d) return;
  const bool en = PortalEnglish(d->account.customer);
  if (post && !CsrfOk(c, *d)) return SendHtml(c.res, 403, LinkInvalidPage(d->company));
  const PlanPolicy policy;
  PlanView v;
  v.company = &d->company;
  v.customer = &d->account.customer;
  v.csrf_token = d->session.csrf_token;
  v.max_installments = policy.max_installments;
  v.today = c.today;
  v.last_first_date = c.today.AddDays(policy.max_first_delay_days);
  v.first_date = c.today.AddDays(7);
  v.currency = d->statement.currency;
  for (const auto& l : d->statement.lines)
    if (l.open_minor > 0 && l.due_date < c.today) v.total_minor += l.open_minor;
  const bool asked = c.req.has_param("count");
  if (asked) {
    auto first = FormDate(c, "first", en);
    const std::string count = c.req.get_param_value("count");
    if (!first.ok()) {
      v.error = first.status().message();
    } else if (count.size() > 3 || count.find_first_not_of("0123456789") != std::string::npos || count.empty()) {
      v.error = en ? "Choose a number of installments." : "Choisissez un nombre d'échéances.";
    } else {
      v.count = std::stoi(count);
      v.first_date = *first;
      PlanProposal proposal{d->session.customer_id, 0, v.count, v.first_date, PlanFrequency::kMonthly, {}};
      auto tx = Transaction::Begin(c.store.db());  // a preview: rolled back unless posted
      if (!tx.ok()) return SendStatus(c.res, tx.status());
      auto made = ProposePlan(c.store, proposal, policy, c.today);
      if (!made.ok()) {
        v.error = made.status().message();
      } else if (post && made->plan_id != 0) {
        Status committed = tx->Commit();
        if (!committed.ok()) return SendStatus(c.res, committed);
        auto record = GetPlan(c.store.db(), made->plan_id);
        if (!record.ok()) return SendStatus(c.res, record.status());
        spdlog::info("portal: customer {} asked for plan {} ({})", d->session.customer_id, made->plan_id,
                     ToString(made->decision.outcome));
        v.made = record->plan;
      } else {
        v.decision = made->decision;
      }
    }
  }
  SendHtml(c.res, v.error.empty() ? 200 : 400, PlanPage(v));
}

// POST /portal/promise: the total due promised for a date (reminders wait until then).
void PromiseRoute(ApiCall& c) {
  auto d = SessionDebtor(c);
  if (!d) return;
  const bool en = PortalEnglish(d->account.customer);
  if (!CsrfOk(c, *d)) return SendHtml(c.res, 403, LinkInvalidPage(d->company));
  auto date = FormDate(c, "date", en);
  if (!date.ok()) return HomeRoute(c, date.status().message());
  Promise p;
  p.customer_id = d->session.customer_id;
  p.promised_date = *date;
  p.amount_minor = PrincipalDue(d->statement);
  auto made = AddPromise(c.store.db(), p, c.today);
  if (!made.ok()) {
    const std::string last = c.today.AddDays(kMaxPromiseDays).ToIso();
    return HomeRoute(c, en ? "Choose a date between today and " + last + "."
                           : "Choisissez une date entre aujourd'hui et le " + last + ".");
  }
  c.res.set_redirect("/portal?promise=" + std::to_string(made->id), 303);  // a reload does not post again
}

// GET /portal/dispute?invoice=ID: the form; POST: the dispute opened, and a collector's task.
void DisputeRoute(ApiCall& c, bool post) {
  auto d = SessionDebtor(c);
  if (!d) return;
  const bool en = PortalEnglish(d->account.customer);
  if (post && !CsrfOk(c, *d)) return SendHtml(c.res, 403, LinkInvalidPage(d->company));
  const Invoice* invoice = nullptr;
  for (const auto& inv : d->account.invoices)
    if (std::to_string(inv.id) == FormField(c.req, "invoice") && inv.status == InvoiceStatus::kOpen) invoice = &inv;
  if (!invoice) return SendHtml(c.res, 404, LinkInvalidPage(d->company));  // another customer's: as missing
  DisputeView v{&d->company, &d->account.customer, d->session.csrf_token, invoice->id, invoice->number, ""};
  if (!post) return SendHtml(c.res, 200, DisputePage(v));
  std::string reason = FormField(c.req, "reason");
  if (reason.find_first_not_of(" \t\r\n") == std::string::npos || reason.size() > 2000) {
    v.error = en ? "Say in a few words what is wrong (at most 2000 characters)." : "Dites en quelques mots ce qui ne va pas (2000 caractères au plus).";
    return SendHtml(c.res, 400, DisputePage(v));
  }
  // The optional document, checked before anything is written.
  std::optional<DisputeDocument> document;
  if (c.req.has_file("attachment") && !c.req.get_file_value("attachment").filename.empty()) {
    const auto& file = c.req.get_file_value("attachment");
    auto type = DocumentType(file.content);
    if (!type.ok()) {
      v.error = en ? "The document must be a PDF, PNG or JPEG file of at most 5 MB."
                   : "Le document doit être un fichier PDF, PNG ou JPEG de 5 Mo au plus.";
      return SendHtml(c.res, 400, DisputePage(v));
    }
    document = DisputeDocument{file.filename.substr(0, 200), *type, file.content};
  }
  auto tx = Transaction::Begin(c.store.db());
  if (!tx.ok()) return SendStatus(c.res, tx.status());
  auto opened = OpenDispute(c.store.db(), invoice->id, c.today, (en ? "Debtor (portal): " : "Débiteur (portail) : ") + reason);
  if (!opened.ok()) {
    v.error = en ? "This invoice is already being looked into." : "Cette facture est déjà en cours d'examen.";
    return SendHtml(c.res, 409, DisputePage(v));
  }
  if (document) {
    Status attached = AttachDisputeDocument(c.store.db(), opened->id, *document, c.now);
    if (!attached.ok()) return SendStatus(c.res, attached);
  }
  Status s = QueueDisputeReview(c.store.db(), d->session.customer_id, c.today, c.now);
  if (s.ok()) s = tx->Commit();
  if (!s.ok()) return SendStatus(c.res, s);
  c.res.set_redirect("/portal?dispute=" + std::to_string(opened->id), 303);
}

// ---- Webhooks and the sandbox -----------------------------------------------------------------

// /p/<token>: a session, then 303 to /portal; a wrong link counts against the address.
void LinkRoute(ApiCall& c, Portal& portal) {
  auto settings = c.store.LoadSettings();
  if (!settings.ok()) return SendStatus(c.res, settings.status());
  const std::string address = ClientAddress(c.req, c.app.options().trusted_proxy);
  if (int wait = portal.limiter.RetryAfter("", address); wait > 0) {
    c.res.set_header("Retry-After", std::to_string(wait));
    return SendHtml(c.res, 429, TooManyTriesPage(*settings));
  }
  auto session = OpenPortalSession(c.store.db(), c.req.matches[1], c.today, Now());
  if (!session.ok()) return SendStatus(c.res, session.status());
  if (!*session) {
    portal.limiter.RecordFailure("", address);
    return SendHtml(c.res, 404, LinkInvalidPage(*settings));
  }
  const bool tls = settings->portal_url.rfind("https://", 0) == 0;  // served behind TLS
  c.res.set_header("Set-Cookie", std::string(kPortalCookie) + "=" + (*session)->cookie +
                                     "; Path=/; HttpOnly; SameSite=Lax; Max-Age=" + std::to_string(kPortalSessionSeconds) +
                                     (tls ? "; Secure" : ""));
  c.res.set_header("Referrer-Policy", "no-referrer");
  c.res.set_redirect("/portal", 303);
}

// POST /webhooks/<gateway>: verified, then applied once; 400 and nothing written otherwise.
void WebhookRoute(ApiCall& c, PaymentGateway* gateway, const std::string& name) {
  if (!gateway) return SendError(c.res, 404, "not_found", "the " + name + " gateway is not configured");
  auto event = gateway->ReadWebhook(c.req.get_header_value("Stripe-Signature"), c.req.body, Now());
  if (!event.ok()) {
    spdlog::warn("{} webhook refused: {}", name, event.status().message());
    return SendStatus(c.res, event.status());
  }
  auto applied = ApplyGatewayEvent(c.store, name, *event, c.today, c.now);
  if (!applied.ok()) return SendStatus(c.res, applied.status());  // 5xx: the gateway retries
  spdlog::info("{} event {} {}: {}", name, event->event_id, event->type, applied->outcome);
  SendJson(c.res, 200, {{"received", true}, {"outcome", applied->outcome}, {"duplicate", applied->duplicate}});
}

// The sandbox's checkout page and its three endings.
std::optional<PaymentAttempt> SandboxAttempt(ApiCall& c) {
  auto st = c.store.db().Prepare("SELECT id FROM payment_attempts WHERE checkout_id = ?1 AND gateway = 'sandbox'");
  if (!st.ok()) return std::nullopt;
  st->Bind(1, std::string(c.req.matches[1]));
  auto row = st->Step();
  if (!row.ok() || !*row) return std::nullopt;
  auto a = GetAttempt(c.store.db(), st->Int(0));
  return a.ok() ? std::optional<PaymentAttempt>(*a) : std::nullopt;
}

void SandboxCheckoutRoute(ApiCall& c, Portal& portal, bool post) {
  auto settings = c.store.LoadSettings();
  if (!settings.ok()) return SendStatus(c.res, settings.status());
  auto a = SandboxAttempt(c);
  if (!a) return SendHtml(c.res, 404, LinkInvalidPage(*settings));
  if (!post) return SendHtml(c.res, 200, SandboxCheckoutPage(*settings, *a, ""));
  if (a->status != "open") return c.res.set_redirect("/portal/payments/" + std::to_string(a->id), 303);
  const std::string outcome = c.req.get_param_value("outcome");
  if (outcome == "decline")  // a gateway keeps its checkout open after a declined card
    return SendHtml(c.res, 402, SandboxCheckoutPage(*settings, *a, "Carte refusée par la banque (sandbox)."));
  const bool pay = outcome == "pay";
  if (!pay && outcome != "abandon") return SendHtml(c.res, 400, SandboxCheckoutPage(*settings, *a, "Choix inconnu."));
  const std::string body = CheckoutEventJson("evt_sandbox_" + NewToken("").substr(0, 24),
                                             pay ? "checkout.session.completed" : "checkout.session.expired",
                                             a->checkout_id, a->id, a->amount_minor, a->currency,
                                             pay ? "paid" : "unpaid", Now());
  const SandboxConfig& cfg = portal.sandbox->config();
  DeliverSandboxEvent(c.app.options().host == "0.0.0.0" ? "127.0.0.1" : c.app.options().host, c.app.options().port,
                      cfg.webhook_secret, body, cfg.webhook_delay_ms, cfg.deliver_twice);
  c.res.set_redirect(pay ? "/portal/payments/" + std::to_string(a->id) : "/portal", 303);
}

}  // namespace

void RegisterPortalRoutes(App& app) {
  using M = App::Method;
  auto portal = std::make_shared<Portal>();
  const ServeOptions& o = app.options();
  portal->sandbox = std::make_shared<SandboxGateway>(
      SandboxConfig{NewToken(""), o.sandbox_webhook_delay_ms, o.sandbox_deliver_twice});
  portal->server = {o.gateway, o.stripe_secret_key, o.stripe_webhook_secret};
  portal->stripe_api_base = o.stripe_api_base;
  if (o.gateway == "stripe" && portal->server.stripe_secret_key.empty())
    spdlog::warn("--gateway stripe without a key (ENCAISSE_STRIPE_SECRET_KEY): the sandbox takes the payments "
                 "until one is set in the back office");

  const Access open = Access::Public();
  app.Api(M::kGet, R"(/p/([A-Za-z0-9_-]{16,128}))", open, [portal](ApiCall& c) { LinkRoute(c, *portal); });
  app.Api(M::kGet, "/portal", open, [](ApiCall& c) {
    HomeRoute(c, {}, c.req.has_param("promise") ? "promise" : c.req.has_param("dispute") ? "dispute" : "");
  });
  app.Api(M::kGet, "/portal/plan", open, [](ApiCall& c) { PlanRoute(c, false); });
  app.Api(M::kPost, "/portal/plan", open, [](ApiCall& c) { PlanRoute(c, true); });
  app.Api(M::kPost, "/portal/promise", open, PromiseRoute);
  app.Api(M::kGet, "/portal/dispute", open, [](ApiCall& c) { DisputeRoute(c, false); });
  app.Upload(M::kPost, "/portal/dispute", open, [](ApiCall& c) { DisputeRoute(c, true); });  // may carry a document
  app.Api(M::kPost, "/portal/pay", open, [portal](ApiCall& c) { PayRoute(c, *portal); });
  app.Api(M::kGet, R"(/portal/payments/(\d+))", open, PaymentRoute);
  app.Api(M::kGet, "/portal/statement.pdf", open, StatementPdfRoute);
  app.Api(M::kGet, R"(/portal/invoices/(\d+)\.pdf)", open, InvoicePdfRoute);
  app.Api(M::kGet, "/portal/transfer-qr.svg", open, TransferQrRoute);
  app.Api(M::kPost, "/webhooks/sandbox", open,
          [portal](ApiCall& c) { WebhookRoute(c, portal->sandbox.get(), "sandbox"); });
  app.Api(M::kPost, "/webhooks/stripe", open, [portal](ApiCall& c) {
    WebhookRoute(c, portal->Current(c).stripe.get(), "stripe");
  });
  app.Api(M::kGet, R"(/sandbox/checkout/(cs_sandbox_[A-Za-z0-9_-]{1,40}))", open,
          [portal](ApiCall& c) { SandboxCheckoutRoute(c, *portal, false); });
  app.Api(M::kPost, R"(/sandbox/checkout/(cs_sandbox_[A-Za-z0-9_-]{1,40}))", open,
          [portal](ApiCall& c) { SandboxCheckoutRoute(c, *portal, true); });
}

}  // namespace encaisse
