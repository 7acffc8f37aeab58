// Renders the OpenAPI document at /api/docs with Swagger UI (from its webjar). No inline script: the CSP forbids it.
(function () {
    "use strict";
    function start() {
        var root = document.getElementById("swagger-ui");
        if (!root || typeof window.SwaggerUIBundle !== "function") {
            return;
        }
        window.SwaggerUIBundle({
            url: root.getAttribute("data-spec"),
            domNode: root,
            deepLinking: true,
            // shows x-required-permissions on each operation
            showExtensions: true,
            validatorUrl: null
        });
    }
    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
})();
