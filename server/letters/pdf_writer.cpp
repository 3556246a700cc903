#include "server/letters/pdf_writer.h"

#include <qrencode.h>
#include <unistd.h>

#include <cstdio>
#include <vector>

namespace encaisse {

PdfFonts DejaVuFonts(const std::string& dir) { return {dir + "/DejaVuSans.ttf", dir + "/DejaVuSans-Bold.ttf"}; }

void PdfWriter::OnError(HPDF_STATUS error, HPDF_STATUS detail, void* self) {
  auto* w = static_cast<PdfWriter*>(self);
  if (!w->error_.empty()) return;  // the first error says what went wrong
  char buf[96];
  std::snprintf(buf, sizeof buf, "libharu error 0x%04X (detail %u)", static_cast<unsigned>(error),
                static_cast<unsigned>(detail));
  w->error_ = buf;
}

Result<std::unique_ptr<PdfWriter>> PdfWriter::Create(const PdfFonts& fonts, const std::string& title,
                                                     const std::string& author) {
  for (const std::string* path : {&fonts.regular, &fonts.bold})
    if (access(path->c_str(), R_OK) != 0)
      return Status::NotFound("font file " + *path + " not found (fonts-dejavu-core)");
  std::unique_ptr<PdfWriter> w(new PdfWriter());
  w->doc_ = HPDF_New(&PdfWriter::OnError, w.get());
  if (!w->doc_) return Status::Internal("libharu: cannot create a document");
  HPDF_SetCompressionMode(w->doc_, HPDF_COMP_ALL);
  // UTF-8 text needs the UTF encodings and an embedded TrueType font (TOOLCHAIN.md).
  HPDF_UseUTFEncodings(w->doc_);
  HPDF_SetCurrentEncoder(w->doc_, "UTF-8");
  const char* regular = HPDF_LoadTTFontFromFile(w->doc_, fonts.regular.c_str(), HPDF_TRUE);
  const char* bold = HPDF_LoadTTFontFromFile(w->doc_, fonts.bold.c_str(), HPDF_TRUE);
  if (!regular || !bold) return Status::Internal("cannot load the fonts: " + w->error_);
  w->regular_ = HPDF_GetFont(w->doc_, regular, "UTF-8");
  w->bold_ = HPDF_GetFont(w->doc_, bold, "UTF-8");
  HPDF_SetInfoAttr(w->doc_, HPDF_INFO_TITLE, title.c_str());
  HPDF_SetInfoAttr(w->doc_, HPDF_INFO_AUTHOR, author.c_str());
  HPDF_SetInfoAttr(w->doc_, HPDF_INFO_CREATOR, author.c_str());
  if (!w->error_.empty()) return Status::Internal(w->error_);
  return w;
}

PdfWriter::~PdfWriter() {
  if (doc_) HPDF_Free(doc_);
}

void PdfWriter::SetMargins(float top, float bottom, float left, float right) {
  top_ = top;
  bottom_ = bottom;
  left_ = left;
  right_ = right;
}

void PdfWriter::NewPage() {
  page_ = HPDF_AddPage(doc_);
  HPDF_Page_SetSize(page_, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
  ++pages_;
  y_ = top_;
  if (decorate_) decorate_(*this);
  y_ = top_;
}

void PdfWriter::Use(const TextStyle& style) {
  HPDF_Page_SetFontAndSize(page_, style.bold ? bold_ : regular_, style.size);
}

float PdfWriter::TextWidth(std::string_view text, const TextStyle& style) {
  Use(style);
  return HPDF_Page_TextWidth(page_, std::string(text).c_str());
}

void PdfWriter::Text(float x, float y, std::string_view text, const TextStyle& style) {
  if (text.empty()) return;
  HPDF_Page_SetGrayFill(page_, style.gray);
  HPDF_Page_BeginText(page_);
  Use(style);
  HPDF_Page_TextOut(page_, x, kPageHeight - y, std::string(text).c_str());
  HPDF_Page_EndText(page_);
}

void PdfWriter::TextRight(float right, float y, std::string_view text, const TextStyle& style) {
  Text(right - TextWidth(text, style), y, text, style);
}

void PdfWriter::Rect(float x, float y, float w, float h, float gray) {
  HPDF_Page_SetGrayFill(page_, gray);
  HPDF_Page_Rectangle(page_, x, kPageHeight - y - h, w, h);
  HPDF_Page_Fill(page_);
}

void PdfWriter::HLine(float x, float y, float w, float gray) {
  HPDF_Page_SetGrayStroke(page_, gray);
  HPDF_Page_SetLineWidth(page_, 0.5f);
  HPDF_Page_MoveTo(page_, x, kPageHeight - y);
  HPDF_Page_LineTo(page_, x + w, kPageHeight - y);
  HPDF_Page_Stroke(page_);
}

Status PdfWriter::Qr(float x, float y, float side, const std::string& payload) {
  QRcode* code = QRcode_encodeString8bit(payload.c_str(), 0, QR_ECLEVEL_M);
  if (!code) return Status::Invalid("cannot encode a QR code of " + std::to_string(payload.size()) + " bytes", "qr");
  const int n = code->width;
  const float module = side / static_cast<float>(n + 8);  // a quiet zone of 4 modules each side
  HPDF_Page_SetGrayFill(page_, 0);
  for (int row = 0; row < n; ++row) {
    int col = 0;
    while (col < n) {
      if (!(code->data[row * n + col] & 1)) {
        ++col;
        continue;
      }
      int end = col;
      while (end < n && (code->data[row * n + end] & 1)) ++end;  // one rectangle per dark run
      HPDF_Page_Rectangle(page_, x + (4 + col) * module, kPageHeight - y - (4 + row + 1) * module, (end - col) * module,
                          module);
      col = end;
    }
  }
  HPDF_Page_Fill(page_);
  QRcode_free(code);
  return Status::Ok();
}

void PdfWriter::Ensure(float height) {
  if (!page_ || y_ + height > kPageHeight - bottom_) NewPage();
}

void PdfWriter::Paragraph(std::string_view text, const TextStyle& style, float indent) {
  const float line_height = style.size * 1.4f;
  const float width = right() - left_ - indent;
  auto emit = [&](const std::string& line) {
    Ensure(line_height);
    Text(left_ + indent, y_ + style.size, line, style);
    y_ += line_height;
  };
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view raw = text.substr(start, end - start);
    if (raw.empty()) {
      y_ += line_height * 0.6f;  // a blank line between paragraphs
    } else {
      std::string line;
      size_t pos = 0;
      while (pos < raw.size()) {
        size_t space = raw.find(' ', pos);
        if (space == std::string_view::npos) space = raw.size();
        const std::string_view word = raw.substr(pos, space - pos);
        std::string candidate = line.empty() ? std::string(word) : line + " " + std::string(word);
        if (!line.empty() && TextWidth(candidate, style) > width) {
          emit(line);
          line = std::string(word);
        } else {
          line = std::move(candidate);
        }
        pos = space + 1;
      }
      emit(line);
    }
    start = end + 1;
  }
}

Result<std::string> PdfWriter::Finish() {
  if (!page_) NewPage();
  if (!error_.empty()) return Status::Internal(error_);
  if (HPDF_SaveToStream(doc_) != HPDF_OK) return Status::Internal("cannot write the PDF: " + error_);
  std::string bytes(HPDF_GetStreamSize(doc_), '\0');
  HPDF_UINT32 len = static_cast<HPDF_UINT32>(bytes.size());
  HPDF_ResetStream(doc_);
  // Reading up to the end of the stream reports HPDF_STREAM_EOF through the error handler:
  // not an error here.
  const std::string before = error_;
  HPDF_ReadFromStream(doc_, reinterpret_cast<HPDF_BYTE*>(bytes.data()), &len);
  HPDF_ResetError(doc_);
  error_ = before;
  bytes.resize(len);
  if (bytes.compare(0, 5, "%PDF-") != 0) return Status::Internal("the PDF stream could not be read back");
  return bytes;
}

}  // namespace encaisse
