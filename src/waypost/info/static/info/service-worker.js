// (The view that serves this file puts CACHE, SCOPE and PRECACHE above this line.)
// Offline-first information pages: on install, the pages of this language (home, articles,
// directory, points, services) are fetched without cookies and kept; afterwards a page is
// asked from the network first and kept fresh, and served from the cache when the network
// is gone. Nothing outside SCOPE's public pages is kept (the team's pages are not).
"use strict";

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CACHE).then(function (cache) {
      return Promise.all(
        PRECACHE.map(function (url) {
          return fetch(new Request(url, { credentials: "omit" })).then(function (response) {
            if (response.ok) return cache.put(url, response);
          }).catch(function () {});
        })
      );
    }).then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (keys) {
      return Promise.all(keys.filter(function (key) {
        return key.indexOf("waypost-info-") === 0 && key !== CACHE && key.split("-")[2] === CACHE.split("-")[2];
      }).map(function (key) { return caches.delete(key); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function keepable(url) {
  if (url.origin !== self.location.origin) return false;
  if (url.pathname.indexOf("/static/") === 0) return true;
  return url.pathname.indexOf(SCOPE) === 0 && url.pathname.indexOf(SCOPE + "manage/") !== 0;
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (!keepable(url)) return;
  event.respondWith(
    fetch(request).then(function (response) {
      if (response.ok && response.type === "basic") {
        var copy = response.clone();
        caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
      }
      return response;
    }).catch(function () {
      return caches.match(request).then(function (hit) {
        return hit || caches.match(url.pathname, { ignoreSearch: true }).then(function (page) {
          return page || caches.match(SCOPE);
        });
      });
    })
  );
});
