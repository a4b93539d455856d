"""No name, unit or employee number on any judge page before unblinding.

Every judge of the day signs in and opens every page they can reach: the module list, each
of their sheets, a sheet they are not on (the refusal page), and the tablet's script and
service worker. No competitor's name, employee number, unit or team (by name or code) may
appear in any of them.
"""

from __future__ import annotations

import pytest

from tests.api.test_judging_fixtures import COMPETITORS, JUDGES, PANELS, TEAMS, UNITS
from tests.screens.conftest import sign_in

SECRETS = sorted(
    {no for no in COMPETITORS}
    | {name for name, *_ in COMPETITORS.values()}
    | {u for u in UNITS if u != "CPWY"}  # CPWY, the judges' own committee, sends no competitor
    | {name for code, name in UNITS.items() if code != "CPWY"}
    | set(TEAMS)
    | {name for name, _ in TEAMS.values()}
)


def _judge_pages(client, site, judge: str) -> dict[str, str]:
    home = sign_in(client, site.judges[judge], site.judge_password())
    pages = {"/tablet": home.text}
    for event, panels in PANELS.items():
        for module, members in panels.items():
            url = f"/tablet/{site.cid}/{event}/{module}"
            answer = client.get(url)
            assert answer.status_code == (200 if judge in members else 403), (url, answer.text[:500])
            pages[url] = answer.text
    for url in ("/static/tablet.js", "/tablet/sw.js"):
        pages[url] = client.get(url).text
    return pages


@pytest.mark.parametrize("judge", sorted({j for panels in PANELS.values() for members in panels.values() for j in members}))
def test_no_judge_page_names_a_competitor(day_client, day_site, judge):
    pages = _judge_pages(day_client, day_site, judge)
    sheets = [url for url, html in pages.items() if 'id="sheet"' in html]
    assert sheets, "the judge reached no sheet"
    for url in sheets:  # the sheets show the competitors the judge marks, by blind code only
        assert all(f'data-code="{code}"' in pages[url] for code in _codes_of(day_site, url, judge))
        # issue 10: the codes of the judge's own unit are left off, not shown as recused (回避)
        assert not any(f'data-code="{code}"' in pages[url] for code in _codes_of(day_site, url, judge, recused=True))
        assert "回避" not in pages[url] and "recused" not in pages[url]
    leaks = {(url, secret) for url, html in pages.items() for secret in SECRETS if secret in html}
    assert not leaks


def _codes_of(site, url: str, judge: str, *, recused: bool = False) -> list[str]:
    """The blind codes of the sheet's event the judge marks (or, with `recused`, those of the
    judge's own unit, which the contest's conflict policy "unit" keeps off the judge's sheet)."""
    event = url.split("/")[3]
    own = JUDGES[judge][1]
    return [code for no, code in site.codes.items() if COMPETITORS[no][3] == event and (COMPETITORS[no][1] == own) == recused]
