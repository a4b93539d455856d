"""The screens' common frame: one page renderer and the error pages.

Every page is `screens/<name>.html` extending `screens/base.html`, rendered with:
`_` (Babel translation, api/screens/i18n.py), `when` (a date in Asia/Shanghai time),
`lang` / `html_lang`, `actor` (the signed-in account or None), `path` and `csrf_token()`
(from Litestar's Jinja engine). No page carries an inline script or event handler: the
Content-Security-Policy forbids them; scripts are static files under /static.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from litestar import Request, Response
from litestar.datastructures import Cookie
from litestar.exceptions import HTTPException, PermissionDeniedException
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.response import Redirect, Template
from litestar.template.config import TemplateConfig

from api.screens.i18n import (
    HTML_LANG,
    LANG_COOKIE,
    LANG_COOKIE_AGE,
    N_,
    choose_language,
    datetime_formatter,
    gettext_for,
    query_language,
)
from api.screens.session import RoleRefused, SignInRequired
from contests.accounts import Actor
from contests.usecases.core.access import Forbidden
from contests.usecases.core.errors import Conflict, NotFound
from scoring.errors import RuleError

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def template_config() -> TemplateConfig:
    return TemplateConfig(directory=TEMPLATES, engine=JinjaTemplateEngine)


def page(request: Request, name: str, *, actor: Actor | None = None, status: int = 200, **context: Any) -> Template:
    """Render screens/<name>.html in the request's language; a `?lang=` choice is remembered."""
    lang = choose_language(request)
    frame = {
        "_": gettext_for(lang),
        "when": datetime_formatter(lang),
        "lang": lang,
        "html_lang": HTML_LANG[lang],
        "actor": actor,
        "path": request.url.path,
    }
    cookies = []
    if query_language(request):
        cookies.append(Cookie(key=LANG_COOKIE, value=lang, max_age=LANG_COOKIE_AGE, httponly=True, samesite="lax", path="/"))
    return Template(template_name=f"screens/{name}.html", context=frame | context, status_code=status, cookies=cookies)


def safe_next(target: str | None) -> str | None:
    """A same-site path to go back to after signing in (never another host: no open redirect)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    return target


# ---------------------------------------------------------------- error pages

CSRF_REFUSED = N_("表单已失效（缺少或不匹配的 CSRF 令牌）：请刷新页面后重试。")
ROLE_REFUSED = N_("您的角色不能打开此页面。")
NOT_FOUND = N_("找不到该页面。")


def to_sign_in(request: Request, _: SignInRequired) -> Response:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return Redirect(f"/signin?next={quote(target, safe='')}", status_code=303)


def refused(request: Request, exc: PermissionDeniedException) -> Response:
    message = ROLE_REFUSED if isinstance(exc, RoleRefused) else CSRF_REFUSED
    return page(request, "error", status=403, messages=[message])


def rule_error(request: Request, exc: RuleError) -> Response:
    status = 404 if isinstance(exc, NotFound) else 403 if isinstance(exc, Forbidden) else 409 if isinstance(exc, Conflict) else 400
    return page(request, "error", status=status, messages=[p.rule for p in exc.problems])


def http_error(request: Request, exc: HTTPException) -> Response:
    message = NOT_FOUND if exc.status_code == 404 else exc.detail
    return page(request, "error", status=exc.status_code, messages=[message])


# The app maps these to problem+json (api/problems.py); on a page they are an HTML page. Each
# class the app maps is named again here: Litestar picks the most specific class first.
EXCEPTION_HANDLERS = {
    SignInRequired: to_sign_in,
    PermissionDeniedException: refused,
    RuleError: rule_error,
    NotFound: rule_error,
    Conflict: rule_error,
    Forbidden: rule_error,
    HTTPException: http_error,
}

__all__ = ["EXCEPTION_HANDLERS", "page", "safe_next", "template_config"]
