// Builds the RFC 5322 / MIME bytes of a reminder email: a pure function (no clock, no
// network) so that it can be tested byte for byte. The message is signed by the company
// (white label): nothing in it names the software that sent it.
#pragma once

#include <ctime>
#include <string>
#include <string_view>

#include "server/dunning/channel.h"

namespace encaisse {

// "=?UTF-8?B?...?=" words (folded with CRLF + space when long) for a header value that is
// not plain ASCII; the value itself when it is.
std::string EncodeHeaderText(std::string_view value);
// Base64 in lines of at most 76 characters, each ended by CRLF.
std::string Base64Lines(std::string_view data);
// "Tue, 24 Nov 2026 08:00:00 +0000"
std::string Rfc5322Date(std::time_t t);
// The statement as a CSV file (number;due date;open;days late;interest;fee), UTF-8.
std::string StatementCsv(const CustomerStatement& statement);

// A bare address: something@something, no spaces, brackets, quotes or control characters
// (what a From or To header takes as is).
bool PlainAddress(std::string_view address);
// The right side of a Message-ID: the company's mail domain, "localhost" without one.
std::string MessageIdDomain(std::string_view company_email);

// `from_address`: the From address (the company email, or the SMTP account's when the
// server overrides it). Refused without a recipient; Invalid when a header value holds a
// CR or LF (header injection) or an address is malformed.
Result<std::string> BuildMimeMessage(const OutgoingMessage& message, const std::string& from_address, std::time_t now);

}  // namespace encaisse
