// Feeds ReadCsv a whole file (any bytes); what it reads, written back quoted, must read the same.
#include <string>
#include <string_view>

#include "shared/import/csv_reader.h"
#include "tests/fuzz/fuzz_check.h"

using namespace encaisse;

namespace {

// The records as a CSV writer would put them: every field quoted, quotes doubled, LF line
// ends, under a header of as many columns (h0, h1...: the read names may normalise to "").
std::string Write(const CsvFile& file) {
  std::string out;
  for (size_t i = 0; i < file.header.size(); ++i) out += (i ? std::string(1, file.delimiter) : "") + "h" + std::to_string(i);
  out += '\n';
  for (const CsvRecord& rec : file.records) {
    for (size_t i = 0; i < rec.fields.size(); ++i) {
      if (i) out += file.delimiter;
      out += '"';
      for (char c : rec.fields[i]) out += c == '"' ? std::string("\"\"") : std::string(1, c);
      out += '"';
    }
    out += '\n';
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  CsvError error;
  auto file = ReadCsv(text, &error);
  if (!file.ok()) {
    FUZZ_CHECK(error.line >= 1 && !error.message.empty());
    return 0;
  }
  int last_line = file->header_line;
  for (const CsvRecord& rec : file->records) {
    FUZZ_CHECK(rec.line > last_line && !rec.fields.empty());
    last_line = rec.line;
  }
  for (const std::string& name : file->header)
    FUZZ_CHECK(name.find_first_of(" -\t\r\nABCDEFGHIJKLMNOPQRSTUVWXYZ") == std::string::npos);

  // Round trip, when the header still names the same delimiter (a one-column header says ',').
  const std::string again_text = Write(*file);
  if (DetectDelimiter(again_text) != file->delimiter) return 0;
  auto again = ReadCsv(again_text);
  FUZZ_CHECK(again.ok());
  FUZZ_CHECK(again->records.size() == file->records.size());
  for (size_t i = 0; i < file->records.size(); ++i) FUZZ_CHECK(again->records[i].fields == file->records[i].fields);
  return 0;
}
