// Service worker of the door scanner (scope /scanner/). Served by a Django view that prepends
// self.SCANNER_SW = {version, scope, precache}: the version changes whenever the page or any
// cached file changes, which installs a fresh copy of the app.
//
// The app shell (page, modules, styles, fonts, decoder, icons) is served from the cache first,
// so the app opens and scans with no network at all. The API is never cached: scans, the
// delegate list and the upload queue are handled by the page itself (IndexedDB).

const { version, scope, precache } = self.SCANNER_SW;
const CACHE = `forum-scanner-${version}`;
const PREFIX = "forum-scanner-";

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      // Straight from the network, not from the HTTP cache, so a new version is really new.
      await cache.addAll(precache.map((url) => new Request(url, { cache: "reload" })));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(
        names.filter((name) => name.startsWith(PREFIX) && name !== CACHE).map((name) => caches.delete(name)),
      );
      await self.clients.claim();
    })(),
  );
});

function isShell(url) {
  return url.origin === self.location.origin && !url.pathname.startsWith("/api/");
}

async function fromCacheFirst(request) {
  const cache = await caches.open(CACHE);
  const url = new URL(request.url);
  // The page is one app whatever its query string (?pair=CODE).
  const key = request.mode === "navigate" && url.pathname === scope ? scope : request;
  const cached = await cache.match(key, { ignoreSearch: request.mode === "navigate" });
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok && response.type === "basic" && url.pathname.startsWith("/static/")) {
    cache.put(request, response.clone());
  }
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (!isShell(url)) return;
  if (url.pathname.startsWith(scope) || url.pathname.startsWith("/static/")) {
    event.respondWith(fromCacheFirst(request));
  }
});
