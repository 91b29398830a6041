// Live check-in dashboard. htmx polls the #stats fragment every 5 s; this file only
// - skips polls while the tab is hidden and refreshes at once when it is shown again,
// - keeps an opened <details> (the chart's table) open across refreshes,
// - on a phone, where the chart scrolls sideways, shows "now" first and keeps the reader's
//   scroll position across refreshes,
// - marks the numbers as stale while refreshes fail (venue Wi-Fi), until one succeeds.
(function () {
  "use strict";

  var STATS_ID = "stats";
  var openDetails = [];
  var chartScroll = null;

  function chartWrap() {
    var stats = document.getElementById(STATS_ID);
    return stats && stats.querySelector(".chart-wrap");
  }

  function showNow() {
    var wrap = chartWrap();
    if (!wrap || wrap.scrollWidth <= wrap.clientWidth) { return; }
    var line = wrap.querySelector(".chart-now");
    var svg = wrap.querySelector("svg");
    if (!line || !svg || !svg.viewBox.baseVal.width) { return; }
    var ratio = parseFloat(line.getAttribute("x1")) / svg.viewBox.baseVal.width;
    wrap.scrollLeft = Math.max(0, ratio * wrap.scrollWidth - wrap.clientWidth * 0.75);
  }

  function isStats(element) {
    return element && element.id === STATS_ID;
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    if (document.hidden && isStats(event.detail.elt)) {
      event.preventDefault();
    }
  });

  document.addEventListener("visibilitychange", function () {
    var stats = document.getElementById(STATS_ID);
    if (!document.hidden && stats && window.htmx) {
      window.htmx.trigger(stats, "dashboard:refresh");
    }
  });

  document.addEventListener("htmx:beforeSwap", function (event) {
    if (isStats(event.detail.target)) {
      var wrap = chartWrap();
      chartScroll = wrap ? wrap.scrollLeft : null;
      openDetails = Array.prototype.map.call(
        event.detail.target.querySelectorAll("details[open][id]"),
        function (details) { return details.id; }
      );
    }
  });

  document.addEventListener("htmx:afterSettle", function () {
    openDetails.forEach(function (id) {
      var details = document.getElementById(id);
      if (details) { details.open = true; }
    });
    openDetails = [];
    var wrap = chartWrap();
    if (wrap && chartScroll !== null) {
      wrap.scrollLeft = chartScroll;
      chartScroll = null;
    }
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", showNow);
  } else {
    showNow();
  }

  function markStale(event) {
    if (isStats(event.detail.elt)) {
      event.detail.elt.classList.add("is-stale");
    }
  }
  document.addEventListener("htmx:responseError", markStale);
  document.addEventListener("htmx:sendError", markStale);
  document.addEventListener("htmx:timeout", markStale);
})();
