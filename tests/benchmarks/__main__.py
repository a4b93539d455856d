"""`make bench`: figures and ratios for the scoring engine, measured in one process.

Prints wall time and peak extra memory of scoring an event at 1,000,000 competitors
(3-judge means and a 5-judge trimmed variant), the same for a tolerance-heavy lathe
practical (tests/benchmarks/machining.py, its results first checked against an exact-decimal
oracle), a labour competition (tests/benchmarks/labour.py: 10,000 teams × 12 periods × 20
indicators scored and ranked, checked against a decimal oracle first), the draw of 100,000 and
1,000,000 competitors into sessions (tests/benchmarks/draw.py), and ratios against the
memory-bandwidth floor (one np.sum over the same marks), idiomatic pandas (100,000 competitors) and a plain Python loop (10,000 competitors),
and against polars and DuckDB doing the same pipeline (tests/benchmarks/engine_peers.py, results checked equal first). Then the
service over HTTP (tests/benchmarks/service.py; `--skip-service` leaves it out): marks per
second through the batch endpoint and ranking latency against /health; marks/s and p99 per batch
at 1 and 8 judges, SQLite and PostgreSQL, empty module and after 300,000 marks (tests/benchmarks/marks.py); standings at 300,
3,000 and 30,000 competitors, uncached and cached, against /health, and the CLI's start-up
(tests/benchmarks/standings.py); then /health p50/p99
during a 100,000-row import and during the XLSX bombs (tests/benchmarks/uploads.py, also left
out by `--skip-service`), 100,000 competitors imported through the CLI's path, CSV and XLSX, in rows/s
(tests/benchmarks/imports.py), /health during a login flood (tests/benchmarks/login_flood.py), and /health and
standings req/s at 1, 2 and 4 workers on PostgreSQL (tests/benchmarks/workers.py).
Nothing here asserts a time: it reports.
"""

from __future__ import annotations

import argparse
import gc
import time
import tracemalloc

import numpy as np

from scoring.event import EventScorer
from tests.benchmarks import baselines, draw, labour, machining, workload


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


def engine_run(n: int, judges: int, repeat: int) -> dict:
    scorer = EventScorer(workload.modules(judges), workload.RULES)
    marks, times = workload.marks(n, judges)
    nbytes = sum(a.nbytes for a in marks.values())
    run = lambda: scorer.score(marks, times=times)  # noqa: E731
    wall = best_of(run, repeat)
    floor = best_of(lambda: [np.sum(a) for a in marks.values()], repeat)
    peak = peak_extra(run)
    return {
        "n": n,
        "judges": judges,
        "wall": wall,
        "floor": floor,
        "peak": peak,
        "marks_bytes": nbytes,
        "scorer": scorer,
        "marks": marks,
        "times": times,
    }


def report_engine(r: dict) -> None:
    mb = 1024 * 1024
    print(
        f"engine  {r['n']:>9,} competitors × 24 aspects × {r['judges']} judges: "
        f"{r['wall']:.3f} s, peak extra memory {r['peak'] / mb:,.0f} MiB "
        f"= {r['peak'] / r['marks_bytes']:.2f}× the marks arrays ({r['marks_bytes'] / mb:,.0f} MiB)"
    )
    print(f"        np.sum over the same marks (bandwidth floor): {r['floor']:.3f} s → engine = {r['wall'] / r['floor']:.1f}× floor")


def machining_run(n: int, repeat: int, checked: int = 2_000) -> None:
    """The tolerance-heavy module: checked against the decimal oracle first, then timed."""
    scorer = EventScorer(machining.modules(), machining.RULES)
    marks = machining.marks(n)
    head = {k: v[:checked] for k, v in marks.items()}
    engine = scorer.score(head).modules["practical"].raw
    oracle = np.array(machining.oracle_practical(head["practical"]))
    if not np.array_equal(engine, oracle):
        raise SystemExit(f"machining: engine and oracle disagree on {int((engine != oracle).sum())} of {checked} competitors")
    wall = best_of(lambda: scorer.score(marks), repeat)
    floor = best_of(lambda: [np.sum(a) for a in marks.values()], repeat)
    mb = 1024 * 1024
    nbytes = sum(a.nbytes for a in marks.values())
    print(
        f"lathe   {n:>9,} competitors × {marks['practical'].shape[1]} measured aspects (20 tolerances, 3 Ra grades, time, "
        f"deduction, veto) × 1 inspector + theory: {wall:.3f} s ({nbytes / mb:,.0f} MiB of marks); "
        f"results agree with the decimal oracle on {checked:,}"
    )
    print(f"        np.sum over the same marks (bandwidth floor): {floor:.3f} s → engine = {wall / floor:.1f}× floor")


def compare(name: str, n: int, judges: int, other, repeat: int) -> None:
    scorer = EventScorer(workload.modules(judges), workload.RULES)
    marks, times = workload.marks(n, judges, seed=11)
    agree = other(marks, times, judges).agrees_with(scorer.score(marks, times=times))
    ours = best_of(lambda: scorer.score(marks, times=times), repeat)
    t_other = best_of(lambda: other(marks, times, judges), 1)
    print(
        f"{name:<7} {n:>9,} competitors × 24 aspects × {judges} judges: {t_other:.3f} s vs engine {ours:.4f} s "
        f"→ engine {t_other / ours:,.0f}× faster; totals, ranks, awards, standardised agree: {'yes' if agree else 'NO'}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(prog="make bench")
    ap.add_argument("--n", type=int, default=1_000_000, help="competitors in the large run")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--skip-service", action="store_true", help="skip the HTTP service figures (tests/benchmarks/service.py)")
    ap.add_argument("--standings-sizes", default="300,3000,30000", help="competitor counts of the standings figures (comma-separated)")
    args = ap.parse_args()
    print(f"biwu scoring benchmark (numpy {np.__version__}); best of {args.repeat}")
    for judges in (3, 5):
        r = engine_run(args.n, judges, args.repeat)
        report_engine(r)
        del r
        gc.collect()
    machining_run(args.n, args.repeat)
    gc.collect()
    labour.run(min(10_000, args.n), 12, args.repeat)  # 劳动竞赛: teams × 12 periods × 20 indicators, checked first
    gc.collect()
    draw.main(["--sizes", f"{min(100_000, args.n)},{args.n}", "--repeat", str(args.repeat)])  # 场次 × 工位 draw
    gc.collect()
    compare("pandas", min(100_000, args.n), 3, baselines.pandas_outcome, args.repeat)
    compare("pandas", min(100_000, args.n), 5, baselines.pandas_outcome, args.repeat)
    compare("python", min(10_000, args.n), 3, baselines.python_outcome, args.repeat)
    compare("python", min(10_000, args.n), 5, baselines.python_outcome, args.repeat)
    gc.collect()
    from tests.benchmarks import engine_peers  # polars, DuckDB, pandas and np.sum in one run, results checked equal first

    engine_peers.main(["--n", str(args.n), "--repeat", str(args.repeat)])
    if not args.skip_service:
        from tests.benchmarks import service  # the real service over HTTP: batch marks/s, ranking latency

        service.main()
        from tests.benchmarks import marks  # marks/s and p99 per batch: 1 and 8 judges, empty module and after 300,000 marks

        marks.main([])
        marks.main(["--postgres", "start"])
        from tests.benchmarks import standings  # standings at 300 / 3,000 / 30,000 competitors, uncached and cached; CLI start-up

        standings.main(["--sizes", args.standings_sizes])
        from tests.benchmarks import uploads  # /health while a 100,000-row import or an XLSX bomb is read

        uploads.main()
        from tests.benchmarks import imports  # 100,000 competitors through `biwu import`'s path, CSV and XLSX: rows/s

        imports.main([])
        from tests.benchmarks import login_flood  # /health while 16 clients flood the login with wrong passwords

        login_flood.main()
        from tests.benchmarks import workers  # `biwu serve --workers 1, 2, 4` on PostgreSQL: /health and standings req/s

        workers.main([])


if __name__ == "__main__":
    main()
