// A CSV reader for the files accounting tools export: UTF-8 with or without a byte order mark,
// CRLF or LF (or old Mac CR) line ends, ';' ',' or tab delimiters (detected from the header
// line), fields quoted with '"' that may hold the delimiter, doubled quotes and line breaks.
// Pure C++: no files, no locale. Every record knows the line it starts on, so that import
// errors can say "line 12".
#pragma once

#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "shared/core/result.h"

namespace encaisse {

struct CsvRecord {
  int line = 0;  // physical line (1-based) where the record starts
  // As written, not trimmed; quotes removed, "" read as ", quoted line breaks as "\n". Views
  // into the text given to ReadCsv, or into the file's own storage for fields that had to be
  // rewritten: valid while both live.
  std::vector<std::string_view> fields;
};

struct CsvFile {
  CsvFile() = default;
  CsvFile(CsvFile&&) = default;  // moves keep the views valid (deque elements stay in place)
  CsvFile& operator=(CsvFile&&) = default;
  CsvFile(const CsvFile&) = delete;  // a copy's views would point into the original
  CsvFile& operator=(const CsvFile&) = delete;

  char delimiter = ',';
  int header_line = 1;
  std::vector<std::string> header;  // normalised names (NormaliseHeaderName)
  std::vector<CsvRecord> records;   // the data records; blank lines and lines of empty fields skipped
  std::deque<std::string> rewritten;  // storage of the fields that are not plain views of the text
};

// Where ReadCsv stopped, when it refuses a file.
struct CsvError {
  int line = 0;
  std::string message;  // "unterminated quoted field (opened on line 4)", "invalid UTF-8"...
};

// The delimiter of a file from its header line: the most frequent of ';', ',' and tab outside
// quotes (ties go to ';', then ',', then tab); ',' when there is none (a single column).
char DetectDelimiter(std::string_view header_line);

// A column name as the importers look it up: byte order marks removed, trimmed (spaces,
// tabs, no-break spaces), ASCII lowercase, runs of inner spaces and '-' as one '_'
// (" Customer ID" -> "customer_id").
std::string NormaliseHeaderName(std::string_view name);

// Reads a whole file; `text` must outlive the result (its fields are views into it). On
// refusal the Status says "line N: why" (field "line N") and `error`, when given, receives the
// line and the reason separately.
Result<CsvFile> ReadCsv(std::string_view text, CsvError* error = nullptr);

}  // namespace encaisse
