// The account's lettrage at the desk (online: the ledger is the server's): an open invoice marked
// paid in one tap, and the payment allocations of the account listed with "undo" for the one
// that was wrong (the invoice is open again, the money stays as a credit to allocate anew).
// The next sync brings the ledger back to the replica.
#include "client_wasm/app.h"
#include "client_wasm/payment_labels.h"
#include "client_wasm/test_hooks.h"
#include "client_wasm/ui_style.h"
#include "client_wasm/ui_widgets.h"
#include "shared/core/json_parse.h"

namespace encaisse::client {

namespace {
constexpr int kTagMarkPaid = 271;
constexpr int kTagUndoAllocation = 272;
constexpr int kAllocationsShown = 30;
}  // namespace

void App::MarkPaid(const Invoice& invoice) {
  ledger_message_.clear();
  http_.Post(kTagMarkPaid, local_.server + "/api/v1/invoices/" + std::to_string(invoice.id) + "/mark-paid",
             nlohmann::json({{"method", "transfer"}}).dump(), store_.Get("token"));
}

bool App::HandleLedgerReply(const HttpReply& reply) {
  if (reply.tag != kTagMarkPaid && reply.tag != kTagUndoAllocation) return false;
  const nlohmann::json body = ParseJson(reply.body);
  ledger_ok_ = reply.status == 200 && body.is_object();
  if (!ledger_ok_) {
    ledger_message_ = ReplyError(reply, T("Hors ligne : le lettrage demande le réseau.", "Offline: the ledger needs the network."));
    return true;
  }
  if (reply.tag == kTagMarkPaid)
    ledger_message_ = std::string(T("Facture ", "Invoice ")) + body.value("number", "") + T(" marquée payée.", " marked paid.");
  else
    ledger_message_ = std::string(T("Lettrage annulé : ", "Allocation undone: ")) + Money(body.value("amount_minor", int64_t{0})) +
                      T(" de nouveau dus sur ", " due again on ") + body.value("invoice_number", "") +
                      T(", restent en crédit sur le compte.", ", kept as a credit on the account.");
  StartSync();  // the ledger as the server now has it
  return true;
}

void App::ReloadAllocations() {
  allocations_.clear();
  if (!AtDesk() || !detail_) return;
  auto list = ListPaymentAllocations(store_.replica().db(), detail_->customer.id, kAllocationsShown);
  if (list.ok()) allocations_ = std::move(*list);
}

void App::DrawAllocations() {
  if (!ledger_message_.empty()) {
    ImGui::PushTextWrapPos(0);
    ColoredText(ledger_ok_ ? colors::kOk : colors::kLate, ledger_message_);
    ImGui::PopTextWrapPos();
  }
  if (allocations_.empty()) return;
  Section(T("Règlements lettrés", "Payment allocations"));
  if (ImGui::BeginTable("allocations", 5, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH)) {
    ImGui::TableSetupColumn(T("Date", "Date"), ImGuiTableColumnFlags_WidthFixed, 110);
    ImGui::TableSetupColumn(T("Facture", "Invoice"));
    ImGui::TableSetupColumn(T("Montant", "Amount"), ImGuiTableColumnFlags_WidthFixed, 130);
    ImGui::TableSetupColumn(T("Règlement", "Payment"));
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, 120);
    ImGui::TableHeadersRow();
    for (size_t k = 0; k < allocations_.size(); ++k) {
      const AllocationView& a = allocations_[k];
      ImGui::TableNextRow(0, 40);
      ImGui::PushID(static_cast<int>(k));
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(DateText(a.allocation.date).c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(a.invoice_number.c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(Money(a.allocation.amount_minor).c_str());
      ImGui::TableNextColumn();
      const std::string method(PaymentMethodText(a.method, english));
      ImGui::TextUnformatted((method + (a.reference.empty() ? "" : " · " + a.reference)).c_str());
      ImGui::TableNextColumn();
      if (Button(T("Annuler", "Undo"), ("undo_allocation_" + std::to_string(k)).c_str()))
        http_.Delete(kTagUndoAllocation, local_.server + "/api/v1/allocations/" + std::to_string(a.allocation.id), store_.Get("token"));
      ImGui::PopID();
    }
    ImGui::EndTable();
  }
}

nlohmann::json App::LedgerStateJson() const { return {{"message", ledger_message_}, {"ok", ledger_ok_}}; }

}  // namespace encaisse::client
