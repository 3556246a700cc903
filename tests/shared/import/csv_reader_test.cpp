// The CSV reader: delimiter detection, byte order mark, line ends, quoted fields (delimiters,
// doubled quotes, line breaks inside), line numbers of records, and every refusal with its line.
#include "shared/import/csv_reader.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace encaisse {
namespace {

using Fields = std::vector<std::string>;

Fields Copy(const CsvRecord& rec) { return Fields(rec.fields.begin(), rec.fields.end()); }

TEST(CsvReaderTest, DetectsTheDelimiterFromTheHeaderLine) {
  struct Case {
    const char* header;
    char expected;
  };
  const Case cases[] = {
      {"customer_id;customer_name;amount", ';'},
      {"customer_id,customer_name,amount", ','},
      {"customer_id\tcustomer_name\tamount", '\t'},
      {"a;b,c;d", ';'},                      // the most frequent
      {"a,b,c;d", ','},
      {"\"a;b;c\",d,e", ','},                // delimiters inside quotes do not count
      {"a;b\n1,2,3,4,5,6", ';'},             // only the first line counts
      {"single", ','},                       // none: one column
      {"a;b,c", ';'},                        // a tie goes to ';'
      {"a\tb;c", ';'},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.header);
    EXPECT_EQ(DetectDelimiter(c.header), c.expected);
  }
}

TEST(CsvReaderTest, NormalisesHeaderNames) {
  struct Case {
    const char* raw;
    const char* expected;
  };
  const Case cases[] = {
      {"customer_id", "customer_id"},
      {"  Customer_ID  ", "customer_id"},
      {"\xEF\xBB\xBF" "customer_id", "customer_id"},  // a BOM left inside a quoted name
      {"Invoice Number", "invoice_number"},
      {"due-date", "due_date"},
      {"\xC2\xA0" "AMOUNT\t", "amount"},                // no-break space, tab
      {"Montant  TTC", "montant_ttc"},
      {"", ""},
      {"   ", ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.raw);
    EXPECT_EQ(NormaliseHeaderName(c.raw), c.expected);
  }
}

TEST(CsvReaderTest, ReadsRecordsWhateverTheDialect) {
  struct Case {
    const char* name;
    std::string text;
    char delimiter;
    std::vector<std::string> header;
    std::vector<std::pair<int, Fields>> records;  // line, fields
  };
  const std::vector<Case> cases = {
      {"LF, comma", "a,b\n1,2\n3,4\n", ',', {"a", "b"}, {{2, {"1", "2"}}, {3, {"3", "4"}}}},
      {"CRLF, semicolon", "a;b\r\n1;2\r\n3;4\r\n", ';', {"a", "b"}, {{2, {"1", "2"}}, {3, {"3", "4"}}}},
      {"no final line end", "a;b\r\n1;2", ';', {"a", "b"}, {{2, {"1", "2"}}}},
      {"old Mac CR", "a;b\r1;2\r", ';', {"a", "b"}, {{2, {"1", "2"}}}},
      {"tab", "a\tb\n1\t2\n", '\t', {"a", "b"}, {{2, {"1", "2"}}}},
      {"BOM", "\xEF\xBB\xBF" "A;B\n1;2\n", ';', {"a", "b"}, {{2, {"1", "2"}}}},
      {"quoted delimiter", "a;b\n\"x;y\";2\n", ';', {"a", "b"}, {{2, {"x;y", "2"}}}},
      {"doubled quotes", "a,b\n\"he said \"\"oui\"\"\",2\n", ',', {"a", "b"}, {{2, {"he said \"oui\"", "2"}}}},
      {"line break in a quoted field", "a;b\n\"12 rue X\nBP 4\";2\n3;4\n", ';', {"a", "b"},
       {{2, {"12 rue X\nBP 4", "2"}}, {4, {"3", "4"}}}},
      {"CRLF in a quoted field becomes LF", "a;b\r\n\"l1\r\nl2\";2\r\n", ';', {"a", "b"}, {{2, {"l1\nl2", "2"}}}},
      {"blank lines skipped, lines counted", "a;b\n\n1;2\n\n\n3;4\n", ';', {"a", "b"}, {{3, {"1", "2"}}, {6, {"3", "4"}}}},
      {"lines of empty fields skipped", "a;b\n;\n1;2\n;;\n", ';', {"a", "b"}, {{3, {"1", "2"}}}},
      {"blank lines before the header", "\n\na;b\n1;2\n", ';', {"a", "b"}, {{4, {"1", "2"}}}},
      {"empty fields kept", "a;b;c\n;2;\n", ';', {"a", "b", "c"}, {{2, {"", "2", ""}}}},
      {"spaces before an opening quote", "a, b\n1, \"x, y\"\n", ',', {"a", "b"}, {{2, {"1", "x, y"}}}},
      {"a quote inside an unquoted field is text", "a;b\n5\" disk;2\n", ';', {"a", "b"}, {{2, {"5\" disk", "2"}}}},
      {"UTF-8 text", "nom;ville\nSARL Élodie;Besançon\n", ';', {"nom", "ville"}, {{2, {"SARL Élodie", "Besançon"}}}},
      {"French amounts stay text", "montant;x\n\"1 234,56\";1\n", ';', {"montant", "x"}, {{2, {"1 234,56", "1"}}}},
      {"header only", "a;b\n", ';', {"a", "b"}, {}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    auto file = ReadCsv(c.text);
    ASSERT_TRUE(file.ok()) << file.status().ToString();
    EXPECT_EQ(file->delimiter, c.delimiter);
    EXPECT_EQ(file->header, c.header);
    ASSERT_EQ(file->records.size(), c.records.size());
    for (size_t i = 0; i < c.records.size(); ++i) {
      EXPECT_EQ(file->records[i].line, c.records[i].first) << "record " << i;
      EXPECT_EQ(Copy(file->records[i]), c.records[i].second) << "record " << i;
    }
  }
}

TEST(CsvReaderTest, RefusesBrokenFilesNamingTheLine) {
  struct Case {
    const char* name;
    std::string text;
    int line;
    const char* message_part;
  };
  const std::vector<Case> cases = {
      {"unterminated quote", "a;b\n1;2\n\"open;3\n4;5\n", 3, "unterminated quoted field"},
      {"unterminated quote on the header", "\"a;b\n", 1, "unterminated quoted field"},
      {"invalid UTF-8 (Latin-1 é)", "a;b\n1;2\n3;caf\xE9\n", 3, "invalid UTF-8"},
      {"invalid UTF-8 inside quotes", "a;b\n\"x\ny\xFF\";2\n", 3, "invalid UTF-8"},
      {"truncated UTF-8 sequence at the end", "a;b\n1;\xC3", 2, "invalid UTF-8"},
      {"overlong UTF-8", "a;b\n1;\xC0\xAF\n", 2, "invalid UTF-8"},
      {"UTF-8 surrogate", "a;b\n1;\xED\xA0\x80\n", 2, "invalid UTF-8"},
      {"UTF-16 little endian", std::string("\xFF\xFE" "a\0;\0", 6), 1, "UTF-16"},
      {"NUL byte", std::string("a;b\n1;\0\n", 8), 2, "NUL"},
      {"text after a closing quote", "a;b\n\"x\"y;2\n", 2, "after a closing quote"},
      {"empty file", "", 1, "empty"},
      {"only blank lines", "\n\r\n\n", 1, "empty"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    CsvError error;
    auto file = ReadCsv(c.text, &error);
    ASSERT_FALSE(file.ok());
    EXPECT_EQ(file.status().code(), Code::kInvalidArgument);
    EXPECT_EQ(error.line, c.line);
    EXPECT_NE(error.message.find(c.message_part), std::string::npos) << error.message;
    EXPECT_EQ(file.status().message().rfind("line " + std::to_string(c.line) + ": ", 0), 0u) << file.status().message();
  }
}

TEST(CsvReaderTest, AnUnterminatedQuoteNamesTheLineWhereItOpened) {
  CsvError error;
  auto file = ReadCsv("a;b\n1;2\n3;\"never\nclosed\nat all\n", &error);
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(error.line, 3);
  EXPECT_NE(error.message.find("opened on line 3"), std::string::npos) << error.message;
}

TEST(CsvReaderTest, ReadsALargeFileWithTheRightLineNumbers) {
  std::string text = "n;label\r\n";
  for (int i = 0; i < 5000; ++i) {
    text += std::to_string(i) + ";";
    text += (i % 100 == 0) ? "\"two\r\nlines\"\r\n" : "one\r\n";
  }
  auto file = ReadCsv(text);
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  ASSERT_EQ(file->records.size(), 5000u);
  // Every hundredth record spans two lines, pushing the following ones down by one.
  EXPECT_EQ(file->records[0].line, 2);
  EXPECT_EQ(file->records[1].line, 4);
  EXPECT_EQ(file->records[4999].line, 2 + 4999 + 50);
  EXPECT_EQ(file->records[100].fields[1], "two\nlines");
}

TEST(CsvReaderTest, FieldsStayValidWhenTheFileMoves) {
  // Plain fields are views of the text; rewritten ones (doubled quotes, CRLF inside quotes)
  // live in the file's storage, which a move must not invalidate.
  std::string text = "a;b\r\n";
  for (int i = 0; i < 300; ++i) text += "\"x\"\"" + std::to_string(i) + "\";\"l1\r\nl2\"\r\n";
  auto file = ReadCsv(text);
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  CsvFile moved = std::move(file).value();
  std::vector<CsvFile> files;
  files.push_back(std::move(moved));
  ASSERT_EQ(files[0].records.size(), 300u);
  for (int i = 0; i < 300; ++i) {
    EXPECT_EQ(files[0].records[static_cast<size_t>(i)].fields[0], "x\"" + std::to_string(i));
    EXPECT_EQ(files[0].records[static_cast<size_t>(i)].fields[1], "l1\nl2");
  }
}

}  // namespace
}  // namespace encaisse
