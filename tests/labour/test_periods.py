"""The late-report policy (迟报) applied to report dates around a period's deadline."""

from __future__ import annotations

import datetime as dt

import pytest

from contests.labour.periods import LatePolicy, Period, late_decision

JAN = Period(id="2026-01", name="2026年1月", start=dt.date(2026, 1, 1), end=dt.date(2026, 1, 31), report_deadline=dt.date(2026, 2, 5))


@pytest.mark.parametrize(
    ("policy", "day", "accepted", "late", "deduction"),
    [
        (LatePolicy(action="refuse"), 5, True, False, 0),  # on the deadline day: on time
        (LatePolicy(action="refuse"), 6, False, True, 0),
        (LatePolicy(action="refuse", grace_days=2), 7, True, True, 0),  # within grace: taken, marked late
        (LatePolicy(action="refuse", grace_days=2), 8, False, True, 0),
        (LatePolicy(action="flag"), 20, True, True, 0),
        (LatePolicy(action="accept"), 20, True, False, 0),
        (LatePolicy(action="deduct", per_day=1, grace_days=1, cap=5), 6, True, True, 0),
        (LatePolicy(action="deduct", per_day=1, grace_days=1, cap=5), 9, True, True, 3),
        (LatePolicy(action="deduct", per_day=1, grace_days=1, cap=5), 28, True, True, 5),
    ],
)
def test_late_decision(policy, day, accepted, late, deduction):
    d = late_decision(policy, JAN, dt.date(2026, 2, day))
    assert (d.accepted, d.late, d.deduction) == (accepted, late, deduction)
    assert d.days_late == max(day - 5, 0)
