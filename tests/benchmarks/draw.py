"""The draw in sessions (场次 × 工位, issue 15): wall time of `draw_in_sessions` at 100,000 and
1,000,000 competitors over 500 stations per session, ids given in random order (the worst
case: sorting them is the largest part) and already sorted (as the database returns them),
the same record re-run by `verify`'s path checked first, and the old one-station-per-competitor
draw (biwu-draw/1, Python HMAC and Fisher–Yates) at the same field for the ratio.

Run alone: `python -m tests.benchmarks.draw [--sizes 100000,1000000]`. Reports, asserts nothing.
"""

from __future__ import annotations

import argparse
import gc
import random
import time

from contests.draw import draw
from contests.draw_sessions import draw_in_sessions

STATIONS = 500


def best_of(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def run(n: int, repeat: int, old_up_to: int) -> None:
    ids = [f"E{k:07d}" for k in range(n)]
    shuffled = ids[:]
    random.Random(n).shuffle(shuffled)
    seed = 2026
    if not draw_in_sessions(shuffled, STATIONS, seed).same_as(draw_in_sessions(ids, STATIONS, seed)):
        raise SystemExit("draw: the input order changed the draw")
    drawn = draw_in_sessions(ids, STATIONS, seed)
    seats = len(set(zip(drawn.session.tolist(), drawn.station.tolist(), strict=True)))
    t_random = best_of(lambda: draw_in_sessions(shuffled, STATIONS, seed), repeat)
    t_sorted = best_of(lambda: draw_in_sessions(ids, STATIONS, seed), repeat)
    t_record = best_of(lambda: drawn.record(), 1)
    print(
        f"draw    {n:>9,} competitors into {drawn.sessions:,} sessions × {STATIONS} stations (biwu-draw/2): "
        f"{t_random:.3f} s from ids in random order, {t_sorted:.3f} s from sorted ids; "
        f"the audit record of every seat {t_record:.3f} s; {seats:,} seats, each used once"
    )
    if n <= old_up_to:
        t_old = best_of(lambda: draw(ids, min(n, 10_000), seed), 1)
        print(f"        biwu-draw/1 (Python HMAC + Fisher–Yates) on the same field: {t_old:.3f} s → {t_old / t_random:,.0f}× slower")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m tests.benchmarks.draw")
    ap.add_argument("--sizes", default="100000,1000000", help="competitor counts (comma-separated)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--old-up-to", type=int, default=100_000, help="also time biwu-draw/1 up to this field (it allows 100,000)")
    args = ap.parse_args(argv)
    for n in (int(s) for s in args.sizes.split(",")):
        run(n, args.repeat, args.old_up_to)
        gc.collect()


if __name__ == "__main__":
    main()
