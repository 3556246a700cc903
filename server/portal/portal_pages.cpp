#include "server/portal/portal_pages.h"

#include <openssl/evp.h>
#include <openssl/sha.h>

#include <algorithm>

#include "shared/core/money.h"
#include "shared/dunning/message_compose.h"
#include "shared/payments/bank_references.h"
#include "shared/plans/installments.h"
#include "shared/templates/template_render.h"

namespace encaisse {
namespace {

// The two languages of every sentence on the portal.
struct Say {
  bool en;
  const char* operator()(const char* fr, const char* english) const { return en ? english : fr; }
};

std::string Esc(std::string_view s) { return EscapeHtml(s); }

// Appends every piece to `out`, in order: a row built without the temporaries of a chain of +.
template <typename... Pieces>
void Append(std::string& out, const Pieces&... pieces) {
  (out.append(std::string_view(pieces)), ...);
}

std::string Contact(const CompanySettings& co) {
  return Esc(co.email) + (co.phone.empty() ? "" : " · " + Esc(co.phone));
}

std::string Header(const CompanySettings& co, const Customer& customer) {
  const std::string logo = co.logo_mime.empty() ? "" : "<img class=\"logo\" src=\"/branding/logo\" alt=\"" + Esc(co.name) + "\">";
  return "<header>" + logo + "<h1>" + Esc(co.name) + "</h1><p>" + Esc(customer.name) + "</p></header>";
}

// How a payment came in, in the debtor's words.
std::string MethodName(const std::string& method, bool en) {
  static const struct {
    const char *code, *fr, *en;
  } kNames[] = {{"transfer", "virement", "bank transfer"}, {"card", "carte", "card"},
                {"cheque", "chèque", "cheque"},            {"direct_debit", "prélèvement", "direct debit"},
                {"cash", "espèces", "cash"},               {"online", "paiement en ligne", "online payment"}};
  for (const auto& n : kNames)
    if (method == n.code) return en ? n.en : n.fr;
  return method;
}

// Inline, so the portal is one request and looks right wherever it is served from; large
// touch targets for a phone.
constexpr char kPortalCss[] =
    "body{font-family:system-ui,\"DejaVu Sans\",sans-serif;margin:0;color:#1d2733;background:#f6f7f9}"
    "main{max-width:42rem;margin:1.5rem auto;padding:0 1rem}h1{font-size:1.6rem;margin:0 0 .25rem}"
    "a{color:#0b5cad}.small{color:#5b6775;font-size:.9rem}table{width:100%;border-collapse:collapse}"
    "th,td{padding:.4rem .3rem;text-align:left;border-bottom:1px solid #e1e5ea;vertical-align:top}"
    "button{font:inherit;padding:.65rem 1.2rem;border:0;border-radius:.4rem;background:#0b5cad;color:#fff;"
    "min-height:2.75rem;cursor:pointer}button+button{margin-left:.3rem}"
    "input,select{font:inherit;padding:.45rem;min-height:2.5rem;box-sizing:border-box;max-width:100%}"
    "input[type=checkbox]{width:1.4rem;height:1.4rem;min-height:0}.total{font-size:1.15rem}"
    "footer{margin:2rem 0 1rem}.logo{display:block;max-height:3.5rem;max-width:14rem;margin-bottom:.5rem}";

}  // namespace

const std::string& PortalStyleSource() {
  static const std::string source = [] {
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(kPortalCss), sizeof kPortalCss - 1, digest);
    unsigned char b64[4 * ((SHA256_DIGEST_LENGTH + 2) / 3) + 1];
    EVP_EncodeBlock(b64, digest, SHA256_DIGEST_LENGTH);
    return "'sha256-" + std::string(reinterpret_cast<const char*>(b64)) + "'";
  }();
  return source;
}

bool PortalEnglish(const Customer& customer) { return customer.language.rfind("en", 0) == 0; }

std::string PortalPage(const std::string& lang, const std::string& title, const std::string& body) {
  std::string page;
  page.reserve(sizeof kPortalCss + body.size() + 512);  // one allocation, the body copied once
  Append(page, "<!doctype html><html lang=\"", lang, "\"><head><meta charset=\"utf-8\">",
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
         "<meta name=\"referrer\" content=\"no-referrer\"><title>");
  AppendEscapedHtml(page, title);
  Append(page, "</title><style>", kPortalCss,
         "</style><link rel=\"stylesheet\" href=\"/branding/theme.css\"></head><body><main>", body,
         "</main></body></html>");
  return page;
}

// The next installment of an active plan, paid online in one tap: its unpaid amount on the
// plan's open invoices (a form key of its own, so it never meets the main pay form's attempt).
static std::string InstallmentPayForm(const PortalView& v, const PaymentPlan& plan, const Say& say, Locale locale) {
  const std::optional<Installment> next = NextUnpaid(plan);
  if (!next) return {};
  const CustomerStatement& st = *v.statement;
  std::string invoices;
  for (const auto& l : st.lines)
    if (l.open_minor > 0 && std::find(plan.invoice_ids.begin(), plan.invoice_ids.end(), l.invoice_id) != plan.invoice_ids.end())
      invoices += "<input type=\"hidden\" name=\"invoice\" value=\"" + std::to_string(l.invoice_id) + "\">";
  if (invoices.empty()) return {};
  const int64_t due = next->amount_minor - next->paid_minor;
  return "<form method=\"post\" action=\"/portal/pay\"><input type=\"hidden\" name=\"csrf\" value=\"" + Esc(v.csrf_token) +
         "\"><input type=\"hidden\" name=\"form_key\" value=\"" + Esc(v.form_key) + "-plan-" + std::to_string(plan.id) +
         "-" + std::to_string(next->seq) + "\">" + invoices + "<input type=\"hidden\" name=\"amount\" value=\"" +
         FormatPlain(due, st.currency) + "\"><p><button type=\"submit\">" + say("Payer l'échéance du ", "Pay the installment of ") +
         Esc(FormatDate(next->due_date, locale)) + " (" + Esc(FormatMoney({due, st.currency}, locale)) + ")</button></p></form>";
}

std::string PortalHome(const PortalView& v) {
  const Say say{PortalEnglish(*v.customer)};
  const Locale locale = say.en ? Locale::kEn : Locale::kFr;
  const CustomerStatement& st = *v.statement;
  auto money = [&](int64_t minor) { return Esc(FormatMoney({minor, st.currency}, locale)); };
  std::string h = Header(*v.company, *v.customer);
  h.reserve(4096 + 640 * v.statement->lines.size());  // about a row's bytes: one allocation
  if (!v.error.empty()) h += "<p class=\"error\" role=\"alert\">" + Esc(v.error) + "</p>";
  if (v.notice == "promise")
    h += std::string("<p class=\"notice\" role=\"status\">") + say("Engagement enregistré : merci.", "Promise recorded: thank you.") + "</p>";
  if (v.notice == "dispute")
    h += std::string("<p class=\"notice\" role=\"status\">") +
         say("Contestation reçue : nous revenons vers vous.", "Dispute received: we will come back to you.") + "</p>";
  for (const auto& plan : v.plans) {
    const bool active = plan.status == PlanStatus::kActive;
    h += std::string("<section class=\"plan\"><h2>") +
         (active ? say("Votre échéancier", "Your installment plan") : say("Échéancier en attente d'accord", "Installment plan awaiting approval")) +
         "</h2><ul>";
    for (const auto& inst : plan.installments)
      h += "<li>" + Esc(FormatDate(inst.due_date, locale)) + " · " + money(inst.amount_minor) +
           (inst.paid_minor >= inst.amount_minor ? say(" (payée)", " (paid)") : "") + "</li>";
    h += "</ul>";
    if (!active) h += std::string("<p class=\"small\">") + say("Nous vous écrirons dès la décision.", "We will write to you once it is decided.") + "</p>";
    if (active) h += InstallmentPayForm(v, plan, say, locale);
    h += "</section>";
  }

  h += std::string("<h2>") + say("Factures à régler", "Invoices to pay") + "</h2>";
  h += "<form method=\"post\" action=\"/portal/pay\"><input type=\"hidden\" name=\"csrf\" value=\"" + Esc(v.csrf_token) +
       "\"><input type=\"hidden\" name=\"form_key\" value=\"" + Esc(v.form_key) + "\">";
  h += std::string("<table class=\"invoices\"><tr><th></th><th>") + say("Facture", "Invoice") + "</th><th>" +
       say("Échéance", "Due") + "</th><th>" + say("Reste dû", "Open") + "</th><th>" + say("Retard", "Late") + "</th></tr>";
  int open_lines = 0;
  for (const auto& l : st.lines) {
    if (l.open_minor <= 0) continue;
    ++open_lines;
    const bool pdf = std::find(v.invoices_with_pdf.begin(), v.invoices_with_pdf.end(), l.invoice_id) != v.invoices_with_pdf.end();
    const std::string id = std::to_string(l.invoice_id);
    Append(h, "<tr><td><input type=\"checkbox\" name=\"invoice\" value=\"", id, "\" id=\"inv", id, "\"",
           l.disputed ? "" : " checked", "></td><td><label for=\"inv", id, "\">");
    AppendEscapedHtml(h, l.number);
    h += "</label>";
    if (pdf) Append(h, " <a href=\"/portal/invoices/", id, ".pdf\">PDF</a>");
    Append(h, "<br><span class=\"small\">", say("émise le ", "issued "));
    AppendEscapedHtml(h, FormatDate(l.issue_date, locale));
    h += " · ";
    AppendMoney(h, {l.amount_minor, st.currency}, locale);  // no escape: digits, separators, our own symbols
    h += "</span></td><td>";
    AppendEscapedHtml(h, FormatDate(l.due_date, locale));
    h += "</td><td>";
    AppendMoney(h, {l.open_minor, st.currency}, locale);
    h += "</td><td>";
    if (l.days_late > 0) Append(h, std::to_string(l.days_late), say(" j", " d"));
    if (l.disputed)
      h += say(" (contestée)", " (disputed)");
    else
      Append(h, " <a class=\"small\" href=\"/portal/dispute?invoice=", id, "\">", say("contester", "dispute"), "</a>");
    if (l.interest_minor + l.fee_minor > 0) {
      h += "<br><span class=\"small\">+ ";
      AppendMoney(h, {l.interest_minor + l.fee_minor, st.currency}, locale);
      h += "</span>";
    }
    h += "</td></tr>";
  }
  h += "</table>";
  if (open_lines == 0) h += std::string("<p>") + say("Aucune facture à régler. Merci !", "Nothing to pay. Thank you!") + "</p>";
  h += std::string("<p class=\"total\"><strong>") + say("Total dû : ", "Total due: ") + money(st.total_due_minor) + "</strong>";
  if (st.interest_minor + st.fee_minor > 0)
    h += say.en ? " (including late interest " + money(st.interest_minor) + " and the recovery fee " + money(st.fee_minor) + ")"
                : " (dont pénalités de retard " + money(st.interest_minor) + " et indemnité forfaitaire " +
                      money(st.fee_minor) + ")";
  if (st.credit_minor > 0) h += std::string("<br>") + say("Avoir en votre faveur : ", "Credit in your favour: ") + money(st.credit_minor);
  h += "</p>";
  if (open_lines > 0) {
    h += std::string("<p><label for=\"amount\">") +
         say("Montant (laisser vide pour régler les factures cochées) : ",
             "Amount (leave empty to pay the ticked invoices): ") +
         "</label><input id=\"amount\" name=\"amount\" inputmode=\"decimal\" autocomplete=\"off\" size=\"10\"></p>"
         "<p><button type=\"submit\">" + say("Payer en ligne", "Pay online") + "</button></p>";
  }
  h += "</form>";

  if (open_lines > 0 && v.plans.empty()) {
    h += std::string("<h2>") + say("Besoin de temps ?", "Need more time?") + "</h2><p><a href=\"/portal/plan\">" +
         say("Demander un échéancier", "Ask for an installment plan") + "</a></p>";
    h += "<form method=\"post\" action=\"/portal/promise\" class=\"promise\"><input type=\"hidden\" name=\"csrf\" value=\"" +
         Esc(v.csrf_token) + "\"><p><label for=\"promise_date\">" +
         say("Ou engagez-vous à régler le total le : ", "Or promise to pay the total on: ") +
         "</label><input type=\"date\" id=\"promise_date\" name=\"date\" required> <button type=\"submit\">" +
         say("Je m'engage", "I promise") + "</button></p></form>";
  }

  if (!v.company->iban.empty() && open_lines > 0) {
    h += std::string("<h2>") + say("Ou par virement", "Or by bank transfer") + "</h2><p>IBAN " +
         Esc(FormatIban(v.company->iban)) + (v.company->bic.empty() ? "" : " · BIC " + Esc(v.company->bic)) + "<br>" +
         say("Référence à indiquer : ", "Reference: ") + "<strong>" + Esc(v.rf_reference) + "</strong></p>";
    if (v.transfer_qr)
      h += std::string("<p><img class=\"qr\" src=\"/portal/transfer-qr.svg\" width=\"180\" height=\"180\" alt=\"") +
           say("QR code du virement (à scanner avec l'application de votre banque)",
               "Transfer QR code (scan it with your banking app)") + "\"></p>";
  }

  h += std::string("<h2>") + say("Vos paiements", "Your payments") + "</h2>";
  if (v.payments.empty() && v.attempts.empty()) h += std::string("<p class=\"small\">") + say("Aucun paiement reçu récemment.", "No recent payment.") + "</p>";
  h += "<ul class=\"payments\">";
  for (const auto& a : v.attempts) {
    if (a.status == "paid" || a.status == "created") continue;
    const char* what = a.status == "pending" ? say("en cours de traitement", "being processed")
                       : a.status == "failed" ? say("échoué", "failed")
                       : a.status == "expired" ? say("abandonné", "abandoned")
                                               : say("non terminé", "not finished");
    h += "<li><a href=\"/portal/payments/" + std::to_string(a.id) + "\">" + say("Paiement en ligne", "Online payment") + " " +
         Esc(FormatMoney({a.amount_minor, st.currency}, locale)) + "</a> : " + what +
         (a.detail.empty() ? "" : " (" + Esc(a.detail) + ")") + "</li>";
  }
  for (const auto& p : v.payments)
    h += "<li>" + Esc(FormatDate(p.date, locale)) + " · " + money(p.amount_minor) + " · " + Esc(MethodName(p.method, locale == Locale::kEn)) + "</li>";
  h += "</ul>";
  h += std::string("<p><a href=\"/portal/statement.pdf\">") + say("Télécharger le relevé de compte (PDF)", "Download the statement of account (PDF)") + "</a></p>";
  h += std::string("<footer class=\"small\">") + say("Une question, une facture contestée ? ", "A question, a disputed invoice? ") +
       Contact(*v.company) + "</footer>";
  return PortalPage(say.en ? "en" : "fr", v.company->name, h);
}

std::string PaymentPage(const CompanySettings& co, const Customer& customer, const PaymentAttempt& a,
                        const CustomerStatement& st) {
  const Say say{PortalEnglish(customer)};
  const Locale locale = say.en ? Locale::kEn : Locale::kFr;
  auto money = [&](int64_t minor) { return Esc(FormatMoney({minor, st.currency}, locale)); };
  std::string h = Header(co, customer);
  std::string head;
  if (a.status == "paid") {
    h += std::string("<h2>") + say("Paiement reçu, merci !", "Payment received, thank you!") + "</h2><p class=\"receipt\">" +
         say("Reçu n° ", "Receipt no. ") + std::to_string(a.id) + " · " + money(a.amount_minor) + " · " +
         Esc(a.updated_at.substr(0, 10)) + "</p>";
  } else if (a.status == "failed" || a.status == "expired") {
    h += std::string("<h2>") + say("Le paiement n'a pas abouti", "The payment did not go through") + "</h2><p>" +
         Esc(a.detail.empty() ? say("Paiement abandonné.", "Payment abandoned.") : a.detail) + "</p>";
  } else {
    head = "<meta http-equiv=\"refresh\" content=\"2\">";  // until the gateway's confirmation
    h += std::string("<h2>") + say("Paiement en cours de traitement", "Payment being processed") + "</h2><p>" +
         say("Votre banque confirme le paiement ; cette page se met à jour.",
             "Your bank is confirming the payment; this page updates itself.") + "</p>";
  }
  h += std::string("<p><strong>") + say("Reste dû : ", "Balance due: ") + money(st.total_due_minor) + "</strong></p>";
  h += std::string("<p><a href=\"/portal\">") + say("Retour à votre compte", "Back to your account") + "</a></p>";
  std::string page = PortalPage(say.en ? "en" : "fr", co.name, h);
  if (!head.empty()) page.insert(page.find("<title>"), head);
  return page;
}

std::string PlanPage(const PlanView& v) {
  const Say say{PortalEnglish(*v.customer)};
  const Locale locale = say.en ? Locale::kEn : Locale::kFr;
  auto money = [&](int64_t minor) { return Esc(FormatMoney({minor, v.currency}, locale)); };
  std::string h = Header(*v.company, *v.customer);
  h += std::string("<h2>") + say("Demander un échéancier", "Ask for an installment plan") + "</h2>";
  if (!v.error.empty()) h += "<p class=\"error\" role=\"alert\">" + Esc(v.error) + "</p>";
  if (v.made) {
    const bool active = v.made->status == PlanStatus::kActive;
    h += std::string("<p class=\"notice\" role=\"status\">") +
         (active ? say("Votre échéancier est accepté.", "Your installment plan is accepted.")
                 : say("Votre demande est transmise à notre responsable crédit ; nous vous écrirons dès sa décision.",
                       "Your request has gone to our credit manager; we will write to you once it is decided.")) +
         "</p><ul>";
    for (const auto& inst : v.made->installments)
      h += "<li>" + Esc(FormatDate(inst.due_date, locale)) + " · " + money(inst.amount_minor) + "</li>";
    h += std::string("</ul><p><a href=\"/portal\">") + say("Retour à votre compte", "Back to your account") + "</a></p>";
    return PortalPage(say.en ? "en" : "fr", v.company->name, h);
  }
  h += std::string("<p>") + say("Total concerné (factures échues) : ", "Amount covered (overdue invoices): ") +
       money(v.total_minor) + "</p>";
  h += "<form method=\"get\" action=\"/portal/plan\"><p><label for=\"count\">" +
       std::string(say("Nombre d'échéances mensuelles : ", "Number of monthly installments: ")) +
       "</label><select id=\"count\" name=\"count\">";
  for (int n = 2; n <= v.max_installments; ++n)
    h += "<option" + std::string(n == v.count ? " selected" : "") + ">" + std::to_string(n) + "</option>";
  h += "</select></p><p><label for=\"first\">" + std::string(say("Première échéance le : ", "First installment on: ")) +
       "</label><input type=\"date\" id=\"first\" name=\"first\" value=\"" + v.first_date.ToIso() + "\" min=\"" +
       v.today.ToIso() + "\" max=\"" + v.last_first_date.ToIso() + "\"></p><p><button type=\"submit\">" +
       say("Voir l'échéancier", "See the schedule") + "</button></p></form>";
  if (v.decision) {
    const PlanDecision& d = *v.decision;
    if (d.outcome == PlanOutcome::kRefuse) {
      h += std::string("<p class=\"error\">") + say("Cet échéancier ne peut pas être accordé : ", "This plan cannot be granted: ");
      for (const auto& r : d.reasons) h += Esc(r.message) + " ";
      h += "</p>";
    } else {
      h += "<table class=\"schedule\"><tr><th>#</th><th>" + std::string(say("Date", "Date")) + "</th><th>" +
           say("Montant", "Amount") + "</th></tr>";
      for (const auto& inst : d.schedule)
        h += "<tr><td>" + std::to_string(inst.seq) + "</td><td>" + Esc(FormatDate(inst.due_date, locale)) + "</td><td>" +
             money(inst.amount_minor) + "</td></tr>";
      h += std::string("</table><p>") +
           (d.outcome == PlanOutcome::kAutoApprove
                ? say("Accepté immédiatement si vous le confirmez.", "Accepted at once when you confirm it.")
                : say("Il sera soumis à l'accord de notre responsable crédit.", "It will go to our credit manager for approval.")) +
           "</p><form method=\"post\" action=\"/portal/plan\"><input type=\"hidden\" name=\"csrf\" value=\"" +
           Esc(v.csrf_token) + "\"><input type=\"hidden\" name=\"count\" value=\"" + std::to_string(v.count) +
           "\"><input type=\"hidden\" name=\"first\" value=\"" + v.first_date.ToIso() + "\"><p><button type=\"submit\">" +
           say("Confirmer cet échéancier", "Confirm this plan") + "</button></p></form>";
    }
  }
  h += std::string("<p><a href=\"/portal\">") + say("Retour à votre compte", "Back to your account") + "</a></p>";
  return PortalPage(say.en ? "en" : "fr", v.company->name, h);
}

std::string DisputePage(const DisputeView& v) {
  const Say say{PortalEnglish(*v.customer)};
  std::string h = Header(*v.company, *v.customer);
  h += std::string("<h2>") + say("Contester la facture ", "Dispute invoice ") + Esc(v.invoice_number) + "</h2>";
  if (!v.error.empty()) h += "<p class=\"error\" role=\"alert\">" + Esc(v.error) + "</p>";
  h += "<form method=\"post\" action=\"/portal/dispute\" enctype=\"multipart/form-data\"><input type=\"hidden\" "
       "name=\"csrf\" value=\"" + Esc(v.csrf_token) + "\"><input type=\"hidden\" name=\"invoice\" value=\"" +
       std::to_string(v.invoice_id) + "\"><p><label for=\"reason\">" +
       say("Motif (livraison, prix, qualité…) :", "Reason (delivery, price, quality…):") +
       "</label><br><textarea id=\"reason\" name=\"reason\" rows=\"4\" cols=\"40\" required maxlength=\"2000\"></textarea></p>"
       "<p><label for=\"attachment\">" + say("Document (facultatif : bon de livraison, photo… PDF, PNG ou JPEG, 5 Mo au plus) :",
                                             "Document (optional: delivery note, photo… PDF, PNG or JPEG, 5 MB at most):") +
       "</label><br><input type=\"file\" id=\"attachment\" name=\"attachment\" accept=\"application/pdf,image/png,image/jpeg\"></p>"
       "<p class=\"small\">" + say("Les relances de cette facture s'arrêtent pendant l'examen de votre demande.",
                                   "Reminders for this invoice stop while we look into it.") +
       "</p><p><button type=\"submit\">" + say("Envoyer", "Send") + "</button></p></form><p><a href=\"/portal\">" +
       say("Retour à votre compte", "Back to your account") + "</a></p>";
  return PortalPage(say.en ? "en" : "fr", v.company->name, h);
}

std::string LinkInvalidPage(const CompanySettings& co) {
  const std::string contact = Contact(co);
  return PortalPage("fr", co.name,
                    "<h1>" + Esc(co.name) + "</h1><p>Ce lien n'est plus valide (expiré ou remplacé), ou votre session "
                    "a pris fin. Rouvrez le lien de notre dernier message ; le prochain vous en apportera un nouveau. "
                    "Vous pouvez aussi nous contacter : " + contact + "</p><p lang=\"en\">This link is no longer "
                    "valid, or your session ended. Open the link of our latest message again, or contact us: " +
                    contact + "</p>");
}

std::string TooManyTriesPage(const CompanySettings& co) {
  return PortalPage("fr", co.name,
                    "<h1>" + Esc(co.name) + "</h1><p>Trop d'essais : réessayez dans quelques minutes.</p>"
                    "<p lang=\"en\">Too many tries: please try again in a few minutes.</p>");
}

std::string SandboxCheckoutPage(const CompanySettings& co, const PaymentAttempt& a, const std::string& error) {
  const Currency currency = FindCurrency(a.currency).ok() ? *FindCurrency(a.currency) : Currency();
  std::string h = "<div class=\"checkout\"><p class=\"small\">Sandbox · paiement de démonstration</p><h1>" + Esc(co.name) +
                  "</h1><p class=\"total\"><strong>" + Esc(FormatMoney({a.amount_minor, currency}, Locale::kFr)) +
                  "</strong></p>";
  if (!error.empty()) h += "<p class=\"error\" role=\"alert\">" + Esc(error) + "</p>";
  // The card fields have no name: the browser never sends them, no route ever sees a number.
  h += "<form method=\"post\"><p><label>Numéro de carte<br><input inputmode=\"numeric\" autocomplete=\"off\" "
       "placeholder=\"4242 4242 4242 4242\"></label></p><p><label>Expiration<br><input placeholder=\"12/30\" "
       "autocomplete=\"off\"></label> <label>CVC<br><input placeholder=\"123\" autocomplete=\"off\"></label></p>"
       "<p><button name=\"outcome\" value=\"pay\">Payer</button> <button name=\"outcome\" value=\"decline\">Carte "
       "refusée</button> <button name=\"outcome\" value=\"abandon\">Abandonner</button></p></form></div>";
  return PortalPage("fr", "Paiement " + co.name, h);
}

}  // namespace encaisse
