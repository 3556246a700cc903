// The postal channel (and the escalation dossiers, in <dir>/dossiers): each letter or formal notice becomes a PDF in
// the print folder,
// `<dir>/<YYYY-MM-DD>/<reminder>-<kind>-<customer code>.pdf` (owner-only, written whole),
// and each day's letters are gathered into one batch, `lot-<YYYY-MM-DD>.pdf`, that a person
// prints and posts (formal notices as registered letters). Day folders older than
// `keep_days` are deleted: the letters hold personal data and the database keeps the record.
#pragma once

#include <set>
#include <string>

#include "server/dunning/channel.h"
#include "server/letters/pdf_writer.h"

namespace encaisse {

struct LetterConfig {
  std::string dir;
  PdfFonts fonts = DejaVuFonts();
  int keep_days = 90;
};

class LetterSender : public ChannelSender {
 public:
  explicit LetterSender(LetterConfig config) : config_(std::move(config)) {}
  // Refused without a postal address. Ok once the PDF is on disk.
  Status Send(const OutgoingMessage& message) override;
  // After a pass over the outbox: rebuilds the batch of every day a letter was written to,
  // then deletes the day folders that are too old.
  Status FinishBatches(Date today);

  static std::string BatchName(Date day) { return "lot-" + day.ToIso() + ".pdf"; }

 private:
  Status WriteDossier(const OutgoingMessage& message);
  LetterConfig config_;
  std::set<Date> touched_;
};

// One PDF of every letter in `day_dir` (by name, that is by reminder), written to `out`.
Status BuildPrintBatch(const std::string& day_dir, const std::string& out);
// Deletes the day folders of `dir` older than `keep_days` before `today`.
Status PurgeOldLetters(const std::string& dir, Date today, int keep_days);

}  // namespace encaisse
