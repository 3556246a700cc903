// What the client asks of the browser: the clock and the calendar (the client is not the
// shared core: it may read them), random ids, persistence of /data to IndexedDB, the page's
// language and size, files picked and saved.
#pragma once

#include <string>

namespace encaisse::client {

double NowMs();               // performance.now()
void Mark(const char* name);  // performance.mark: the start's steps (tests/bench/client_bench.sh)
void MarkAfterFrame(const char* name);  // the same, once the browser has done this frame's rendering
std::string UtcTimestamp();   // "2026-12-05T09:30:00Z"
std::string LocalDateIso();   // the tablet's calendar day, until a sync brings the server's
// A UtcTimestamp on the tablet's clock and time zone: "2026-12-05 10:30" ("" if malformed).
std::string LocalDateTime(const std::string& utc);
std::string NewUuid();        // crypto.randomUUID()
bool PrefersEnglish();        // navigator.language
std::string PageParam(const char* name);  // ?name=value of the page address, "" if absent
std::string PageOrigin();                 // "https://encaisse.example.fr": the app's own server

// /data is an IndexedDB-backed folder (IDBFS). MountData loads its files but the replica
// (/data/replica.db, read by web/app/boot.js apart) from IndexedDB; `done` runs when they are
// there (or failed, then an empty folder). MountReplica then loads the replica (tens of MB: the
// first frame does not wait for it); `done` runs when it is there, or failed (then absent).
void MountData(void (*done)(bool ok));
void MountReplica(void (*done)(bool ok));
// Saves /data to IndexedDB in the background (FS.syncfs). Several calls while one runs are
// coalesced into one more save after it. Before MountReplica is done, the save waits for it:
// made then, it would delete the replica from IndexedDB.
void PersistData();
bool PersistBusy();

// Gives a file of /data room for `bytes` without changing its size. The in-memory file system
// grows a file by 1/8 at a time, copying it whole each time: a 20 MB replica written by a first
// sync was copied ~30 times (0.5 s of the sync, in the browser's profile). No effect on a file
// that is absent or already as large.
void ReserveFile(const char* path, double bytes);

// Opens the browser's file picker (accept: ".csv,text/csv"); the file chosen arrives later,
// taken by the frame loop with TakePickedFile (name and bytes as they are on disk).
void PickFile(const char* accept);
bool TakePickedFile(std::string* name, std::string* bytes);
// Hands `content` to the browser as a download named `name` (a CSV export).
void SaveFile(const std::string& name, const std::string& mime, const std::string& content);

}  // namespace encaisse::client
