#include "shared/store/dispute_documents.h"

namespace encaisse {

Result<std::string> DocumentType(std::string_view bytes) {
  if (bytes.empty()) return Status::Invalid("the attached file is empty", "attachment");
  if (bytes.size() > kMaxDisputeDocumentBytes)
    return Status::Invalid("the attached file is larger than 5 MB", "attachment");
  if (bytes.substr(0, 5) == "%PDF-") return std::string("application/pdf");
  if (bytes.substr(0, 8) == std::string_view("\x89PNG\r\n\x1a\n", 8)) return std::string("image/png");
  if (bytes.substr(0, 3) == std::string_view("\xff\xd8\xff", 3)) return std::string("image/jpeg");
  return Status::Invalid("the attached file must be a PDF, PNG or JPEG document", "attachment");
}

Status AttachDisputeDocument(Db& db, Id dispute_id, const DisputeDocument& d, const std::string& now) {
  auto st = db.Prepare(
      "INSERT INTO dispute_documents (dispute_id, filename, content_type, content, created_at) VALUES (?, ?, ?, ?, ?)");
  if (!st.ok()) return st.status();
  Status s = st->Bind(1, dispute_id).Bind(2, d.filename).Bind(3, d.content_type).BindBlob(4, d.content).Bind(5, now).Run();
  if (s.code() == Code::kConflict) return Status::Conflict("this dispute already has its document");
  return s;
}

Result<std::optional<DisputeDocument>> LoadDisputeDocument(Db& db, Id dispute_id, bool with_content) {
  auto st = db.Prepare(with_content
                           ? "SELECT filename, content_type, content FROM dispute_documents WHERE dispute_id = ?"
                           : "SELECT filename, content_type, NULL FROM dispute_documents WHERE dispute_id = ?");
  if (!st.ok()) return st.status();
  st->Bind(1, dispute_id);
  auto row = st->Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<DisputeDocument>();
  DisputeDocument d;
  d.filename = st->Text(0);
  d.content_type = st->Text(1);
  d.content = st->Blob(2);
  return std::optional<DisputeDocument>(std::move(d));
}

}  // namespace encaisse
