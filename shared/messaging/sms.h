// SMS: phone numbers to E.164 (French formats accepted), and message text to the GSM-7
// alphabet with its length in segments (160 characters alone, 153 per part when split;
// characters outside GSM-7 force UCS-2: 70, and 67 per part).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "shared/core/result.h"

namespace encaisse {

// "06 12 34 56 78", "+33 6 12 34 56 78", "0033612345678", "+33 (0)6..." -> "+33612345678".
// Other countries in international form (+32..., 0032...). Refuses anything else.
Result<std::string> NormalizePhone(std::string_view phone, std::string_view default_country = "FR");

struct SmsText {
  std::string text;                // after transliteration to GSM-7 when possible
  bool gsm7 = true;
  std::vector<std::string> parts;  // the segments as sent (1 when it fits)
};

// Replaces the French letters GSM-7 lacks (â ê î ô û ë ï ç œ ’ …) by their closest GSM-7
// form, then splits into segments without cutting a two-septet character or a UTF-8 sequence.
SmsText PrepareSms(std::string_view text);

}  // namespace encaisse
