"""Accuracy metrics for tests and benchmarks: edit distance and character error rate."""

from __future__ import annotations

import unicodedata

from ..domain.text import levenshtein, strip_marks  # noqa: F401 - levenshtein: the metrics' edit distance


def normalise(text: str) -> str:
    """NFC with whitespace runs collapsed (layout spacing is not a reading error)."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def cer(ref: str, hyp: str) -> float:
    """Character error rate of ``hyp`` against ``ref`` on normalised text."""
    a, b = normalise(ref), normalise(hyp)
    return levenshtein(a, b) / max(1, len(a))


#: the kinds of reading error ``error_classes`` counts, in the order a report lists them
ERROR_CLASSES = ("mark", "case", "capital", "capitals", "letter", "digit", "punctuation", "space", "inserted")


def _ref_class(ref: str, hyp: str | None, shouted: bool = False) -> str:
    """The kind of error a reference character ``ref`` read as ``hyp`` (None: lost) is;
    ``shouted``: ``ref`` stands in a word written in capitals."""
    if hyp is not None and ref.isalpha() and hyp.isalpha():
        a, b = strip_marks(ref), strip_marks(hyp)
        if a.lower() == b.lower():  # the same letter: its case alone, or a tone or vowel mark
            return "case" if ref.lower() == hyp.lower() else "mark"
    if ref.isalpha():
        return ("capitals" if shouted else "capital") if ref.isupper() else "letter"
    if ref.isdigit():
        return "digit"
    return "space" if ref.isspace() else "punctuation"


def error_classes(ref: str, hyp: str) -> dict[str, int]:
    """The edits of one least-cost alignment of ``hyp`` (normalised) to ``ref``, by the kind of
    reference character each touches (``ERROR_CLASSES``: a wrong mark on the right letter, the
    case alone, a word's capital, a capital of a word written in capitals ("ỦY BAN"), a small
    letter misread or lost, a digit, a punctuation mark, a word space; a character read where
    there is none). Their sum is the edit distance."""
    a, b = normalise(ref), normalise(hyp)
    shouted = []
    for word in a.split(" "):
        letters = [c for c in word if c.isalpha()]
        shouted += [len(letters) >= 2 and all(c.isupper() for c in letters)] * len(word) + [False]
    n, m = len(a), len(b)
    # full table (a page is a few thousand characters at most: a bench tool, not the station's)
    rows = [list(range(m + 1))]
    for i in range(1, n + 1):
        prev, row = rows[-1], [i] + [0] * m
        ai = a[i - 1]
        for j in range(1, m + 1):
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (ai != b[j - 1]))
        rows.append(row)
    counts = dict.fromkeys(ERROR_CLASSES, 0)
    i, j = n, m
    while i or j:
        if i and j and rows[i][j] == rows[i - 1][j - 1] + (a[i - 1] != b[j - 1]):
            if a[i - 1] != b[j - 1]:
                counts[_ref_class(a[i - 1], b[j - 1], shouted[i - 1])] += 1
            i, j = i - 1, j - 1
        elif i and rows[i][j] == rows[i - 1][j] + 1:
            counts[_ref_class(a[i - 1], None, shouted[i - 1])] += 1
            i -= 1
        else:
            counts["inserted"] += 1
            j -= 1
    return counts
