// Starts Scalar from a static file (no inline script: the CSP forbids it), without its
// web fonts (they come from fonts.scalar.com; a venue LAN has no internet).
(function () {
  "use strict";
  var root = document.getElementById("api-reference");
  Scalar.createApiReference(root, { url: root.dataset.spec, withDefaultFonts: false, cdn: "/static/vendor/scalar/standalone.js" });
})();
