"""The public results page (成绩公布): server-rendered HTML, Chinese by default, English on
request, readable on a phone and printable, with no external asset.

Python prepares a plain view (every number already turned into exact text) and the Jinja2
template only lays it out. Autoescaping is on for every value: names are free text and may
hold markup, quotes, SQL metacharacters or emoji, all of which must print as written.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import jinja2

from contests.results.breakdown import Breakdown, ModulePart
from contests.results.labels import LANGS, Lang, check_lang, pick, word, words
from contests.results.standings import StandingRow, Standings
from contests.results.table import columns
from contests.results.units import units_text

_TEMPLATES = Path(__file__).parent / "templates"
_ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(_TEMPLATES),
    autoescape=True,  # every template, whatever its name
    undefined=jinja2.StrictUndefined,  # a misspelt field fails the render instead of printing nothing
    trim_blocks=True,
    lstrip_blocks=True,
)


def render_results_page(
    contest_name: str,
    standings_list: Sequence[Standings],
    breakdowns: Mapping[str, Mapping[str, Breakdown]] | None = None,
    *,
    lang: str = "zh",
    other_lang_href: str | None = None,
    explanation_base: str | None = None,
) -> str:
    """breakdowns: event id → blind code → breakdown (any may be missing).
    other_lang_href: the link to the page in the other language (default "?lang=<other>").
    explanation_base: the contest's public path; each breakdown then links to its explanation."""
    lang = check_lang(lang)
    other = next(x for x in LANGS if x != lang)
    return _ENV.get_template("results.html").render(
        lang=lang,
        html_lang="zh-CN" if lang == "zh" else "en",
        w=words(lang),
        contest_name=contest_name,
        other_lang_href=other_lang_href or f"?lang={other}",
        events=[_event_view(s, (breakdowns or {}).get(s.event_id, {}), lang, explanation_base) for s in standings_list],
    )


# ---------------------------------------------------------------- views


def _event_view(s: Standings, breakdowns: Mapping[str, Breakdown], lang: Lang, base: str | None = None) -> dict[str, Any]:
    cols = columns(s, lang)
    rows = {r.blind_code: r for r in s.rows}
    return {
        "anchor": f"event-{s.event_id}",
        "name": pick(s.event_name, s.event_name_en, lang),
        "status": word("provisional", lang) if s.provisional else word("snapshot", lang, n=s.snapshot),
        "version": word("version", lang, v=s.definition_version),
        "computed_at": s.computed_at.isoformat(timespec="minutes"),
        "rounding": word("rounding", lang, p=s.places),
        "blind": s.blind,
        "awards": [{"name": pick(g.name, g.name_en, lang), "people": [_person(rows[c]) for c in g.codes]} for g in s.awards],
        "titles": [{"name": pick(g.name, g.name_en, lang), "people": [_person(rows[c]) for c in g.codes]} for g in s.titles if g.codes],
        "headers": [(c.header, c.kind != "text") for c in cols],
        "rows": [_table_row(cols, r) for r in s.rows],
        "teams": [_team_row(s, t, rows, lang) for t in s.teams],
        "draws": [_draw_text(d, lang) for d in s.draws],
        "notes": list(s.medal_notes),
        "breakdowns": [_breakdown_view(s, r, breakdowns[r.blind_code], lang, base) for r in s.rows if r.blind_code in breakdowns],
    }


def _person(row: StandingRow) -> dict[str, str | None]:
    return {"name": row.name or row.blind_code, "unit": row.unit, "code": row.blind_code}


def _cell_text(col, row: StandingRow) -> str:
    value = col.value(row)
    if value is None:
        return ""
    return units_text(value, col.places) if col.kind == "score" else str(value)


def _table_row(cols, row: StandingRow) -> dict[str, Any]:
    return {
        "cells": [(_cell_text(c, row), c.kind != "text") for c in cols],
        "prize": row.award is not None,
        "dq": row.disqualified,
    }


def _team_row(s: Standings, t, rows: Mapping[str, StandingRow], lang: Lang) -> list[str]:
    members = word("list_sep", lang).join(rows[c].name or c for c in t.members)
    return [str(t.rank or ""), t.name, t.unit, units_text(t.score_units, s.places), str(t.members_counted), members]


def _draw_text(d, lang: Lang) -> str:
    codes = word("list_sep", lang).join(d.codes)
    return f"{word('place', lang, p=d.place)}: {codes} ({word('seed', lang)} {d.seed})"


def _breakdown_view(s: Standings, row: StandingRow, b: Breakdown, lang: Lang, base: str | None = None) -> dict[str, Any]:
    names = {m.id: pick(m.name, m.name_en, lang) for m in s.modules}
    who = f"{row.name}（{row.unit}）" if row.name else row.blind_code
    return {
        "summary": f"{row.rank or '—'} · {row.blind_code} · {who}" if row.name else f"{row.rank or '—'} · {who}",
        "total": units_text(row.total_units, s.places),
        "decided_by": row.decided_by_en if lang == "en" else row.decided_by,
        "modules": [_module_view(m, names.get(m.id, m.name), lang) for m in b.modules],
        "explanation": f"{base}/events/{s.event_id}/explanations/{row.blind_code}" if base else None,
    }


def _module_view(m: ModulePart, name: str, lang: Lang) -> dict[str, Any]:
    flags = [word(k, lang) for k, on in (("vetoed", m.vetoed), ("disqualified", m.disqualified), ("not_passed", not m.passed)) if on]
    return {
        "name": name,
        "weight": f"{num(m.weight)}%",
        "raw": f"{num(m.raw)} / {num(m.scheme_max)}",
        "scaled": num(m.scaled),
        "weighted": num(m.weighted),
        "flags": flags,
        "sections": [(s.name, num(s.max_marks), num(s.deductions) if s.deductions else "", num(s.score), s.vetoed) for s in m.sections],
        "deductions": [
            f"{d.name} ×{num(d.occurrences)} −{num(d.deducted)}" + (f" ({word('capped', lang)})" if d.capped else "") for d in m.deductions
        ],
        "vetoes": list(m.vetoes),
    }


def num(x: float) -> str:
    """An intermediate score for reading: up to 4 decimals, no trailing zeros (3.3333, 87.5).
    Published totals never pass through here: they are exact units (units_text)."""
    text = f"{x:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
