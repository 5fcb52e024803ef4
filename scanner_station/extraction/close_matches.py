"""``difflib.get_close_matches`` over a fixed list of names, the same answer in a fraction of the
time.

difflib weighs every name against the word in turn: a bound on the ratio from the lengths, then
one from the letters the two share (``quick_ratio``), then the ratio itself. Over the country's
~12,000 commune names the second bound is most of the time (about 30 ms a look-up). Here the
names' letter counts are kept as columns, one per letter, so the shared letters of every name are
summed at once for the word's own letters; only the names that bound lets through are weighed by
``SequenceMatcher`` — in the same order, with the same arithmetic — so the result is difflib's,
name for name (``tests/test_unit_words.py`` checks it against difflib).
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterable
from difflib import SequenceMatcher

import numpy as np


class CloseMatches:
    """The names of ``possibilities`` (in their order), ready for ``get``."""

    def __init__(self, possibilities: Iterable[str]) -> None:
        self.names = list(possibilities)
        self.lengths = np.array([len(x) for x in self.names], dtype=np.int64)
        columns: dict[str, np.ndarray] = {}
        for i, name in enumerate(self.names):
            for ch, k in Counter(name).items():
                if ch not in columns:
                    columns[ch] = np.zeros(len(self.names), dtype=np.int16)
                columns[ch][i] = k
        self.columns = columns

    def get(self, word: str, n: int = 3, cutoff: float = 0.6) -> list[str]:
        """``difflib.get_close_matches(word, possibilities, n, cutoff)``."""
        if not n > 0:
            raise ValueError(f"n must be > 0: {n!r}")
        if not 0.0 <= cutoff <= 1.0:
            raise ValueError(f"cutoff must be in [0.0, 1.0]: {cutoff!r}")
        shared = np.zeros(len(self.names), dtype=np.int64)
        for ch, k in Counter(word).items():
            column = self.columns.get(ch)
            if column is not None:
                shared += np.minimum(column, k)
        total = self.lengths + len(word)
        # quick_ratio as difflib computes it (2.0 * matches / length, 1.0 for two empty strings);
        # it never exceeds real_quick_ratio, so it alone lets the same names through
        with np.errstate(divide="ignore", invalid="ignore"):
            bound = np.where(total > 0, 2.0 * shared / np.maximum(total, 1), 1.0)
        s = SequenceMatcher()
        s.set_seq2(word)
        result = []
        for i in np.flatnonzero(bound >= cutoff):
            x = self.names[i]
            s.set_seq1(x)
            if s.real_quick_ratio() >= cutoff and s.quick_ratio() >= cutoff and s.ratio() >= cutoff:
                result.append((s.ratio(), x))
        return [x for _, x in heapq.nlargest(n, result)]
