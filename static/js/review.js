// The officers' review page: J opens the next uploaded document in the preview pane, K the
// previous one (the pane's own "next" and "previous" links), unless the officer is typing.
"use strict";
document.addEventListener("keydown", function (event) {
  if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
  var target = event.target;
  if (target.closest && target.closest("input, textarea, select, [contenteditable]")) return;
  var rel = { j: "next", k: "prev" }[event.key.toLowerCase()];
  var link = rel && document.querySelector("#preview a[rel=" + rel + "], .review-preview a[rel=" + rel + "]");
  if (link) {
    event.preventDefault();
    window.location.assign(link.href);
  }
});

// A printed review page carries the answers and the history, folded away on screen.
window.addEventListener("beforeprint", function () {
  document.querySelectorAll("details.panel").forEach(function (panel) { panel.open = true; });
});
