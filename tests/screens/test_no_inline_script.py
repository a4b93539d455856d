"""The screens run under a Content-Security-Policy without inline script: no page carries a
<script> without `src`, an inline event handler or a javascript: URL; every script is a file
under /static."""

from __future__ import annotations

import re

from tests.screens.conftest import sign_in

INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)


def _check(html: str, where: str) -> None:
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.S | re.I)
    assert all(re.search(r'\ssrc="/static/', attrs) and not body.strip() for attrs, body in scripts), where
    assert not INLINE_HANDLER.search(html), where
    assert "javascript:" not in html.lower(), where


def test_no_page_has_inline_script(day_client, day_site):
    day_client.cookies.clear()
    pages = {"/signin": day_client.get("/signin").text}
    pages["/home"] = sign_in(day_client, "org").text
    pages["/tablet (organiser: refused)"] = day_client.get("/tablet").text
    pages["/tablet"] = sign_in(day_client, day_site.judges["P2"], day_site.judge_password()).text
    pages["sheet"] = day_client.get(f"/tablet/{day_site.cid}/welder/practical").text
    pages["missing page"] = day_client.get(f"/tablet/{day_site.cid}/welder/nowhere").text
    for where, html in pages.items():
        _check(html, where)
    assert '<script type="module" src="/static/tablet.js">' in pages["sheet"]
