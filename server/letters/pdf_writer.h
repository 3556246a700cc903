// A small layer over libharu for our documents: A4 pages, coordinates in points from the
// top-left corner (as a person measures a letter), UTF-8 text in an embedded TrueType font
// (every French accent, the euro sign, the narrow no-break space), word-wrapped paragraphs
// that continue on a new page, and QR codes drawn as vector squares.
#pragma once

#include <hpdf.h>

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "shared/core/result.h"

namespace encaisse {

// TrueType files embedded in every document (subset by libharu to the glyphs used).
struct PdfFonts {
  std::string regular;
  std::string bold;
};
// DejaVu Sans from Debian's fonts-dejavu-core, in `dir`.
PdfFonts DejaVuFonts(const std::string& dir = "/usr/share/fonts/truetype/dejavu");

inline constexpr float kMm = 72.0f / 25.4f;  // points per millimetre

struct TextStyle {
  float size = 10;
  bool bold = false;
  float gray = 0;  // 0 black .. 1 white
};

class PdfWriter {
 public:
  static constexpr float kPageWidth = 595.276f;  // A4 in points
  static constexpr float kPageHeight = 841.89f;

  // `title` and `author` go into the document information (the company, never Encaisse).
  static Result<std::unique_ptr<PdfWriter>> Create(const PdfFonts& fonts, const std::string& title,
                                                   const std::string& author);
  ~PdfWriter();
  PdfWriter(const PdfWriter&) = delete;
  PdfWriter& operator=(const PdfWriter&) = delete;

  // Called after each new page (headers, footers); the cursor is then set to `top_margin`.
  void OnNewPage(std::function<void(PdfWriter&)> decorate) { decorate_ = std::move(decorate); }
  void SetMargins(float top, float bottom, float left, float right);
  void NewPage();
  int page_count() const { return pages_; }

  float TextWidth(std::string_view text, const TextStyle& style);
  void Text(float x, float y, std::string_view text, const TextStyle& style);
  void TextRight(float right, float y, std::string_view text, const TextStyle& style);
  void Rect(float x, float y, float w, float h, float gray);
  void HLine(float x, float y, float w, float gray = 0.6f);
  // A QR code of `payload` (error correction M, as EPC069-12 asks) in a square of `side`.
  Status Qr(float x, float y, float side, const std::string& payload);

  // The flowing cursor: the y of the next line. Ensure starts a new page when `height` does
  // not fit above the bottom margin.
  float y() const { return y_; }
  void set_y(float y) { y_ = y; }
  void Ensure(float height);
  // Word-wrapped text at the cursor between the margins (or from `indent`); "\n" breaks a line.
  void Paragraph(std::string_view text, const TextStyle& style, float indent = 0);
  float left() const { return left_; }
  float right() const { return kPageWidth - right_; }

  Result<std::string> Finish();  // the PDF bytes

 private:
  PdfWriter() = default;
  static void OnError(HPDF_STATUS error, HPDF_STATUS detail, void* self);
  void Use(const TextStyle& style);

  HPDF_Doc doc_ = nullptr;
  HPDF_Page page_ = nullptr;
  HPDF_Font regular_ = nullptr;
  HPDF_Font bold_ = nullptr;
  std::string error_;
  std::function<void(PdfWriter&)> decorate_;
  float top_ = 20 * kMm, bottom_ = 20 * kMm, left_ = 20 * kMm, right_ = 20 * kMm;
  float y_ = 0;
  int pages_ = 0;
};

}  // namespace encaisse
