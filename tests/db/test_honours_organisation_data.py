"""Issue 13 items 1 and 6 on the store: the honours accident bar reads the labour accident
records; 优秀组织奖 computed from a tiny skills contest (the welder day, published) and a
labour competition, each unit's figures and points checked against hand computation."""

from __future__ import annotations

from datetime import date

import msgspec
import pytest
from sqlalchemy import select

from contests.honours import Committee, Eligibility, Member, NominationRefused, OrganisationFormula, Title, UnitRecord
from contests.honours import Unit as RoundUnit
from contests.honours.accident_records import RecordedAccidentBar
from contests.labour.accidents import AccidentReport
from contests.labour.participants import Participant
from contests.labour.participants import Unit as LabourUnit
from contests.labour.presets import load_preset
from contests.people import Competitor
from contests.store.models import AuditEventRow
from contests.usecases.core.errors import Conflict
from contests.usecases.honours import nominations, organisation, rounds
from contests.usecases.honours.organisation_data import OrganisationDataBody, compute_from_data
from contests.usecases.judging.publishing import get_published, publish_standings
from contests.usecases.judging.unblinding import unblind_event
from contests.usecases.labour import accidents
from contests.usecases.labour.competition import create_competition
from contests.usecases.labour.reports import submit_report
from contests.usecases.labour.views import ReportDraft
from contests.usecases.setup.late_registration import register_competitor
from tests.db.helpers import ORGANISER, example
from tests.db.honours_helpers import NOMINATOR, ORG, draft, honours_round, set_up
from tests.db.test_judging_fixtures import CHIEF, WELDER_PANELS, mark_welder_day, sign_and_lock, welder_day

pytestmark = [pytest.mark.db, pytest.mark.anyio]
COMMITTEE = Committee(members=[Member(code="mem3", name="委员3")])
ACTUALS = {"output": 1000, "cost": 500000, "quality": 98.5, "safety": 1, "discipline": 0}


def labour(slug: str, units: dict[str, str], teams: dict[str, tuple[str, int | None]]):
    c = load_preset("liusai")
    return msgspec.structs.replace(
        c, id=slug, units=[LabourUnit(code=code, name=name) for code, name in units.items()],
        participants=[Participant(id=t, name=f"{t}班", unit=u, employees=n) for t, (u, n) in teams.items()],
    )  # fmt: skip


async def test_a_nomination_is_refused_by_a_recorded_labour_accident_and_a_correction_clears_it(session):
    bar = RecordedAccidentBar(months=6, min_severity="重伤")
    t = Title(id="advanced-individual", name="先进个人", kind="individual", quota=3, eligibility=Eligibility(recorded_accident=bar))
    rid = await set_up(session, honours_round(titles=[t]))
    cid = (await create_competition(session, ORG, labour("ankang", {"U1": "一厂"}, {"T1": ("U1", 10)}))).id
    report = AccidentReport(
        unit="U1", team="T1", person="E1", occurred_on=date(2026, 7, 1), severity="重伤", description="坠落", reporter="王"
    )
    recorded = await accidents.record_accident(session, ORG, cid, report, today=date(2026, 12, 31))
    with pytest.raises(NominationRefused) as refused:
        await nominations.nominate(session, NOMINATOR["U1"], rid, draft("E1"))
    assert refused.value.problems[0].rule.startswith("recorded_accident: 2026-07-01发生重伤事故（E1，ankang第1号记录）")
    lighter = accidents.AccidentCorrection(**msgspec.structs.asdict(report) | {"severity": "轻伤", "reason": "复核为轻伤"})
    await accidents.correct_accident(session, ORG, cid, recorded.record.number, lighter, today=date(2026, 12, 31))
    assert (await nominations.nominate(session, NOMINATOR["U1"], rid, draft("E1"))).state == "nominated"
    await nominations.nominate(session, NOMINATOR["U1"], rid, draft("E2"))  # E2 is not named by the record
    actions = await session.scalars(select(AuditEventRow.action).where(AuditEventRow.entity == "labour_accident"))
    assert list(actions) == ["labour.accident.record", "labour.accident.correct"]


async def _welder_published(session):
    day = await welder_day(session)
    await mark_welder_day(session, day)
    await sign_and_lock(session, day, WELDER_PANELS)
    await unblind_event(session, CHIEF, day.contest_id, "welder")
    await publish_standings(session, ORGANISER, day.contest_id, "welder")
    late = Competitor(employee_no="W9", name="补报", unit="WH", event="welder")
    await register_competitor(session, ORGANISER, day.contest_id, late)  # after the draw: WH is not on time
    return day


async def test_the_organisation_award_from_the_contest_and_labour_data(session):
    day = await _welder_published(session)
    published = await get_published(session, day.contest_id, "welder")
    awards = {(r.employee_no, r.award) for r in published.standings.rows if r.award}
    cid = (await create_competition(session, ORG, labour("liusai-org", {"TL": "铜陵", "HF": "合肥", "WH": "芜湖"}, {
        "T-A": ("TL", 24), "T-B": ("HF", 31), "T-C": ("WH", None)}))).id  # fmt: skip
    for participant, period, day_sent in [("T-A", "2026-01", date(2026, 2, 5)), ("T-A", "2026-02", date(2026, 3, 5)),
                                          ("T-B", "2026-01", date(2026, 2, 1)), ("T-B", "2026-02", date(2026, 3, 8)),
                                          ("T-C", "2026-01", date(2026, 2, 3))]:  # fmt: skip
        await submit_report(session, ORG, cid, ReportDraft(participant=participant, period=period, actuals=ACTUALS), today=day_sent)
    formula = OrganisationFormula(
        participation_points=40, full_participation_percent=2.0, results_points=40, award_weights={"一等奖": 10, "二等奖": 6, "三等奖": 3},
        registration_points=10, reporting_points=10, threshold=50.0, contest=example("welder").id, labour_competition="liusai-org",
    )  # fmt: skip
    title = Title(id="organisation-award", name="优秀组织奖", kind="collective", quota=1, organisation=formula)
    units = [RoundUnit(code="TL", name="铜陵", headcount=200), RoundUnit(code="HF", name="合肥", headcount=300),
             RoundUnit(code="WH", name="芜湖", headcount=100), RoundUnit(code="XX", name="外单位", headcount=50),
             RoundUnit(code="YY", name="无数据", headcount=10)]  # fmt: skip
    rid = (
        await rounds.create_round(
            session, ORG, honours_round(titles=[title], units=units, committee=COMMITTEE, reference_date=date(2026, 3, 10))
        )
    ).id
    body = OrganisationDataBody(records=[UnitRecord(unit="XX", headcount=50, competitors=1, awards={"一等奖": 1}, registered_on_time=True)])
    view = await compute_from_data(session, ORG, rid, "organisation-award", body)
    figures = {f.unit: f for f in view.figures}
    lines = {line.unit: line for line in view.lines}
    assert view.source == "data" and view.version == 1
    # hand computation. Competitors: W1 W2 (TL), W3 W4 (HF), W5 W6 W9 (WH; W9 after the draw).
    assert {u: figures[u].contest_competitors for u in ("TL", "HF", "WH")} == {"TL": 2, "HF": 2, "WH": 3}
    assert figures["WH"].registered_after_draw == ["W9"] and not figures["WH"].registered_on_time and figures["TL"].registered_on_time
    units_of = {"W1": "TL", "W2": "TL", "W3": "HF", "W4": "HF", "W5": "WH", "W6": "WH"}
    for unit in ("TL", "HF", "WH"):
        expected = {}
        for no, award in awards:
            if units_of[no] == unit:
                expected[award] = expected.get(award, 0) + 1
        assert figures[unit].awards == expected
    # labour, reference date 2026-03-10: periods 2026-01 (deadline 02-05) and 2026-02 (03-05) are due
    assert (figures["TL"].reports_due, figures["TL"].reports_on_time, figures["TL"].reported_on_time) == (2, 2, True)
    assert figures["HF"].reports_late == ["T-B 2026-02: 迟报3天"] and not figures["HF"].reported_on_time
    assert figures["WH"].reports_missing == ["T-C 2026-02"] and figures["WH"].notes == ["T-C 未申报参赛人数 / no employees declared"]
    assert figures["XX"].source == "body" and figures["YY"].source == "none"
    # the published welder results give TL 一等奖+二等奖, HF 2×三等奖, WH 2×二等奖 (checked against the snapshot above too)
    assert {u: figures[u].awards for u in ("TL", "HF", "WH")} == {
        "TL": {"一等奖": 1, "二等奖": 1},
        "HF": {"三等奖": 2},
        "WH": {"二等奖": 2},
    }
    # participation 40 × min(rate ÷ 2 %, 1); results min(Σ weight × n, 40); registration 10; reporting 10
    # TL: 2/200 = 1 % → 20.00; 10+6 = 16; on time; reports on time → 56.00
    # WH: 3/100 = 3 % → 40.00; 6+6 = 12; W9 after the draw → 0; T-C 2026-02 missing → 0 → 52.00
    # HF: 2/300 = 0.67 % → 13.33; 3+3 = 6; on time → 10; T-B 2026-02 late → 0 → 29.33 (under the threshold 50)
    # XX (typed): 1/50 = 2 % → 40.00; 一等奖 10; registration 10 → 60.00; YY: nothing → 0.00
    expected = {"XX": ("40.00", "10.00", "10.00", "0.00", "60.00"), "TL": ("20.00", "16.00", "10.00", "10.00", "56.00"),
                "WH": ("40.00", "12.00", "0.00", "0.00", "52.00"), "HF": ("13.33", "6.00", "10.00", "0.00", "29.33"),
                "YY": ("0.00", "0.00", "0.00", "0.00", "0.00")}  # fmt: skip
    assert [(line.unit, (line.participation, line.results, line.registration, line.reporting, line.total)) for line in view.lines] == list(
        expected.items()
    )
    assert [line.unit for line in view.lines if line.awarded] == ["XX"] and [line.place for line in view.lines] == [1, 2, 3, None, None]
    assert lines["HF"].participation_rate_percent == "0.67" and lines["HF"].participation == "13.33"  # 2/300 = 0.666…%: 40 × 1/3
    assert lines["XX"].total == f"{40 + 10 + 10:.2f}"  # 1/50 = 2 %: 40, 一等奖 10, registration 10
    assert lines["YY"].total == "0.00" and not lines["YY"].qualified
    assert sum(line.awarded for line in view.lines) == 1
    again = await organisation.get_award(session, rid, "organisation-award")
    assert again.figures == view.figures and again.source == "data"


async def test_data_mode_refuses_typed_figures_for_a_unit_biwu_holds(session):
    formula = OrganisationFormula(labour_competition="liusai-x")
    title = Title(id="organisation-award", name="优秀组织奖", kind="collective", quota=1, organisation=formula)
    units = [RoundUnit(code="TL", name="铜陵", headcount=200)]
    rid = (await rounds.create_round(session, ORG, honours_round(titles=[title], units=units, committee=COMMITTEE))).id
    await create_competition(session, ORG, labour("liusai-x", {"TL": "铜陵"}, {"T-A": ("TL", 24)}))
    typed = OrganisationDataBody(records=[UnitRecord(unit="TL", headcount=200, competitors=200)])
    with pytest.raises(Conflict) as refused:
        await compute_from_data(session, ORG, rid, "organisation-award", typed)
    assert refused.value.problems[0].path == "records[0].unit"
    plain = Title(id="organisation-award", name="优秀组织奖", kind="collective", quota=1, organisation=OrganisationFormula())
    other = (await rounds.create_round(session, ORG, honours_round(id="r2", titles=[plain], units=units, committee=COMMITTEE))).id
    with pytest.raises(Conflict, match="names no skills contest or labour competition"):
        await compute_from_data(session, ORG, other, "organisation-award", OrganisationDataBody())


async def test_the_demo_computes_its_organisation_award_from_the_labour_demo(session):
    from api.honours_demo import _organisation_award, demo_round
    from api.labour_demo import demo_competition

    await create_competition(session, ORG, demo_competition())  # the demo's 六赛, no reports: cheaper than seeding it all
    rid = (await rounds.create_round(session, ORG, demo_round())).id
    await _organisation_award(session, rid, demo_round())
    await _organisation_award(session, rid, demo_round())  # once only
    view = await organisation.get_award(session, rid, "organisation-award")
    assert view.source == "data" and view.version == 1
    assert [f.source for f in view.figures] == ["data", "data", "data", "none", "none", "none"]  # U01–U03 run teams in 六赛
    u01 = view.figures[0]
    assert (u01.unit, u01.labour_employees, u01.contest_competitors) == ("U01", 24 + 22 + 19, None)  # T-A, T-D, T-E
