"""The API docs work offline (issue 9, item 8): Swagger UI and Scalar come from the
package's static files, never from a CDN, and start without inline script."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import pytest

PAGES = ("/schema", "/schema/swagger", "/schema/oauth2-redirect.html")
REFERENCES = re.compile(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", re.I)


@pytest.mark.parametrize("path", PAGES)
def test_no_external_url_in_the_docs_pages(day_client, path):
    page = day_client.get(path)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    origin = "http://testserver.local"
    external = [u for u in re.findall(r"https?://[^\s\"'<>)]+", page.text) if not u.startswith(origin)]
    assert not external, external
    for reference in REFERENCES.findall(page.text):  # every script, style and icon is served by us
        target = urljoin(f"{origin}{path}", reference)
        assert urlsplit(target).netloc == "testserver.local", target
        assert day_client.get(urlsplit(target).path).status_code == 200, target


@pytest.mark.parametrize("path", PAGES)
def test_the_docs_pages_run_no_inline_script(day_client, path):
    html = day_client.get(path).text
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.S | re.I)
    assert scripts and all("src=" in attrs and not body.strip() for attrs, body in scripts)
    assert not re.search(r"\son[a-z]+\s*=", html, re.I)  # no inline event handlers


def test_the_vendored_files_are_listed_with_versions_and_licences(day_client):
    listing = day_client.get("/static/vendor/VENDOR.txt").text
    for package in ("htmx.org 2.0.11", "swagger-ui-dist 5.35.0", "@scalar/api-reference 1.46.4"):
        assert package in listing
    for licence in ("htmx/LICENSE.txt", "swagger-ui/LICENSE.txt", "scalar/LICENSE.txt"):
        assert day_client.get(f"/static/vendor/{licence}").status_code == 200
