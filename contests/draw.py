"""Two-round lot draw (抽签) for blind judging (RULES.md, "Blind judging").

Round 1 fixes the order in which competitors draw in round 2. Round 2: in that order, each
competitor draws one slot from a shuffled pool, which gives a session (场次, when there are
more competitors than stations) and a station, plus a blind code (加密号) that judges see
instead of the name. The `DrawRecord` holds the seed and every outcome, so anyone holding
it can re-run the draw with `verify` and get the same result.

Randomness: HMAC-SHA256 keyed with a 256-bit seed, not numpy. numpy documents that a
`Generator`'s streams may change between versions (NEP 19), and a draw must reproduce years
later with nothing but the standard library (or any HMAC implementation in any language).
The stream is HMAC(seed, label ‖ counter), read as 64-bit integers; uniform choices use
rejection sampling (no modulo bias); shuffles are Fisher–Yates.

Why blind codes cannot be guessed: every code is a fresh draw from the HMAC stream, keyed
by the secret seed and indexed only by the draw position. HMAC-SHA256 is a pseudo-random
function: without the key its outputs are indistinguishable from independent random numbers,
so an observer who sees some codes (or all stations and names) learns nothing about any
other code. Codes are not sequential, not derived from names or ids, have no leading zero
(spreadsheets drop it) and come from a space at least 100× the field, so a guessed code
hits a real one at most 1% of the time.

The seed is secret until the chief judge unblinds: it recreates the code → name table.
`commitment` = SHA-256(seed) may be published at draw time; after unblinding, anyone checks
the revealed seed against it, so the seed cannot have been changed after the marks were
known. Use `new_seed()` for real draws: a small seed (fine in tests) is guessable.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import Annotated

import msgspec

from contests.errors import DrawError
from contests.fields import INT32_MAX, Code
from contests.people import code_problem
from scoring.errors import Problem

ALGORITHM = "biwu-draw/1 hmac-sha256"
SEED_BITS = 256
MAX_COMPETITORS = 100_000
MAX_STATIONS = 10_000
MIN_CODE_DIGITS = 4
CODE_SPACE_FACTOR = 100  # code space ≥ 100 × field: a guessed code is real at most 1% of the time

Hex64 = Annotated[str, msgspec.Meta(min_length=64, max_length=64, pattern="^[0-9a-f]{64}(?![\\s\\S])")]
Position = Annotated[int, msgspec.Meta(ge=1, le=INT32_MAX)]


class Assignment(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """One competitor's round-2 draw: position in the drawing order, session, station, code."""

    competitor: Code
    position: Position
    session: Position
    station: Code
    code: Annotated[str, msgspec.Meta(min_length=1, max_length=12, pattern="^[1-9][0-9]*(?![\\s\\S])")]


class DrawRecord(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """The audit record of a draw. `seed` is secret until unblinding; `commitment` is not.

    round1: competitor ids in the order they draw in round 2.
    assignments: round-2 results, in drawing order (assignments[k].competitor == round1[k]).
    """

    algorithm: str
    seed: Hex64
    commitment: Hex64
    stations: list[Code]
    code_digits: Annotated[int, msgspec.Meta(ge=MIN_CODE_DIGITS, le=12)]
    round1: list[Code]
    assignments: list[Assignment]

    def codes(self) -> dict[str, str]:
        """competitor id → blind code (the sealed table)."""
        return {a.competitor: a.code for a in self.assignments}


def new_seed() -> int:
    """A fresh 256-bit seed from the operating system's CSPRNG."""
    return secrets.randbits(SEED_BITS)


def commitment(seed_hex: str) -> str:
    return hashlib.sha256(bytes.fromhex(seed_hex)).hexdigest()


# ---------------------------------------------------------------- the draw


def draw(competitor_ids: Sequence[str], stations: int | Sequence[str], seed: int) -> DrawRecord:
    """Draw lots for `competitor_ids` (any order: they are sorted first) at `stations`
    (a count, named "1".."n", or station names). Deterministic in (ids, stations, seed)."""
    ids = _checked_ids(competitor_ids)
    names = station_names(stations)
    key = _seed_bytes(seed)
    order = _shuffled(ids, _stream(key, b"round1"))
    slots = _shuffled(list(range(len(ids))), _stream(key, b"round2"))
    digits = code_digits(len(ids))
    codes = _codes(len(ids), digits, _stream(key, b"codes"))
    assignments = [
        Assignment(
            competitor=cid,
            position=k + 1,
            session=slots[k] // len(names) + 1,
            station=names[slots[k] % len(names)],
            code=codes[k],
        )
        for k, cid in enumerate(order)
    ]
    return DrawRecord(
        algorithm=ALGORITHM,
        seed=key.hex(),
        commitment=hashlib.sha256(key).hexdigest(),
        stations=names,
        code_digits=digits,
        round1=order,
        assignments=assignments,
    )


def verify(record: DrawRecord, competitor_ids: Sequence[str]) -> bool:
    """True iff re-running the draw from the record's seed and stations on these competitors
    reproduces the record exactly (and the commitment matches the seed). Records of either
    algorithm: biwu-draw/1 (here) and biwu-draw/2 (`contests.draw_sessions`)."""
    try:
        if commitment(record.seed) != record.commitment:
            return False
        if record.algorithm == ALGORITHM:
            return draw(competitor_ids, record.stations, int(record.seed, 16)) == record
        from contests import draw_sessions  # a draw in sessions (场次 × 工位), biwu-draw/2; imports this module

        rerun = draw_sessions.draw_record
        return record.algorithm == draw_sessions.ALGORITHM and rerun(competitor_ids, record.stations, int(record.seed, 16)) == record
    except (DrawError, ValueError, TypeError):
        return False


def code_digits(n: int) -> int:
    """Digits of the blind codes for n competitors: codes run 10^(d-1) … 10^d − 1 (no leading
    zero), the smallest d ≥ 4 whose 9·10^(d-1) codes are at least 100 × n."""
    d = MIN_CODE_DIGITS
    while 9 * 10 ** (d - 1) < CODE_SPACE_FACTOR * n:
        d += 1
    return d


# ---------------------------------------------------------------- inputs


def _checked_ids(competitor_ids: Sequence[str]) -> list[str]:
    if isinstance(competitor_ids, str):
        raise DrawError.at("competitor_ids", "must be a list of ids, not one string")
    ids = list(competitor_ids)
    problems = [Problem(f"competitor_ids[{i}]", why) for i, c in enumerate(ids) if (why := code_problem(c))]
    if problems:
        raise DrawError(problems)
    if not ids:
        raise DrawError.at("competitor_ids", "a draw needs at least one competitor")
    if len(ids) > MAX_COMPETITORS:
        raise DrawError.at("competitor_ids", f"{len(ids)} competitors, at most {MAX_COMPETITORS} in one draw")
    repeated = sorted(c for c, k in Counter(ids).items() if k > 1)
    if repeated:
        raise DrawError.at("competitor_ids", f"ids appear more than once: {', '.join(repeated[:10])}")
    return sorted(ids)  # input order must not change the draw


def station_names(stations: int | Sequence[str]) -> list[str]:
    """The stations' names: 1…n for a number, else the given names (codes, unique)."""
    if isinstance(stations, bool) or not isinstance(stations, (int, list, tuple)):
        raise DrawError.at("stations", "must be a number of stations or a list of station names")
    if isinstance(stations, int) and not 1 <= stations <= MAX_STATIONS:  # before 1…n is built
        raise DrawError.at("stations", f"need 1 to {MAX_STATIONS} stations, got {stations}")
    names = [str(i) for i in range(1, stations + 1)] if isinstance(stations, int) else list(stations)
    if not 1 <= len(names) <= MAX_STATIONS:
        raise DrawError.at("stations", f"need 1 to {MAX_STATIONS} stations, got {len(names)}")
    problems = [Problem(f"stations[{i}]", why) for i, s in enumerate(names) if (why := code_problem(s))]
    if len(set(names)) != len(names):
        problems.append(Problem("stations", "station names must be unique"))
    if problems:
        raise DrawError(problems)
    return names


def _seed_bytes(seed: int) -> bytes:
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 2**SEED_BITS:
        raise DrawError.at("seed", f"must be an integer from 0 to 2**{SEED_BITS} - 1")
    return seed.to_bytes(SEED_BITS // 8, "big")


# ---------------------------------------------------------------- randomness


def _stream(key: bytes, label: bytes) -> Iterator[int]:
    """64-bit integers: HMAC-SHA256(key, "biwu-draw/1|" label "|" counter) split in four."""
    counter = 0
    while True:
        block = hmac.new(key, b"biwu-draw/1|" + label + b"|" + counter.to_bytes(8, "big"), hashlib.sha256).digest()
        for i in range(0, 32, 8):
            yield int.from_bytes(block[i : i + 8], "big")
        counter += 1


def _below(stream: Iterator[int], n: int) -> int:
    """Uniform integer in [0, n) by rejection sampling (a plain modulo would favour small values)."""
    limit = (2**64 // n) * n
    while True:
        x = next(stream)
        if x < limit:
            return x % n


def _shuffled(items: list, stream: Iterator[int]) -> list:
    out = list(items)
    for i in range(len(out) - 1, 0, -1):  # Fisher–Yates
        j = _below(stream, i + 1)
        out[i], out[j] = out[j], out[i]
    return out


def _codes(n: int, digits: int, stream: Iterator[int]) -> list[str]:
    low, span = 10 ** (digits - 1), 9 * 10 ** (digits - 1)
    seen: set[int] = set()
    out = []
    while len(out) < n:
        code = low + _below(stream, span)
        if code not in seen:  # redraw a repeat: codes are unique within the draw
            seen.add(code)
            out.append(str(code))
    return out


__all__ = ["ALGORITHM", "Assignment", "DrawRecord", "code_digits", "commitment", "draw", "new_seed", "station_names", "verify"]
