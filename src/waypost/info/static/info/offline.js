// Installs the information pages' service worker: after one visit, the articles, the
// directory and the points of this language work without a network. Without JavaScript
// the pages work the same, online.
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="waypost-service-worker"]');
  if (!meta || !("serviceWorker" in navigator)) return;
  navigator.serviceWorker.register(meta.content, { scope: meta.dataset.scope }).catch(function () {});
})();
