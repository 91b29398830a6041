// Live showcase parts (the board, a demo's results). htmx polls them; this file only
// - skips polls while the tab is hidden and refreshes at once when it is shown again,
// - marks the numbers as stale while refreshes fail (venue Wi-Fi), until one succeeds.
(function () {
  "use strict";

  var LIVE_IDS = ["board", "results"];

  function isLive(element) {
    return element && LIVE_IDS.indexOf(element.id) !== -1;
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    if (document.hidden && isLive(event.detail.elt)) {
      event.preventDefault();
    }
  });

  document.addEventListener("visibilitychange", function () {
    if (document.hidden || !window.htmx) { return; }
    LIVE_IDS.forEach(function (id) {
      var element = document.getElementById(id);
      if (element) { window.htmx.trigger(element, "board:refresh"); }
    });
  });

  function markStale(event) {
    if (isLive(event.detail.elt)) {
      event.detail.elt.classList.add("is-stale");
    }
  }
  document.addEventListener("htmx:responseError", markStale);
  document.addEventListener("htmx:sendError", markStale);
  document.addEventListener("htmx:timeout", markStale);
})();
