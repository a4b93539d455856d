"""The same computation written the usual other ways: idiomatic pandas and a plain Python
loop. The benchmark checks both agree with the engine before it compares their speed."""

from __future__ import annotations

import numpy as np

from tests.benchmarks.workload import BANDS


def _band(v: float) -> float:
    for b in BANDS:
        if v <= b.upto:
            return b.marks
    return 0.0


def _round2(x: float) -> int:
    return int(np.floor(np.round(x * 100, 6) + 0.5))


def python_totals(marks: dict, judges: int) -> np.ndarray:
    """A careful spreadsheet formula translated into loops: one competitor at a time."""
    p, t = marks["practical"].tolist(), marks["theory"].tolist()
    out = []
    for pc, tc in zip(p, t):
        def panel(vals):
            if judges >= 5:
                return (sum(vals) - max(vals) - min(vals)) / (len(vals) - 2)
            return sum(vals) / len(vals)
        quality = sum(_band(round(panel(pc[a]), 9)) for a in range(6))
        if max(pc[6]) >= 1:
            quality = 0.0
        process = sum(panel(pc[a]) / 3 * 10 for a in range(7, 11))
        process = min(max(process - min(max(pc[11]) * 2, 6), 0.0), 40.0)
        theory = sum(panel(tc[a]) for a in range(12)) * 100 / 120
        out.append(_round2(0.7 * (quality + process) + 0.3 * theory))
    return np.array(out)


def pandas_totals(marks: dict, judges: int):
    """Idiomatic pandas: long form, groupby per (competitor, aspect), merge aspect rules."""
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
    bands = pd.cut(wide.iloc[:, 0:6].stack().round(9), bins=[-np.inf] + [b.upto for b in BANDS] + [np.inf],
                   right=True, labels=False)
    band_marks = np.array([b.marks for b in BANDS] + [0.0])
    quality = pd.Series(band_marks[bands.to_numpy()], index=bands.index).groupby(level="competitor").sum()
    quality = quality.where(widemax[6] < 1, 0.0)
    process = (wide.iloc[:, 7:11] / 3 * 10).sum(axis=1) - (widemax[11] * 2).clip(upper=6)
    process = process.clip(lower=0, upper=40)
    theory = panel[panel.module == "theory"].groupby("competitor")["panel"].sum() * 100 / 120
    total = 0.7 * (quality + process) + 0.3 * theory
    units = np.floor(np.round(total * 100, 6) + 0.5).astype("int64")
    ranks = (-units).rank(method="min").astype("int64")
    return units.to_numpy(), ranks.to_numpy()
