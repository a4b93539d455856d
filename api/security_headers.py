"""Security headers, set on every response on its way out (a `before_send` hook, so 404s,
problem responses and static files get them too).

- every response: `X-Content-Type-Options: nosniff` (a browser never guesses a CSV, a JSON
  answer or an upload to be HTML or script);
- HTML responses (the public results and award pages, the screens, the API docs) also get
  a Content-Security-Policy, `X-Frame-Options: DENY` and `Referrer-Policy: same-origin`.

The CSP allows scripts only from this server (`script-src 'self'`: no inline script, no
eval, no CDN; a venue LAN has no internet anyway), and no framing (`frame-ancestors 'none'`,
with X-Frame-Options for older browsers). Styles may be inline (`style-src 'self'
'unsafe-inline'`): the results and award-list templates carry their CSS in a `<style>`
element so a saved page prints alike offline, and htmx adds its indicator style the same
way. Inline style cannot run code; inline script, which could, stays forbidden.
"""

from __future__ import annotations

from litestar.datastructures import MutableScopeHeaders
from litestar.types import Message, Scope

CSP = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
EVERY_RESPONSE = {"X-Content-Type-Options": "nosniff"}
HTML_RESPONSE = {"Content-Security-Policy": CSP, "X-Frame-Options": "DENY", "Referrer-Policy": "same-origin"}


async def add_security_headers(message: Message, scope: Scope) -> None:
    if message["type"] != "http.response.start":
        return
    headers = MutableScopeHeaders.from_message(message)
    for name, value in EVERY_RESPONSE.items():
        headers[name] = value
    if headers.get("content-type", "").lower().startswith("text/html"):
        for name, value in HTML_RESPONSE.items():
            headers.setdefault(name, value)


__all__ = ["CSP", "add_security_headers"]
