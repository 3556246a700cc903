#include "shared/reports/staff_digest.h"

#include <cstdio>

#include "shared/templates/template_render.h"

namespace encaisse {
namespace {

constexpr size_t kMaxListed = 20;  // per section; the rest is counted

// Runs `sql` with ?1 = today, ?2 = yesterday, ?3 = the rep (0: everyone). Every query names
// ?3, so the three can always be bound.
template <typename Fn>
Status Each(Db& db, const char* sql, Id rep_id, Date today, Fn fn) {
  auto st = db.Prepare(sql);
  if (!st.ok()) return st.status();
  st->Bind(1, today.ToIso()).Bind(2, today.AddDays(-1).ToIso()).Bind(3, rep_id);
  for (;;) {
    auto row = st->Step();
    if (!row.ok()) return row.status();
    if (!*row) return Status::Ok();
    fn(*st);
  }
}

Status Items(Db& db, const char* sql, Id rep_id, Date today, std::vector<DigestItem>* out) {
  return Each(db, sql, rep_id, today, [&](const Statement& st) {
    out->push_back({std::string(st.Text(0)), std::string(st.Text(1)), st.Int(2)});
  });
}

struct Words {
  const char* subject;
  const char* hello;
  const char* intro;
  const char* reminders;
  const char* none;
  const char* calls;
  const char* escalations;
  const char* promises;
  const char* disputes;
  const char* payments;
  const char* plans;
  const char* more;
};

constexpr Words kFr{"Votre journée de recouvrement du ",
                    "Bonjour ",
                    "Voici votre journée du ",
                    "Relances envoyées aujourd'hui",
                    "aucune",
                    "Appels à passer",
                    "Comptes au contentieux ou créances à déclarer",
                    "Promesses de paiement à échéance",
                    "Litiges ouverts hier",
                    "Règlements reçus hier",
                    "Échéanciers à approuver",
                    "… et %d autres"};
constexpr Words kEn{"Your collection day, ",
                    "Hello ",
                    "Here is your day, ",
                    "Reminders sent today",
                    "none",
                    "Calls to make",
                    "Accounts in litigation or claims to declare",
                    "Promises to pay falling due",
                    "Disputes opened yesterday",
                    "Payments received yesterday",
                    "Plans awaiting approval",
                    "… and %d more"};

const char* ChannelWord(const std::string& channel, Locale locale) {
  const bool en = locale == Locale::kEn;
  if (channel == "email") return en ? "emails" : "e-mails";
  if (channel == "sms") return "SMS";
  if (channel == "letter") return en ? "letters" : "courriers";
  if (channel == "formal_notice") return en ? "formal notices" : "mises en demeure";
  if (channel == "phone_task") return en ? "calls" : "appels";
  if (channel == "escalation") return en ? "hand-overs to litigation" : "passages au contentieux";
  return "";
}

}  // namespace

Result<StaffDigest> LoadStaffDigest(Db& db, Id rep_id, bool with_plans, Date today) {
  StaffDigest d;
  d.date = today;
  ENC_RETURN_IF_ERROR(Each(
      db,
      "SELECT r.channel, count(*) FROM reminders r JOIN customers c ON c.id = r.customer_id "
      "WHERE r.date = ?1 AND r.kind = 'reminder' AND (?3 = 0 OR c.rep_id = ?3) GROUP BY r.channel",
      rep_id, today, [&](const Statement& st) { d.reminders[std::string(st.Text(0))] = static_cast<int>(st.Int(1)); }));
  ENC_RETURN_IF_ERROR(Each(
      db,
      "SELECT coalesce(sum(t.kind = 'phone_call'), 0), coalesce(sum(t.kind IN ('escalation', 'insolvency_claim')), 0) "
      "FROM tasks t JOIN customers c ON c.id = t.customer_id "
      "WHERE t.status = 'open' AND t.due_date <= ?1 AND (?3 = 0 OR c.rep_id = ?3)",
      rep_id, today, [&](const Statement& st) {
        d.calls_due = static_cast<int>(st.Int(0));
        d.escalations = static_cast<int>(st.Int(1));
      }));
  ENC_RETURN_IF_ERROR(
      Items(db,
            "SELECT c.name, p.promised_date, p.amount_minor FROM promises p JOIN customers c ON c.id = p.customer_id "
            "WHERE p.status = 'pending' AND p.promised_date <= ?1 AND (?3 = 0 OR c.rep_id = ?3) ORDER BY "
            "p.promised_date, c.name",
            rep_id, today, &d.promises_due));
  ENC_RETURN_IF_ERROR(
      Items(db,
            "SELECT c.name, i.number || ' : ' || d.reason, i.amount_minor FROM disputes d JOIN customers c ON c.id = "
            "d.customer_id "
            "JOIN invoices i ON i.id = d.invoice_id WHERE d.opened = ?2 AND (?3 = 0 OR c.rep_id = ?3) ORDER BY c.name",
            rep_id, today, &d.disputes));
  ENC_RETURN_IF_ERROR(Items(db,
                            "SELECT c.name, p.method || ' ' || p.reference, p.amount_minor FROM payments p JOIN "
                            "customers c ON c.id = p.customer_id "
                            "WHERE p.date = ?2 AND (?3 = 0 OR c.rep_id = ?3) ORDER BY p.amount_minor DESC",
                            rep_id, today, &d.payments));
  if (with_plans) {
    ENC_RETURN_IF_ERROR(
        Items(db,
              "SELECT c.name, p.created, p.total_minor FROM payment_plans p JOIN customers c ON c.id = p.customer_id "
              "WHERE p.status = 'pending' AND (?3 = 0 OR c.rep_id = ?3) ORDER BY p.created",
              rep_id, today, &d.plans));
  }
  return d;
}

bool DigestIsEmpty(const StaffDigest& d) {
  return d.reminders.empty() && d.calls_due == 0 && d.escalations == 0 && d.promises_due.empty() &&
         d.disputes.empty() && d.payments.empty() && d.plans.empty();
}

ComposedMessage ComposeStaffDigest(const StaffDigest& d, const std::string& user_name, const CompanySettings& company,
                                   Locale locale) {
  const Words& w = locale == Locale::kEn ? kEn : kFr;
  auto money = [&](int64_t minor) { return FormatMoney({minor, company.currency}, locale); };
  std::string text = std::string(w.hello) + user_name + ",\n\n" + w.intro + FormatDate(d.date, locale) + " :\n\n";
  std::string html = "<p>" + EscapeHtml(std::string(w.hello) + user_name) + ",</p><p>" +
                     EscapeHtml(w.intro + FormatDate(d.date, locale)) + " :</p><ul>";
  auto line = [&](const std::string& label, const std::string& value) {
    text += label + " : " + value + "\n";
    html += "<li>" + EscapeHtml(label) + " : <b>" + EscapeHtml(value) + "</b></li>";
  };
  std::string sent;
  for (const auto& [channel, n] : d.reminders)
    sent += (sent.empty() ? "" : ", ") + std::to_string(n) + " " + ChannelWord(channel, locale);
  line(w.reminders, sent.empty() ? w.none : sent);
  line(w.calls, std::to_string(d.calls_due));
  line(w.escalations, std::to_string(d.escalations));
  html += "</ul>";
  auto section = [&](const char* title, const std::vector<DigestItem>& items) {
    if (items.empty()) return;
    int64_t total = 0;
    for (const auto& i : items) total += i.amount_minor;
    const std::string head = std::string(title) + " (" + std::to_string(items.size()) + ", " + money(total) + ")";
    text += "\n" + head + " :\n";
    html += "<h3>" + EscapeHtml(head) + "</h3><ul>";
    for (size_t k = 0; k < items.size() && k < kMaxListed; ++k) {
      const std::string entry = items[k].customer + " — " + money(items[k].amount_minor) +
                                (items[k].detail.empty() ? "" : " — " + items[k].detail);
      text += "  - " + entry + "\n";
      html += "<li>" + EscapeHtml(entry) + "</li>";
    }
    if (items.size() > kMaxListed) {
      char more[64];
      std::snprintf(more, sizeof more, w.more, static_cast<int>(items.size() - kMaxListed));
      text += std::string("  ") + more + "\n";
      html += "<li>" + EscapeHtml(more) + "</li>";
    }
    html += "</ul>";
  };
  section(w.promises, d.promises_due);
  section(w.disputes, d.disputes);
  section(w.payments, d.payments);
  section(w.plans, d.plans);
  ComposedMessage m;
  m.subject = w.subject + FormatDate(d.date, locale);
  m.text = text;
  m.html = "<!doctype html><html><head><meta charset=\"utf-8\"><title>" + EscapeHtml(m.subject) +
           "</title></head><body style=\"font-family:Arial,Helvetica,sans-serif;color:#1d2733;max-width:40em\"><h2>" +
           EscapeHtml(company.name) + "</h2>" + html + "</body></html>";
  return m;
}

}  // namespace encaisse
