// The collectors' day: the worklist (the accounts that need someone today, ranked by the shared
// worklist rule over the replica, so it is the server's list even offline) and the call screen:
// who to call and what is owed, a short script, and the outcome in one tap; the next call
// opens by itself. Outcomes are recorded like every other action: offline, sent once. The script
// is composed on the device (offline) and replaced by the server's when it answers (an admin's
// own phone_call template lives on the server).
#include <cstdio>
#include <cstring>

#include "client_wasm/app.h"
#include "client_wasm/test_hooks.h"
#include "client_wasm/ui_style.h"
#include "client_wasm/ui_widgets.h"
#include "shared/core/json_parse.h"
#include "shared/dunning/message_compose.h"
#include "shared/import/rf_reference.h"
#include "shared/store/template_store.h"

namespace encaisse::client {

namespace {

constexpr int kTagTaskScript = 291;

const char* SignalLabel(WorklistSignal s, bool en) {
  switch (s) {
    case kSignalBrokenPromise: return en ? "promise broken" : "promesse non tenue";
    case kSignalMissedInstallment: return en ? "installment missed" : "échéance manquée";
    case kSignalNewDispute: return en ? "new dispute" : "nouveau litige";
    case kSignalTaskDue: return en ? "task due" : "tâche due";
  }
  return "";
}

const char* TaskKindLabel(const std::string& kind, bool en) {
  if (kind == "phone_call") return en ? "Phone call" : "Appel téléphonique";
  if (kind == "escalation") return en ? "Escalation: decide what comes next" : "Escalade : décider de la suite";
  if (kind == "dispute_review") return en ? "Dispute to review" : "Litige à examiner";
  if (kind == "plan_broken") return en ? "Payment plan broken" : "Échéancier rompu";
  if (kind == "insolvency_claim") return en ? "Claim to file with the administrator" : "Créance à déclarer au mandataire";
  return kind.c_str();
}

const char* TaskKindShort(const std::string& kind, bool en) {
  if (kind == "phone_call") return en ? "Call" : "Appel";
  if (kind == "escalation") return en ? "Escalation" : "Escalade";
  if (kind == "dispute_review") return en ? "Dispute review" : "Litige à examiner";
  if (kind == "plan_broken") return en ? "Plan broken" : "Échéancier rompu";
  if (kind == "insolvency_claim") return en ? "Claim to file" : "Créance à déclarer";
  return kind.c_str();
}

// The next working day after `d` (a call is not tried again on a Sunday).
Date NextWorkingDay(Date d) {
  Date next = d.AddDays(1);
  while (next.weekday() > 5) next = next.AddDays(1);
  return next;
}

}  // namespace

void App::ReloadWorklist() {
  worklist_stale_ = false;
  worklist_scan_.reset();
  if (local_.role == "sales_rep") {  // a rep's day is the dashboard's "to see today"
    worklist_.clear();
    return;
  }
  bulk_.reps = ActiveReps();
  WorklistFilter f;
  f.limit = 1000;
  worklist_scan_ = WorklistScan::Begin(store_.replica().db(), Today(), f);
  worklist_timing = {};
  StepWorklist();  // a small portfolio is done at once
}

void App::StepWorklist() {
  if (!worklist_scan_) return;
  constexpr int64_t kRowsPerStep = 8;  // an overdue total is all of a customer's invoices (~1 ms)
  const double t0 = NowMs();
  const Result<bool> done = StepForAFrame(*worklist_scan_, kRowsPerStep, worklist_step_);
  if (!done.ok() || *done) {
    // The call screen stays on its task when a sync reorders the list under it.
    const Id current = task_row_ < worklist_.size() ? worklist_[task_row_].task_id : 0;
    worklist_.clear();
    if (done.ok()) worklist_ = worklist_scan_->Finish();
    worklist_scan_.reset();
    task_row_ = worklist_.size();
    for (size_t i = 0; i < worklist_.size(); ++i)
      if (current && worklist_[i].task_id == current) task_row_ = i;
  }
  worklist_timing.Add(NowMs() - t0);
}

void App::DrawWorklist() {
  if (worklist_stale_) ReloadWorklist();
  struct Chip {
    uint32_t signal;
    const char* fr;
    const char* en;
    const char* name;
  };
  const Chip chips[] = {{0, "Tout", "All", "worklist_all"},
                        {kSignalTaskDue, "Tâches dues", "Tasks due", "worklist_tasks"},
                        {kSignalBrokenPromise, "Promesses non tenues", "Broken promises", "worklist_promises"},
                        {kSignalMissedInstallment, "Échéances manquées", "Missed installments", "worklist_installments"},
                        {kSignalNewDispute, "Nouveaux litiges", "New disputes", "worklist_disputes"}};
  for (const Chip& c : chips) {
    if (Button(T(c.fr, c.en), c.name, worklist_signal_ == c.signal, ImVec2(0, 44))) worklist_signal_ = c.signal;
    ImGui::SameLine();
  }
  std::vector<size_t> rows;
  size_t calls = 0;
  for (size_t i = 0; i < worklist_.size(); ++i) {
    const WorklistItem& w = worklist_[i];
    const bool open_task = w.task_id && !worked_tasks_.count(w.task_id);
    if ((w.signals & worklist_signal_) != worklist_signal_) continue;
    if (worklist_signal_ == kSignalTaskDue && !open_task) continue;
    rows.push_back(i);
    calls += open_task;
  }
  ImGui::BeginDisabled(calls == 0);
  if (Button(T("Commencer les appels", "Start calling"), "worklist_start", true, ImVec2(0, 44))) {
    for (size_t i : rows)
      if (worklist_[i].task_id && !worked_tasks_.count(worklist_[i].task_id)) {
        OpenTask(i);
        break;
      }
  }
  ImGui::EndDisabled();
  if (worklist_scan_ && worklist_.empty()) {  // the first list: nothing to show yet
    ColoredText(colors::kMuted, T("Calcul de la liste du jour…", "Computing today's list…"));
  } else {
    ColoredText(colors::kMuted, std::to_string(rows.size()) + T(" comptes à traiter aujourd'hui, ", " accounts to work today, ") +
                                    std::to_string(calls) + T(" tâches", " tasks"));
    if (worklist_scan_) {  // the list before the last sync, for the few frames of the new one
      ImGui::SameLine();
      ColoredText(colors::kMuted, T("  mise à jour…", "  updating…"));
    }
  }
  const bool bulk = AtDesk();  // pausing and assigning are the collectors' (the server checks it too)
  if (bulk) {
    ImGui::SameLine();
    bool all = !rows.empty();
    for (size_t i : rows) all = all && bulk_.selected.count(worklist_[i].customer_id);
    if (ImGui::Checkbox(T("Tout sélectionner", "Select all"), &all)) {
      for (size_t i : rows) {
        if (all) bulk_.selected.insert(worklist_[i].customer_id);
        else bulk_.selected.erase(worklist_[i].customer_id);
      }
    }
    MarkWidget("worklist_select_all");
    DrawWorklistBulk();
  }

  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY;
  if (ImGui::BeginTable("worklist", bulk ? 6 : 5, flags)) {
    ImGui::TableSetupScrollFreeze(0, 1);
    if (bulk) ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, 44);
    ImGui::TableSetupColumn(T("Client", "Customer"), ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn(T("Échu", "Overdue"), ImGuiTableColumnFlags_WidthFixed, 140);
    ImGui::TableSetupColumn(T("Retard", "Late"), ImGuiTableColumnFlags_WidthFixed, 80);
    ImGui::TableSetupColumn(T("Pourquoi", "Why"), ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn(T("Tâche", "Task"), ImGuiTableColumnFlags_WidthFixed, 200);
    ImGui::TableHeadersRow();
    DragToScroll();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(rows.size()));
    while (clipper.Step()) {
      for (int k = clipper.DisplayStart; k < clipper.DisplayEnd; ++k) {
        const WorklistItem& w = worklist_[rows[k]];
        const bool open_task = w.task_id && !worked_tasks_.count(w.task_id);
        ImGui::TableNextRow(0, 44);
        ImGui::PushID(k);
        if (bulk) {  // before the row's selectable, so a tap on the box selects, not opens
          ImGui::TableNextColumn();
          bool selected = bulk_.selected.count(w.customer_id) > 0;
          if (ImGui::Checkbox("##pick", &selected)) {
            if (selected) bulk_.selected.insert(w.customer_id);
            else bulk_.selected.erase(w.customer_id);
          }
          if (k < 8) MarkWidget("worklist_pick_" + std::to_string(k));
        }
        ImGui::TableNextColumn();
        if (ImGui::Selectable(w.name.c_str(), false, ImGuiSelectableFlags_SpanAllColumns, ImVec2(0, 36))) {
          if (open_task) OpenTask(rows[k]); else OpenAccount(w.customer_id);
        }
        if (k < 8) MarkWidget("worklist_row_" + std::to_string(k));
        ImGui::PopID();
        ImGui::TableNextColumn();
        if (w.overdue_minor > 0) ColoredText(colors::kLate, Money(w.overdue_minor)); else ColoredText(colors::kMuted, "—");
        ImGui::TableNextColumn();
        if (w.days_late > 0) ImGui::Text(T("%d j", "%d d"), w.days_late);
        ImGui::TableNextColumn();
        std::string why;
        for (int b = 0; b < kWorklistSignalCount; ++b)
          if (w.signals & (1u << b) && (1u << b) != kSignalTaskDue)
            why += std::string(why.empty() ? "" : ", ") + SignalLabel(static_cast<WorklistSignal>(1u << b), english);
        ColoredText(colors::kWarn, why);
        ImGui::TableNextColumn();
        if (w.task_id) {
          const std::string due = DateText(w.task_due);  // its day and month: a task due is of these weeks
          if (open_task) ImGui::Text("%s · %s", TaskKindShort(w.task_kind, english), (english ? due.substr(5) : due.substr(0, 5)).c_str());
          else ColoredText(colors::kOk, T("traitée", "worked"));
        }
      }
    }
    ImGui::EndTable();
  }
}

void App::OpenTask(size_t worklist_row) {
  task_row_ = worklist_row;
  call_form_ = CallForm::kNone;
  std::memset(call_note_, 0, sizeof call_note_);
  form_error_.clear();
  OpenAccount(worklist_[worklist_row].customer_id);  // the account's figures for the call
  std::snprintf(form_date_, sizeof form_date_, "%s", DateText(Today().AddDays(7)).c_str());
  if (detail_)
    std::snprintf(form_amount_, sizeof form_amount_, "%s", FormatPlain(std::max<int64_t>(0, detail_->summary.overdue_minor), Eur()).c_str());
  form_invoice_ = 0;
  std::memset(form_text_, 0, sizeof form_text_);
  call_script_ = detail_ ? CallScript() : "";
  if (worklist_[worklist_row].task_id)
    http_.Get(kTagTaskScript, local_.server + "/api/v1/tasks/" + std::to_string(worklist_[worklist_row].task_id),
              store_.Get("token"));
  screen_ = Screen::kTask;
}

bool App::HandleTaskScriptReply(const HttpReply& reply) {
  if (reply.tag != kTagTaskScript) return false;
  nlohmann::json body = ParseJson(reply.body);
  // Offline or refused: the device's own script stays. A late answer for another task is dropped.
  if (reply.status != 200 || !body.is_object() || !body["task"].is_object() || !body["script"].is_object() ||
      task_row_ >= worklist_.size() || body["task"].value("id", Id{0}) != worklist_[task_row_].task_id)
    return true;
  const std::string text = body["script"].value("text", "");
  if (!text.empty()) call_script_ = text;
  return true;
}

void App::OpenNextTask() {
  for (size_t i = task_row_ + 1; i < worklist_.size(); ++i)
    if (worklist_[i].task_id && !worked_tasks_.count(worklist_[i].task_id) &&
        (worklist_[i].signals & worklist_signal_) == worklist_signal_) {
      OpenTask(i);
      return;
    }
  screen_ = Screen::kWorklist;
  notice_ = T("Plus aucune tâche dans la liste pour aujourd'hui.", "No task left on the list for today.");
}

bool App::RecordOutcome(const std::string& outcome) {
  const WorklistItem& w = worklist_[task_row_];
  TaskOutcomeArgs a;
  a.task_id = w.task_id;
  a.outcome = outcome;
  a.note = call_note_;
  std::string summary = std::string(T("Appel — ", "Call — ")) + w.name + " : " + outcome;
  if (outcome == "no_answer") {
    a.next_try = NextWorkingDay(Today());
    summary += std::string(T(", nouvel essai le ", ", next try on ")) + DateText(*a.next_try);
  } else if (outcome == "promise") {
    auto date = Date::Parse(form_date_);
    auto amount = ParseAmount(form_amount_, Eur());
    if (!date.ok()) { form_error_ = T("Date invalide.", "Invalid date."); return false; }
    if (!amount.ok() || *amount <= 0) { form_error_ = T("Montant invalide.", "Invalid amount."); return false; }
    a.promise_date = *date;
    a.promise_amount_minor = *amount;
    summary += " " + Money(*amount) + " " + form_date_;
  } else if (outcome == "dispute") {
    const auto open = UndisputedInvoices(*detail_);
    if (open.empty()) { form_error_ = T("Aucune facture à contester.", "No invoice to dispute."); return false; }
    a.dispute_invoice_id = open[std::min<size_t>(form_invoice_, open.size() - 1)]->invoice.id;
    a.dispute_reason = form_text_;
  }
  if (!Record(MutationKind::kTaskOutcome, a, summary)) return false;
  OpenNextTask();
  return true;
}

std::string App::CallScript() {
  const CustomerDetail& d = *detail_;
  auto settings = store_.replica().LoadSettings();
  auto tmpl = ResolveTemplate(store_.replica().db(), "phone_call", d.customer.language, Channel::kPhoneTask);
  if (!statement_ || !settings.ok() || !tmpl.ok())
    return !settings.ok() ? settings.status().message() : !tmpl.ok() ? tmpl.status().message() : "";
  ComposeInput in;
  in.customer = &d.customer;
  in.company = &*settings;
  in.statement = &*statement_;
  in.tmpl = tmpl->tmpl;
  in.portal_link = SpokenPortalLink(d.customer.language);
  auto rf = MakeRfReference(d.customer.external_id);
  if (rf.ok()) in.rf_reference = *rf;
  auto composed = ComposeMessage(in);
  return composed.ok() ? composed->text : composed.status().message();
}

void App::DrawTask() {
  if (worklist_stale_) ReloadWorklist();  // stays on its task (ReloadWorklist)
  if (task_row_ >= worklist_.size() || !detail_) {
    screen_ = Screen::kWorklist;
    return;
  }
  const WorklistItem& w = worklist_[task_row_];
  const CustomerDetail& d = *detail_;
  if (Button(T("« À traiter", "« Worklist"), "nav_back")) {
    screen_ = Screen::kWorklist;
    return;
  }
  ImGui::SameLine();
  if (TitleFont()) ImGui::PushFont(TitleFont());
  ImGui::TextUnformatted(d.customer.name.c_str());
  if (TitleFont()) ImGui::PopFont();
  ImGui::BeginChild("task", ImVec2(0, 0), false);
  DragToScroll();
  ColoredText(colors::kBrand, std::string(TaskKindLabel(w.task_kind, english)) + T(" · due le ", " · due on ") + DateText(w.task_due));
  if (TitleFont()) ImGui::PushFont(TitleFont());
  ImGui::TextUnformatted((std::string(T("Tél. ", "Phone ")) + (d.customer.phone.empty() ? T("inconnu", "unknown") : d.customer.phone)).c_str());
  if (TitleFont()) ImGui::PopFont();
  MarkWidget("task_phone");
  Figure(T("Échu", "Overdue"), Money(d.summary.overdue_minor), d.summary.overdue_minor > 0 ? colors::kLate : colors::kOk);
  ImGui::SameLine(0, 40);
  Figure(T("Retard max.", "Most late"), std::to_string(d.summary.max_days_late) + T(" j", " d"));
  if (statement_) {
    ImGui::SameLine(0, 40);
    Figure(T("Total dû", "Total due"), Money(statement_->total_due_minor));
  }

  // What to say: the phone_call template composed for this account, as the server's task
  // detail composes it (the shipped text when the admin's version has not reached this device).
  Section(T("Script d'appel", "Call script"));
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(call_script_.c_str());
  ImGui::PopTextWrapPos();

  Section(T("Issue de l'appel", "Outcome"));
  ImGui::SetNextItemWidth(std::min(640.0f, ImGui::GetContentRegionAvail().x));
  ImGui::InputTextWithHint("##call_note", T("Note (facultative)", "Note (optional)"), call_note_, sizeof call_note_);
  MarkWidget("call_note");
  const bool call = w.task_kind == "phone_call";
  auto one_tap = [&](const char* label, const char* name, const char* outcome) {
    if (Button(label, name, false, ImVec2(0, 52))) RecordOutcome(outcome);
    ImGui::SameLine();
  };
  if (call) {
    one_tap(T("Joint", "Reached"), "outcome_reached", "reached");
    if (Button(T("Promesse…", "Promise…"), "outcome_promise", call_form_ == CallForm::kPromise, ImVec2(0, 52)))
      call_form_ = call_form_ == CallForm::kPromise ? CallForm::kNone : CallForm::kPromise;
    ImGui::SameLine();
    if (Button(T("Litige…", "Dispute…"), "outcome_dispute", call_form_ == CallForm::kDispute, ImVec2(0, 52)))
      call_form_ = call_form_ == CallForm::kDispute ? CallForm::kNone : CallForm::kDispute;
    ImGui::SameLine();
    one_tap(T("Faux numéro", "Wrong number"), "outcome_wrong_number", "wrong_number");
    one_tap(T("Pas de réponse", "No answer"), "outcome_no_answer", "no_answer");
  } else {
    one_tap(T("Fait", "Done"), "outcome_done", "done");
  }
  if (Button(T("Passer", "Skip"), "task_skip", false, ImVec2(0, 52))) OpenNextTask();
  ImGui::NewLine();

  if (call_form_ == CallForm::kPromise) {
    ImGui::PushItemWidth(220);
    ImGui::InputText(T("date promise", "promised date"), form_date_, sizeof form_date_);
    MarkWidget("call_promise_date");
    ImGui::InputText(T("montant", "amount"), form_amount_, sizeof form_amount_);
    MarkWidget("call_promise_amount");
    ImGui::PopItemWidth();
    if (Button(T("Enregistrer la promesse", "Save the promise"), "call_save", true)) RecordOutcome("promise");
  } else if (call_form_ == CallForm::kDispute) {
    const auto open = UndisputedInvoices(d);
    if (!open.empty()) {
      form_invoice_ = std::min<int>(form_invoice_, static_cast<int>(open.size()) - 1);
      ImGui::SetNextItemWidth(320);
      if (ImGui::BeginCombo("##invoice", open[form_invoice_]->invoice.number.c_str())) {
        for (size_t k = 0; k < open.size(); ++k)
          if (ImGui::Selectable((open[k]->invoice.number + "  " + Money(open[k]->invoice.open_minor)).c_str(), static_cast<int>(k) == form_invoice_))
            form_invoice_ = static_cast<int>(k);
        ImGui::EndCombo();
      }
      MarkWidget("call_dispute_invoice");
      ImGui::SetNextItemWidth(std::min(640.0f, ImGui::GetContentRegionAvail().x));
      ImGui::InputTextWithHint("##reason", T("Motif du litige", "Reason"), form_text_, sizeof form_text_);
      MarkWidget("call_dispute_reason");
      if (Button(T("Ouvrir le litige", "Open the dispute"), "call_save", true)) RecordOutcome("dispute");
    }
  }
  if (!form_error_.empty()) ColoredText(colors::kLate, form_error_);

  Section(T("Factures ouvertes", "Open invoices"));
  for (const auto& i : d.open_invoices)
    ColoredText(i.days_late > 0 ? colors::kLate : colors::kMuted,
                i.invoice.number + "  " + DateText(i.invoice.due_date) + "  " + Money(i.invoice.open_minor) +
                    (i.days_late > 0 ? "  " + std::to_string(i.days_late) + T(" j", " d") : "") + (i.disputed ? T("  litige", "  disputed") : ""));
  if (Button(T("Ouvrir le compte", "Open the account"), "task_account")) screen_ = Screen::kAccount;
  ImGui::EndChild();
}

}  // namespace encaisse::client
