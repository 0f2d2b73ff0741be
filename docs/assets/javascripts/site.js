// Reader-side fixes for Material's markup. No tracking, no third-party requests.
// Loaded before Material's bundle (overrides/main.html, block "scripts").
(function () {
  "use strict";

  // 1. The search index (about 90 KB compressed) is downloaded only when the reader turns
  //    to search, not with every page. Material asks for it at start-up; that request is
  //    held until the reader focuses or opens the search box, or presses a search key.
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  var held = [];
  var wanted = false;

  function release() {
    if (wanted) return;
    wanted = true;
    held.splice(0).forEach(function (go) { go(); });
  }

  XMLHttpRequest.prototype.open = function (method, url) {
    this.__searchIndex = /\/search\/search_index\.json(\?|$)/.test(String(url));
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var xhr = this;
    var args = arguments;
    if (xhr.__searchIndex && !wanted) {
      held.push(function () { send.apply(xhr, args); });
      return undefined;
    }
    return send.apply(xhr, args);
  };

  function inSearch(el) {
    return el && el.closest && el.closest(".md-search, label[for='__search']");
  }
  document.addEventListener("focusin", function (e) { if (inSearch(e.target)) release(); }, true);
  document.addEventListener("pointerdown", function (e) { if (inSearch(e.target)) release(); }, true);
  document.addEventListener("keydown", function (e) {
    if (e.key === "/" || e.key === "s" || e.key === "f" || e.key === "S" || e.key === "F") release();
  }, true);

  // 2. The search overlay is a dialog; give it a name screen readers announce (WCAG 4.1.2).
  document.querySelectorAll(".md-search[role=dialog]").forEach(function (el) {
    el.setAttribute("aria-label", "Search this guide");
  });
})();
