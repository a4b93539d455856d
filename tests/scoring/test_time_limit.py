"""Time over a limit with a hard stop: golden values, refusals, explain.
Source: shared RULES.md, "Lathe and CNC turning marking examples", time."""

from __future__ import annotations

import pytest

from scoring.errors import MarksError
from scoring.measure_arithmetic import arithmetic
from tests.scoring.machining import mark, marks_for, time_limit

TURNING = time_limit(10, limit=20, per_minute=1, stop=40)  # 车削时间 (10 分) 20 分钟，超出 1 分钟扣 1 分
EXAM = time_limit(10, limit=150, per_minute=1, stop=180)  # 150 min 后每超过 1 分钟扣 1 分，180 min 时停止考试


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0, 10), (19.5, 10), (20, 10), (20.5, 9), (21, 9), (21.2, 8), (25, 5), (30, 0), (40, 0)],
)
def test_one_mark_per_started_minute(value, expected):
    """RULES.md lathe examples: "车削时间 (10 分) 20 分钟，超出 1 分钟扣 1 分"; a started minute
    counts; 20 minutes over would take 20 of 10: the floor at 0."""
    assert mark(TURNING, value) == expected


def test_per_completed_minute_when_declared():
    """RULES.md lathe examples: "超出 1 分钟扣 1 分", declared per completed minute."""
    aspect = time_limit(10, limit=20, per_minute=1, stop=40, count="completed")
    assert marks_for(aspect, [20, 20.5, 21, 21.9, 22]).tolist() == [10, 10, 9, 9, 8]


def test_hard_stop_refuses_a_later_time():
    """RULES.md lathe examples: "150 min 后每超过 1 分钟扣 1 分，180 min 时停止考试": at the limit
    full, one minute over −1, at the stop itself 30 over → 0; past the stop the time is refused."""
    assert marks_for(EXAM, [150, 151, 180]).tolist() == [10, 9, 0]
    with pytest.raises(MarksError) as err:
        marks_for(EXAM, [150, 180.5])
    assert str(err.value) == "marks[m][1][time][judge 0]: 180.5 refused: a time beyond the hard stop of 180 min is refused"


def test_hard_stop_scores_zero_when_declared():
    """RULES.md lathe examples, the hard stop: a contest that lets work run on scores it 0."""
    aspect = time_limit(20, limit=150, per_minute=0.5, stop=180, beyond_stop="zero")
    assert marks_for(aspect, [150, 160, 180, 180.5, 200]).tolist() == [20, 15, 5, 0, 0]


def test_a_negative_time_is_refused():
    """RULES.md lathe examples: a time is minutes taken, 0 or more."""
    with pytest.raises(MarksError, match=r"marks\[m\]\[0\]\[time\]\[judge 0\]: -1 refused: a time must be a finite number of minutes"):
        marks_for(EXAM, [-1])


def test_explain_shows_the_minutes_over():
    """RULES.md lathe examples: "150 min 后每超过 1 分钟扣 1 分，180 min 时停止考试"."""
    assert arithmetic(EXAM, 152.5).note == "152.5 min against a limit of 150 min: 2.5 min over → 3 started minutes × 1 = −3 → 7"
    assert arithmetic(EXAM, 150).note == "150 min against a limit of 150 min: within → full 10"
    assert arithmetic(EXAM, 175).note.endswith("25 min over → 25 started minutes × 1 = −25 → 0 (floor)")
    zero = time_limit(10, limit=150, per_minute=1, stop=180, beyond_stop="zero")
    assert arithmetic(zero, 181).note == "181 min against a limit of 150 min: past the hard stop of 180 min → 0"
