"""The lot draw in sessions (场次 × 工位, issue 15): every competitor gets exactly one seat,
no seat twice, sessions fill in order, the seed reproduces the whole assignment (and
`verify` checks it), blind codes as in biwu-draw/1, and bad input is refused by field."""

from __future__ import annotations

import hashlib
from collections import Counter

import msgspec
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contests.draw import DrawRecord, code_digits, verify
from contests.draw_sessions import ALGORITHM, draw_in_sessions, draw_record
from contests.errors import DrawError

IDS = [f"E{n:03d}" for n in range(1, 26)]
replace = msgspec.structs.replace


@settings(max_examples=60, deadline=None)
@given(
    ids=st.lists(st.text(alphabet="ABCDEFGHJK0123456789工号", min_size=1, max_size=8), min_size=1, max_size=120, unique=True),
    stations=st.integers(1, 15),
    seed=st.integers(0, 2**256 - 1),
    order=st.randoms(use_true_random=False),
)
def test_every_competitor_gets_one_seat_and_sessions_fill_in_order(ids, stations, seed, order):
    drawn = draw_in_sessions(ids, stations, seed)
    record = drawn.record()
    seats = [(a.session, int(a.station)) for a in record.assignments]
    assert sorted(a.competitor for a in record.assignments) == sorted(ids)  # each competitor exactly once
    assert len(set(seats)) == len(ids)  # no seat used twice
    sessions = -(-len(ids) // stations)
    per_session = Counter(s for s, _ in seats)
    assert sorted(per_session) == list(range(1, sessions + 1))
    assert all(per_session[s] == stations for s in range(1, sessions))  # only the last session may have empty stations
    assert per_session[sessions] == len(ids) - (sessions - 1) * stations
    assert {t for _, t in seats} <= set(range(1, stations + 1))
    assert len(set(record.codes().values())) == len(ids) and all(len(c) == record.code_digits for c in record.codes().values())
    shuffled = ids[:]
    order.shuffle(shuffled)
    assert draw_in_sessions(shuffled, stations, seed).same_as(drawn)  # the seed reproduces it, in any input order
    assert draw_record(shuffled, stations, seed) == record and verify(record, shuffled)


def test_a_small_draw_golden():
    """25 competitors in sessions of 10, seed 2026: the outcome pinned, so a change to the
    algorithm (which would break the re-running of stored draws) cannot pass unnoticed."""
    record = draw_record(IDS, 10, 2026)
    assert record.algorithm == ALGORITHM == "biwu-draw/2 shake256" and record.code_digits == code_digits(25) == 4
    first = [(a.competitor, a.session, a.station, a.code) for a in record.assignments[:3]]
    assert first == [("E011", 2, "8", "6747"), ("E019", 2, "3", "7235"), ("E014", 3, "4", "7950")]
    assert Counter(a.session for a in record.assignments) == {1: 10, 2: 10, 3: 5}
    assert record.commitment == hashlib.sha256((2026).to_bytes(32, "big")).hexdigest()


def test_round_one_can_be_recomputed_with_the_standard_library_alone():
    """An auditor needs only SHAKE-256 and a sort: round 1 orders the sorted ids by their keys."""
    key = (7).to_bytes(32, "big")
    raw = hashlib.shake_256(b"biwu-draw/2|round1|" + key).digest(8 * len(IDS))
    keys = [int.from_bytes(raw[i : i + 8], "big") for i in range(0, len(raw), 8)]
    by_hand = [IDS[i] for i in sorted(range(len(IDS)), key=lambda i: keys[i])]
    assert draw_record(IDS, 10, 7).round1 == by_hand


def test_a_declared_number_of_sessions_holds_the_field_or_is_refused():
    assert draw_in_sessions(IDS, 10, 1, sessions=3).sessions == 3
    assert draw_in_sessions(IDS, 10, 1, sessions=5).sessions == 3  # spare sessions stay empty
    with pytest.raises(DrawError) as info:
        draw_in_sessions(IDS, 10, 1, sessions=2)
    assert info.value.problems[0].path == "sessions" and "seat 20" in info.value.problems[0].rule


def test_the_draw_in_sessions_is_not_the_draw_without():
    """Different algorithms, recorded as such: verify re-runs each with its own."""
    record = draw_record(IDS, 10, 5)
    assert verify(record, IDS)
    assert not verify(replace(record, algorithm="biwu-draw/1 hmac-sha256"), IDS)
    swapped = [replace(record.assignments[0], session=record.assignments[-1].session, station=record.assignments[-1].station)]
    assert not verify(replace(record, assignments=swapped + record.assignments[1:]), IDS)
    again = msgspec.json.decode(msgspec.json.encode(record), type=DrawRecord)
    assert verify(again, IDS[::-1])


def test_codes_repeat_nothing_in_a_large_field():
    drawn = draw_in_sessions([f"N{n}" for n in range(50_000)], 300, 3)
    assert len(np.unique(drawn.code)) == 50_000 and drawn.code.min() >= 10 ** (drawn.code_digits - 1)
    assert drawn.sessions == 167 and int((drawn.session == 167).sum()) == 50_000 - 166 * 300


@pytest.mark.parametrize(
    "ids, stations, kwargs, path",
    [
        (IDS, 0, {}, "stations"),
        (IDS, -3, {}, "stations"),
        (IDS, 10_001, {}, "stations"),
        (IDS, True, {}, "stations"),
        (IDS, ["A", "A"], {}, "stations"),
        (IDS, 10, {"sessions": 0}, "sessions"),
        (IDS, 10, {"sessions": 2}, "sessions"),
        ([], 3, {}, "competitor_ids"),
        ("E1", 3, {}, "competitor_ids"),
        (["E1", "E2", "E1"], 3, {}, "competitor_ids"),
        (["E1", "E 2"], 3, {}, "competitor_ids[1]"),
        (["E1", "E/2"], 3, {}, "competitor_ids[1]"),
        (["E1", ""], 3, {}, "competitor_ids[1]"),
        (["E1", "x" * 65], 3, {}, "competitor_ids[1]"),
        (["E1", 2], 3, {}, "competitor_ids[1]"),
    ],
)
def test_bad_input_is_refused_naming_the_field(ids, stations, kwargs, path):
    with pytest.raises(DrawError) as info:
        draw_in_sessions(ids, stations, 1, **kwargs)
    assert info.value.problems[0].path == path
