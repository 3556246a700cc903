// A template composed for one customer from their account on a day, as the outbox worker
// composes a reminder, but for a person to read on a screen: the preview of a template and
// the script of a phone call. Nothing is written and no personal link is minted: the caller
// gives the text that stands where the link goes.
#pragma once

#include <string>

#include "shared/dunning/message_compose.h"
#include "shared/ledger/statement.h"
#include "shared/store/store.h"

namespace encaisse {

struct AccountMessage {
  ComposedMessage content;
  CustomerStatement statement;  // the figures the text quotes
};

// `customer` is the reader (its language may differ from the stored one). NotFound when a
// rate table the statement needs is missing.
Result<AccountMessage> ComposeForAccount(Store& store, const Customer& customer, const MessageTemplate& tmpl,
                                         const std::string& portal_link, Date today);

}  // namespace encaisse
