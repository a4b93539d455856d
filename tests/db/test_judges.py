"""Judges and panels: references named, conflicts of interest reported as recusals under
the contest's policy, panels guarded once marking has started."""

from __future__ import annotations

import msgspec
import pytest
from sqlalchemy import select

from contests.errors import RegistrationError
from contests.people import Judge
from contests.store.models import AuditEventRow
from contests.usecases.accounts.users import add_user
from contests.usecases.core.errors import Conflict, NotFound
from contests.usecases.setup import judges, people
from contests.usecases.setup.contests import new_version
from contests.usecases.setup.views import PanelView, Recusal
from tests.db.helpers import JUDGES, ORGANISER, counts, insert_mark, welder, welder_contest

pytestmark = [pytest.mark.db, pytest.mark.anyio]
replace = msgspec.structs.replace
FIVE = ["J1", "J2", "J3", "J4", "J5"]


async def test_judges_round_trip_and_are_audited(session):
    contest_id = await welder_contest(session, judges=True)
    assert await judges.list_judges(session, contest_id) == JUDGES
    assert await judges.get_judge(session, contest_id, "J4") == JUDGES[3]
    actions = (await session.scalars(select(AuditEventRow.action).where(AuditEventRow.entity == "judge"))).all()
    assert actions == ["judge.add"] * 6


async def test_bad_judges_are_refused_with_the_field(session):
    contest_id = await welder_contest(session, judges=True)
    before = await counts(session)
    with pytest.raises(RegistrationError) as err:
        await judges.add_judge(session, ORGANISER, contest_id, Judge(code="J9", name="裁判9", unit="XX"))
    assert (err.value.problems[0].path, err.value.problems[0].rule) == ("unit", "unknown unit 'XX'")
    with pytest.raises(Conflict) as err:
        await judges.add_judge(session, ORGANISER, contest_id, JUDGES[0])
    assert err.value.problems[0].path == "code"
    with pytest.raises(RegistrationError) as err:
        await judges.add_judge(session, ORGANISER, contest_id, Judge(code="J9", name="裁判9", unit="TL"), username="ghost")
    assert err.value.problems[0].path == "username"
    assert await counts(session) == before


async def test_a_judge_links_to_a_login_account(session):
    contest_id = await welder_contest(session)
    await add_user(session, "judge.wang", "password1", "judge")
    judge = Judge(code="J7", name="王裁判", unit="HF")
    await judges.add_judge(session, ORGANISER, contest_id, judge, username="judge.wang")
    assert await judges.judge_for_user(session, contest_id, "judge.wang") == judge
    assert await judges.judge_for_user(session, contest_id, "someone") is None
    with pytest.raises(Conflict, match="already linked"):
        await judges.add_judge(session, ORGANISER, contest_id, Judge(code="J8", name="另一位", unit="HF"), username="judge.wang")
    await judges.update_judge(session, ORGANISER, contest_id, "J7", replace(judge, name="王工"), username=None)
    assert await judges.judge_for_user(session, contest_id, "judge.wang") is None


async def test_set_panel_reports_recusals_of_the_judges_own_unit(session):
    contest_id = await welder_contest(session, judges=True)
    view = await judges.set_panel(session, ORGANISER, contest_id, "welder", "practical", FIVE)
    # J1, J2 are of TL (competitor E001); J3–J5 of HF (E002, E003)
    assert view == PanelView(
        event_id="welder",
        module_id="practical",
        judges=FIVE,
        recusals=[
            Recusal(judge="J1", competitors=["E001"]),
            Recusal(judge="J2", competitors=["E001"]),
            Recusal(judge="J3", competitors=["E002", "E003"]),
            Recusal(judge="J4", competitors=["E002", "E003"]),
            Recusal(judge="J5", competitors=["E002", "E003"]),
        ],
    )
    assert await judges.get_panel(session, contest_id, "welder", "practical") == view
    event = await session.scalar(select(AuditEventRow).where(AuditEventRow.action == "panel.set"))
    assert (event.entity_key, msgspec.json.decode(event.after)) == ("welder/practical", {"judges": FIVE})


async def test_recusals_follow_the_conflict_policy(session):
    contest_id = await welder_contest(session, judges=True)
    relaxed = replace(welder(), settings=replace(welder().settings, conflict_policy="none"))
    await new_version(session, ORGANISER, contest_id, relaxed)
    view = await judges.set_panel(session, ORGANISER, contest_id, "welder", "theory", ["J1", "J3"])
    assert view.recusals == []


async def test_a_panel_is_replaced_whole_and_listed_in_definition_order(session):
    contest_id = await welder_contest(session, judges=True)
    await judges.set_panel(session, ORGANISER, contest_id, "welder", "practical", FIVE)
    await judges.set_panel(session, ORGANISER, contest_id, "welder", "theory", ["J6", "J1"])
    await judges.set_panel(session, ORGANISER, contest_id, "welder", "theory", ["J1", "J6"])
    panels = await judges.list_panels(session, contest_id)
    assert [(p.module_id, p.judges) for p in panels] == [("theory", ["J1", "J6"]), ("practical", FIVE)]
    assert (await judges.get_panel(session, contest_id, "welder", "theory")).judges == ["J1", "J6"]


@pytest.mark.parametrize(
    ("codes", "path", "rule"),
    [
        (["J1", "J2", "J3", "J4", "J9"], "judges[4]", "unknown judge 'J9'"),
        (["J1", "J2", "J3", "J4", "J1"], "judges[4]", "already on this panel"),
        (["J1", "J2", "J3"], "judges", "declares 5 judges"),
        ([], "judges", "1 to 100"),
        (["J 1"], "judges[0]", "spaces"),
    ],
)
async def test_bad_panels_are_refused_with_the_field(session, codes, path, rule):
    contest_id = await welder_contest(session, judges=True)
    before = await counts(session)
    with pytest.raises(RegistrationError) as err:
        await judges.set_panel(session, ORGANISER, contest_id, "welder", "practical", codes)
    assert err.value.problems[0].path == path and rule in err.value.problems[0].rule
    assert await counts(session) == before


async def test_unknown_event_or_module_is_not_found(session):
    contest_id = await welder_contest(session, judges=True)
    with pytest.raises(NotFound) as err:
        await judges.set_panel(session, ORGANISER, contest_id, "plumber", "practical", ["J1"])
    assert err.value.problems[0].path == "event_id"
    with pytest.raises(NotFound) as err:
        await judges.get_panel(session, contest_id, "welder", "oral")
    assert err.value.problems[0].path == "module_id"
    assert (await judges.get_panel(session, contest_id, "welder", "theory")).judges == []


async def test_judges_in_use_are_kept(session):
    contest_id = await welder_contest(session, judges=True)
    await judges.set_panel(session, ORGANISER, contest_id, "welder", "practical", FIVE)
    await insert_mark(session, contest_id, judge="J3")
    before = await counts(session)
    with pytest.raises(Conflict, match=r"panel\(s\)"):
        await judges.delete_judge(session, ORGANISER, contest_id, "J1")
    with pytest.raises(Conflict, match="already marked"):
        await judges.set_panel(session, ORGANISER, contest_id, "welder", "practical", ["J1", "J2", "J4", "J5", "J6"])
    with pytest.raises(Conflict, match="unit can no longer change"):
        await judges.update_judge(session, ORGANISER, contest_id, "J3", replace(JUDGES[2], unit="TL"))
    with pytest.raises(Conflict, match=r"still used by 1 team\(s\), 2 competitor\(s\), 4 judge\(s\)"):
        await people.delete_unit(session, ORGANISER, contest_id, "HF")
    assert await counts(session) == before
    await judges.delete_judge(session, ORGANISER, contest_id, "J6")  # on no panel, never marked
    assert [j.code for j in await judges.list_judges(session, contest_id)] == FIVE
