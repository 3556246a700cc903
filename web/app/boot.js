// Runs before app.js: the Module object emscripten reads (the canvas, the download progress, the
// wasm compiled ahead), the tablet's data read ahead, the start-up error message, and the service
// worker that lets the app start offline.
var canvas = document.getElementById('canvas');
canvas.addEventListener('contextmenu', function (e) { e.preventDefault(); });
// The WebGL context, made first: in a new browser it starts the GPU process, which takes the
// main thread for a while; made here, that overlaps app.js's download and compile instead of
// waiting for main(). Made last in this file, it waited longer (the wasm's compile took the
// cores). GLFW's own request (the same attributes, client_wasm/main.cpp) gets this one back.
// Sized first as GLFW sizes it (the page's size): resizing a WebGL canvas waits for the GPU
// process (its buffers are made again), and GLFW set the width and the height one after the
// other: two waits of up to 300 ms in the start's profile, before the first frame. (The first
// GL call after still waits for the GPU process when it is busy: once.)
canvas.width = window.innerWidth;
canvas.height = window.innerHeight;
canvas.getContext('webgl2', { antialias: false, alpha: true, depth: false, stencil: false });
performance.mark('webgl');  // the start's steps, as marks (tests/bench/client_bench.sh prints them)
var Module = {
  canvas: canvas,
  setStatus: function (text) {
    var m = text && text.match(/\((\d+(\.\d+)?)\/(\d+)\)/);
    if (m) document.getElementById('progress').style.width = (100 * m[1] / m[3]) + '%';
  },
};
// What a failed start shows, instead of a loading bar that never ends.
function startUpFailed(e) {
  console.error(e);
  var s = document.getElementById('status');
  if (s) s.textContent = 'Erreur au démarrage : rechargez la page. / Start-up error: reload the page.';
}
window.addEventListener('error', function (e) { startUpFailed(e.error || e.message); });
// The tablet's data, read out of IndexedDB while app.js and the wasm download and compile; the
// app mounts it from here (client_wasm/browser.cpp) instead of reading it after. Two reads: the
// small files (the sign-in, the pending actions, the saved dashboard figures: all the first frame
// needs), and the replica, tens of MB, in a transaction of its own that the first frame does not
// wait for. Emscripten's IDBFS layout: database "/data", version 21, store FILE_DATA keyed by
// path. No database yet: the open is aborted, so that IDBFS creates it itself.
var kReplicaPath = '/data/replica.db';
var replicaRead;
Module.replicaPrefetch = new Promise(function (resolve) { replicaRead = resolve; });
Module.dataPrefetch = new Promise(function (resolve) {
  var failed = function () { resolve(null); replicaRead(null); };
  var req;
  try { req = indexedDB.open('/data', 21); } catch (e) { failed(); return; }
  req.onupgradeneeded = function (e) { e.target.transaction.abort(); };
  req.onerror = function (e) { e.preventDefault(); failed(); };
  req.onsuccess = function () {
    performance.mark('idb_open');
    var db = req.result, reading = 2;
    // The entries of `ranges`, in key order (a folder before its files), or null.
    var read = function (ranges, settle) {
      var got = { paths: [], entries: [] }, left = ranges.length;
      var end = function (value) { if (--reading === 0) db.close(); settle(value); };
      try {
        var tx = db.transaction(['FILE_DATA'], 'readonly'), store = tx.objectStore('FILE_DATA');
        tx.onabort = function () { end(null); };  // a failed request aborts it
        ranges.forEach(function (r) {  // answered in the order asked
          var keys = store.getAllKeys(r), values = store.getAll(r);
          values.onsuccess = function () {
            got.paths = got.paths.concat(keys.result);
            got.entries = got.entries.concat(values.result);
            if (--left === 0) end(got);
          };
        });
      } catch (e) { end(null); }
    };
    read([IDBKeyRange.upperBound(kReplicaPath, true), IDBKeyRange.lowerBound(kReplicaPath, true)],
         function (got) { performance.mark('data_read'); resolve(got); });
    read([IDBKeyRange.only(kReplicaPath)], function (got) { performance.mark('replica_read'); replicaRead(got); });
  };
});
// The wasm is fetched and compiled from here, while app.js downloads and runs, instead of once
// app.js has run (emscripten asks for it last); app.js instantiates the compiled module.
var wasmCompiled = (WebAssembly.compileStreaming
  ? WebAssembly.compileStreaming(fetch('app.wasm', { credentials: 'same-origin' }))
  : Promise.reject(new Error('no streaming compile')))
  .catch(function () {  // a server that does not say application/wasm, or an older browser
    return fetch('app.wasm', { credentials: 'same-origin' })
      .then(function (r) { return r.arrayBuffer(); })
      .then(function (bytes) { return WebAssembly.compile(bytes); });
  });
Module.instantiateWasm = function (imports, done) {
  wasmCompiled
    .then(function (module) {
      performance.mark('wasm_compiled');
      return WebAssembly.instantiate(module, imports).then(function (instance) { done(instance, module); });
    })
    .catch(startUpFailed);
  return {};  // the exports come through done()
};
if ('serviceWorker' in navigator) navigator.serviceWorker.register('sw.js');
