"""The judging day the judging tests share, declared once: both example events
(examples/welder.toml, examples/electrician.toml), their people, panels and the marks
designed for them. Two channels set it up: the DB tests through the use-cases
(tests/db/test_judging_fixtures.py), the API tests through HTTP
(tests/api/test_judging_fixtures.py).

People are declared by *seat* (welders W1–W6, electricians E1–E5), units by key (TL, HF,
WH, ZJ) and judges by their code within the event. A `Naming` turns these into one
channel's identifiers: the DB tests use them as they are (`AS_DECLARED`); the API tests hold
both events in one contest and spell everything distinctively (HJ-W1, DG-E1, TLGS, ET1…),
so that the blindness tests can search raw response bytes for them without false hits.

Welder: six welders of units TL, HF and WH; practical panel P1–P5 (P1 is of unit TL, so
recused from W1 and W2), theory judge T1. Electrician: five electricians in teams TL-1 and
HF-1; motor-control panel M1–M3 (M1 of unit TL), fault-finding panel F1–F3, theory judge T1.
"""

from __future__ import annotations

from dataclasses import dataclass, field

UNIT_NAMES = {"TL": "铜陵供电公司", "HF": "合肥检修公司", "WH": "芜湖供电公司", "ZJ": "省裁判委员会"}
COMPETING_UNITS = ("TL", "HF", "WH")  # ZJ is the judges' unit
TEAMS = {"TL-1": ("铜陵一队", "TL"), "HF-1": ("合肥一队", "HF")}  # code → (name, unit key)

# seat → (name, unit key, team)
WELDERS = {
    "W1": ("张三", "TL", None),
    "W2": ("李四", "TL", None),
    "W3": ("王五", "HF", None),
    "W4": ("赵六", "HF", None),
    "W5": ("孙七", "WH", None),
    "W6": ("周八", "WH", None),
}
ELECTRICIANS = {
    "E1": ("钱一", "TL", "TL-1"),
    "E2": ("钱二", "TL", "TL-1"),
    "E3": ("钱三", "TL", "TL-1"),
    "E4": ("吴四", "HF", "HF-1"),
    "E5": ("吴五", "HF", "HF-1"),
}
SEATS = {"welder": WELDERS, "electrician": ELECTRICIANS}

# event → judge code → (name, unit key)
JUDGES = {
    "welder": {"P1": ("裁判甲", "TL"), **{f"P{k}": (f"焊工裁判{k}", "ZJ") for k in range(2, 6)}, "T1": ("焊工理论裁判", "ZJ")},
    "electrician": {
        "M1": ("电工裁判甲", "TL"),
        **{c: (f"电工裁判{c}", "ZJ") for c in ("M2", "M3", "F1", "F2", "F3")},
        "T1": ("电工理论裁判", "ZJ"),
    },
}
PANELS = {
    "welder": {"theory": ["T1"], "practical": ["P1", "P2", "P3", "P4", "P5"]},
    "electrician": {"theory": ["T1"], "motor_control": ["M1", "M2", "M3"], "fault_finding": ["F1", "F2", "F3"]},
}


@dataclass(frozen=True)
class Naming:
    """How one channel spells seats, unit keys and judge codes."""

    seat_prefix: dict[str, str] = field(default_factory=dict)  # event → prefix of its employee numbers
    units: dict[str, str] = field(default_factory=dict)  # unit key → unit code (default: the key)
    judges: dict[tuple[str, str], str] = field(default_factory=dict)  # (event, code) → code (default: the code)

    def employee_no(self, event: str, seat: str) -> str:
        return self.seat_prefix.get(event, "") + seat

    def unit(self, key: str) -> str:
        return self.units.get(key, key)

    def judge(self, event: str, code: str) -> str:
        return self.judges.get((event, code), code)

    def competitors(self, event: str) -> dict[str, tuple[str, str, str | None]]:
        """employee number → (name, unit code, team) of the event's competitors."""
        return {self.employee_no(event, seat): (name, self.unit(unit), team) for seat, (name, unit, team) in SEATS[event].items()}

    def judges_of(self, event: str) -> dict[str, tuple[str, str]]:
        """judge code → (name, unit code) of the event's judges."""
        return {self.judge(event, code): (name, self.unit(unit)) for code, (name, unit) in JUDGES[event].items()}

    def panels(self, event: str) -> dict[str, list[str]]:
        return {module: [self.judge(event, code) for code in codes] for module, codes in PANELS[event].items()}

    def by_employee(self, event: str, by_seat: dict[str, object]) -> dict[str, object]:
        """A table keyed by seat, keyed by employee number instead."""
        return {self.employee_no(event, seat): value for seat, value in by_seat.items()}


AS_DECLARED = Naming()

# ---------------------------------------------------------------- the welder marks

BANDS_TOP = {  # every band aspect in its best band
    "cap_height": 0.5, "height_difference": 0.5, "width_difference": 1.0, "undercut": 0,
    "root_concavity": 0, "root_convexity": 0.5, "misalignment": 0, "angular_distortion": 1,
}  # fmt: skip
JUDGEMENTS = ("groove_preparation", "tack_welding", "interpass_cleaning", "welding_technique", "safe_tidy_work")
WELDER_THEORY = {"W1": 90, "W2": 80, "W3": 95, "W4": 70, "W5": 60, "W6": 60}
WELDER_TIMES = {"W5": "1800", "W6": "1750.5"}  # practical completion seconds


def welder_practical(judge: str) -> dict[str, dict[str, object]]:
    """What each practical judge marks, per welder seat (P1 is recused from W1 and W2).
    Two values are decimal strings, as a tablet may send them.

    W1: all bands best (100); judgements 3 except P5's groove 2 → trimmed mean of 4 = 3.
    W2: cap height 1.5 mm (band ≤ 2 → 12); judgements all 2.
    W3: a pore (P4 records it): the whole visual criterion is 0; judgements all 3.
    W4: cap unfinished (aspect veto: cap height 0); judgements [3, 2, 2, 2, 1] by P1..P5.
    W5: undercut 16 mm by everyone (band ≤ 30 → 8); judgements all 3.
    W6: undercut 15 mm by everyone (band ≤ 15 → 14); judgements all 3.
    """
    k = int(judge[1])
    out: dict[str, dict[str, object]] = {}
    if judge != "P1":
        out["W1"] = BANDS_TOP | {a: 3 for a in JUDGEMENTS} | ({"groove_preparation": 2} if judge == "P5" else {})
        out["W2"] = BANDS_TOP | {"cap_height": "1.5"} | {a: 2 for a in JUDGEMENTS}
    out["W3"] = BANDS_TOP | {a: 3 for a in JUDGEMENTS} | ({"pore": 1} if judge == "P4" else {})
    out["W4"] = BANDS_TOP | {"cap_unfinished": 1} | {a: [3, 2, 2, 2, 1][k - 1] for a in JUDGEMENTS}
    out["W5"] = BANDS_TOP | {"undercut": 16} | {a: 3 for a in JUDGEMENTS}
    out["W6"] = BANDS_TOP | {"undercut": "15"} | {a: 3 for a in JUDGEMENTS}
    return out


# ---------------------------------------------------------------- the electrician marks


def _motor(neat: int, tool: int, **deductions: int) -> dict[str, int]:
    return {"wiring_neatness": neat, "tool_handling": tool} | deductions


def _fault(f2: int, repair: int, record: int) -> dict[str, int]:
    return {"fault_1": 1, "fault_2": f2, "fault_3": 1, "repair_test": repair, "record_quality": record}


# module → judge → {seat: marks}; M1 (unit TL) marks only the HF electricians
ELECTRICIAN_MARKS = {
    "motor_control": {
        "M1": {"E4": _motor(3, 3), "E5": _motor(3, 2)},
        "M2": {
            "E1": _motor(3, 2), "E2": _motor(2, 2, wiring_error=4, live_operation=2),
            "E3": _motor(3, 3, damaged_device=2), "E4": _motor(3, 3), "E5": _motor(3, 2),
        },
        "M3": {
            "E1": _motor(3, 2), "E2": _motor(2, 2, wiring_error=5, no_helmet=1),
            "E3": _motor(3, 3), "E4": _motor(3, 3), "E5": _motor(3, 2),
        },
    },
    "fault_finding": {
        "F1": {"E1": _fault(1, 30, 3), "E2": _fault(0, 20, 2), "E3": _fault(1, 30, 3), "E4": _fault(1, 30, 3), "E5": _fault(1, 30, 3)},
        "F2": {"E1": _fault(1, 30, 3), "E2": _fault(0, 20, 2), "E3": _fault(1, 30, 3), "E4": _fault(1, 30, 3), "E5": _fault(1, 30, 3)},
        "F3": {"E1": _fault(1, 27, 3), "E2": _fault(0, 20, 2), "E3": _fault(1, 30, 3), "E4": _fault(1, 30, 3), "E5": _fault(1, 27, 3)},
    },
}  # fmt: skip
ELECTRICIAN_THEORY = {"E1": 85, "E2": 70, "E3": 80, "E4": 90, "E5": 85}
ELECTRICIAN_TIMES = {"motor_control": {"E1": 1500, "E5": 1600}, "fault_finding": {"E1": 1200, "E5": 1000}}  # seconds


__all__ = [
    "AS_DECLARED",
    "BANDS_TOP",
    "COMPETING_UNITS",
    "ELECTRICIANS",
    "ELECTRICIAN_MARKS",
    "ELECTRICIAN_THEORY",
    "ELECTRICIAN_TIMES",
    "JUDGEMENTS",
    "JUDGES",
    "PANELS",
    "SEATS",
    "TEAMS",
    "UNIT_NAMES",
    "WELDERS",
    "WELDER_THEORY",
    "WELDER_TIMES",
    "Naming",
    "welder_practical",
]
