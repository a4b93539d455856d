"""Languages of the screens: Chinese first, English on request, with Babel.

The message ids are the Chinese texts themselves (zh_Hans is the source language), so a
Chinese page needs no catalogue and an English one reads api/locale/en/LC_MESSAGES/messages.po.
The .po file is compiled in memory on first use: no build step, nothing generated to commit.

Which language a request gets: `?lang=en` / `?lang=zh` (remembered in a cookie by the page
that received it), else that cookie, else the browser's Accept-Language, else Chinese.

Dates and times are always shown in Asia/Shanghai time, in the page's locale.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations
from litestar import Request

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
SHANGHAI = ZoneInfo("Asia/Shanghai")
LANG_COOKIE = "biwu_lang"
LANG_COOKIE_AGE = 365 * 24 * 3600
CHINESE, ENGLISH = "zh", "en"
LANGUAGES = (CHINESE, ENGLISH)
BABEL_LOCALES = {CHINESE: "zh_Hans_CN", ENGLISH: "en"}
HTML_LANG = {CHINESE: "zh-CN", ENGLISH: "en"}


def N_(message: str) -> str:  # noqa: N802  (gettext's name for "mark for extraction, translate later")
    """Mark a message id defined in Python; the template translates it with `_()`."""
    return message


def query_language(request: Request) -> str | None:
    """The language asked for by `?lang=`, if it is one we have."""
    lang = request.query_params.get("lang")
    return lang if lang in LANGUAGES else None


def choose_language(request: Request) -> str:
    chosen = query_language(request) or request.cookies.get(LANG_COOKIE)
    if chosen in LANGUAGES:
        return chosen
    return accepted_language(request.headers.get("accept-language", ""))


def accepted_language(header: str) -> str:
    """The best of our languages for an Accept-Language header (Chinese when nothing fits)."""
    ranked = []
    for position, item in enumerate(header.split(",")[:20]):
        tag, _, params = item.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                continue
        ranked.append((-quality, position, tag.strip().lower()))
    for _, _, tag in sorted(ranked):
        primary = tag.split("-", 1)[0]
        if primary in LANGUAGES and tag and not tag.startswith("-"):
            return primary
    return CHINESE


@cache
def translations(lang: str) -> NullTranslations:
    """The catalogue of a language, compiled from its .po file once per process."""
    po = LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po"
    if lang == CHINESE or not po.exists():
        return NullTranslations()
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=BABEL_LOCALES[lang])
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(fp=compiled)


def gettext_for(lang: str) -> Callable[[str], str]:
    """The language's gettext. Templates fill placeholders gettext's way:
    `_("加密号 %(code)s")|format(code=...)`, which Babel's extractor reads."""
    return translations(lang).gettext


def datetime_formatter(lang: str) -> Callable[[dt.datetime | None], str]:
    """Format an aware datetime in Asia/Shanghai time for the page's locale ('' for None)."""
    locale = BABEL_LOCALES[lang]

    def shown(value: dt.datetime | None) -> str:
        if value is None:
            return ""
        if value.tzinfo is None:  # SQLite hands back naive UTC
            value = value.replace(tzinfo=dt.UTC)
        return format_datetime(value, "medium", tzinfo=SHANGHAI, locale=locale)

    return shown


__all__ = [
    "CHINESE",
    "ENGLISH",
    "HTML_LANG",
    "LANGUAGES",
    "LANG_COOKIE",
    "N_",
    "choose_language",
    "datetime_formatter",
    "gettext_for",
    "query_language",
]
