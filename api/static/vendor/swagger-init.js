// Starts Swagger UI from a static file (no inline script: the CSP forbids it). The page
// names the OpenAPI document and the OAuth2 redirect page in data- attributes.
(function () {
  "use strict";
  var root = document.getElementById("swagger-container");
  window.ui = SwaggerUIBundle({
    url: root.dataset.spec,
    dom_id: "#swagger-container",
    oauth2RedirectUrl: new URL(root.dataset.oauth2Redirect, window.location.href).href,
    deepLinking: true,
    showExtensions: true,
    showCommonExtensions: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
  });
})();
