"""The engine against its peers in one run: polars, DuckDB, pandas and one np.sum pass.

For 3 and 5 judges: build the benchmark event's marks, load them into each peer's own
format (untimed), check that every peer's totals, ranks, award tiers and standardised scores
equal the engine's, and only then time each (best of `repeat`). pandas runs at most
`--pandas-n` competitors (its long form holds one row per mark), timed against the engine
at the same size. Peak memory is the engine's peak extra allocation (tracemalloc) against
the marks arrays. The load average is printed with every figure: the machine is shared.

    python -m tests.benchmarks.engine_peers --n 1000000
"""

from __future__ import annotations

import argparse
import gc
import os
import time
import tracemalloc

import numpy as np

from scoring.event import EventScorer
from tests.benchmarks import baselines, peers, workload


def best_of(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def peak_extra(fn) -> int:
    gc.collect()
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def load() -> str:
    return "load " + " ".join(f"{x:.1f}" for x in os.getloadavg())


def run(n: int, judges: int, repeat: int, pandas_n: int) -> dict:
    scorer = EventScorer(workload.modules(judges), workload.RULES)
    marks, times = workload.marks(n, judges, seed=11)
    result = scorer.score(marks, times=times)
    frame, con = peers.polars_prepare(marks, times), peers.duckdb_prepare(marks, times)
    agree = {
        "polars": peers.polars_run(frame, judges).agrees_with(result),
        "duckdb": peers.duckdb_run(con, judges).agrees_with(result),
    }
    if not all(agree.values()):
        raise SystemExit(f"a peer disagrees with the engine at {judges} judges: {agree}")
    del result
    out = {"n": n, "judges": judges, "marks_bytes": sum(a.nbytes for a in marks.values())}
    out["floor"] = best_of(lambda: [np.sum(a) for a in marks.values()], repeat)
    out["engine"] = best_of(lambda: scorer.score(marks, times=times), repeat)
    out["engine_load"] = load()
    out["polars"] = best_of(lambda: peers.polars_run(frame, judges), repeat)
    out["duckdb"] = best_of(lambda: peers.duckdb_run(con, judges), repeat)
    out["peers_load"] = load()
    out["peak"] = peak_extra(lambda: scorer.score(marks, times=times))
    frame = con = None  # free the peers' copies before pandas builds its long form
    gc.collect()
    small = min(n, pandas_n)
    head = {k: v[:small] for k, v in marks.items()}
    head_times = {k: v[:small] for k, v in times.items()}
    if not baselines.pandas_outcome(head, head_times, judges).agrees_with(scorer.score(head, times=head_times)):
        raise SystemExit(f"pandas disagrees with the engine at {judges} judges")
    out["pandas_n"] = small
    out["pandas"] = best_of(lambda: baselines.pandas_outcome(head, head_times, judges), 1)
    out["engine_small"] = best_of(lambda: scorer.score(head, times=head_times), repeat)
    out["pandas_load"] = load()
    return out


def report(r: dict) -> None:
    mb = 1024 * 1024
    fastest = min(("polars", "duckdb"), key=lambda k: r[k])
    print(
        f"engine  {r['n']:>9,} competitors × 24 aspects × {r['judges']} judges: {r['engine']:.3f} s ({r['engine_load']}); "
        f"np.sum floor {r['floor']:.3f} s → {r['engine'] / r['floor']:.1f}× the floor; "
        f"peak extra memory {r['peak'] / mb:,.0f} MiB = {r['peak'] / r['marks_bytes']:.2f}× the marks ({r['marks_bytes'] / mb:,.0f} MiB)"
    )
    print(
        f"peers   polars {r['polars']:.3f} s, DuckDB {r['duckdb']:.3f} s ({r['peers_load']}); results equal to the engine's; "
        f"engine {r[fastest] / r['engine']:.2f}× faster than the fastest peer ({fastest})"
    )
    print(
        f"pandas  {r['pandas_n']:>9,} competitors: {r['pandas']:.3f} s vs engine {r['engine_small']:.4f} s → engine "
        f"{r['pandas'] / r['engine_small']:,.0f}× faster; results equal ({r['pandas_load']})"
    )


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m tests.benchmarks.engine_peers")
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--pandas-n", type=int, default=100_000, help="competitors in the pandas comparison (long form, one row per mark)")
    ap.add_argument("--judges", default="3,5")
    args = ap.parse_args(argv)
    print(f"engine against its peers (numpy {np.__version__}, {len(os.sched_getaffinity(0))} cores, shared machine); best of {args.repeat}")
    for judges in (int(j) for j in args.judges.split(",")):
        report(run(args.n, judges, args.repeat, args.pandas_n))
        gc.collect()


if __name__ == "__main__":
    main()
