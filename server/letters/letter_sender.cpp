#include "server/letters/letter_sender.h"

// qpdf's C API: its C++ headers (JSON.hh) do not compile with clang 14 in C++20 mode.
#include <qpdf/qpdf-c.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>
#include <vector>

#include "server/letters/account_documents.h"
#include "server/letters/private_files.h"

namespace fs = std::filesystem;

namespace encaisse {
namespace {

std::string Padded(Id id) {
  std::string s = std::to_string(id);
  return std::string(s.size() < 8 ? 8 - s.size() : 0, '0') + s;
}

}  // namespace

// The hand-over dossier of an escalated account, kept in <dir>/dossiers (not printed in the
// day's batch, not deleted with the letters: the litigation needs it).
Status LetterSender::WriteDossier(const OutgoingMessage& m) {
  AccountDocument doc;
  doc.company = &m.company;
  doc.customer = &m.customer;
  doc.statement = &m.statement;
  doc.history = m.history;
  auto pdf = RenderDossierPdf(doc, config_.fonts);
  if (!pdf.ok()) return pdf.status();
  const std::string dir = config_.dir + "/dossiers";
  ENC_RETURN_IF_ERROR(MakePrivateDir(config_.dir));
  ENC_RETURN_IF_ERROR(MakePrivateDir(dir));
  return WritePrivateFile(dir + "/" + SafeFileName(m.customer.external_id) + "-" + m.today.ToIso() + ".pdf", *pdf);
}

Status LetterSender::Send(const OutgoingMessage& m) {
  if (m.channel == Channel::kEscalation) return WriteDossier(m);
  if (m.customer.address.empty()) return Status::Refused("no postal address");
  AccountDocument doc;
  doc.company = &m.company;
  doc.customer = &m.customer;
  doc.statement = &m.statement;
  doc.formal_notice = m.channel == Channel::kFormalNotice;
  doc.subject = m.content.subject;
  doc.body = m.content.print_text;
  doc.portal_link = m.portal_link;
  doc.rf_reference = m.rf_reference;
  doc.epc_payload = m.epc_payload;
  auto pdf = RenderLetterPdf(doc, config_.fonts);
  if (!pdf.ok()) return pdf.status();
  const std::string day = config_.dir + "/" + m.today.ToIso();
  ENC_RETURN_IF_ERROR(MakePrivateDir(config_.dir));
  ENC_RETURN_IF_ERROR(MakePrivateDir(day));
  const std::string kind = doc.formal_notice ? "mise-en-demeure" : "relance";
  ENC_RETURN_IF_ERROR(WritePrivateFile(
      day + "/" + Padded(m.reminder_id) + "-" + kind + "-" + SafeFileName(m.customer.external_id) + ".pdf", *pdf));
  touched_.insert(m.today);
  return Status::Ok();
}

Status LetterSender::FinishBatches(Date today) {
  for (Date day : touched_) {
    const std::string dir = config_.dir + "/" + day.ToIso();
    ENC_RETURN_IF_ERROR(BuildPrintBatch(dir, dir + "/" + BatchName(day)));
  }
  touched_.clear();
  return PurgeOldLetters(config_.dir, today, config_.keep_days);
}

Status BuildPrintBatch(const std::string& day_dir, const std::string& out) {
  std::vector<std::string> letters;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(day_dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (entry.path().extension() == ".pdf" && name.rfind("lot-", 0) != 0) letters.push_back(entry.path().string());
  }
  if (ec) return Status::Internal("cannot list " + day_dir + ": " + ec.message());
  std::sort(letters.begin(), letters.end());
  if (letters.empty()) return Status::Ok();
  // Every handle stays open until the batch is written: pages are copied at write time.
  std::vector<qpdf_data> handles;
  auto cleanup = [&] {
    for (qpdf_data& q : handles) qpdf_cleanup(&q);
  };
  auto failed = [&](qpdf_data q, const std::string& what) {
    std::string message = "print batch " + out + ": " + what;
    if (qpdf_has_error(q)) message += ": " + std::string(qpdf_get_error_full_text(q, qpdf_get_error(q)));
    cleanup();
    return Status::Internal(message);
  };
  qpdf_data batch = qpdf_init();
  handles.push_back(batch);
  qpdf_silence_errors(batch);
  if (qpdf_empty_pdf(batch) & QPDF_ERRORS) return failed(batch, "cannot start");
  for (const std::string& path : letters) {
    qpdf_data in = qpdf_init();
    handles.push_back(in);
    qpdf_silence_errors(in);
    if (qpdf_read(in, path.c_str(), nullptr) & QPDF_ERRORS) return failed(in, "cannot read " + path);
    const int pages = qpdf_get_num_pages(in);
    for (int i = 0; i < pages; ++i)
      if (qpdf_add_page(batch, in, qpdf_get_page_n(in, static_cast<size_t>(i)), QPDF_FALSE) & QPDF_ERRORS)
        return failed(batch, "cannot add " + path);
  }
  if ((qpdf_init_write_memory(batch) & QPDF_ERRORS) || (qpdf_write(batch) & QPDF_ERRORS))
    return failed(batch, "cannot write");
  std::string bytes(reinterpret_cast<const char*>(qpdf_get_buffer(batch)), qpdf_get_buffer_length(batch));
  cleanup();
  return WritePrivateFile(out, bytes);
}

Status PurgeOldLetters(const std::string& dir, Date today, int keep_days) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) return Status::Ok();
  const Date oldest = today.AddDays(-keep_days);
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    auto day = Date::ParseIso(entry.path().filename().string());
    if (!day.ok() || !entry.is_directory() || *day >= oldest) continue;  // only our day folders
    fs::remove_all(entry.path(), ec);
    if (ec) return Status::Internal("cannot delete " + entry.path().string() + ": " + ec.message());
    spdlog::info("letters of {} deleted (kept {} days)", day->ToIso(), keep_days);
  }
  if (ec) return Status::Internal("cannot list " + dir + ": " + ec.message());
  return Status::Ok();
}

}  // namespace encaisse
