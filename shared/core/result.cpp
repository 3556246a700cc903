#include "shared/core/result.h"

namespace encaisse {

const char* CodeName(Code code) {
  switch (code) {
    case Code::kOk: return "ok";
    case Code::kInvalidArgument: return "invalid_argument";
    case Code::kNotFound: return "not_found";
    case Code::kConflict: return "conflict";
    case Code::kRefused: return "refused";
    case Code::kInternal: return "internal";
    case Code::kBusy: return "busy";
  }
  return "unknown";
}

std::string Status::ToString() const {
  if (ok()) return "ok";
  std::string s = CodeName(code_);
  s += ": ";
  if (!field_.empty()) s += field_ + ": ";
  s += message_;
  return s;
}

}  // namespace encaisse
