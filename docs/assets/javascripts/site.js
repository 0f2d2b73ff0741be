// Small accessibility fixes for Material's markup (no tracking, no network).
// The search overlay is a dialog; give it a name screen readers can announce (WCAG 4.1.2).
document.querySelectorAll(".md-search[role=dialog]").forEach(function (el) {
  el.setAttribute("aria-label", "Search this guide");
});
