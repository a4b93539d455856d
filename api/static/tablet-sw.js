// The tablet's service worker (served as /tablet/sw.js, scope /tablet/): the sheet opens
// again after a reload without Wi-Fi. Pages under /tablet/ are fetched from the network
// first and kept; when the network fails the kept copy is shown (the marks typed since are
// in localStorage and tablet.js lays them over it). The page's static files are kept too.
// API calls are never touched: marks go straight to the server or stay queued on the page.
const CACHE = "biwu-tablet-v1";
const FILES = ["/static/tablet.js", "/static/screens.css", "/static/favicon.svg", "/static/vendor/htmx/htmx.min.js"];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("biwu-tablet-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    // keep only real pages: not the sign-in page a lapsed session is redirected to
    if (response.ok && !response.redirected) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    const kept = await cache.match(request, { ignoreVary: true });
    if (kept) return kept;
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  const page = request.mode === "navigate" && url.pathname.startsWith("/tablet/");
  if (page || FILES.includes(url.pathname)) event.respondWith(networkFirst(request));
});
