// The collectors' forms on an account: a payment received (a cheque, a transfer the bank
// statement shows), allocated to the oldest invoices first or by hand, what is left staying as
// a credit; and a dispute's resolution. Both are recorded like the rep's actions (offline,
// applied once) and checked again by the server with the ledger's rules.
#include <cstdio>
#include <cstring>

#include "client_wasm/app.h"
#include "client_wasm/payment_labels.h"
#include "client_wasm/test_hooks.h"
#include "client_wasm/ui_style.h"
#include "client_wasm/ui_widgets.h"

namespace encaisse::client {

namespace {

struct Resolution {
  const char* fr;
  const char* en;
};
constexpr Resolution kResolutions[] = {{"Avoir émis", "Credit note issued"},
                                       {"Facture corrigée", "Invoice corrected"},
                                       {"Litige rejeté", "Dispute rejected"}};

}  // namespace

void App::DrawPaymentForm() {
  const CustomerDetail& d = *detail_;
  const auto& invoices = d.open_invoices;
  if (pay_alloc_.size() != invoices.size()) pay_alloc_.assign(invoices.size(), {});

  ImGui::TextUnformatted(T("Montant reçu", "Amount received"));
  ImGui::InputText("##pay_amount", form_amount_, sizeof form_amount_);
  MarkWidget("pay_amount");
  ImGui::TextUnformatted(T("Date du paiement (JJ/MM/AAAA)", "Payment date (YYYY-MM-DD)"));
  ImGui::InputText("##pay_date", form_date_, sizeof form_date_);
  MarkWidget("pay_date");
  ImGui::TextUnformatted(T("Moyen et référence", "Method and reference"));
  ImGui::SetNextItemWidth(180);
  if (ImGui::BeginCombo("##pay_method", T(kPaymentMethods[pay_method_].fr, kPaymentMethods[pay_method_].en))) {
    for (int k = 0; k < static_cast<int>(std::size(kPaymentMethods)); ++k)
      if (ImGui::Selectable(T(kPaymentMethods[k].fr, kPaymentMethods[k].en), k == pay_method_)) pay_method_ = k;
    ImGui::EndCombo();
  }
  MarkWidget("pay_method");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(360);
  ImGui::InputTextWithHint("##pay_reference", T("n° de chèque, libellé du virement…", "cheque number, transfer label…"), pay_reference_,
                           sizeof pay_reference_);
  MarkWidget("pay_reference");

  if (ImGui::RadioButton(T("Aux factures les plus anciennes", "To the oldest invoices"), !pay_by_hand_)) pay_by_hand_ = false;
  MarkWidget("pay_fifo");
  ImGui::SameLine();
  if (ImGui::RadioButton(T("Lettrage à la main", "Allocate by hand"), pay_by_hand_)) pay_by_hand_ = true;
  MarkWidget("pay_by_hand");

  auto amount = ParseAmount(form_amount_, Eur());
  const int64_t received = amount.ok() ? *amount : 0;
  int64_t allocated = 0;
  std::string problem;
  std::vector<AllocationRequest> by_hand;
  if (pay_by_hand_) {
    for (size_t k = 0; k < invoices.size(); ++k) {
      const auto& inv = invoices[k];
      ImGui::PushID(static_cast<int>(k));
      ImGui::SetNextItemWidth(140);
      ImGui::InputText("##alloc", pay_alloc_[k].data(), pay_alloc_[k].size());
      MarkWidget("pay_alloc_" + std::to_string(k));
      ImGui::SameLine();
      if (Button(T("Solder", "Settle"), ("pay_full_" + std::to_string(k)).c_str())) {
        const int64_t room = std::max<int64_t>(0, std::min(inv.invoice.open_minor, received - allocated));
        std::snprintf(pay_alloc_[k].data(), pay_alloc_[k].size(), "%s", FormatPlain(room, Eur()).c_str());
      }
      ImGui::SameLine();
      ImGui::Text("%s  %s  %s %s", inv.invoice.number.c_str(), DateText(inv.invoice.due_date).c_str(), T("reste dû", "open"),
                  Money(inv.invoice.open_minor).c_str());
      ImGui::PopID();
      if (!pay_alloc_[k][0]) continue;
      auto part = ParseAmount(pay_alloc_[k].data(), Eur());
      if (!part.ok() || *part <= 0) {
        problem = inv.invoice.number + T(" : montant invalide.", ": invalid amount.");
      } else if (*part > inv.invoice.open_minor) {
        problem = inv.invoice.number + T(" : plus que le reste dû.", ": more than what is open.");
      } else {
        allocated += *part;
        by_hand.push_back({inv.invoice.id, *part});
      }
    }
    if (allocated > received) problem = T("Le lettrage dépasse le montant reçu.", "The allocations exceed the amount received.");
    ColoredText(problem.empty() ? colors::kMuted : colors::kLate,
                problem.empty() ? std::string(T("Lettré ", "Allocated ")) + Money(allocated) + T(" · reste en avoir ", " · left as a credit ") +
                                      Money(std::max<int64_t>(0, received - allocated))
                                : problem);
    MarkWidget("pay_summary");
  }

  if (Button(T("Enregistrer le paiement", "Record the payment"), "form_save", true)) {
    auto date = Date::Parse(form_date_);
    auto settings = store_.replica().LoadSettings();
    if (!amount.ok() || received <= 0) form_error_ = T("Montant invalide.", "Invalid amount.");
    else if (!date.ok() || *date > Today()) form_error_ = T("Date invalide (pas dans le futur).", "Invalid date (not in the future).");
    else if (!problem.empty()) form_error_ = problem;
    else if (pay_by_hand_ && by_hand.empty()) form_error_ = T("Indiquez au moins une facture.", "Allocate to at least one invoice.");
    else {
      PaymentArgs p;
      p.customer_id = d.customer.id;
      p.amount_minor = received;
      p.currency = settings.ok() ? std::string(settings->currency.Code()) : "EUR";
      p.date = *date;
      p.method = kPaymentMethods[pay_method_].code;
      p.reference = pay_reference_;
      if (pay_by_hand_) p.allocations = by_hand;
      if (Record(MutationKind::kRecordPayment, p,
                 std::string(T("Paiement — ", "Payment — ")) + d.customer.name + " : " + Money(received) + " " + pay_reference_)) {
        form_ = Form::kNone;
        OpenAccount(d.customer.id);
      }
    }
  }
}

void App::DrawResolveForm() {
  const CustomerDetail& d = *detail_;
  const Dispute* dispute = nullptr;
  for (const auto& x : d.disputes)
    if (x.id == resolve_dispute_) dispute = &x;
  if (!dispute) {
    form_ = Form::kNone;
    return;
  }
  ImGui::PushTextWrapPos(0);
  ImGui::Text("%s %s — %s", T("Litige du", "Dispute of"), DateText(dispute->opened).c_str(), dispute->reason.c_str());
  ImGui::PopTextWrapPos();
  for (int k = 0; k < static_cast<int>(std::size(kResolutions)); ++k) {
    if (ImGui::RadioButton(T(kResolutions[k].fr, kResolutions[k].en), resolve_kind_ == k)) resolve_kind_ = k;
    MarkWidget("resolve_kind_" + std::to_string(k));
    ImGui::SameLine();
  }
  ImGui::NewLine();
  ImGui::InputTextWithHint("##text", T("Note (n° d'avoir, ce qui a été corrigé, pourquoi le litige est rejeté)",
                                       "Note (credit note number, what was corrected, why the dispute is rejected)"),
                           form_text_, sizeof form_text_);
  MarkWidget("form_text");
  if (Button(T("Clore le litige", "Resolve the dispute"), "form_save", true)) {
    std::string resolution = T(kResolutions[resolve_kind_].fr, kResolutions[resolve_kind_].en);
    if (form_text_[0]) resolution += std::string(" : ") + form_text_;
    if (Record(MutationKind::kResolveDispute, ResolveArgs{resolve_dispute_, resolution},
               std::string(T("Litige clos — ", "Dispute resolved — ")) + d.customer.name + " : " + resolution)) {
      form_ = Form::kNone;
      OpenAccount(d.customer.id);
    }
  }
}

}  // namespace encaisse::client
