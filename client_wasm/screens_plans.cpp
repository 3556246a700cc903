// The manager's queue of plans waiting for approval, each with the customer's record beside it
// (balance, lateness, promises kept and broken, earlier plans), approved or rejected with a
// comment — offline too: the decision is an action pushed at the next sync.
#include <cstring>

#include "client_wasm/app.h"
#include "client_wasm/test_hooks.h"
#include "client_wasm/ui_style.h"
#include "client_wasm/ui_widgets.h"

namespace encaisse::client {

void App::DrawPlans() {
  ImGui::BeginChild("plans", ImVec2(0, 0), false);
  DragToScroll();
  Section(T("Échéanciers à valider", "Plans to approve"));
  int shown = 0;
  for (size_t k = 0; k < plans_.size(); ++k) {
    const PlanQueueItem& item = plans_[k];
    const PaymentPlan& p = item.record.plan;
    if (decided_offline_.count(p.id)) continue;
    const std::string n = std::to_string(shown++);
    ImGui::PushID(static_cast<int>(p.id));
    // A card: the group's content, then a frame drawn around it (as tall as its content).
    ImGui::Dummy(ImVec2(0, 4));
    ImGui::Indent(14);
    ImGui::BeginGroup();
    if (TitleFont()) ImGui::PushFont(TitleFont());
    ImGui::TextUnformatted(item.record.customer_name.c_str());
    if (TitleFont()) ImGui::PopFont();
    ImGui::Text("%s %s %s %zu %s · %s %s", Money(p.total_minor).c_str(), T("en", "in"), "", p.installments.size(),
                T("échéances", "installments"), T("demandé le", "asked on"), DateText(p.created).c_str());
    const CustomerHistory& h = item.history;
    ColoredText(colors::kMuted, std::string(T("Solde ", "Balance ")) + Money(h.balance_minor) + T(" · échu ", " · overdue ") +
                                    Money(h.overdue_minor) + T(" · retard max. ", " · most late ") + std::to_string(h.max_days_late) +
                                    T(" j · promesses tenues ", " d · promises kept ") + std::to_string(h.promises_kept) + "/" +
                                    std::to_string(h.promises_kept + h.promises_broken) + T(" · échéanciers rompus ", " · broken plans ") +
                                    std::to_string(h.broken_plans) + T(" · litiges ouverts ", " · open disputes ") + std::to_string(h.open_disputes));
    for (const auto& r : item.record.policy_reasons) ColoredText(colors::kWarn, "• " + r.message);
    std::string schedule;
    for (const auto& i : p.installments) schedule += DateText(i.due_date) + " " + Money(i.amount_minor) + "   ";
    ImGui::TextWrapped("%s", schedule.c_str());
    ImGui::SetNextItemWidth(std::min(520.0f, ImGui::GetContentRegionAvail().x));
    ImGui::InputTextWithHint("##comment", T("Commentaire (obligatoire pour refuser)", "Comment (required to reject)"), comment_, sizeof comment_);
    MarkWidget("plan_comment_" + n);
    if (Button(T("Valider", "Approve"), ("plan_approve_" + n).c_str(), true, ImVec2(160, 48))) {
      if (Record(MutationKind::kApprovePlan, DecisionArgs{p.id, comment_},
                 std::string(T("Validation — ", "Approval — ")) + item.record.customer_name + " " + Money(p.total_minor))) {
        decided_offline_.insert(p.id);
        std::memset(comment_, 0, sizeof comment_);
      }
    }
    ImGui::SameLine();
    if (Button(T("Refuser", "Reject"), ("plan_reject_" + n).c_str(), false, ImVec2(160, 48))) {
      if (!*comment_) {
        notice_ = T("Un refus doit être motivé : écrivez un commentaire.", "A rejection needs a reason: write a comment.");
      } else if (Record(MutationKind::kRejectPlan, DecisionArgs{p.id, comment_},
                        std::string(T("Refus — ", "Rejection — ")) + item.record.customer_name + " " + Money(p.total_minor))) {
        decided_offline_.insert(p.id);
        std::memset(comment_, 0, sizeof comment_);
      }
    }
    ImGui::EndGroup();
    ImGui::Unindent(14);
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    ImGui::GetWindowDrawList()->AddRect(ImVec2(a.x - 12, a.y - 10), ImVec2(ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x, b.y + 12),
                                        IM_COL32(210, 216, 224, 255), 8.0f);
    ImGui::Dummy(ImVec2(0, 16));
    ImGui::PopID();
  }
  if (shown == 0) ColoredText(colors::kMuted, T("Aucun échéancier en attente.", "No plan waiting."));
  ImGui::EndChild();
}

}  // namespace encaisse::client
