"""Competition ranking ("1224") with a declared tie-break chain and an optional recorded draw.

Semantics, in the order they apply:

1. Ineligible (disqualified) competitors get no place (rank 0) and come last in `order`.
2. Eligible competitors are ordered by total units, higher first.
3. Within equal totals the tie-break chain applies key by key: key "module" prefers the
   higher units of that module; key "time" prefers the smaller completion time (module=None:
   the total time, module="x": module x's time). A missing time (NaN) comes after every real
   time, and two missing times are equal. Times compare exactly as given.
4. Competitors still equal on every key share a place; the next place skips ("1, 2, 2, 4").
5. If `no_shared_top` = N > 0, every shared group whose place p is <= N is ordered by a draw
   (procedure in `rank`); its first members get the distinct places p, p+1, ..., N, and any
   members beyond place N still share place N+1.

Only totals already rounded to integer units (scoring.rounding) are compared, so 0.1 + 0.2
ties with 0.3.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Annotated, Literal

import msgspec
import numpy as np

from scoring.errors import PolicyError, Problem, RuleError

TieKey = Literal["module", "time"]

_INT32_MAX = 2**31 - 1


class TieBreak(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """One link of the chain. key="module": higher units of `module` win (module required).
    key="time": less completion time wins; module=None is the total time, a module id that
    module's time."""

    key: TieKey
    module: str | None = None


class Ranking(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """How an event is ranked after totals.

    no_shared_top: 0 = shared places allowed everywhere; N > 0 = no shared place among places
    <= N (Hainan 2023: none in the top 3), settled by a draw seeded with draw_seed.
    """

    tie_break: list[TieBreak] = []
    no_shared_top: Annotated[int, msgspec.Meta(ge=0, le=_INT32_MAX)] = 0
    draw_seed: Annotated[int, msgspec.Meta(ge=0, le=_INT32_MAX)] = 0


class DrawRecord(msgspec.Struct, frozen=True):
    """A draw that settled one shared place: `competitors` (indices) in the drawn order."""

    place: int
    competitors: list[int]
    seed: int


class RankResult(msgspec.Struct, frozen=True):
    """rank: 1-based place, 0 = unranked. order: competitor indices, best first, unranked last.
    decided_by: see `rank`. draws: one record per drawn group, best place first."""

    rank: np.ndarray  # int64 [C]
    order: np.ndarray  # int64 [C]
    decided_by: np.ndarray  # int64 [C]
    draws: list[DrawRecord]


# ---------------------------------------------------------------- validation


def chain_problems(chain: Sequence[TieBreak], module_ids: Sequence[str], path: str) -> list[Problem]:
    """Problems of a tie-break chain (shared with team rules, whose links have the same shape)."""
    known = set(module_ids)
    problems: list[Problem] = []
    seen: dict[tuple[str, str | None], int] = {}
    for i, link in enumerate(chain):
        where = f"{path}[{i}]"
        if link.key not in ("module", "time"):
            problems.append(Problem(f"{where}.key", f"must be 'module' or 'time', got {link.key!r}"))
            continue
        if link.key == "module" and link.module is None:
            problems.append(Problem(f"{where}.module", "is required when key is 'module'"))
        elif link.module is not None and link.module not in known:
            listed = ", ".join(repr(m) for m in module_ids) or "none"
            problems.append(Problem(f"{where}.module", f"unknown module {link.module!r} (known: {listed})"))
        ident = (link.key, link.module)
        if ident in seen:
            # a repeated key compares values already found equal, so it can never separate anyone
            rule = f"repeats {path}[{seen[ident]}]; a repeated key never breaks a tie"
            problems.append(Problem(where, rule))
        seen.setdefault(ident, i)
    return problems


def validate_ranking(ranking: Ranking, module_ids: Sequence[str]) -> None:
    """Refuse a ranking policy that names unknown modules, lacks a module, or repeats a key."""
    problems = chain_problems(ranking.tie_break, module_ids, "tie_break")
    # Structs built in Python skip msgspec's Meta bounds, so check them here too.
    for name in ("no_shared_top", "draw_seed"):
        value = getattr(ranking, name)
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= _INT32_MAX:
            problems.append(Problem(name, f"must be an integer from 0 to {_INT32_MAX}, got {value!r}"))
    if problems:
        raise PolicyError(problems)


# ---------------------------------------------------------------- inputs


def vector(name: str, values, size: int | None, kind: str) -> np.ndarray:
    """A 1-D input of the expected kind ('int', 'float', 'bool') and length, or a RuleError."""
    arr = np.asarray(values)
    if arr.ndim != 1 or (size is not None and arr.shape[0] != size):
        want = "a 1-D array" if size is None else f"a 1-D array of length {size}"
        raise RuleError.at(name, f"must be {want}, got shape {arr.shape}")
    ok = {
        "int": np.issubdtype(arr.dtype, np.integer) or arr.size == 0,
        "float": np.issubdtype(arr.dtype, np.number) or arr.size == 0,
        "bool": arr.dtype == np.bool_ or arr.size == 0,
    }[kind]
    if not ok:
        raise RuleError.at(name, f"must hold {kind} values, got dtype {arr.dtype}")
    # no copy when the dtype already fits: nothing downstream writes into its inputs
    return arr.astype({"int": np.int64, "float": np.float64, "bool": np.bool_}[kind], copy=False)


def time_vector(name: str, values, size: int) -> np.ndarray:
    arr = vector(name, values, size, "float")
    bad = np.isinf(arr) | (arr < 0)
    if bad.any():
        rule = "a time must be finite and not negative (NaN = missing)"
        raise RuleError.at(f"{name}[{int(np.argmax(bad))}]", rule)
    return arr


def chain_values(
    chain: Sequence[TieBreak],
    size: int,
    module_units: Mapping[str, np.ndarray],
    times: Mapping[str | None, np.ndarray] | None,
) -> list[np.ndarray]:
    """One array per link, oriented so that smaller is better."""
    out = []
    for i, link in enumerate(chain):
        if link.key == "module":
            if link.module not in module_units:
                where = f"module_units[{link.module!r}]"
                raise RuleError.at(where, f"needed by tie_break[{i}] but not given")
            out.append(-vector(f"module_units[{link.module!r}]", module_units[link.module], size, "int"))
            continue
        if times is None or link.module not in times:
            raise RuleError.at(f"times[{link.module!r}]", f"needed by tie_break[{i}] but not given")
        out.append(time_vector(f"times[{link.module!r}]", times[link.module], size))
    return out


# ---------------------------------------------------------------- ranking


def rank(
    total_units,
    ranking: Ranking,
    *,
    module_units: Mapping[str, np.ndarray] | None = None,
    times: Mapping[str | None, np.ndarray] | None = None,
    eligible=None,
    ids=None,
) -> RankResult:
    """Rank competitors on integer total units under `ranking` (semantics in the module doc).

    ids: a stable, unique integer identity per competitor (e.g. the registration id); default
    the index. Ids only order competitors who share a place inside `order` and seed the
    draw's input, so passing them makes the whole result independent of input order.

    decided_by[c], with L = len(tie_break): -1 if c is unranked or its total differs from both
    neighbours in `order` (among ranked competitors); L if c shares its place; otherwise the
    largest, over its two neighbours, of: j for the first chain key j on which they differ,
    L + 1 if only the draw separated them.

    Draw (only for shared groups at place p <= no_shared_top), reproducible by hand:
    sort the group's members by id ascending, draw `perm = np.random.default_rng([draw_seed,
    p]).permutation(k)` (k = group size) and take the members in the order `by_id[perm]`.
    The result depends only on the seed, the place and the members' ids, never on the input
    order; a DrawRecord keeps the outcome, so it stands even if a future numpy drew otherwise.

    Raises PolicyError if the chain names a module absent from module_units and times, and
    RuleError for malformed arrays or data the chain needs but was not given.
    """
    total = vector("total_units", total_units, None, "int")
    known = list(module_units or {}) + [m for m in (times or {}) if m is not None]
    validate_ranking(ranking, known)
    size = total.shape[0]
    chain = chain_values(ranking.tie_break, size, module_units or {}, times)
    return rank_keys(
        total,
        chain,
        eligible=np.ones(size, bool) if eligible is None else vector("eligible", eligible, size, "bool"),
        ids=_ids(ids, size),
        no_shared_top=ranking.no_shared_top,
        draw_seed=ranking.draw_seed,
    )


def _ids(ids, size: int) -> np.ndarray | None:
    if ids is None:
        return None  # the index (rank_keys makes it only if a draw needs it)
    arr = vector("ids", ids, size, "int")
    if np.unique(arr).size != size:
        rule = "must be unique: a draw and a shared place need one identity per competitor"
        raise RuleError.at("ids", rule)
    return arr


def sort_key(values: np.ndarray) -> np.ndarray:
    # Smaller = better. A missing time (NaN) becomes +inf so missing times tie with each
    # other and come after every real time (times are validated finite otherwise).
    if values.dtype.kind == "f":
        return np.where(np.isnan(values), np.inf, values)
    return values


def rank_keys(
    total: np.ndarray,
    chain: Sequence[np.ndarray],
    *,
    eligible: np.ndarray,
    ids: np.ndarray | None,
    no_shared_top: int = 0,
    draw_seed: int = 0,
) -> RankResult:
    """Core shared by competitor and team ranking. total: int64, higher wins; chain: arrays
    where smaller wins (NaN last); ids: unique, order shared places and seed draws (None: the index)."""
    keys = [-total] + [exact_integer_key(sort_key(v)) for v in chain]
    leading = [(~eligible).astype(np.int64), *keys]
    identity = ids is None or np.array_equal(ids, np.arange(ids.size))
    if ids is None and no_shared_top > 0:
        ids = np.arange(total.size, dtype=np.int64)  # the draw reads them; nothing else does
    if identity and no_shared_top <= 0 and all(k.dtype.kind == "i" for k in keys) and total.size:
        packed = pack(leading)
        if packed is not None:
            return _packed_places(packed, int(eligible.sum()), len(chain))
    if not identity:
        leading.append(ids)  # a stable sort orders the rest by index, so identity ids need no key
    order = sort_order(leading)
    if no_shared_top <= 0 and all(k.dtype.kind == "i" for k in keys):
        return _compiled_places(total.shape[0], keys, order, int(eligible.sum()), len(chain))
    return _places(keys, order, int(eligible.sum()), ids, no_shared_top, draw_seed)


def _places(keys: list[np.ndarray], order: np.ndarray, ranked_count: int, ids, no_shared_top: int, draw_seed: int) -> RankResult:
    """Places, draws and decided_by from whole-array steps over the sorted order (any key
    dtype, and the draw); the oracle of the compiled walk."""
    total = keys[0]
    chain = keys[1:]
    ranked = order[:ranked_count].copy()
    # Each key is compared in its own dtype: the total is int64 and a tie-break that has no
    # exact integer form stays float64; one common array would need an unsafe cast (a crash,
    # or int64 totals past 2**53 compared inexactly as floats).
    differ = np.empty((len(keys), max(ranked.size - 1, 0)), dtype=bool)  # [key, pair of neighbours]
    for row, key in zip(differ, keys):  # over the few keys: each a gather in rank order
        gathered = key[ranked]
        np.not_equal(gathered[1:], gathered[:-1], out=row)
    new_group = np.ones(ranked.size, dtype=bool)
    new_group[1:] = differ.any(axis=0)
    # a group's place is its first member's position + 1, carried forward over the group
    place = np.maximum.accumulate(np.where(new_group, np.arange(1, ranked.size + 1), 0))
    draws = _draw(ranked, place, new_group, ids, no_shared_top, draw_seed)
    decided = _decided_by(differ, place, len(chain))
    rank_out = np.zeros(total.shape[0], dtype=np.int64)
    decided_out = np.full(total.shape[0], -1, dtype=np.int64)
    rank_out[ranked] = place
    decided_out[ranked] = decided
    order[: ranked.size] = ranked
    return RankResult(rank_out, order.astype(np.int64), decided_out, draws)


def _compiled_places(n: int, keys: list[np.ndarray], order: np.ndarray, ranked: int, n_chain: int) -> RankResult:
    """Places and decided_by from one compiled walk down the order (scoring/rank_kernel.py),
    when no draw edits the order and every key is an integer."""
    from scoring.rank_kernel import places  # numba is imported on first use, never by `import scoring`

    stacked = np.empty((len(keys), n), dtype=np.int64)
    for row, key in zip(stacked, keys):  # over the few keys
        row[...] = key
    rank_out = np.zeros(n, dtype=np.int64)
    decided_out = np.full(n, -1, dtype=np.int64)
    places(stacked, order[:ranked], n_chain, rank_out, decided_out)
    return RankResult(rank_out, order.astype(np.int64, copy=False), decided_out, [])


def pack(keys: list[np.ndarray]) -> tuple | None:
    """The integer keys and the index as bit fields of one int64, first key highest, or None
    past 63 bits. Each field holds key - min(key) in as many bits as its range needs, so the
    packed integers order as the keys do lexicographically, ties by index (as `fold`, with
    powers of two for widths: a field is read back with a shift, not a division).
    Returns (packed, index bits, the lowest bit of each key after the first, above the index)."""
    from scoring.rank_kernel import extremes, shift_in  # numba is imported on first use

    n = keys[0].size
    keys = [np.ascontiguousarray(k, dtype=np.int64) for k in keys]
    ranges = [tuple(int(x) for x in extremes(k)) for k in keys]
    bits = [(high - low).bit_length() for low, high in ranges]
    index_bits = max(n - 1, 0).bit_length()
    if sum(bits) + index_bits > 63:
        return None
    packed = np.empty(n, dtype=np.int64)
    for i, (key, (low, _), width) in enumerate(zip(keys, ranges, bits)):  # over the few keys: one pass each
        shift_in(packed, key, low, width, i == 0)
    shift_in(packed, np.arange(n, dtype=np.int64), 0, index_bits, False)
    offsets = np.array([sum(bits[i + 1 :]) for i in range(1, len(bits))], dtype=np.int64)
    return packed, index_bits, offsets


def _packed_places(packed: tuple, ranked: int, n_chain: int) -> RankResult:
    """Order, places and decided_by from one sort of the packed keys and one walk down them
    (scoring/rank_kernel.py `packed_places`)."""
    from scoring.rank_kernel import packed_places  # numba is imported on first use

    keys, index_bits, offsets = packed
    keys.sort()  # every packed key is distinct (the index is a field): any sort is the stable one
    n = keys.size
    order = np.empty(n, dtype=np.int64)
    rank_out = np.zeros(n, dtype=np.int64)
    decided_out = np.full(n, -1, dtype=np.int64)
    packed_places(keys, ranked, index_bits, offsets, n_chain, order, rank_out, decided_out)
    return RankResult(rank_out, order, decided_out, [])


def sort_order(keys: list[np.ndarray]) -> np.ndarray:
    """The order `np.lexsort(keys[::-1])` gives (first key most significant, ties by index),
    from one sort of one folded int64 key wherever that is exact, else from lexsort."""
    if keys[0].size == 0:
        return np.zeros(0, dtype=np.int64)
    if all(k.dtype.kind == "i" for k in keys):
        index = np.arange(keys[0].size, dtype=np.int64)
        folded = fold([*keys, index])
        if folded is not None:
            # the index is the last digit, so every key is distinct: any sort is the stable one
            # (and numpy's unstable integer sort is the fastest), and the digit gives the order back
            folded.sort()
            return folded % keys[0].size
        folded = fold(keys)
        if folded is not None:
            return np.argsort(folded, kind="stable")
    return np.lexsort(tuple(reversed(_folded(keys))))


def fold(keys: list[np.ndarray]) -> np.ndarray | None:
    """One int64 key ordering as the integer keys do lexicographically, or None if it would overflow.

    Mixed radix: with digit d_i = key_i - min(key_i) in [0, w_i), the fold is
    F = (…(d_0·w_1 + d_1)·w_2 + …)·w_n + d_n. Each step keeps F < w_0·…·w_i (induction:
    F·w + d <= (W - 1)·w + w - 1 = W·w - 1), so while the product of the widths stays below
    2**63 (checked in Python's exact integers before anything is computed) no step overflows,
    and F is the number whose digits are the d_i: two rows get the same F only when every
    key is equal (no collision), and the first differing digit decides which F is smaller,
    as lexicographic order does."""
    lows = [int(k.min()) for k in keys]
    widths = [int(k.max()) - low + 1 for k, low in zip(keys, lows)]
    if math.prod(widths) >= 2**63:
        return None
    folded = np.subtract(keys[0], lows[0], dtype=np.int64)
    digit = np.empty_like(folded)
    for key, low, width in zip(keys[1:], lows[1:], widths[1:]):
        np.subtract(key, low, out=digit, dtype=np.int64)
        folded *= width
        folded += digit
    return folded


def exact_integer_key(values: np.ndarray) -> np.ndarray:
    """Float tie-break values (+inf = missing) as int64 keys in the same order, equal exactly
    where the floats are, or the floats unchanged when no such key is found cheaply.

    Times are written to a few decimals, so v·10**k is a whole number m for a small k. Taking
    m = round(v·10**k) only where m / 10**k gives back v exactly (checked for every value)
    makes v ↦ m strictly increasing: correctly rounded division is monotonic, so m_a >= m_b
    would give v_a >= v_b. Missing (+inf) becomes one more than the largest m: after every
    time, equal to each other."""
    if values.dtype.kind != "f" or values.size == 0:
        return values
    present = values != np.inf
    everyone = bool(present.all())
    finite = values if everyone else values[present]
    if finite.size == 0:
        return np.zeros(values.shape, dtype=np.int64)
    for places in range(7):
        scale = 10.0**places
        if not _whole_at(finite[:1024], scale):  # a cheap look at the first values rules most scales out
            continue
        m = _whole_numbers(finite, scale)
        if m is not None:
            if everyone:
                return m
            out = np.full(values.shape, int(m.max()) + 1, dtype=np.int64)
            out[present] = m
            return out
    return values


def _whole_numbers(values: np.ndarray, scale: float) -> np.ndarray | None:
    """round(v·scale) as int64 where `_whole_at(values, scale)` holds, else None: one compiled
    pass (scoring/rank_kernel.py) in place of the seven whole-array steps of the check and the cast."""
    from scoring.rank_kernel import whole_numbers  # numba is imported on first use

    out = np.empty(values.shape, dtype=np.int64)
    return out if whole_numbers(np.ascontiguousarray(values), scale, out) else None


def _whole_at(values: np.ndarray, scale: float) -> bool:
    """Every v·scale rounds to a whole number m below 2**53 with m / scale == v exactly."""
    m = np.round(values * scale)
    return bool(np.abs(m).max() < 2**53) and np.array_equal(m / scale, values)


def _folded(keys: list[np.ndarray]) -> list[np.ndarray]:
    """Merge leading integer keys into one exact int64 key (`fold`) while the product of
    their ranges fits, so lexsort makes fewer passes where one folded key cannot be had."""
    take = 0
    while take < len(keys) and keys[take].dtype.kind == "i" and _span(keys[: take + 1]) < 2**63:
        take += 1
    if take < 2:
        return keys
    return [fold(keys[:take]), *keys[take:]]


def _span(keys: list[np.ndarray]) -> int:
    return math.prod(int(k.max()) - int(k.min()) + 1 for k in keys)


def _draw(
    ranked: np.ndarray,
    place: np.ndarray,
    new_group: np.ndarray,
    ids: np.ndarray,
    no_shared_top: int,
    seed: int,
) -> list[DrawRecord]:
    """Settle shared places <= no_shared_top in place (edits `ranked` and `place`)."""
    if no_shared_top <= 0 or ranked.size == 0:
        return []
    starts = np.flatnonzero(new_group)
    sizes = np.diff(np.append(starts, ranked.size))
    todo = (sizes > 1) & (place[starts] <= no_shared_top)
    records = []
    # At most no_shared_top groups start at a place <= no_shared_top: a bounded loop.
    for start, k in zip(starts[todo].tolist(), sizes[todo].tolist()):
        p = int(place[start])
        members = ranked[start : start + k]
        members = members[np.argsort(ids[members], kind="stable")]
        drawn = members[np.random.default_rng([seed, p]).permutation(k)]
        ranked[start : start + k] = drawn
        place[start : start + k] = np.minimum(p + np.arange(k), no_shared_top + 1)
        records.append(DrawRecord(place=p, competitors=drawn.tolist(), seed=seed))
    return records


def _decided_by(differ: np.ndarray, place: np.ndarray, n_chain: int) -> np.ndarray:
    """Per ranked position (in order): see `rank`."""
    if place.size == 0:
        return np.zeros(0, dtype=np.int64)
    same_place = place[1:] == place[:-1]
    # the first key on which neighbours differ (-1 = total, j = chain key j); a walk over the
    # few keys from the last to the first, each a whole-array step (not a short-axis argmax)
    pair = np.where(same_place, n_chain, n_chain + 1)
    for j in range(len(differ) - 1, -1, -1):
        np.copyto(pair, j - 1, where=differ[j])
    pad = np.full(1, -1, dtype=np.int64)
    left = np.concatenate((pad, pair))
    right = np.concatenate((pair, pad))
    shared = np.concatenate(([False], same_place)) | np.concatenate((same_place, [False]))
    return np.where(shared, n_chain, np.maximum(left, right)).astype(np.int64)
