// Files that hold debtors' personal data (letters, print batches): owner-only permissions,
// written whole or not at all (temporary file, fsync, rename), so a crash never leaves half
// a letter for the printer.
#pragma once

#include <string>

#include "shared/core/result.h"

namespace encaisse {

// Creates the folder and its parents, mode 0700.
Status MakePrivateDir(const std::string& path);
// Writes `bytes` to `path` (mode 0600) atomically and durably.
Status WritePrivateFile(const std::string& path, const std::string& bytes);

// A customer code or an invoice number as part of a file name: letters, digits, '-' and '_'
// only (never a path separator), at most 40 characters.
std::string SafeFileName(const std::string& text);

}  // namespace encaisse
