"""The wheel carries the screens: templates, static files (our scripts and the vendored
htmx, Swagger UI and Scalar) and the English catalogue, so an installed biwu serves its
pages and its API docs with no network."""

from __future__ import annotations

import zipfile

from tests.test_packaging import _wheel

SHIPPED = (
    "api/templates/screens/base.html",
    "api/templates/screens/tablet/sheet.html",
    "api/static/screens.css",
    "api/static/tablet.js",
    "api/static/tablet-sw.js",
    "api/static/favicon.svg",
    "api/static/vendor/VENDOR.txt",
    "api/static/vendor/htmx/htmx.min.js",
    "api/static/vendor/swagger-ui/swagger-ui-bundle.js",
    "api/static/vendor/swagger-ui/swagger-ui.css",
    "api/static/vendor/swagger-ui/LICENSE.txt",
    "api/static/vendor/scalar/standalone.js",
    "api/static/vendor/swagger-init.js",
    "api/locale/en/LC_MESSAGES/messages.po",
)


def test_the_wheel_carries_the_screens(tmp_path):
    names = set(zipfile.ZipFile(_wheel(tmp_path)).namelist())
    assert not [name for name in SHIPPED if name not in names]
