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
  printErr: function (text) { console.warn(text); },
};
window.addEventListener('error', function () {
  var s = document.getElementById('status');
  if (s) s.textContent = 'Erreur au démarrage : rechargez la page. / Start-up error: reload the page.';
});
if ('serviceWorker' in navigator) navigator.serviceWorker.register('sw.js');
