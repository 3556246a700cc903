// Runs before app.js: the Module object emscripten reads (the canvas, the download progress),
// the start-up error message, and the service worker that lets the app start offline.
var canvas = document.getElementById('canvas');
canvas.addEventListener('contextmenu', function (e) { e.preventDefault(); });
var Module = {
  canvas: canvas,
  setStatus: function (text) {
    var m = text && text.match(/\((\d+(\.\d+)?)\/(\d+)\)/);
    if (m) document.getElementById('progress').style.width = (100 * m[1] / m[3]) + '%';
  },
};
window.addEventListener('error', function () {
  var s = document.getElementById('status');
  if (s) s.textContent = 'Erreur au démarrage : rechargez la page. / Start-up error: reload the page.';
});
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
if ('serviceWorker' in navigator) navigator.serviceWorker.register('sw.js');
