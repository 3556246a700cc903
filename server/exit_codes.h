// Exit codes of the encaisse program: 0 ok, 1 usage error, 2 bad input, 3 other failure.
#pragma once

#include "shared/core/result.h"

namespace encaisse {

inline constexpr int kExitOk = 0;
inline constexpr int kExitUsage = 1;
inline constexpr int kExitBadInput = 2;
inline constexpr int kExitFailure = 3;

// Prints the error (if any) on stderr and returns the exit code it maps to.
int ReportStatus(const Status& status);

}  // namespace encaisse
