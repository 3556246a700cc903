#include "server/dunning/mime_message.h"

#include <algorithm>
#include <cstdio>
#include <functional>

#include "shared/core/money.h"

namespace encaisse {
namespace {

constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string Base64(std::string_view in) {
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const uint32_t v = (uint32_t(uint8_t(in[i])) << 16) | (uint32_t(uint8_t(in[i + 1])) << 8) | uint8_t(in[i + 2]);
    out += kB64[(v >> 18) & 63];
    out += kB64[(v >> 12) & 63];
    out += kB64[(v >> 6) & 63];
    out += kB64[v & 63];
  }
  if (i < in.size()) {
    uint32_t v = uint32_t(uint8_t(in[i])) << 16;
    if (i + 1 < in.size()) v |= uint32_t(uint8_t(in[i + 1])) << 8;
    out += kB64[(v >> 18) & 63];
    out += kB64[(v >> 12) & 63];
    out += i + 1 < in.size() ? kB64[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

bool IsAscii(std::string_view s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}

bool HasLineBreak(std::string_view s) { return s.find_first_of("\r\n") != std::string_view::npos; }

// An attachment name we write ourselves: letters, digits, '-', '_' and '.', nothing to quote.
bool PlainFilename(std::string_view name) {
  if (name.empty() || name.size() > 100) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
  });
}

// A display name: plain ASCII goes in a quoted string, anything else in encoded words.
std::string DisplayName(std::string_view name) {
  if (!IsAscii(name)) return EncodeHeaderText(name);
  std::string out = "\"";
  for (char c : name) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// Text with CRLF line ends (bare LF and CR become CRLF).
std::string Crlf(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 40);
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
      out += "\r\n";
    } else if (text[i] == '\n') {
      out += "\r\n";
    } else {
      out += text[i];
    }
  }
  return out;
}

std::string CsvField(std::string_view v) {
  if (v.find_first_of(";\"\r\n") == std::string_view::npos) return std::string(v);
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::string EncodeHeaderText(std::string_view value) {
  if (IsAscii(value)) return std::string(value);
  // An encoded word is at most 75 characters: 12 of framing, 60 of base64 = 45 bytes, cut
  // between UTF-8 characters.
  std::string out;
  size_t pos = 0;
  while (pos < value.size()) {
    size_t end = std::min(value.size(), pos + 45);
    while (end < value.size() && end > pos && (static_cast<unsigned char>(value[end]) & 0xC0) == 0x80) --end;
    if (end == pos) end = std::min(value.size(), pos + 45);
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + Base64(value.substr(pos, end - pos)) + "?=";
    pos = end;
  }
  return out;
}

std::string Base64Lines(std::string_view data) {
  const std::string b64 = Base64(data);
  std::string out;
  out.reserve(b64.size() + b64.size() / 76 * 2 + 2);
  for (size_t i = 0; i < b64.size(); i += 76) {
    out.append(b64, i, 76);
    out += "\r\n";
  }
  return out;
}

std::string Rfc5322Date(std::time_t t) {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::tm utc{};
  gmtime_r(&t, &utc);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[utc.tm_wday], utc.tm_mday,
                kMonths[utc.tm_mon], utc.tm_year + 1900, utc.tm_hour, utc.tm_min, utc.tm_sec);
  return buf;
}

std::string StatementCsv(const CustomerStatement& statement) {
  std::string out = "number;due date;open;days late;interest;fee\r\n";
  for (const auto& line : statement.lines) {
    out += CsvField(line.number) + ";" + line.due_date.ToIso() + ";" + FormatPlain(line.open_minor, statement.currency) +
           ";" + std::to_string(line.days_late) + ";" + FormatPlain(line.interest_minor, statement.currency) + ";" +
           FormatPlain(line.fee_minor, statement.currency) + "\r\n";
  }
  return out;
}

bool PlainAddress(std::string_view a) {
  const auto at = a.find('@');
  if (at == std::string_view::npos || at == 0 || at + 1 >= a.size()) return false;
  for (char c : a) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f || c == '<' || c == '>' || c == '"' || c == ',' || c == '(' || c == ')' || c == ';' ||
        c == '\\')
      return false;
  }
  return true;
}

std::string MessageIdDomain(std::string_view company_email) {
  const size_t at = company_email.find('@');
  return at == std::string_view::npos ? "localhost" : std::string(company_email.substr(at + 1));
}

Result<std::string> BuildMimeMessage(const OutgoingMessage& m, const std::string& from_address, std::time_t now) {
  if (m.customer.email.empty()) return Status::Refused("no email address");
  for (const std::string* v : {&m.company.name, &m.company.email, &m.customer.email, &m.content.subject,
                               &m.message_id, &from_address})
    if (HasLineBreak(*v)) return Status::Invalid("line break in an email header value (header injection refused)");
  if (!PlainAddress(m.customer.email)) return Status::Invalid("malformed email address: " + m.customer.email);
  if (!PlainAddress(from_address)) return Status::Invalid("malformed sender address: " + from_address);
  if (!m.company.email.empty() && !PlainAddress(m.company.email))
    return Status::Invalid("malformed company email address: " + m.company.email);

  for (const Attachment& a : m.attachments)
    if (!PlainFilename(a.filename) || HasLineBreak(a.content_type))
      return Status::Invalid("attachment name or type not allowed: " + a.filename);

  // Boundaries cannot occur in base64 bodies (they hold "=_" and "."), and are stable per message.
  const std::string tag = std::to_string(std::hash<std::string>{}(m.message_id) % 1000000007u);
  const std::string mixed = "=_mixed." + tag;
  const std::string alt = "=_alt." + tag;

  std::string h;
  h += "From: " + DisplayName(m.company.name) + " <" + from_address + ">\r\n";
  h += "To: <" + m.customer.email + ">\r\n";
  if (!m.company.email.empty()) h += "Reply-To: " + DisplayName(m.company.name) + " <" + m.company.email + ">\r\n";
  h += "Subject: " + EncodeHeaderText(m.content.subject) + "\r\n";
  h += "Date: " + Rfc5322Date(now) + "\r\n";
  if (!m.message_id.empty()) h += "Message-ID: " + m.message_id + "\r\n";
  h += "MIME-Version: 1.0\r\n";
  h += "Content-Type: multipart/mixed; boundary=\"" + mixed + "\"\r\n";
  h += "\r\n";

  std::string b = h;
  b += "--" + mixed + "\r\n";
  b += "Content-Type: multipart/alternative; boundary=\"" + alt + "\"\r\n\r\n";
  b += "--" + alt + "\r\n";
  b += "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
  b += Base64Lines(Crlf(m.content.text));
  b += "--" + alt + "\r\n";
  b += "Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
  b += Base64Lines(Crlf(m.content.html));
  b += "--" + alt + "--\r\n";
  for (const Attachment& a : m.attachments) {
    b += "--" + mixed + "\r\n";
    b += "Content-Type: " + a.content_type + "; name=\"" + a.filename + "\"\r\n";
    b += "Content-Disposition: attachment; filename=\"" + a.filename + "\"\r\n";
    b += "Content-Transfer-Encoding: base64\r\n\r\n";
    b += Base64Lines(a.bytes);
  }
  b += "--" + mixed + "--\r\n";
  return b;
}

}  // namespace encaisse
