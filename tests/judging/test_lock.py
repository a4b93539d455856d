"""The module lock state table and the appeal window, without a database."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contests.judging import lock
from contests.judging.lock import LockEvent

T0 = dt.datetime(2026, 3, 21, 9, 0, tzinfo=dt.UTC)


def event(seq: int, state: str, minutes: int = 0) -> LockEvent:
    return LockEvent(id=seq, seq=seq, state=state, at=T0 + dt.timedelta(minutes=minutes), by="cj")


def test_the_table_is_open_lock_locked_unlock_open():
    assert lock.TABLE == {("open", "lock"): "locked", ("locked", "unlock"): "open"}
    assert lock.transition(None, "lock", "w/p") == ("locked", [])
    assert lock.transition(event(1, "locked"), "unlock", "w/p") == ("open", [])
    assert lock.transition(event(2, "unlocked"), "lock", "w/p") == ("locked", [])


def test_refused_transitions_name_the_state():
    _, refused = lock.transition(event(1, "locked"), "lock", "welder/practical")
    assert refused[0].rule == "module welder/practical is already locked (since 2026-03-21 09:00 UTC)"
    _, refused = lock.transition(None, "unlock", "welder/practical")
    assert refused[0].rule == "module welder/practical is not locked"


@given(st.lists(st.sampled_from(["locked", "unlocked"]), min_size=1, max_size=12), st.randoms())
def test_the_newest_lock_event_is_the_state_whatever_the_order_read(states, rnd):
    events = [event(k + 1, s) for k, s in enumerate(states)]
    shuffled = list(events)
    rnd.shuffle(shuffled)
    assert lock.newest(shuffled) == events[-1]
    assert lock.is_locked(lock.newest(shuffled)) == (states[-1] == "locked")
    assert lock.next_seq(lock.newest(shuffled)) == len(states) + 1


def test_never_locked_is_open():
    assert lock.newest([]) is None and lock.state_of(None) == "open" and lock.next_seq(None) == 1


def test_reasons():
    assert lock.lock_reason_problems(force=True, reason=" ")[0].rule == "a forced lock needs a reason"
    assert lock.lock_reason_problems(force=True, reason="裁判病假") == []
    assert lock.lock_reason_problems(force=False, reason=None) == []
    assert lock.unlock_reason_problems(None)[0].path == "reason"


@pytest.mark.parametrize(
    ("minutes_after", "open_"),
    [(0, True), (120, True), (121, False)],
)
def test_the_appeal_window_runs_from_the_newest_lock(minutes_after, open_):
    locked = event(3, "locked")
    now = T0 + dt.timedelta(minutes=minutes_after)
    assert lock.appeal_deadline(locked, 120) == T0 + dt.timedelta(minutes=120)
    assert (lock.appeal_window_problems(locked, 120, now, "w/p") == []) == open_


def test_no_appeal_before_the_lock():
    assert lock.appeal_deadline(event(2, "unlocked"), 120) is None
    refused = lock.appeal_window_problems(None, 120, T0, "welder/practical")
    assert refused[0].rule == "module welder/practical is not locked: appeals open when the chief judge locks it"
