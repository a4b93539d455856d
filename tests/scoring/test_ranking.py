"""Ranking: competition places, tie-break chains, the recorded draw and decided_by."""

from __future__ import annotations

import msgspec
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import rankdata

from scoring.errors import PolicyError, RuleError
from scoring.ranking import DrawRecord, Ranking, TieBreak, rank, validate_ranking
from scoring.rounding import Rounding, to_units

NAN = np.nan


def arr(*values, dtype=np.int64):
    return np.array(values, dtype=dtype)


# ---------------------------------------------------------------- golden: RULES.md chains


def test_chain_a_time_then_practical_then_theory_then_shared():
    """RULES.md, skills contests, tie-break (a): less completion time → higher practical →
    higher theory → shared place."""
    chain = Ranking(
        tie_break=[
            TieBreak(key="time"),
            TieBreak(key="module", module="practical"),
            TieBreak(key="module", module="theory"),
        ]
    )
    total = arr(9000, 9000, 9000, 9000, 9000, 9500)
    practical = arr(6000, 6100, 6100, 6100, 6100, 7000)
    theory = arr(3000, 2900, 2800, 2900, 2900, 2500)
    time = arr(50.0, 60.0, 60.0, 60.0, 60.0, 90.0, dtype=np.float64)
    r = rank(total, chain, module_units={"practical": practical, "theory": theory}, times={None: time})
    # 5 has the best total whatever its time; 0 is fastest of the 9000s; 1, 3, 4 beat 2 on
    # theory; 1, 3 and 4 are equal on everything and share 3rd.
    assert r.rank.tolist() == [2, 3, 6, 3, 3, 1]
    assert r.order.tolist() == [5, 0, 1, 3, 4, 2]
    # 0 was separated from 1 by time (key 0); 1, 3, 4 share (L = 3); 2 fell on theory (key 2).
    assert r.decided_by.tolist() == [0, 3, 2, 3, 3, -1]
    assert r.draws == []


def test_chain_a_practical_breaks_when_times_equal():
    """RULES.md tie-break (a): equal times fall through to the practical score."""
    chain = Ranking(tie_break=[TieBreak(key="time"), TieBreak(key="module", module="practical")])
    r = rank(
        arr(8000, 8000),
        chain,
        module_units={"practical": arr(5000, 5100)},
        times={None: arr(42.5, 42.5, dtype=np.float64)},
    )
    assert r.rank.tolist() == [2, 1]
    assert r.decided_by.tolist() == [1, 1]


def test_chain_b_practical_then_practical_time():
    """RULES.md, skills contests, tie-break (b): higher practical → less practical time
    (a per-module time, not the total time)."""
    chain = Ranking(tie_break=[TieBreak(key="module", module="practical"), TieBreak(key="time", module="practical")])
    total = arr(8500, 8500, 8500, 8000)
    practical = arr(6000, 6000, 6500, 6000)
    practical_time = arr(30.0, 25.0, 99.0, 10.0, dtype=np.float64)
    total_time = arr(1.0, 900.0, 1.0, 1.0, dtype=np.float64)  # must be ignored
    r = rank(
        total,
        chain,
        module_units={"practical": practical},
        times={None: total_time, "practical": practical_time},
    )
    assert r.rank.tolist() == [3, 2, 1, 4]
    assert r.order.tolist() == [2, 1, 0, 3]
    assert r.decided_by.tolist() == [1, 1, 0, -1]


def test_chain_c_module_scores_in_fixed_order():
    """RULES.md, skills contests, tie-break (c): module scores compared in a fixed order."""
    chain = Ranking(tie_break=[TieBreak(key="module", module=m) for m in ("m1", "m2", "m3")])
    modules = {
        "m1": arr(30, 30, 30, 31),
        "m2": arr(40, 41, 40, 39),
        "m3": arr(30, 29, 31, 30),
    }
    r = rank(arr(100, 100, 101, 100), chain, module_units=modules)
    # 2 wins on total; then m1: 3 (31) first; m2: 1 (41) before 0 (40).
    assert r.rank.tolist() == [4, 3, 1, 2]
    assert r.decided_by.tolist() == [1, 1, -1, 0]


def test_reversing_the_fixed_module_order_changes_the_winner():
    """RULES.md tie-break (c): the declared order of modules matters."""
    modules = {"m1": arr(60, 50), "m2": arr(40, 50)}
    forward = Ranking(tie_break=[TieBreak(key="module", module="m1"), TieBreak(key="module", module="m2")])
    backward = Ranking(tie_break=list(reversed(forward.tie_break)))
    assert rank(arr(100, 100), forward, module_units=modules).rank.tolist() == [1, 2]
    assert rank(arr(100, 100), backward, module_units=modules).rank.tolist() == [2, 1]


def test_missing_time_ranks_after_any_time_and_ties_with_missing():
    """RULES.md tie-break (a): a competitor without a recorded time cannot win on time."""
    chain = Ranking(tie_break=[TieBreak(key="time")])
    r = rank(arr(50, 50, 50, 50), chain, times={None: arr(NAN, 1e9, NAN, 3.0, dtype=np.float64)})
    assert r.rank.tolist() == [3, 2, 3, 1]
    assert r.decided_by.tolist() == [1, 0, 1, 0]


def test_disqualified_get_no_place_and_come_last():
    """RULES.md electrician safety module: two or more damaged devices → disqualified."""
    eligible = np.array([True, False, True, True])
    r = rank(arr(70, 99, 80, 70), Ranking(), eligible=eligible)
    assert r.rank.tolist() == [2, 0, 1, 2]
    assert r.order.tolist()[-1] == 1
    assert r.decided_by.tolist() == [0, -1, -1, 0]


def test_decided_by_takes_the_hardest_neighbour():
    """DESIGN.md "Explainable": tie-break used. Middle competitor is separated from one
    neighbour by total and from the other by key 1; it reports key 1."""
    chain = Ranking(tie_break=[TieBreak(key="module", module="a"), TieBreak(key="module", module="b")])
    r = rank(arr(90, 80, 80), chain, module_units={"a": arr(0, 5, 5), "b": arr(0, 9, 8)})
    assert r.order.tolist() == [0, 1, 2]
    assert r.decided_by.tolist() == [-1, 1, 1]


def test_points_from_floats_tie_after_rounding():
    """DESIGN.md "Exact, declared rounding": 0.1 + 0.2 must tie with 0.3."""
    units = to_units(np.array([0.1 + 0.2, 0.3, 0.29]), Rounding(places=2))
    r = rank(units, Ranking())
    assert r.rank.tolist() == [1, 1, 3]
    assert r.decided_by.tolist() == [0, 0, -1]


# ---------------------------------------------------------------- golden: Hainan 2023 draw

HAINAN = Ranking(no_shared_top=3, draw_seed=2023)
# places without the draw: 1, 2, 2, 2, 5, 5, 7 (a three-way tie for 2nd inside the top 3)
HAINAN_TOTALS = arr(9000, 9500, 8000, 9000, 8000, 9000, 7000)


def test_hainan_draw_gives_distinct_places_in_the_top_3():
    """RULES.md: Hainan 2023 forbids ties for the top 3 and needs a recorded decision."""
    r = rank(HAINAN_TOTALS, HAINAN)
    top = r.rank[(r.rank >= 1) & (r.rank <= 3)]
    assert sorted(top.tolist()) == [1, 2, 3]
    assert len(r.draws) == 1
    record = r.draws[0]
    assert record.place == 2 and record.seed == 2023
    assert sorted(record.competitors) == [0, 3, 5]
    assert [int(r.rank[c]) for c in record.competitors] == [2, 3, 4]
    assert r.order.tolist()[1:4] == record.competitors
    assert all(int(r.decided_by[c]) == 1 for c in record.competitors)  # L + 1 with L = 0


def test_hainan_draw_is_reproducible_and_changes_nothing_outside_the_group():
    """RULES.md Hainan 2023: the decision is recorded and reproducible from its seed."""
    first = rank(HAINAN_TOTALS, HAINAN)
    again = rank(HAINAN_TOTALS, HAINAN)
    assert first.rank.tolist() == again.rank.tolist()
    assert first.draws == again.draws
    plain = rank(HAINAN_TOTALS, Ranking())
    outside = np.ones(HAINAN_TOTALS.size, bool)
    outside[first.draws[0].competitors] = False
    assert first.rank[outside].tolist() == plain.rank[outside].tolist()
    # the 8000 pair shares 5th: outside the top 3, no draw
    assert first.rank[[2, 4]].tolist() == [5, 5]


def test_hainan_draw_follows_the_documented_procedure():
    """RULES.md Hainan 2023 "recorded decision": an auditor reproduces it from the docstring:
    sort the group's ids, permute by default_rng([seed, place]).permutation(k)."""
    ids = arr(70, 10, 60, 40, 50, 30, 20)
    r = rank(HAINAN_TOTALS, HAINAN, ids=ids)
    group = np.array([0, 3, 5])
    by_id = group[np.argsort(ids[group])]
    expected = by_id[np.random.default_rng([2023, 2]).permutation(3)]
    assert r.draws == [DrawRecord(place=2, competitors=expected.tolist(), seed=2023)]


def test_hainan_different_seeds_can_give_different_orders():
    """RULES.md Hainan 2023: the seed, not the input, decides the draw."""
    orders = {tuple(rank(HAINAN_TOTALS, Ranking(no_shared_top=3, draw_seed=s)).draws[0].competitors) for s in range(20)}
    assert len(orders) > 1


def test_draw_straddling_the_limit_only_settles_places_up_to_it():
    """RULES.md Hainan 2023: gold/silver/bronze need distinct places; 优胜奖 places beyond
    3 may still be shared, so a group tied at 3rd leaves its others sharing 4th."""
    r = rank(arr(100, 90, 80, 80, 80), Ranking(no_shared_top=3, draw_seed=7))
    assert r.rank[:2].tolist() == [1, 2]
    assert sorted(r.rank[2:].tolist()) == [3, 4, 4]
    bronze = r.draws[0].competitors[0]
    assert r.rank[bronze] == 3 and r.decided_by[bronze] == 1
    assert sorted(r.decided_by[[c for c in (2, 3, 4) if c != bronze]].tolist()) == [0, 0]


def test_draw_after_the_chain_only():
    """RULES.md tie-break (a) + Hainan 2023: the draw applies only to ties the chain left."""
    chain = Ranking(tie_break=[TieBreak(key="time")], no_shared_top=3, draw_seed=1)
    r = rank(arr(90, 90, 90), chain, times={None: arr(3.0, 1.0, 2.0, dtype=np.float64)})
    assert r.rank.tolist() == [3, 1, 2]
    assert r.draws == []


# ---------------------------------------------------------------- properties

totals_st = st.lists(st.integers(0, 12), min_size=1, max_size=40).map(lambda v: np.array(v, np.int64))


@settings(max_examples=200, deadline=None)
@given(totals_st)
def test_empty_chain_matches_scipy_min_rank(totals):
    """STACK.md: competition ranking "1224" = scipy.stats.rankdata(method="min")."""
    r = rank(totals, Ranking())
    assert r.rank.tolist() == rankdata(-totals, method="min").astype(int).tolist()


@st.composite
def field(draw):
    n = draw(st.integers(1, 30))
    ints = st.lists(st.integers(0, 4), min_size=n, max_size=n)
    # 181 / 3 has no short decimal form: it stays a float key beside the int64 ones
    time = draw(st.lists(st.sampled_from([1.0, 2.0, 2.5, 181 / 3, NAN]), min_size=n, max_size=n))
    eligible = draw(st.lists(st.booleans(), min_size=n, max_size=n).filter(lambda e: sum(e) >= n // 2))
    return {
        "total": np.array(draw(ints), np.int64),
        "practical": np.array(draw(ints), np.int64),
        "time": np.array(time),
        "eligible": np.array(eligible),
        "perm": np.array(draw(st.permutations(range(n)))),
        "top": draw(st.integers(0, 5)),
        "seed": draw(st.integers(0, 2**31 - 1)),
    }


def _run(f, index):
    policy = Ranking(
        tie_break=[TieBreak(key="module", module="practical"), TieBreak(key="time")],
        no_shared_top=f["top"],
        draw_seed=f["seed"],
    )
    return rank(
        f["total"][index],
        policy,
        module_units={"practical": f["practical"][index]},
        times={None: f["time"][index]},
        eligible=f["eligible"][index],
        ids=(np.arange(index.size) * 7 + 3)[index],
    )


@settings(max_examples=150, deadline=None)
@given(field())
def test_permutation_invariance_with_chain_and_draw(f):
    """DESIGN.md "Exact... auditable": the input order of competitors never changes a result."""
    n = f["total"].size
    base = _run(f, np.arange(n))
    perm = f["perm"]
    shuffled = _run(f, perm)
    assert shuffled.rank.tolist() == base.rank[perm].tolist()
    assert shuffled.decided_by.tolist() == base.decided_by[perm].tolist()
    assert perm[shuffled.order].tolist() == base.order.tolist()
    unshuffled = [[int(perm[c]) for c in d.competitors] for d in shuffled.draws]
    assert unshuffled == [d.competitors for d in base.draws]


@settings(max_examples=150, deadline=None)
@given(field())
def test_places_are_monotone_and_top_places_unshared(f):
    """RULES.md: higher total never gets a worse place; Hainan 2023: no shared place <= N."""
    r = _run(f, np.arange(f["total"].size))
    ok = f["eligible"]
    placed, total = r.rank[ok], f["total"][ok]
    better = total[:, None] > total[None, :]
    assert not (better & (placed[:, None] >= placed[None, :])).any()
    assert (r.rank[~ok] == 0).all() and (placed >= 1).all()
    values, counts = np.unique(placed, return_counts=True)
    assert (counts[values <= f["top"]] == 1).all()
    # 1224 shape: a place is 1 + the number of competitors strictly ahead of it
    assert (placed == 1 + (placed[None, :] < placed[:, None]).sum(axis=1)).all()


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(0, 10**6), min_size=2, max_size=20))
def test_decimal_sums_of_floats_tie_with_their_exact_value(cents):
    """DESIGN.md: ranks compare rounded units, never raw floats (0.1+0.2 ties with 0.3)."""
    parts = np.array(cents) / 100.0
    float_sum = np.cumsum(parts)[-1]
    exact = sum(cents) / 100.0
    units = to_units(np.array([float_sum, exact]), Rounding(places=2))
    assert rank(units, Ranking()).rank.tolist() == [1, 1]


# ---------------------------------------------------------------- refusals


def test_unknown_module_in_tie_break_is_refused_with_its_path():
    """DESIGN.md "Reject, don't repair": the error names the field and the rule."""
    policy = Ranking(tie_break=[TieBreak(key="time"), TieBreak(key="module", module="practicl")])
    with pytest.raises(PolicyError) as err:
        validate_ranking(policy, ["theory", "practical"])
    assert [(p.path, p.rule) for p in err.value.problems] == [
        ("tie_break[1].module", "unknown module 'practicl' (known: 'theory', 'practical')")
    ]


def test_module_key_without_module_and_repeats_are_refused_together():
    """DESIGN.md "Reject, don't repair": every problem is reported at once."""
    policy = Ranking(tie_break=[TieBreak(key="module"), TieBreak(key="time"), TieBreak(key="time")])
    with pytest.raises(PolicyError) as err:
        validate_ranking(policy, ["theory"])
    assert [str(p) for p in err.value.problems] == [
        "tie_break[0].module: is required when key is 'module'",
        "tie_break[2]: repeats tie_break[1]; a repeated key never breaks a tie",
    ]


def test_time_of_unknown_module_is_refused():
    with pytest.raises(PolicyError, match=r"tie_break\[0\]\.module: unknown module 'welding'"):
        validate_ranking(Ranking(tie_break=[TieBreak(key="time", module="welding")]), ["theory"])


def test_out_of_range_numbers_built_in_python_are_refused():
    with pytest.raises(PolicyError, match=r"no_shared_top: must be an integer from 0 to 2147483647, got -1"):
        validate_ranking(Ranking(no_shared_top=-1), [])


def test_decoding_refuses_unknown_fields_bad_keys_and_bounds():
    for raw in (
        b'{"tie_break": [{"key": "speed"}]}',
        b'{"no_shared_top": -1}',
        b'{"draw_seed": 2147483648}',
        b'{"tiebreak": []}',
    ):
        with pytest.raises(msgspec.ValidationError):
            msgspec.json.decode(raw, type=Ranking)
    ok = msgspec.json.decode(b'{"tie_break": [{"key": "time", "module": "practical"}]}', type=Ranking)
    assert ok.tie_break == [TieBreak(key="time", module="practical")]


def test_rank_refuses_missing_inputs_for_the_chain():
    policy = Ranking(tie_break=[TieBreak(key="time")])
    with pytest.raises(RuleError, match=r"times\[None\]: needed by tie_break\[0\] but not given"):
        rank(arr(1, 2), policy)
    with pytest.raises(PolicyError, match=r"tie_break\[0\]\.module: unknown module 'practical'"):
        rank(arr(1, 2), Ranking(tie_break=[TieBreak(key="module", module="practical")]))


def test_rank_refuses_bad_arrays():
    with pytest.raises(RuleError, match="total_units: must hold int values"):
        rank(np.array([1.5, 2.0]), Ranking())
    with pytest.raises(RuleError, match="eligible: must be a 1-D array of length 2"):
        rank(arr(1, 2), Ranking(), eligible=np.array([True]))
    with pytest.raises(RuleError, match="ids: must be unique"):
        rank(arr(1, 2), Ranking(), ids=arr(5, 5))
    with pytest.raises(RuleError, match=r"times\[None\]\[1\]: a time must be finite and not negative"):
        rank(arr(1, 1), Ranking(tie_break=[TieBreak(key="time")]), times={None: np.array([1.0, -2.0])})


def test_a_time_with_no_short_decimal_form_still_ranks_and_draws():
    """A tie-break time that is not a short decimal (a mean of three timers, 181/3 min) stays
    a float key beside the int64 totals. Ranking crashed on that mix ("Cannot cast array data
    from float64 to int64", a 500 through the API) whenever the whole-array path ran: any
    float key without an exact integer form, or a recorded draw."""
    chain = Ranking(tie_break=[TieBreak(key="time")])
    total = arr(9000, 9000, 9000, 8000)
    time = arr(181 / 3, 181 / 3, 182 / 3, 50.0, dtype=np.float64)
    r = rank(total, chain, times={None: time})
    assert r.rank.tolist() == [1, 1, 3, 4]
    assert r.decided_by.tolist() == [1, 1, 0, -1]  # 0 and 1 share (L = 1); 2 fell on time
    drawn = rank(total, msgspec.structs.replace(chain, no_shared_top=3, draw_seed=7), times={None: time})
    assert sorted(drawn.rank.tolist()) == [1, 2, 3, 4]
    assert drawn.rank[2] == 3 and drawn.rank[3] == 4
    assert len(drawn.draws) == 1 and sorted(drawn.draws[0].competitors) == [0, 1]
