"""The API docs work offline: Swagger UI and Scalar load their scripts, styles and favicon
from the package's static files (api/static/vendor, see its VENDOR.txt), never from a CDN:
a venue LAN has no internet, and Litestar's plugins default to jsDelivr/unpkg.

Both pages also run without inline script (the screens' Content-Security-Policy forbids
it): the plugins' own templates inline their start-up code, so `render` is replaced by pages
whose start-up is a static file reading its settings from data- attributes.
"""

from __future__ import annotations

from html import escape
from typing import Any

from litestar import Request
from litestar.openapi.plugins import OpenAPIRenderPlugin, ScalarRenderPlugin, SwaggerRenderPlugin

VENDOR = "/static/vendor"
FAVICON = '<link rel="icon" type="image/svg+xml" href="/static/favicon.svg">'
SWAGGER = f"{VENDOR}/swagger-ui"


def _page(title: str, head: str, body: str) -> bytes:
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title>{FAVICON}{head}</head><body>{body}</body></html>"
    ).encode()


class OfflineSwagger(SwaggerRenderPlugin):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            js_url=f"{SWAGGER}/swagger-ui-bundle.js",
            css_url=f"{SWAGGER}/swagger-ui.css",
            standalone_preset_js_url=f"{SWAGGER}/swagger-ui-standalone-preset.js",
            favicon=FAVICON,
            style="",
            **kwargs,
        )

    def render(self, request: Request, openapi_schema: dict[str, Any]) -> bytes:
        spec = escape(self.get_openapi_json_route(request))
        redirect = escape(f"{_docs_root(request)}/oauth2-redirect.html")
        head = f'<link rel="stylesheet" href="{self.css_url}"><link rel="stylesheet" href="/static/apidocs.css">'
        body = (
            f'<div id="swagger-container" data-spec="{spec}" data-oauth2-redirect="{redirect}"></div>'
            f'<script src="{self.js_url}"></script><script src="{self.standalone_preset_js_url}"></script>'
            f'<script src="{VENDOR}/swagger-init.js"></script>'
        )
        return _page(openapi_schema["info"]["title"], head, body)

    @staticmethod
    def render_oauth2_redirect() -> bytes:
        return f'<!doctype html><html lang="en-US"><body><script src="{SWAGGER}/oauth2-redirect.js"></script></body></html>'.encode()


class OfflineScalar(ScalarRenderPlugin):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(js_url=f"{VENDOR}/scalar/standalone.js", css_url="", favicon=FAVICON, style="", **kwargs)

    def render(self, request: Request, openapi_schema: dict[str, Any]) -> bytes:
        spec = escape(self.get_openapi_json_route(request))
        body = f'<div id="api-reference" data-spec="{spec}"></div><script src="{self.js_url}"></script><script src="{VENDOR}/scalar-init.js"></script>'
        return _page(openapi_schema["info"]["title"], "", body)


def _docs_root(request: Request) -> str:
    """/schema (the OpenAPI controller's path), from the JSON document's own route."""
    return OpenAPIRenderPlugin.get_openapi_json_route(request).rsplit("/", 1)[0]


def render_plugins() -> list[OpenAPIRenderPlugin]:
    """Scalar first (the default page at /schema), then Swagger at /schema/swagger."""
    return [OfflineScalar(), OfflineSwagger()]


__all__ = ["OfflineScalar", "OfflineSwagger", "render_plugins"]
