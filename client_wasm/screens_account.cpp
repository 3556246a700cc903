// One account before or during a visit: who, what is owed and how late, the invoices, plans,
// promises, disputes, reminders and notes; and the actions a rep records there, offline: a
// note, a promise to pay, a dispute, a plan (its schedule and the policy's answer computed here
// by the shared core, as the server will), a visit.
#include <cstdio>
#include <cstring>

#include <nlohmann/json.hpp>

#include "client_wasm/app.h"
#include "client_wasm/reminder_labels.h"
#include "client_wasm/test_hooks.h"
#include "client_wasm/ui_style.h"
#include "client_wasm/ui_widgets.h"
#include "shared/plans/plan_policy.h"
#include "shared/templates/default_templates.h"

namespace encaisse::client {

namespace {

// What the history calls each kind of event (the API's "dispute_resolved": "Litige résolu").
const char* TimelineKindText(const std::string& kind, bool en) {
  if (kind == "note") return en ? "Note" : "Note";
  if (kind == "promise") return en ? "Promise to pay" : "Promesse de paiement";
  if (kind == "dispute") return en ? "Dispute" : "Litige";
  if (kind == "dispute_resolved") return en ? "Dispute resolved" : "Litige résolu";
  if (kind == "visit") return en ? "Visit" : "Visite";
  if (kind == "payment") return en ? "Payment" : "Règlement";
  if (kind == "reminder") return en ? "Reminder" : "Relance";
  if (kind == "plan") return en ? "Installment plan" : "Échéancier";
  if (kind == "credit_note") return en ? "Credit note" : "Avoir";
  return kind.c_str();
}

const char* PlanStatusText(PlanStatus s, bool en) {
  switch (s) {
    case PlanStatus::kPending: return en ? "waiting for a manager" : "en attente de validation";
    case PlanStatus::kActive: return en ? "active" : "en cours";
    case PlanStatus::kCompleted: return en ? "completed" : "soldé";
    case PlanStatus::kBroken: return en ? "broken" : "rompu";
    case PlanStatus::kRejected: return en ? "rejected" : "refusé";
    case PlanStatus::kCancelled: return en ? "cancelled" : "annulé";
  }
  return "";
}

std::string Shorten(const std::string& s, size_t n) { return s.size() <= n ? s : s.substr(0, n) + "…"; }

}  // namespace

std::vector<const OpenInvoiceView*> UndisputedInvoices(const CustomerDetail& d) {
  std::vector<const OpenInvoiceView*> open;
  for (const auto& i : d.open_invoices)
    if (!i.disputed) open.push_back(&i);
  return open;
}

void App::DrawAccount() {
  if (!detail_) {
    screen_ = Screen::kAccounts;
    return;
  }
  const CustomerDetail& d = *detail_;
  if (Button(T("« Comptes", "« Accounts"), "nav_back")) {
    screen_ = Screen::kAccounts;
    form_ = Form::kNone;
    return;
  }
  ImGui::SameLine();
  if (TitleFont()) ImGui::PushFont(TitleFont());
  ImGui::TextUnformatted(d.customer.name.c_str());
  if (TitleFont()) ImGui::PopFont();
  ImGui::BeginChild("account", ImVec2(0, 0), false);
  DragToScroll();
  ColoredText(colors::kMuted, d.customer.external_id + (d.customer.email.empty() ? "" : " · " + d.customer.email) +
                                  (d.customer.phone.empty() ? "" : " · " + d.customer.phone) +
                                  (d.extras.rep_name.empty() ? "" : std::string(T(" · commercial : ", " · rep: ")) + d.extras.rep_name));
  if (!d.customer.address.empty()) ColoredText(colors::kMuted, d.customer.address);

  Figure(T("Solde", "Balance"), Money(d.summary.balance_minor));
  ImGui::SameLine(0, 40);
  Figure(T("Échu", "Overdue"), Money(d.summary.overdue_minor), d.summary.overdue_minor > 0 ? colors::kLate : colors::kOk);
  ImGui::SameLine(0, 40);
  Figure(T("Retard max.", "Most late"), std::to_string(d.summary.max_days_late) + T(" j", " d"));
  if (statement_) {
    ImGui::SameLine(0, 40);
    Figure(T("Pénalités", "Penalties"), Money(statement_->interest_minor + statement_->fee_minor), colors::kWarn);
    ImGui::SameLine(0, 40);
    Figure(T("Total dû", "Total due"), Money(statement_->total_due_minor));
  }

  // Actions.
  ImGui::Dummy(ImVec2(0, 4));
  auto action = [&](const char* label, const char* name, Form f) {
    if (Button(label, name, form_ == f, ImVec2(0, 48))) {
      form_ = form_ == f ? Form::kNone : f;
      form_error_.clear();
      plan_preview_.clear();
      plan_preview_key_.clear();
      std::memset(form_text_, 0, sizeof form_text_);
      const bool today = f == Form::kVisit || f == Form::kPayment;  // what happened; a promise or a plan is ahead
      std::snprintf(form_date_, sizeof form_date_, "%s", DateText(Today().AddDays(today ? 0 : 7)).c_str());
      pay_alloc_.clear();
      pay_reference_[0] = 0;
      settings_reps_.clear();  // the settings form reads the account again when it opens
      std::snprintf(form_amount_, sizeof form_amount_, "%s",
                    FormatPlain(std::max<int64_t>(0, d.summary.overdue_minor), Eur()).c_str());
      form_count_ = 3;
      form_invoice_ = 0;
    }
    ImGui::SameLine();
  };
  action(T("Note", "Note"), "action_note", Form::kNote);
  action(T("Promesse de paiement", "Promise to pay"), "action_promise", Form::kPromise);
  action(T("Litige", "Dispute"), "action_dispute", Form::kDispute);
  action(T("Échéancier", "Payment plan"), "action_plan", Form::kPlan);
  action(T("Visite", "Visit"), "action_visit", Form::kVisit);
  if (AtDesk()) {
    action(T("Paiement reçu", "Payment received"), "action_payment", Form::kPayment);
    action(T("Réglages", "Settings"), "action_settings", Form::kSettings);
    if (form_ == Form::kSettings && settings_reps_.empty()) OpenSettingsForm();
  }
  ImGui::NewLine();
  if (form_ != Form::kNone) DrawForm();

  // What this rep recorded here and has not synced yet.
  const std::string id_text = "\"customer_id\":" + std::to_string(d.customer.id);
  bool header = false;
  for (const auto& a : local_.actions) {
    if (a.state != "pending") continue;
    if (a.json.find(id_text) == std::string::npos && a.summary.find(d.customer.name) == std::string::npos) continue;
    if (!header) Section(T("En attente de synchronisation", "Waiting for a sync"));
    header = true;
    ColoredText(colors::kWarn, "• " + a.summary);
  }

  Section(T("Factures ouvertes", "Open invoices"));
  if (ImGui::BeginTable("invoices", 6, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH)) {
    ImGui::TableSetupColumn(T("Facture", "Invoice"));
    ImGui::TableSetupColumn(T("Échéance", "Due"));
    ImGui::TableSetupColumn(T("Reste dû", "Open"));
    ImGui::TableSetupColumn(T("Retard", "Late"));
    ImGui::TableSetupColumn(T("Intérêts + indemnité", "Interest + fee"));
    ImGui::TableSetupColumn("");
    ImGui::TableHeadersRow();
    for (const auto& i : d.open_invoices) {
      ImGui::TableNextRow(0, 36);
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(i.invoice.number.c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(DateText(i.invoice.due_date).c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(Money(i.invoice.open_minor).c_str());
      ImGui::TableNextColumn();
      if (i.days_late > 0) ColoredText(colors::kLate, std::to_string(i.days_late) + T(" j", " d"));
      ImGui::TableNextColumn();
      if (statement_)
        for (const auto& l : statement_->lines)
          if (l.invoice_id == i.invoice.id && l.interest_minor + l.fee_minor > 0) ColoredText(colors::kWarn, Money(l.interest_minor + l.fee_minor));
      ImGui::TableNextColumn();
      if (i.disputed) { ColoredText(colors::kWarn, T("litige", "disputed")); ImGui::SameLine(); }
      if (i.in_plan) { ColoredText(colors::kBrand, T("échéancier", "plan")); ImGui::SameLine(); }
      ImGui::PushID(static_cast<int>(i.invoice.id));
      if (AtDesk() && Button(T("Payée", "Paid"), ("mark_paid_" + std::to_string(&i - d.open_invoices.data())).c_str()))
        MarkPaid(i.invoice);
      ImGui::PopID();
    }
    ImGui::EndTable();
  }

  if (!d.plans.empty()) {
    Section(T("Échéanciers", "Payment plans"));
    for (const auto& p : d.plans) {
      ImGui::Text("%s · %s · %zu %s", Money(p.total_minor).c_str(), PlanStatusText(p.status, english), p.installments.size(),
                  T("échéances", "installments"));
      for (const auto& i : p.installments)
        ColoredText(i.paid_minor >= i.amount_minor ? colors::kOk : colors::kMuted,
                    "   " + DateText(i.due_date) + "  " + Money(i.amount_minor) + (i.paid_minor ? std::string(T(" payé ", " paid ")) + Money(i.paid_minor) : ""));
    }
  }
  if (!d.promises.empty()) {
    Section(T("Promesses", "Promises"));
    for (const auto& p : d.promises)
      ImGui::Text("%s  %s  (%s)", DateText(p.promised_date).c_str(), Money(p.amount_minor).c_str(), std::string(ToString(p.status)).c_str());
  }
  if (!d.disputes.empty()) {
    Section(T("Litiges", "Disputes"));
    for (size_t k = 0; k < d.disputes.size(); ++k) {
      const auto& x = d.disputes[k];
      if (AtDesk() && x.status == DisputeStatus::kOpen) {
        if (Button(T("Clore", "Resolve"), ("resolve_" + std::to_string(k)).c_str())) StartResolve(d.customer.id, x.id);
        ImGui::SameLine();
      }
      ImGui::TextWrapped("%s  %s  (%s%s)", DateText(x.opened).c_str(), x.reason.c_str(),
                         x.status == DisputeStatus::kOpen ? T("ouvert", "open") : T("clos", "resolved"),
                         x.resolution.empty() ? "" : (" : " + x.resolution).c_str());
    }
  }
  if (!d.reminders.empty()) {
    Section(T("Relances envoyées", "Reminders sent"));
    for (size_t k = 0; k < std::min<size_t>(8, d.reminders.size()); ++k) {
      const auto& r = d.reminders[k];
      const std::string channel(ChannelText(r.channel, english)), name(TemplateName(r.template_id, english));
      ImGui::Text("%s  %s · %s  (%s %d, %s)", DateText(r.date).c_str(), channel.c_str(), name.c_str(), T("étape", "step"), r.step,
                  ReminderStatusText(r.status, english));
    }
  }
  if (AtDesk()) DrawAllocations();
  Section(T("Historique", "History"));
  for (const auto& e : d.timeline) {
    std::string line = DateText(e.date) + "  " + TimelineKindText(e.kind, english);
    if (e.amount_minor) line += "  " + Money(*e.amount_minor);
    // A reminder's text is its channel, as stored.
    const std::string text = e.kind == "reminder" ? std::string(ChannelText(e.text, english)) : e.text;
    if (!text.empty()) line += "  " + Shorten(text, 160);
    if (!e.author.empty()) line += "  — " + e.author;
    ImGui::TextWrapped("%s", line.c_str());
  }
  ImGui::EndChild();
}

void App::DrawForm() {
  const CustomerDetail& d = *detail_;
  const Id customer = d.customer.id;
  // A framed group as tall as its content, inside the account's scrolling page (a child
  // window of fixed height would scroll on its own and hide its last button).
  ImGui::Dummy(ImVec2(0, 2));
  ImGui::Indent(12);
  ImGui::BeginGroup();
  ImGui::PushItemWidth(std::min(560.0f, ImGui::GetContentRegionAvail().x));
  auto done = [&](bool ok) {
    if (ok) {
      form_ = Form::kNone;
      OpenAccount(customer);
    }
  };
  auto date_field = [&](const char* label) {
    ImGui::TextUnformatted(label);
    ImGui::InputText("##date", form_date_, sizeof form_date_);
    MarkWidget("form_date");
    return Date::Parse(form_date_);
  };
  switch (form_) {
    case Form::kNote: {
      ImGui::TextUnformatted(T("Note", "Note"));
      ImGui::InputTextMultiline("##text", form_text_, sizeof form_text_, ImVec2(-1, 110));
      MarkWidget("form_text");
      if (Button(T("Enregistrer la note", "Save the note"), "form_save", true))
        done(Record(MutationKind::kAddNote, NoteArgs{customer, form_text_}, std::string(T("Note — ", "Note — ")) + d.customer.name));
      break;
    }
    case Form::kPromise: {
      auto date = date_field(T("Date promise (JJ/MM/AAAA)", "Promised date (YYYY-MM-DD)"));
      ImGui::TextUnformatted(T("Montant", "Amount"));
      ImGui::InputText("##amount", form_amount_, sizeof form_amount_);
      MarkWidget("form_amount");
      auto amount = ParseAmount(form_amount_, Eur());
      if (Button(T("Enregistrer la promesse", "Save the promise"), "form_save", true)) {
        if (!date.ok()) form_error_ = T("Date invalide.", "Invalid date.");
        else if (!amount.ok() || *amount <= 0) form_error_ = T("Montant invalide.", "Invalid amount.");
        else done(Record(MutationKind::kAddPromise, PromiseArgs{customer, *date, *amount},
                         std::string(T("Promesse — ", "Promise — ")) + d.customer.name + " : " + Money(*amount) + T(" le ", " on ") + DateText(*date)));
      }
      break;
    }
    case Form::kDispute: {
      const auto open = UndisputedInvoices(d);
      if (open.empty()) {
        ColoredText(colors::kMuted, T("Aucune facture ouverte sans litige.", "No open invoice without a dispute."));
        break;
      }
      form_invoice_ = std::min<int>(form_invoice_, static_cast<int>(open.size()) - 1);
      ImGui::TextUnformatted(T("Facture", "Invoice"));
      if (ImGui::BeginCombo("##invoice", open[form_invoice_]->invoice.number.c_str())) {
        for (size_t k = 0; k < open.size(); ++k)
          if (ImGui::Selectable((open[k]->invoice.number + "  " + Money(open[k]->invoice.open_minor)).c_str(), static_cast<int>(k) == form_invoice_))
            form_invoice_ = static_cast<int>(k);
        ImGui::EndCombo();
      }
      MarkWidget("form_invoice");
      ImGui::TextUnformatted(T("Motif", "Reason"));
      ImGui::InputTextMultiline("##text", form_text_, sizeof form_text_, ImVec2(-1, 70));
      MarkWidget("form_text");
      if (Button(T("Ouvrir le litige", "Open the dispute"), "form_save", true))
        done(Record(MutationKind::kOpenDispute, DisputeArgs{open[form_invoice_]->invoice.id, form_text_},
                    std::string(T("Litige — ", "Dispute — ")) + d.customer.name + " " + open[form_invoice_]->invoice.number));
      break;
    }
    case Form::kPlan: {
      auto first = date_field(T("Première échéance (JJ/MM/AAAA)", "First installment (YYYY-MM-DD)"));
      ImGui::TextUnformatted(T("Nombre d'échéances mensuelles", "Monthly installments"));
      ImGui::SliderInt("##count", &form_count_, 1, 12);
      MarkWidget("form_count");
      // The policy's answer, from the very decision the server will make: the proposal run on
      // the replica in a transaction that is rolled back; again only when the values change.
      const std::string key = std::to_string(customer) + "/" + std::to_string(form_count_) + "/" + form_date_;
      if (key != plan_preview_key_) {
        plan_preview_key_ = key;
        plan_preview_.clear();
        plan_refused_ = true;
        if (first.ok()) {
          auto tx = Transaction::Begin(store_.replica().db());
          PlanProposal proposal;
          proposal.customer_id = customer;
          proposal.proposed_by = std::stoll("0" + local_.user_id);
          proposal.count = form_count_;
          proposal.first_date = *first;
          auto p = ProposePlan(store_.replica(), proposal, PlanPolicy{}, Today());
          if (!p.ok()) {
            plan_preview_ = p.status().message();
          } else {
            plan_refused_ = p->decision.outcome == PlanOutcome::kRefuse;
            plan_preview_ = p->decision.outcome == PlanOutcome::kAutoApprove ? T("Accepté d'office par la politique de l'entreprise.", "Approved at once by the company's policy.")
                          : p->decision.outcome == PlanOutcome::kNeedsManager ? T("À valider par un responsable.", "A manager must approve it.")
                                                                               : T("Hors politique : ", "Outside the policy: ");
            for (const auto& r : p->decision.reasons) plan_preview_ += "\n• " + r.message;
            for (const auto& i : p->decision.schedule) plan_preview_ += "\n   " + DateText(i.due_date) + "  " + Money(i.amount_minor);
          }
        }  // rolled back here
      }
      const bool refused = plan_refused_ || !first.ok();
      const std::string& outcome = plan_preview_;
      ImGui::PushTextWrapPos(0);
      ColoredText(refused ? colors::kLate : colors::kBrand, outcome);
      ImGui::PopTextWrapPos();
      MarkWidget("plan_preview");
      ImGui::BeginDisabled(refused);
      if (Button(T("Proposer l'échéancier", "Propose the plan"), "form_save", true))
        done(Record(MutationKind::kProposePlan, PlanArgs{customer, form_count_, *first, PlanFrequency::kMonthly, {}},
                    std::string(T("Échéancier — ", "Plan — ")) + d.customer.name + " : " + std::to_string(form_count_) + T(" échéances", " installments")));
      ImGui::EndDisabled();
      break;
    }
    case Form::kVisit: {
      auto date = date_field(T("Date de la visite (JJ/MM/AAAA)", "Visit date (YYYY-MM-DD)"));
      ImGui::TextUnformatted(T("Compte rendu", "Outcome"));
      ImGui::InputTextMultiline("##text", form_text_, sizeof form_text_, ImVec2(-1, 70));
      MarkWidget("form_text");
      if (Button(T("Enregistrer la visite", "Save the visit"), "form_save", true)) {
        if (!date.ok()) form_error_ = T("Date invalide.", "Invalid date.");
        else done(Record(MutationKind::kLogVisit, VisitArgs{customer, *date, form_text_}, std::string(T("Visite — ", "Visit — ")) + d.customer.name));
      }
      break;
    }
    case Form::kPayment: DrawPaymentForm(); break;
    case Form::kResolve: DrawResolveForm(); break;
    case Form::kSettings: DrawSettingsForm(); break;
    case Form::kNone: break;
  }
  if (!form_error_.empty()) ColoredText(colors::kLate, form_error_);
  ImGui::PopItemWidth();
  ImGui::EndGroup();
  ImGui::Unindent(12);
  const ImVec2 top = ImGui::GetItemRectMin(), bottom = ImGui::GetItemRectMax();
  ImGui::GetWindowDrawList()->AddRect(ImVec2(top.x - 8, top.y - 8), ImVec2(ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x, bottom.y + 8),
                                      ImGui::GetColorU32(ImGuiCol_Border), 6.0f);
  ImGui::Dummy(ImVec2(0, 10));
}

}  // namespace encaisse::client
