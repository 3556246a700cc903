// Text as French users compare it when they search or read a list in order: "Épicerie" is found
// by "epicerie" and is listed among the E, not after the Z (UTF-8 bytes put every accented
// capital after 'z', and lower case after upper case).
#pragma once

#include <string>
#include <string_view>

namespace encaisse {

// `text` (UTF-8) in lower case and without diacritics: the Latin-1 letters (À-ÿ), Œ/œ and Ÿ
// become their base letters (é -> e, Ç -> c, œ -> oe, æ -> ae, ß -> ss). Other bytes stay as
// they are, so folding never fails and equal texts fold alike.
std::string FoldText(std::string_view text);

}  // namespace encaisse
