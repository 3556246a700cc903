// What a payment method is called on screen, in French and English: the payment form's choices
// and the account's allocations.
#pragma once

#include <string>
#include <string_view>

namespace encaisse::client {

struct PaymentMethodLabel {
  const char* code;  // as the API and the ledger store it
  const char* fr;
  const char* en;
};
inline constexpr PaymentMethodLabel kPaymentMethods[] = {{"transfer", "Virement", "Transfer"},
                                                         {"cheque", "Chèque", "Cheque"},
                                                         {"card", "Carte", "Card"},
                                                         {"direct_debit", "Prélèvement", "Direct debit"},
                                                         {"cash", "Espèces", "Cash"}};

// A stored method ("cheque") as the screen says it; an unknown one as it is.
inline std::string_view PaymentMethodText(std::string_view code, bool english) {
  for (const auto& m : kPaymentMethods)
    if (code == m.code) return english ? m.en : m.fr;
  return code;
}

}  // namespace encaisse::client
