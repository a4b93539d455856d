"""Contests and versions: stored whole, audited, and protected once marking has started."""

from __future__ import annotations

import datetime as dt

import msgspec
import pytest
from sqlalchemy import select

from contests.definition import DefinitionError, encode_contest
from contests.store.models import AuditEventRow, ContestVersionRow
from contests.usecases.core.errors import Conflict, NotFound
from contests.usecases.setup.contests import create_contest, get_contest, list_contests, new_version
from contests.usecases.setup.judges import set_panel
from contests.usecases.setup.views import ContestSummary
from tests.db.helpers import ORGANISER, counts, example, insert_mark, welder, welder_contest

pytestmark = [pytest.mark.db, pytest.mark.anyio]
replace = msgspec.structs.replace


def _reweighted(contest, theory: float, practical: float):
    event = contest.events[0]
    modules = [replace(event.modules[0], weight=theory), replace(event.modules[1], weight=practical)]
    return replace(contest, events=[replace(event, modules=modules)])


async def test_create_stores_version_1_and_audits_in_the_same_transaction(session):
    view = await create_contest(session, ORGANISER, welder())
    assert (view.slug, view.version, view.definition) == ("welder-2026", 1, welder())
    assert view.created_at.tzinfo is not None and view.created_at.utcoffset() == dt.timedelta(0)
    stored = await session.scalar(select(ContestVersionRow))
    assert stored.definition == encode_contest(welder()).decode()
    event = await session.scalar(select(AuditEventRow))
    assert (event.action, event.actor, event.contest_id) == ("contest.create", "organiser", view.id)
    assert await get_contest(session, view.id) == view


async def test_list_contests(session):
    a = await create_contest(session, ORGANISER, welder())
    b = await create_contest(session, ORGANISER, example("electrician"))
    assert await list_contests(session) == [
        ContestSummary(id=a.id, slug="welder-2026", name=welder().name, version=1),
        ContestSummary(id=b.id, slug="electrician-2026", name=example("electrician").name, version=1),
    ]


async def test_a_second_contest_with_the_same_id_is_a_conflict(session):
    await create_contest(session, ORGANISER, welder())
    before = await counts(session)
    with pytest.raises(Conflict) as err:
        await create_contest(session, ORGANISER, welder())
    assert err.value.problems[0].path == "id"
    assert await counts(session) == before


async def test_an_invalid_definition_writes_nothing(session):
    with pytest.raises(DefinitionError, match="weights sum to 95"):
        await create_contest(session, ORGANISER, _reweighted(welder(), 25, 70))
    assert (await counts(session))["contests"] == 0


async def test_new_version_keeps_old_versions_readable(session):
    contest_id = await welder_contest(session, people=False)
    renamed = replace(welder(), name="2026年焊工技能竞赛（决赛）")
    view = await new_version(session, ORGANISER, contest_id, renamed)
    assert (view.version, view.definition.name) == (2, renamed.name)
    assert (await get_contest(session, contest_id)).definition == renamed
    assert (await get_contest(session, contest_id, 1)).definition == welder()
    assert (await list_contests(session))[0].version == 2
    actions = [a for (a,) in (await session.execute(select(AuditEventRow.action).order_by(AuditEventRow.id))).all()]
    assert actions == ["contest.create", "contest.new_version"]


async def test_a_new_version_may_not_change_the_contest_id(session):
    contest_id = await welder_contest(session, people=False)
    before = await counts(session)
    with pytest.raises(Conflict) as err:
        await new_version(session, ORGANISER, contest_id, replace(welder(), id="other"))
    assert err.value.problems[0].path == "id"
    assert await counts(session) == before


async def test_a_marked_module_keeps_its_scheme_and_weight(session):
    contest_id = await welder_contest(session, judges=True)
    await insert_mark(session, contest_id, module="practical")
    before = await counts(session)
    with pytest.raises(Conflict) as err:
        await new_version(session, ORGANISER, contest_id, _reweighted(welder(), 40, 60))
    assert [p.path for p in err.value.problems] == ["events[0].modules[1]"]
    assert "already has marks" in err.value.problems[0].rule and "weight" in err.value.problems[0].rule
    assert await counts(session) == before
    assert (await get_contest(session, contest_id)).version == 1


async def test_unmarked_parts_may_still_change_after_marking_started(session):
    contest_id = await welder_contest(session, judges=True)
    await insert_mark(session, contest_id, module="theory", aspect="theory_mark")
    event = welder().events[0]
    practical = event.modules[1]
    looser = replace(practical, aggregation=replace(practical.aggregation, method="mean", trim=0))
    changed = replace(welder(), events=[replace(event, modules=[event.modules[0], looser], panel_size={})])
    assert (await new_version(session, ORGANISER, contest_id, changed)).version == 2


async def test_events_and_modules_in_use_cannot_be_removed(session):
    contest_id = await welder_contest(session, judges=True)
    await set_panel(session, ORGANISER, contest_id, "welder", "theory", ["J1"])
    other = example("electrician").events[0]
    before = await counts(session)
    with pytest.raises(Conflict) as err:
        await new_version(session, ORGANISER, contest_id, replace(welder(), events=[other]))
    rules = " ".join(p.rule for p in err.value.problems)
    assert "'welder' cannot be removed: it has 3 competitor(s)" in rules
    assert await counts(session) == before


@pytest.mark.parametrize("contest_id", [0, -1, 999, 2**31, 2**63, 2**80])
async def test_unknown_contests_are_not_found(session, contest_id):
    with pytest.raises(NotFound):
        await get_contest(session, contest_id)
    with pytest.raises(NotFound):
        await new_version(session, ORGANISER, contest_id, welder())


async def test_unknown_versions_are_not_found(session):
    contest_id = await welder_contest(session, people=False)
    for version in (0, 2, 2**40):
        with pytest.raises(NotFound) as err:
            await get_contest(session, contest_id, version)
        assert err.value.problems[0].path == "version"
