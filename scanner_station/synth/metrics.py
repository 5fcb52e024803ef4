"""Accuracy metrics for tests and benchmarks: edit distance and character error rate."""

from __future__ import annotations

import unicodedata

from ..domain.text import levenshtein  # noqa: F401 - the metrics' edit distance


def normalise(text: str) -> str:
    """NFC with whitespace runs collapsed (layout spacing is not a reading error)."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def cer(ref: str, hyp: str) -> float:
    """Character error rate of ``hyp`` against ``ref`` on normalised text."""
    a, b = normalise(ref), normalise(hyp)
    return levenshtein(a, b) / max(1, len(a))
