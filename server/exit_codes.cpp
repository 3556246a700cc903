#include "server/exit_codes.h"

#include <cstdio>

namespace encaisse {

int ReportStatus(const Status& status) {
  if (status.ok()) return kExitOk;
  std::fprintf(stderr, "encaisse: %s\n", status.ToString().c_str());
  return status.IsServerFault() ? kExitFailure : kExitBadInput;
}

}  // namespace encaisse
