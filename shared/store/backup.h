// Backups of a live database with SQLite's online backup API: a consistent copy taken while
// the server keeps writing (WAL readers do not block writers), and the checks a restore makes
// before it replaces anything.
#pragma once

#include <string>

#include "shared/store/db.h"

namespace encaisse {

// Copies `source` (one consistent snapshot) into a new database at `to_path` (which must not
// exist: the caller writes to a temporary name and renames it).
Status BackupDatabase(Db& source, const std::string& to_path);

// Checks a database file as a backup must be: SQLite's integrity check, a schema this program
// knows, every invoice's open amount equal to its allocations, and a change log without gaps.
// The error says which check failed.
Status CheckBackup(const std::string& path);

// Replaces the contents of the database at `to_path` (created when absent) by those of the
// checked backup at `from_path`, in one step for any reader (the backup API writes it as one
// transaction). The server must be stopped: its connections would keep stale caches.
Status RestoreDatabase(const std::string& from_path, const std::string& to_path);

}  // namespace encaisse
