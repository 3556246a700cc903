// Runs before app.js: the Module object emscripten reads (the canvas, the download progress, the
// wasm compiled ahead), the tablet's data read ahead, the start-up error message, and the service
// worker that lets the app start offline.
var canvas = document.getElementById('canvas');
canvas.addEventListener('contextmenu', function (e) { e.preventDefault(); });
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
// app mounts it from here (js_mount_data in client_wasm/browser.cpp) instead of reading it after.
// Emscripten's IDBFS layout: database "/data", version 21, store FILE_DATA keyed by path. No
// database yet: the open is aborted, so that IDBFS creates it itself.
Module.dataPrefetch = new Promise(function (resolve) {
  var req;
  try { req = indexedDB.open('/data', 21); } catch (e) { resolve(null); return; }
  req.onupgradeneeded = function (e) { e.target.transaction.abort(); };
  req.onerror = function (e) { e.preventDefault(); resolve(null); };
  req.onsuccess = function () {
    var db = req.result;
    try {
      var store = db.transaction(['FILE_DATA'], 'readonly').objectStore('FILE_DATA');
      var keys = store.getAllKeys(), values = store.getAll();
      values.onsuccess = function () { db.close(); resolve({ paths: keys.result, entries: values.result }); };
      values.onerror = function (e) { e.preventDefault(); db.close(); resolve(null); };
    } catch (e) { db.close(); resolve(null); }
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
      return WebAssembly.instantiate(module, imports).then(function (instance) { done(instance, module); });
    })
    .catch(startUpFailed);
  return {};  // the exports come through done()
};
if ('serviceWorker' in navigator) navigator.serviceWorker.register('sw.js');
