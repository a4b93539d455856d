"""The same computation written the usual other ways: idiomatic pandas and a plain Python
loop. Both compute totals, the tie-break chain (higher practical, then less time), the
competition rank, the 10/20/30% award tiers and the median → 700 standardisation, and the
benchmark checks that both agree with the engine before it compares their speed."""

from __future__ import annotations

import math
import statistics

import numpy as np

from tests.benchmarks.workload import BANDS

SHARES = (10, 30, 60)  # cumulative 10/20/30%, floor


class Outcome:
    """What every implementation must produce, for the agreement check."""

    def __init__(self, total_units, rank, tier, standardised):
        self.total_units = np.asarray(total_units, dtype=np.int64)
        self.rank = np.asarray(rank, dtype=np.int64)
        self.tier = np.asarray(tier, dtype=np.int64)
        self.standardised = np.asarray(standardised, dtype=np.float64)

    def agrees_with(self, result) -> bool:
        return (
            np.array_equal(self.total_units, result.total_units)
            and np.array_equal(self.rank, result.ranking.rank)
            and np.array_equal(self.tier, result.awards.tier)
            and np.allclose(self.standardised, result.standardised.scores, rtol=0, atol=1e-6)
        )


def _units(x: float) -> int:
    return int(math.floor(round(x * 100, 6) + 0.5))


def _band(v: float) -> float:
    for b in BANDS:
        if v <= b.upto:
            return b.marks
    return 0.0


def python_outcome(marks: dict, times: dict, judges: int) -> Outcome:
    """A careful spreadsheet formula translated into loops: one competitor at a time."""
    p, t, tm = marks["practical"].tolist(), marks["theory"].tolist(), times[None].tolist()

    def panel(vals):
        if judges >= 5:
            return (sum(vals) - max(vals) - min(vals)) / (len(vals) - 2)
        return sum(vals) / len(vals)

    totals, practicals = [], []
    for pc, tc in zip(p, t):
        quality = 0.0 if max(pc[6]) >= 1 else sum(_band(round(panel(pc[a]), 9)) for a in range(6))
        process = sum(panel(pc[a]) / 3 * 10 for a in range(7, 11))
        process = min(max(process - min(max(pc[11]) * 2, 6), 0.0), 40.0)
        theory = sum(panel(tc[a]) for a in range(12)) * 100 / 120
        practical = quality + process
        practicals.append(_units(practical))
        totals.append(_units(0.7 * practical + 0.3 * theory))
    n = len(totals)
    order = sorted(range(n), key=lambda i: (-totals[i], -practicals[i], tm[i]))
    rank = [0] * n
    for pos, i in enumerate(order):
        prev = order[pos - 1] if pos else None
        same = prev is not None and (totals[prev], practicals[prev], tm[prev]) == (totals[i], practicals[i], tm[i])
        rank[i] = rank[prev] if same else pos + 1
    edges = [n * s // 100 for s in SHARES]
    tier = [next((k for k, e in enumerate(edges) if r <= e), -1) for r in rank]
    values = [u / 100 for u in totals]
    med = statistics.median(values)
    mad = statistics.median(abs(v - med) for v in values) * 1.4826
    std = [700 + 100 * (v - med) / mad for v in values]
    return Outcome(totals, rank, tier, std)


def pandas_outcome(marks: dict, times: dict, judges: int) -> Outcome:
    """Idiomatic pandas: long form, groupby per (competitor, aspect), merge aspect rules,
    sort_values for the tie-break chain, pd.cut for the tiers."""
    import pandas as pd

    frames = []
    for module, arr in marks.items():
        n, a, j = arr.shape
        idx = pd.MultiIndex.from_product([range(n), range(a), range(j)], names=["competitor", "aspect", "judge"])
        frames.append(pd.DataFrame({"value": arr.reshape(-1), "module": module}, index=idx).reset_index())
    df = pd.concat(frames, ignore_index=True)
    g = df.groupby(["module", "competitor", "aspect"])["value"]
    if judges >= 5:
        s = g.agg(["sum", "max", "min", "count"])
        panel = (s["sum"] - s["max"] - s["min"]) / (s["count"] - 2)
    else:
        panel = g.mean()
    top = g.max()
    panel = panel.rename("panel").reset_index().merge(top.rename("top").reset_index())
    pr = panel[panel.module == "practical"].set_index(["competitor", "aspect"])
    wide = pr["panel"].unstack("aspect")
    widemax = pr["top"].unstack("aspect")
    bands = pd.cut(wide.iloc[:, 0:6].stack().round(9), bins=[-np.inf] + [b.upto for b in BANDS] + [np.inf], right=True, labels=False)
    band_marks = np.array([b.marks for b in BANDS] + [0.0])
    quality = pd.Series(band_marks[bands.to_numpy()], index=bands.index).groupby(level="competitor").sum()
    quality = quality.where(widemax[6] < 1, 0.0)
    process = ((wide.iloc[:, 7:11] / 3 * 10).sum(axis=1) - (widemax[11] * 2).clip(upper=6)).clip(lower=0, upper=40)
    theory = panel[panel.module == "theory"].groupby("competitor")["panel"].sum() * 100 / 120
    to_units = lambda x: np.floor((x * 100).round(6) + 0.5).astype("int64")  # noqa: E731
    res = pd.DataFrame(
        {"total": to_units(0.7 * (quality + process) + 0.3 * theory), "practical": to_units(quality + process), "time": times[None]}
    )
    keys = ["total", "practical", "time"]
    ordered = res.sort_values(keys, ascending=[False, False, True], kind="stable")
    new_group = ordered[keys].ne(ordered[keys].shift()).any(axis=1)
    first = pd.Series(np.arange(1, len(ordered) + 1), index=ordered.index).where(new_group).ffill()
    res["rank"] = first.astype("int64")
    n = len(res)
    edges = [0] + [n * s // 100 for s in SHARES]
    res["tier"] = pd.cut(res["rank"], bins=edges, labels=False, right=True).fillna(-1).astype("int64")
    total = res["total"] / 100
    med = total.median()
    res["standardised"] = 700 + 100 * (total - med) / ((total - med).abs().median() * 1.4826)
    return Outcome(res["total"], res["rank"], res["tier"], res["standardised"])
