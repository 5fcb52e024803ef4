"""Accuracy metrics for tests and benchmarks: edit distance and character error rate."""

from __future__ import annotations

import unicodedata


def levenshtein(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def normalise(text: str) -> str:
    """NFC with whitespace runs collapsed (layout spacing is not a reading error)."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def cer(ref: str, hyp: str) -> float:
    """Character error rate of ``hyp`` against ``ref`` on normalised text."""
    a, b = normalise(ref), normalise(hyp)
    return levenshtein(a, b) / max(1, len(a))
