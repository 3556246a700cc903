// A document a debtor sends with a dispute (the delivery note, a photo of the damaged goods, the
// signed quote): kept with the dispute for the collector who reviews it. Only PDF, PNG and JPEG
// are taken, recognised by their first bytes rather than by the name or type the browser gave.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "shared/store/db.h"
#include "shared/model/entities.h"

namespace encaisse {

inline constexpr size_t kMaxDisputeDocumentBytes = 5 << 20;

struct DisputeDocument {
  std::string filename;      // as the debtor named it (shown, never used as a path)
  std::string content_type;  // from the bytes: application/pdf, image/png, image/jpeg
  std::string content;
};

// The type of a document from its first bytes; Invalid (field "attachment") for anything else,
// an empty file or one over kMaxDisputeDocumentBytes.
Result<std::string> DocumentType(std::string_view bytes);

// Stores the document of a dispute (one per dispute; a second replaces nothing: Conflict).
Status AttachDisputeDocument(Db& db, Id dispute_id, const DisputeDocument& document, const std::string& now);
// The document (its name and type only unless `with_content`), or nullopt when there is none.
Result<std::optional<DisputeDocument>> LoadDisputeDocument(Db& db, Id dispute_id, bool with_content = true);

}  // namespace encaisse
