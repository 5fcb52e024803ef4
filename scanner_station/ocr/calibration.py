"""Confidence calibration: map each recogniser's raw confidence to the measured
probability that the word is read exactly right.

Raw scores are not comparable across engines (Tesseract's word confidence and a
CTC model's character probability mean different things). ``bench/calibration_bench.py``
fits a monotone table per recogniser on raw confidences of one page set, measures it on another,
and (``--write``) writes ``calibration.json`` beside this module; without it the identity is used.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import numpy as np

TABLE = Path(__file__).with_name("calibration.json")


@lru_cache(maxsize=1)
def _tables() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    try:
        data = json.loads(TABLE.read_text("utf-8"))
    except (FileNotFoundError, ValueError):
        return {}
    out = {}
    for engine, pts in data.get("engines", {}).items():
        xs = np.asarray([p[0] for p in pts], dtype=np.float64)
        ys = np.asarray([p[1] for p in pts], dtype=np.float64)
        out[engine] = (xs, ys)
    return out


def calibrate(engine: str, raw: float) -> float:
    """Calibrated probability that a word (or line) read by ``engine`` with ``raw`` is right."""
    table = _tables().get(engine)
    if table is None:
        return float(raw)
    xs, ys = table
    return float(np.interp(raw, xs, ys))


def fit(pairs: list[tuple[float, bool]], bins: int = 10) -> list[tuple[float, float]]:
    """A monotone (non-decreasing) raw → P(correct) table from (raw, correct) samples."""
    if not pairs:
        return [(0.0, 0.0), (1.0, 1.0)]
    arr = np.asarray(sorted(pairs), dtype=np.float64)
    qs = np.unique(np.quantile(arr[:, 0], np.linspace(0, 1, bins + 1)))
    pts = []
    for lo, hi in zip(qs[:-1], qs[1:]):
        sel = (arr[:, 0] >= lo) & (arr[:, 0] <= hi)
        if sel.sum():
            pts.append([float(arr[sel, 0].mean()), float(arr[sel, 1].mean())])
    # pool adjacent violators: make it non-decreasing
    ys = [p[1] for p in pts]
    weights = [1.0] * len(ys)
    i = 0
    while i < len(ys) - 1:
        if ys[i] > ys[i + 1]:
            merged = (ys[i] * weights[i] + ys[i + 1] * weights[i + 1]) / (weights[i] + weights[i + 1])
            ys[i] = ys[i + 1] = merged
            weights[i] = weights[i + 1] = weights[i] + weights[i + 1]
            i = max(0, i - 1)
        else:
            i += 1
    table = [(0.0, 0.0)] + [(p[0], y) for p, y in zip(pts, ys)] + [(1.0, ys[-1])]
    return [(round(x, 4), round(y, 4)) for x, y in table]


def apply(table: list[tuple[float, float]] | None, raw: float) -> float:
    """``raw`` through a table as ``fit`` returns it (``None``: the identity)."""
    if not table:
        return float(raw)
    return float(np.interp(raw, [p[0] for p in table], [p[1] for p in table]))


def calibration_error(samples: list[tuple[float, bool]], bins: int = 10) -> tuple[float, float]:
    """(expected calibration error, Brier score) of (predicted probability, correct) samples:
    ECE is the count-weighted gap between the mean prediction and the share correct in equal-width
    bins — 0 when "0.9" means right nine times in ten."""
    if not samples:
        return 0.0, 0.0
    p = np.clip(np.asarray([s[0] for s in samples], dtype=np.float64), 0.0, 1.0)
    y = np.asarray([1.0 if s[1] else 0.0 for s in samples])
    idx = np.minimum((p * bins).astype(int), bins - 1)
    ece = 0.0
    for b in range(bins):
        sel = idx == b
        if sel.any():
            ece += sel.sum() / len(p) * abs(p[sel].mean() - y[sel].mean())
    return float(ece), float(np.mean((p - y) ** 2))
