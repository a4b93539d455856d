"""A small, realistic contest day for the results tests: the two example events
(examples/welder.toml and examples/electrician.toml) in one contest, with designed marks.

Welder (12 competitors, 5-judge trimmed practical): W03 and W07 tie on 88.00 and the chain's
first link (higher practical) puts W03 first; W10's weld has a pore, which zeroes its
visual criterion. Electrician (10 competitors, 3-judge panels, three teams): E05 damaged
equipment and is disqualified; E02 took two wiring-error deductions.
Names include markup, quotes, SQL metacharacters, emoji and CJK, which every output must
keep verbatim and the HTML page must escape.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

import msgspec
import numpy as np

from contests.definition import Contest, decode_contest, validate_contest
from contests.draw import draw
from contests.people import Competitor, Team, Unit
from contests.results import Standings, build_standings, event_breakdowns, team_index
from scoring import EventResult, EventScorer

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
CST = timezone(timedelta(hours=8))
COMPUTED_AT = datetime(2026, 5, 20, 17, 30, tzinfo=CST)
SCRIPT_NAME = "<script>alert('x')</script>"
EMOJI_NAME = "李🔥明"

UNITS = [
    Unit(code="JX1", name="第一机械厂"),
    Unit(code="RD", name="热电公司"),
    Unit(code="GD", name="供电公司 & <Grid>"),
]
TEAMS = [
    Team(code="JX1-E", name="第一机械厂电工队", unit="JX1"),
    Team(code="RD-E", name="热电电工队", unit="RD"),
    Team(code="GD-E", name="供电电工队", unit="GD"),
]
WELDER_NAMES = [
    "王伟",
    "李芳",
    "张强",
    "刘磊",
    SCRIPT_NAME,
    "杨洋",
    "赵勇",
    "O'Brien; DROP TABLE marks;--",
    "周涛",
    "吴明",
    EMOJI_NAME,
    "孙华",
]
ELECTRICIAN_NAMES = ["郑国栋", "钱立新", "冯建华", "褚文斌", "卫东升", "蒋振华", "沈卫国", "韩志刚", "杨宏伟", "朱海峰"]

# best measured values of the welder's visual table (each in the top band)
BEST = {
    "cap_height": 0.5, "height_difference": 0.5, "width_difference": 1.0, "undercut": 0.0,
    "root_concavity": 0.0, "root_convexity": 0.5, "misalignment": 0.0, "angular_distortion": 1.0,
}  # fmt: skip
JUDGES = 5


@dataclass
class EventDay:
    event_id: str
    scorer: EventScorer
    marks: dict[str, np.ndarray]
    competitors: list[Competitor]
    codes: dict[str, str]  # employee_no → blind code
    times: dict | None = None
    teams: np.ndarray | None = None
    result: EventResult = field(init=False)

    def __post_init__(self) -> None:
        self.rescore()

    def rescore(self) -> None:
        self.result = self.scorer.score(self.marks, times=self.times, teams=self.teams)

    def index(self, employee_no: str) -> int:
        return next(i for i, c in enumerate(self.competitors) if c.employee_no == employee_no)

    def code(self, employee_no: str) -> str:
        return self.codes[employee_no]


def load_contest() -> Contest:
    welder = decode_contest((EXAMPLES / "welder.toml").read_bytes(), "toml")
    electrician = decode_contest((EXAMPLES / "electrician.toml").read_bytes(), "toml")
    contest = msgspec.structs.replace(
        welder,
        id="skills-2026",
        name="2026年职工焊工、电工技能竞赛",
        name_en="2026 employee welder and electrician skills contest",
        events=[welder.events[0], electrician.events[0]],
    )
    validate_contest(contest)
    return contest


def blind_codes(competitors: list[Competitor], seed: int) -> dict[str, str]:
    return draw([c.employee_no for c in competitors], 4, seed).codes()


# ---------------------------------------------------------------- welder


def practical_row(aspect_ids: list[str], measured=None, levels=None, vetoes=(), rng=None) -> np.ndarray:
    """[aspects, judges] marks of one welder: measured values (all judges agree), judgement
    levels 0–3 (a scalar per aspect, or one per judge), veto flags."""
    out = np.zeros((len(aspect_ids), JUDGES))
    values = {**BEST, **(measured or {})}
    for a, aid in enumerate(aspect_ids):
        if aid in values:
            out[a] = values[aid]
        elif aid in vetoes:
            out[a] = 1.0
        elif aid in WORKMANSHIP:
            level = (levels or {}).get(aid, 3)
            out[a] = level if rng is None or (levels and aid in levels) else rng.integers(1, 4, JUDGES)
    return out


WORKMANSHIP = ("groove_preparation", "tack_welding", "interpass_cleaning", "welding_technique", "safe_tidy_work")


def welder_day(contest: Contest) -> EventDay:
    event = contest.event("welder")
    practical_ids = event.module("practical").scheme.aspect_ids()
    rng = np.random.default_rng(2026)
    theory = rng.integers(55, 86, 12).astype(float)
    rows = []
    for _i in range(12):
        # ordinary welders: visual table mostly in the second and third bands
        measured = {k: float(rng.choice([v, v + 1.2, v + 2.1])) for k, v in BEST.items() if k != "undercut"}
        rows.append(practical_row(practical_ids, measured=measured, rng=rng))
    # the tie (hand-computed): W03 practical 125/125 → 100, theory 60 → 18 + 70 = 88.00;
    # W07 width difference beyond every band (−10) and groove preparation level 0 (−5):
    # 110/125 → 88, theory 88 → 26.40 + 61.60 = 88.00; higher practical wins → W03 first.
    rows[2] = practical_row(practical_ids)
    rows[6] = practical_row(practical_ids, measured={"width_difference": 3.5}, levels={"groove_preparation": 0})
    theory[2], theory[6] = 60.0, 88.0
    rows[9] = practical_row(practical_ids, vetoes=("pore",), rng=rng)  # W10: pore → visual 0
    competitors = [
        Competitor(employee_no=f"W{i + 1:02d}", name=name, unit=UNITS[i % 3].code, event="welder") for i, name in enumerate(WELDER_NAMES)
    ]
    marks = {"theory": theory.reshape(-1, 1, 1), "practical": np.stack(rows)}
    times = {"practical": np.round(rng.uniform(50, 90, 12), 1)}  # minutes, the chain's second link
    scorer = EventScorer(event.modules, event.rules)
    return EventDay("welder", scorer, marks, competitors, blind_codes(competitors, 11), times=times)


# ---------------------------------------------------------------- electrician


def electrician_day(contest: Contest) -> EventDay:
    event = contest.event("electrician")
    rng = np.random.default_rng(7)
    n, judges = 10, 3
    motor_ids = event.module("motor_control").scheme.aspect_ids()
    fault_ids = event.module("fault_finding").scheme.aspect_ids()
    motor = np.zeros((n, len(motor_ids), judges))
    motor[:, motor_ids.index("wiring_neatness")] = rng.integers(1, 4, (n, judges))
    motor[:, motor_ids.index("tool_handling")] = rng.integers(1, 4, (n, judges))
    motor[1, motor_ids.index("wiring_error")] = 2  # E02: two wiring errors, −10
    motor[3, motor_ids.index("no_helmet")] = 1  # E04: −5 safety
    motor[4, motor_ids.index("equipment_damage")] = 1  # E05: damaged equipment → disqualified
    fault = np.zeros((n, len(fault_ids), judges))
    for k in ("fault_1", "fault_2", "fault_3"):
        fault[:, fault_ids.index(k)] = (rng.random(n) < 0.8)[:, None]
    fault[:, fault_ids.index("repair_test")] = rng.choice([10.0, 20.0, 30.0], n)[:, None]
    fault[:, fault_ids.index("record_quality")] = rng.integers(1, 4, (n, judges))
    theory = rng.integers(60, 96, n).astype(float).reshape(-1, 1, 1)
    team_codes = [TEAMS[i % 3].code for i in range(n)]
    competitors = [
        Competitor(employee_no=f"E{i + 1:02d}", name=name, unit=TEAMS[i % 3].unit, team=team_codes[i], event="electrician")
        for i, name in enumerate(ELECTRICIAN_NAMES)
    ]
    teams, _ = team_index(competitors)
    times = {None: np.round(rng.uniform(80, 120, n), 1)}
    marks = {"theory": theory, "motor_control": motor, "fault_finding": fault}
    scorer = EventScorer(event.modules, event.rules)
    return EventDay("electrician", scorer, marks, competitors, blind_codes(competitors, 12), times=times, teams=teams)


# ---------------------------------------------------------------- standings


def standings_of(contest: Contest, day: EventDay, *, reveal: bool = True, snapshot: int = 1, version: int = 3) -> Standings:
    return build_standings(
        contest,
        day.event_id,
        day.scorer,
        day.result,
        day.competitors,
        day.codes,
        version=version,
        snapshot=snapshot,
        computed_at=COMPUTED_AT,
        reveal_names=reveal,
        units=UNITS,
        teams=TEAMS,
    )


def breakdowns_of(day: EventDay) -> dict:
    return event_breakdowns(day.scorer, day.result, day.marks, [day.codes[c.employee_no] for c in day.competitors])
