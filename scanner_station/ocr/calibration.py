"""Confidence calibration: map each recogniser's raw confidence to the measured
probability that the word is read exactly right.

Raw scores are not comparable across engines (Tesseract's word confidence and a
CTC model's character probability mean different things). ``bench/ocr_bench.py
--calibrate`` fits a monotone table per engine on the bench pages and writes
``calibration.json`` beside this module; until then the identity is used.
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
