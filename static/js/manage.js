// The org tree's "expand all" / "collapse all" buttons (the tree itself is <details>, no script).
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-tree-toggle]");
    if (!button) {
      return;
    }
    var open = button.getAttribute("data-tree-toggle") === "open";
    document.querySelectorAll("#org-tree details").forEach(function (node) {
      node.open = open;
    });
  });
})();
