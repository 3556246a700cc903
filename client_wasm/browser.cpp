#include "client_wasm/browser.h"

#include <emscripten.h>

#include <cstdlib>
#include <deque>
#include <utility>

namespace encaisse::client {
namespace {

EM_JS(void, js_mark, (const char* name), { performance.mark(UTF8ToString(name)); });
// A message posted from a frame's callback is handled once the browser has done the rest of that
// frame's rendering (the canvas handed to the compositor: a read-back when it composites in
// software).
EM_JS(void, js_mark_after_frame, (const char* name), {
  var mark = UTF8ToString(name), channel = new MessageChannel();
  channel.port1.onmessage = function () { performance.mark(mark); };
  channel.port2.postMessage(0);
});
EM_JS(char*, js_utc_timestamp, (), {
  return encaisseNewString(new Date().toISOString().slice(0, 19) + "Z");
});
EM_JS(char*, js_local_date, (), {
  const d = new Date();
  const p = (n) => String(n).padStart(2, "0");
  return encaisseNewString(d.getFullYear() + "-" + p(d.getMonth() + 1) + "-" + p(d.getDate()));
});
EM_JS(char*, js_local_date_time, (const char* utc), {
  const d = new Date(UTF8ToString(utc));
  if (isNaN(d.getTime())) return encaisseNewString("");
  const p = (n) => String(n).padStart(2, "0");
  return encaisseNewString(d.getFullYear() + "-" + p(d.getMonth() + 1) + "-" + p(d.getDate()) + " " + p(d.getHours()) + ":" +
                           p(d.getMinutes()));
});
EM_JS(char*, js_uuid, (), {
  if (crypto.randomUUID) return encaisseNewString(crypto.randomUUID());
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return encaisseNewString(h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20));
});
EM_JS(int, js_prefers_english, (), {
  return (navigator.language || "fr").toLowerCase().startsWith("en") ? 1 : 0;
});
EM_JS(char*, js_page_param, (const char* name), {
  const v = new URLSearchParams(location.search).get(UTF8ToString(name));
  return encaisseNewString(v === null ? "" : v);
});
EM_JS(char*, js_page_origin, (), { return encaisseNewString(location.origin); });
// The files boot.js read ahead are put in place (encaisseStoreEntries, pre.js). Without them,
// or if one fails, IDBFS reads everything, the replica too. Module["..."] in quotes where boot.js
// set the field: closure compiler renames dotted names in the code it sees, not in boot.js.
EM_JS(void, js_mount_data, (), {
  try { FS.mkdir("/data"); } catch (e) {}
  FS.mount(IDBFS, {}, "/data");
  const readAll = () => FS.syncfs(true, (err) => {
    Module["replicaPrefetch"] = null;  // read with the rest
    _encaisse_mount_done(err ? 0 : 1);
  });
  if (!Module["dataPrefetch"]) return readAll();
  Module["dataPrefetch"].then((got) => {
    Module["dataPrefetch"] = null;
    if (!got) return readAll();
    const failed = encaisseStoreEntries(got);
    if (failed) {
      console.warn("IndexedDB read ahead could not be used", failed);
      return readAll();
    }
    _encaisse_mount_done(1);
  });
});
// The replica, after the small files: boot.js's second read. When that read failed, the replica
// stays absent and is pulled again (reading /data whole here would put the small files back as
// they were saved, losing what the app wrote since).
EM_JS(void, js_mount_replica, (), {
  const done = (ok) => {
    Module.replicaMounted = true;
    _encaisse_replica_done(ok);
  };
  if (!Module["replicaPrefetch"]) return done(1);  // /data was read whole
  Module["replicaPrefetch"].then((got) => {
    Module["replicaPrefetch"] = null;
    const failed = got ? encaisseStoreEntries(got) : "not read";
    if (failed) console.warn("the replica could not be read from IndexedDB", failed);
    done(failed ? 0 : 1);
  });
});
// Saves /data. Until the replica is in /data, a save would delete it from IndexedDB (a save
// makes IndexedDB what /data holds): it waits, and encaisse_replica_done saves then.
EM_JS(void, js_persist, (), {
  if (!Module.replicaMounted) { Module.persistWaiting = true; return; }
  Module.persistWaiting = false;
  if (Module.persistRunning) { Module.persistAgain = true; return; }
  Module.persistRunning = true;
  const run = () => {
    // IndexedDB keeps a typed array's whole buffer: a file's room to grow (ReserveFile, MEMFS's
    // own growth) would be saved, and read back at every start. Each file at its size first.
    for (const name of FS.readdir("/data")) {
      const node = FS.analyzePath("/data/" + name).object;
      if (node && FS.isFile(node.mode) && node.contents && node.contents.length > node.usedBytes)
        node.contents = node.contents.slice(0, node.usedBytes);
    }
    FS.syncfs(false, after);
  };
  const after = (err) => {
    if (err) console.warn("saving to IndexedDB failed", err);
    if (Module.persistAgain) { Module.persistAgain = false; run(); return; }
    Module.persistRunning = false;
  };
  run();
});
// MEMFS keeps a file in node.contents (its capacity) and node.usedBytes (its size).
EM_JS(void, js_reserve_file, (const char* path, double bytes), {
  try {
    const node = FS.lookupPath(UTF8ToString(path)).node;
    if (node.contents && node.contents.length >= bytes) return;
    const room = new Uint8Array(bytes);
    if (node.usedBytes) room.set(node.contents.subarray(0, node.usedBytes));
    node.contents = room;
  } catch (e) {
    console.warn("no room reserved for", UTF8ToString(path), e);
  }
});
EM_JS(int, js_persist_waiting, (), { return Module.persistWaiting ? 1 : 0; });
EM_JS(int, js_persist_busy, (), { return Module.persistRunning || Module.persistWaiting ? 1 : 0; });
EM_JS(void, js_pick_file, (const char* accept), {
  const input = document.createElement("input");
  input.type = "file";
  input.accept = UTF8ToString(accept);
  input.onchange = () => {
    const file = input.files[0];
    if (!file) return;
    file.arrayBuffer().then((buffer) => {
      const bytes = new Uint8Array(buffer);
      const data = _malloc(bytes.length + 1);
      HEAPU8.set(bytes, data);
      _encaisse_file_picked(encaisseNewString(file.name), data, bytes.length);
    });
  };
  input.click();
});
EM_JS(void, js_save_file, (const char* name, const char* mime, const char* data, int size), {
  const blob = new Blob([HEAPU8.slice(data, data + size)], { type: UTF8ToString(mime) });
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = UTF8ToString(name);
  document.body.appendChild(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
});

std::string Take(char* s) {
  std::string out = s ? s : "";
  std::free(s);
  return out;
}

void (*mount_done)(bool) = nullptr;
void (*replica_done)(bool) = nullptr;
std::deque<std::pair<std::string, std::string>> picked;  // name, bytes

}  // namespace

extern "C" EMSCRIPTEN_KEEPALIVE void encaisse_mount_done(int ok) {
  if (mount_done) mount_done(ok != 0);
}

extern "C" EMSCRIPTEN_KEEPALIVE void encaisse_replica_done(int ok) {
  if (replica_done) replica_done(ok != 0);
  if (js_persist_waiting()) js_persist();  // what was saved while the replica was on its way
}

extern "C" EMSCRIPTEN_KEEPALIVE void encaisse_file_picked(char* name, char* data, int size) {
  picked.emplace_back(Take(name), std::string(data, static_cast<size_t>(size)));
  std::free(data);
}

double NowMs() { return emscripten_get_now(); }
void Mark(const char* name) { js_mark(name); }
void MarkAfterFrame(const char* name) { js_mark_after_frame(name); }
std::string UtcTimestamp() { return Take(js_utc_timestamp()); }
std::string LocalDateIso() { return Take(js_local_date()); }
std::string LocalDateTime(const std::string& utc) { return Take(js_local_date_time(utc.c_str())); }
std::string NewUuid() { return Take(js_uuid()); }
bool PrefersEnglish() { return js_prefers_english() != 0; }
std::string PageParam(const char* name) { return Take(js_page_param(name)); }
std::string PageOrigin() { return Take(js_page_origin()); }

void MountData(void (*done)(bool ok)) {
  mount_done = done;
  js_mount_data();
}
void MountReplica(void (*done)(bool ok)) {
  replica_done = done;
  js_mount_replica();
}
void PersistData() { js_persist(); }
void ReserveFile(const char* path, double bytes) { js_reserve_file(path, bytes); }
void PickFile(const char* accept) { js_pick_file(accept); }
bool TakePickedFile(std::string* name, std::string* bytes) {
  if (picked.empty()) return false;
  *name = std::move(picked.front().first);
  *bytes = std::move(picked.front().second);
  picked.pop_front();
  return true;
}
void SaveFile(const std::string& name, const std::string& mime, const std::string& content) {
  js_save_file(name.c_str(), mime.c_str(), content.data(), static_cast<int>(content.size()));
}
bool PersistBusy() { return js_persist_busy() != 0; }

}  // namespace encaisse::client
