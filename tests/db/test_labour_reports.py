"""Labour competitions on the store (issue 12 item 3): the RULES.md worked example stored,
reported, verified and ranked equals the pure domain's result; returned reports and their
resubmission; plan changes; reporters confined to their unit; late reports under each policy."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from contests.audit import from_json
from contests.errors import DefinitionError
from contests.labour import score_labour
from contests.store.labour import LabourReportVersionRow
from contests.store.models import AuditEventRow
from contests.usecases.core.access import Forbidden
from contests.usecases.core.errors import Conflict, NotFound
from contests.usecases.labour import competition, plans, reports, standings, verification
from contests.usecases.labour.views import PlanRequest
from tests.db.labour_helpers import ORG, REP, draft, one_month, report, set_up
from tests.labour.worked import arrays

pytestmark = [pytest.mark.db, pytest.mark.anyio]


async def test_worked_example_stored_reported_verified_and_ranked_equals_the_domain(session):
    cid = await set_up(session)
    for team in ("T-A", "T-B", "T-C"):
        sent = await report(session, cid, team)
        await verification.verify_report(session, ORG, cid, sent.id)
    view = await standings.period_standings(session, cid, "2026-01")
    plan, actual, marks, facts = arrays()
    pure = score_labour(one_month(), plan, actual, marks=marks, facts=facts).period_rows(0)
    assert [(r.participant, r.total, r.rank, r.eligible, r.vetoes, r.awards) for r in view.rows] == [
        (r.participant, r.total, r.rank, r.eligible, r.vetoes, r.awards) for r in pure
    ]
    assert [(r.participant, r.total, r.awards, r.vetoes) for r in view.rows] == [
        ("T-A", 94.43, ["流动红旗", "优胜班组"], []),
        ("T-B", 89.67, [], ["出勤率低于95%"]),
        ("T-C", 45.5, [], []),
    ]
    assert view.verified == 3
    annual = await standings.annual_standings(session, cid)
    assert [(r.participant, r.total, r.red_flags, r.awards) for r in annual.rows][0] == ("T-A", 94.43, 1, ["年度先进班组"])


async def test_only_verified_reports_count(session):
    cid = await set_up(session)
    a = await report(session, cid, "T-A")
    await report(session, cid, "T-B")  # submitted, never verified
    await verification.verify_report(session, ORG, cid, a.id)
    rows = {r.participant: r for r in (await standings.period_standings(session, cid, "2026-01")).rows}
    assert rows["T-A"].total == 94.43 and rows["T-A"].awards == ["流动红旗", "优胜班组"]
    assert rows["T-B"].total == 0 and not rows["T-B"].eligible and len(rows["T-B"].not_reported) == 6


async def test_returned_report_is_resubmitted_as_a_new_version_every_version_kept(session):
    cid = await set_up(session)
    first = await report(session, cid, "T-A", output=1620)  # a typo
    returned = await verification.return_report(session, ORG, cid, first.id, "产量 1620 与台账不符，请核实")
    assert returned.state == "returned" and returned.history[-1].reason == "产量 1620 与台账不符，请核实"
    with pytest.raises(Conflict):
        await verification.verify_report(session, ORG, cid, first.id)  # a returned report is not verified
    again = await report(session, cid, "T-A", today=dt.date(2026, 2, 20))  # resubmitted after the deadline
    assert (again.state, again.version, [v.actuals["output"] for v in again.versions]) == ("submitted", 2, [1620, 1062])
    assert again.versions[1].days_late == 0  # lateness is judged on the first report
    done = await verification.verify_report(session, ORG, cid, first.id)
    assert [e.action for e in done.history] == ["submit", "return", "resubmit", "verify"]
    with pytest.raises(Conflict, match="verified"):
        await report(session, cid, "T-A")  # final for the reporter
    actions = (
        await session.scalars(select(AuditEventRow.action).where(AuditEventRow.entity == "labour_report").order_by(AuditEventRow.id))
    ).all()
    assert actions == ["labour.report.submit", "labour.report.return", "labour.report.resubmit", "labour.report.verify"]
    assert (await session.scalar(select(func.count()).select_from(LabourReportVersionRow))) == 2


async def test_returning_needs_a_visible_reason(session):
    cid = await set_up(session)
    sent = await report(session, cid, "T-A")
    with pytest.raises(reports.ReportError, match="reason"):
        await verification.return_report(session, ORG, cid, sent.id, " \u200b ")


async def test_plan_change_after_a_report_needs_a_reason_and_every_version_is_kept(session):
    cid = await set_up(session)
    await plans.set_plan(session, ORG, cid, PlanRequest(participant="T-A", period="2026-01", plans={"output": 1010, "cost": 500000}))
    await report(session, cid, "T-A")
    with pytest.raises(Conflict, match="needs a reason"):
        await plans.set_plan(session, ORG, cid, PlanRequest(participant="T-A", period="2026-01", plans={"output": 1000, "cost": 500000}))
    changed = PlanRequest(participant="T-A", period="2026-01", plans={"output": 1000, "cost": 500000}, reason="集团下达计划调整")
    await plans.set_plan(session, ORG, cid, changed)
    history = await plans.plan_history(session, cid, "T-A", "2026-01")
    assert [(p.version, p.plans["output"], p.reason) for p in history] == [(1, 1000, None), (2, 1010, None), (3, 1000, "集团下达计划调整")]
    audit = (await session.scalars(select(AuditEventRow).where(AuditEventRow.action == "labour.plan.set").order_by(AuditEventRow.id))).all()
    assert audit[-1].reason == "集团下达计划调整" and from_json(audit[-1].before)["output"] == 1010


async def test_plan_for_unknown_or_non_completion_indicator_is_refused_with_its_path(session):
    cid = await set_up(session)
    with pytest.raises(plans.PlanError) as info:
        await plans.set_plan(session, ORG, cid, PlanRequest(participant="T-A", period="2026-01", plans={"quality": 99, "output": 0}))
    assert [p.path for p in info.value.problems] == ["plans.quality", "plans.output"]


async def test_reporter_of_another_unit_is_refused(session):
    cid = await set_up(session)
    with pytest.raises(NotFound, match="T-B"):
        await reports.submit_report(session, REP["U01"], cid, draft("T-B"), today=dt.date(2026, 2, 1))
    theirs = await report(session, cid, "T-B")
    with pytest.raises(NotFound):
        await reports.get_report(session, REP["U01"], cid, theirs.id)
    assert await reports.list_reports(session, REP["U01"], cid) == []
    assert [r.participant for r in await reports.list_reports(session, REP["U02"], cid)] == ["T-B"]
    with pytest.raises(Forbidden):
        await verification.verify_report(session, REP["U02"], cid, theirs.id)  # a reporter does not verify
    from contests.accounts import Actor

    with pytest.raises(Forbidden):
        await reports.list_reports(session, Actor("stranger", "employee"), cid)  # an employee of no unit


async def test_report_problems_name_path_and_rule(session):
    cid = await set_up(session)
    bad = draft("T-A", spirit=4, safety=1.5, outptu=3)
    bad = type(bad)(participant="T-A", period="2026-01", actuals={k: v for k, v in bad.actuals.items() if k != "cost"}, facts={"fight": 1})
    with pytest.raises(reports.ReportError) as info:
        await reports.submit_report(session, REP["U01"], cid, bad, today=dt.date(2026, 2, 1))
    assert sorted(p.path for p in info.value.problems) == [
        "actuals.cost",
        "actuals.outptu",
        "actuals.safety",
        "actuals.spirit",
        "facts.fight",
    ]


@pytest.mark.parametrize(
    ("late", "day", "expected"),
    [
        ({"action": "accept"}, dt.date(2026, 2, 10), (5, 0.0, 94.43, "照常受理")),
        ({"action": "flag"}, dt.date(2026, 2, 10), (5, 0.0, 94.43, "标记迟报")),
        ({"action": "deduct", "grace_days": 1, "per_day": 1.0, "cap": 3.0}, dt.date(2026, 2, 7), (2, 1.0, 93.43, "扣1分")),
        ({"action": "deduct", "grace_days": 1, "per_day": 1.0, "cap": 3.0}, dt.date(2026, 2, 20), (15, 3.0, 91.43, "扣3分")),
        ({"action": "refuse", "grace_days": 2}, dt.date(2026, 2, 7), (2, 0.0, 94.43, "迟报2天")),
        ({"action": "refuse", "grace_days": 2}, dt.date(2026, 2, 8), None),
    ],
)
async def test_late_report_under_each_policy(session, late, day, expected):
    cid = await set_up(session, one_month(**late))
    if expected is None:
        with pytest.raises(reports.LateRefused, match="逾期不予受理"):
            await report(session, cid, "T-A", today=day)
        assert await reports.list_reports(session, ORG, cid) == []
        return
    sent = await report(session, cid, "T-A", today=day)
    await verification.verify_report(session, ORG, cid, sent.id)
    v = sent.versions[-1]
    rows = {r.participant: r for r in (await standings.period_standings(session, cid, "2026-01")).rows}
    assert (v.days_late, v.late_deduction, rows["T-A"].total) == expected[:3] and expected[3] in v.late_note
    assert rows["T-A"].late_deduction == expected[1]


async def test_invalid_definition_is_refused_with_path_and_rule(session):
    text = "id = 'x'\nname = '赛'\nyear = 2026\nindicators = []\n[[periods]]\nid='m1'\nname='一月'\nstart=2026-01-01\nend=2026-01-31\nreport_deadline=2026-01-20\n"
    with pytest.raises(DefinitionError) as info:
        await competition.import_competition(session, ORG, text, "toml")
    paths = {p.path for p in info.value.problems}
    assert {"participants", "periods[0].report_deadline", "indicators"} <= paths


async def test_a_new_version_keeps_every_version_and_what_reports_use(session):
    cid = await set_up(session)
    await report(session, cid, "T-A")
    c = one_month()
    renamed = type(c)(**{**{f: getattr(c, f) for f in c.__struct_fields__}, "name": "2026年六赛（修订）"})
    v2 = await competition.new_version(session, ORG, cid, renamed)
    assert (v2.version, v2.current_version, v2.definition.name) == (2, 2, "2026年六赛（修订）")
    assert (await competition.get_competition(session, cid, 1)).definition.name == c.name
    dropped = type(c)(**{**{f: getattr(c, f) for f in c.__struct_fields__}, "participants": c.participants[1:]})
    with pytest.raises(Conflict, match="T-A"):
        await competition.new_version(session, ORG, cid, dropped)


async def test_standings_after_a_version_drops_a_veto_score_the_figures_it_still_has(session):
    cid = await set_up(session)
    for team in ("T-A", "T-B"):
        await verification.verify_report(session, ORG, cid, (await report(session, cid, team)).id)
    c = one_month()
    fewer = type(c)(**{**{f: getattr(c, f) for f in c.__struct_fields__}, "vetoes": c.vetoes[:1]})  # no attendance veto
    await competition.new_version(session, ORG, cid, fewer)
    rows = {r.participant: r for r in (await standings.period_standings(session, cid, "2026-01")).rows}
    assert (rows["T-B"].total, rows["T-B"].vetoes, rows["T-B"].eligible) == (89.67, [], True)
