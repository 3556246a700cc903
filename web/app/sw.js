// The app shell and the wasm, cached so that the app starts at once, with or without network.
// Cache first: a tablet in the field on one bar of signal would otherwise wait for the network
// before every start. A new build changes this file (the build writes the shell's hash into
// BUILD); the browser looks for a new sw.js in the background when the app opens, installs it,
// and the new worker caches the new shell and drops the old: the next start runs the new build.
// The API and the sync are never cached: they are the server's, and POSTs anyway.
const BUILD = 'dev';
const CACHE = `encaisse-app-${BUILD}`;
const SHELL = ['./', 'index.html', 'app.css', 'boot.js', 'app.js', 'app.wasm', 'manifest.webmanifest', 'icon.svg'];

self.addEventListener('install', (event) => {
  // `reload`: the shell from the server, not from the browser's HTTP cache (an older build).
  event.waitUntil(caches.open(CACHE)
    .then((cache) => cache.addAll(SHELL.map((path) => new Request(path, { cache: 'reload' }))))
    .then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()));
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== location.origin || !url.pathname.startsWith('/app/')) return;
  event.respondWith(
    caches.match(event.request, { ignoreSearch: true }).then((cached) => cached || fetch(event.request).then((response) => {
      if (response.ok) {
        const copy = response.clone();
        caches.open(CACHE).then((cache) => cache.put(event.request, copy));
      }
      return response;
    })));
});
