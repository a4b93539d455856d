"""Languages and dates on the screens (Babel): every message of the templates and screens
has its English translation, the language is negotiated, and times are Asia/Shanghai."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import jinja2
import jinja2.ext
import pytest
from babel.messages.pofile import read_po

from api.screens.i18n import LOCALE_DIR, accepted_language, datetime_formatter, gettext_for

ROOT = Path(__file__).resolve().parents[2]


def _message_ids() -> set[str]:
    env = jinja2.Environment(extensions=["jinja2.ext.i18n"])
    ids = set()
    for template in (ROOT / "api/templates/screens").rglob("*.html"):
        found = jinja2.ext.extract_from_ast(env.parse(template.read_text("utf-8")), gettext_functions=("_",))
        ids |= {message for _, _, message in found if isinstance(message, str)}
    for source in (ROOT / "api/screens").rglob("*.py"):
        ids |= set(re.findall(r'N_\(\s*"([^"]+)"\s*\)', source.read_text("utf-8")))
    return ids


def test_every_message_has_an_english_translation():
    with (LOCALE_DIR / "en/LC_MESSAGES/messages.po").open("rb") as handle:
        catalogue = read_po(handle, locale="en")
    translated = {m.id: m.string for m in catalogue if m.id}
    ids = _message_ids()
    assert len(ids) > 40
    assert not sorted(ids - {i for i, s in translated.items() if s}), "messages without English"
    assert not sorted(set(translated) - ids), "translations of messages no longer used"
    for message, english in translated.items():  # placeholders survive translation
        assert sorted(re.findall(r"%\(\w+\)s|\{\w+\}", message)) == sorted(re.findall(r"%\(\w+\)s|\{\w+\}", english)), message


def test_english_and_chinese():
    assert gettext_for("en")("签字确认本表") == "Sign this sheet"
    assert gettext_for("zh")("签字确认本表") == "签字确认本表"


@pytest.mark.parametrize(
    ("header", "language"),
    [
        ("", "zh"),
        ("en-US,en;q=0.9", "en"),
        ("zh-CN,zh;q=0.9,en;q=0.8", "zh"),
        ("fr-FR,en;q=0.5", "en"),
        ("en;q=0.2,zh;q=0.8", "zh"),
        ("de", "zh"),
        ("en;q=x", "zh"),
    ],
)
def test_accept_language(header, language):
    assert accepted_language(header) == language


def test_times_are_shown_in_shanghai_time():
    utc = dt.datetime(2026, 5, 1, 23, 30, tzinfo=dt.UTC)  # 07:30 on 2 May in Shanghai
    assert "2026年5月2日 07:30:00" in datetime_formatter("zh")(utc)
    assert datetime_formatter("en")(utc).startswith("May 2, 2026, 7:30:00")
    assert datetime_formatter("zh")(utc.replace(tzinfo=None)) == datetime_formatter("zh")(utc)  # SQLite's naive UTC
    assert datetime_formatter("en")(None) == ""
