#include "shared/import/csv_reader.h"

#include <cstdint>

namespace encaisse {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";
constexpr std::string_view kNoBreakSpace = "\xC2\xA0";

// Length of the valid UTF-8 sequence at s[i] (1 to 4), 0 when it is not valid UTF-8
// (a stray continuation byte, a truncated sequence, an overlong form, a surrogate).
int Utf8Length(std::string_view s, size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return 1;
  int n = 0;
  uint32_t cp = 0, min = 0;
  if ((c & 0xE0) == 0xC0) n = 2, cp = c & 0x1F, min = 0x80;
  else if ((c & 0xF0) == 0xE0) n = 3, cp = c & 0x0F, min = 0x800;
  else if ((c & 0xF8) == 0xF0) n = 4, cp = c & 0x07, min = 0x10000;
  else return 0;
  if (i + static_cast<size_t>(n) > s.size()) return 0;
  for (int k = 1; k < n; ++k) {
    const auto b = static_cast<unsigned char>(s[i + static_cast<size_t>(k)]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

class Parser {
 public:
  Parser(std::string_view text, char delimiter) : text_(text), delim_(delimiter) {}

  // Reads the next record into `rec`; false at the end of the text. Fields that must be
  // rewritten (doubled quotes, CR line breaks) are kept in `storage`.
  Result<bool> Next(CsvRecord& rec, std::deque<std::string>& storage) {
    const size_t n = text_.size();
    if (pos_ >= n) return false;
    rec.line = line_;
    rec.fields.clear();
    for (;;) {
      size_t p = pos_;
      while (p < n && IsBlank(text_[p])) ++p;  // `a; "b"`: spaces before an opening quote
      if (p < n && text_[p] == '"') {
        pos_ = p + 1;
        const size_t start = pos_;
        const int opened = line_;
        bool rewrite = false;
        for (;;) {
          if (pos_ >= n) return Fail(opened, "unterminated quoted field (the quote opened on line " + std::to_string(opened) +
                                                 " is never closed)");
          const char c = text_[pos_];
          if (c == '"') {
            if (pos_ + 1 < n && text_[pos_ + 1] == '"') {
              rewrite = true;
              pos_ += 2;
              continue;
            }
            break;
          }
          if (c == '\r' || c == '\n') {  // a line break inside the field, read as "\n"
            rewrite |= c == '\r';
            pos_ += (c == '\r' && pos_ + 1 < n && text_[pos_ + 1] == '\n') ? 2 : 1;
            ++line_;
            continue;
          }
          if (static_cast<unsigned char>(c) >= 0x80 || c == '\0') ENC_RETURN_IF_ERROR(Check());
          else ++pos_;
        }
        const std::string_view raw = text_.substr(start, pos_ - start);
        ++pos_;  // the closing quote
        if (rewrite) {
          std::string& field = storage.emplace_back();
          field.reserve(raw.size());
          for (size_t i = 0; i < raw.size(); ++i) {
            if (raw[i] == '"') ++i;  // the first of a doubled quote
            if (raw[i] == '\r') {
              if (i + 1 < raw.size() && raw[i + 1] == '\n') ++i;
              field += '\n';
            } else {
              field += raw[i];
            }
          }
          rec.fields.emplace_back(field);
        } else {
          rec.fields.push_back(raw);
        }
        while (pos_ < n && IsBlank(text_[pos_])) ++pos_;
        if (pos_ < n && text_[pos_] != delim_ && text_[pos_] != '\r' && text_[pos_] != '\n')
          return Fail(line_, "unexpected text after a closing quote (a quote inside a quoted field is written \"\")");
      } else {
        const size_t start = pos_;
        while (pos_ < n) {
          const char c = text_[pos_];
          if (c == delim_ || c == '\r' || c == '\n') break;
          if (static_cast<unsigned char>(c) >= 0x80 || c == '\0') {
            ENC_RETURN_IF_ERROR(Check());
          } else {
            ++pos_;
          }
        }
        rec.fields.push_back(text_.substr(start, pos_ - start));
      }
      if (pos_ >= n) return true;
      const char c = text_[pos_];
      if (c == delim_) {
        ++pos_;
        continue;
      }
      pos_ += (c == '\r' && pos_ + 1 < n && text_[pos_ + 1] == '\n') ? 2 : 1;
      ++line_;
      return true;
    }
  }

  const CsvError& error() const { return error_; }

 private:
  bool IsBlank(char c) const { return (c == ' ' && delim_ != ' ') || (c == '\t' && delim_ != '\t'); }

  // Checks the character at pos_ and moves past it.
  Status Check() {
    if (text_[pos_] == '\0') return Fail(line_, "a NUL byte: this is not a text file (UTF-16? save it as CSV UTF-8)");
    const int len = Utf8Length(text_, pos_);
    if (len == 0) return Fail(line_, "invalid UTF-8 (save the file as CSV UTF-8)");
    pos_ += static_cast<size_t>(len);
    return Status::Ok();
  }
  Status Fail(int line, std::string message) {
    error_ = {line, message};
    return Status::Invalid("line " + std::to_string(line) + ": " + message, "line " + std::to_string(line));
  }

  std::string_view text_;
  char delim_;
  size_t pos_ = 0;
  int line_ = 1;
  CsvError error_;
};

bool IsBlankRecord(const CsvRecord& rec) {
  for (std::string_view f : rec.fields)
    for (char c : f)
      if (c != ' ' && c != '\t') return false;
  return true;
}

}  // namespace

char DetectDelimiter(std::string_view line) {
  int semicolons = 0, commas = 0, tabs = 0;
  bool quoted = false;
  for (char c : line) {
    if (c == '"') quoted = !quoted;
    else if (!quoted && (c == '\n' || c == '\r')) break;
    else if (!quoted && c == ';') ++semicolons;
    else if (!quoted && c == ',') ++commas;
    else if (!quoted && c == '\t') ++tabs;
  }
  if (semicolons == 0 && commas == 0 && tabs == 0) return ',';
  if (semicolons >= commas && semicolons >= tabs) return ';';
  if (commas >= tabs) return ',';
  return '\t';
}

std::string NormaliseHeaderName(std::string_view name) {
  std::string cleaned;
  cleaned.reserve(name.size());
  for (size_t i = 0; i < name.size();) {
    if (name.substr(i, kBom.size()) == kBom) {
      i += kBom.size();
    } else if (name.substr(i, kNoBreakSpace.size()) == kNoBreakSpace) {
      cleaned += ' ';
      i += kNoBreakSpace.size();
    } else {
      char c = name[i++];
      if (c == '\t' || c == '\r' || c == '\n') c = ' ';
      cleaned += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
  }
  const size_t first = cleaned.find_first_not_of(' ');
  if (first == std::string::npos) return "";
  const size_t last = cleaned.find_last_not_of(' ');
  std::string out;
  bool gap = false;
  for (size_t i = first; i <= last; ++i) {
    const char c = cleaned[i];
    if (c == ' ' || c == '-') {
      gap = true;
      continue;
    }
    if (gap) out += '_';
    gap = false;
    out += c;
  }
  return out;
}

Result<CsvFile> ReadCsv(std::string_view text, CsvError* error) {
  auto fail = [&](int line, const std::string& message) -> Status {
    if (error) *error = {line, message};
    return Status::Invalid("line " + std::to_string(line) + ": " + message, "line " + std::to_string(line));
  };
  if (text.size() >= 2 && ((text[0] == '\xFF' && text[1] == '\xFE') || (text[0] == '\xFE' && text[1] == '\xFF')))
    return fail(1, "the file is UTF-16: save it as CSV UTF-8");
  if (text.substr(0, kBom.size()) == kBom) text.remove_prefix(kBom.size());

  CsvFile file;
  // The header is the first line that is not blank.
  const size_t header_start = text.find_first_not_of(" \t\r\n");
  file.delimiter = DetectDelimiter(header_start == std::string_view::npos ? std::string_view() : text.substr(header_start));
  Parser parser(text, file.delimiter);
  CsvRecord rec;
  bool have_header = false;
  for (;;) {
    auto more = parser.Next(rec, file.rewritten);
    if (!more.ok()) {
      if (error) *error = parser.error();
      return more.status();
    }
    if (!*more) break;
    if (IsBlankRecord(rec)) continue;
    if (!have_header) {
      have_header = true;
      file.header_line = rec.line;
      file.header.reserve(rec.fields.size());
      for (std::string_view f : rec.fields) file.header.push_back(NormaliseHeaderName(f));
      continue;
    }
    file.records.push_back(std::move(rec));
    rec = CsvRecord();
    if (file.records.size() == 1) file.records.reserve(text.size() / 64 + 1);
  }
  if (!have_header) return fail(1, "the file is empty (a header line with the column names is expected)");
  return file;
}

}  // namespace encaisse
