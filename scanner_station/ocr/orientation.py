"""Upright or upside down, when the page's shape cannot tell: ask the reading.

Cleanup turns a page upright from the shape of its lines (tone marks above the x-height band).
On hand-filled forms — cursive values with long loops, a signature, a seal — that cue is weak
and sometimes wrong. When cleanup is not sure (its orientation confidence is below
``SURE``) and the reading does not look like Vietnamese, the page is read turned by 180° as
well, and the reading that looks more like Vietnamese text wins: more confident words, more of
them Vietnamese syllables. The page image is returned turned the same way, so field crops and
the stored derivative match the words.
"""

from __future__ import annotations

import numpy as np

from ..domain.layout import PageLayout
from .lexicon import available

#: cleanup's orientation confidence from which its answer is taken as is
SURE = 0.9
#: a reading this Vietnamese-looking is kept without trying the other way up
READABLE = 0.8
#: the turned reading must be this much better to be chosen
MARGIN = 0.1


def vietnamese_score(layout: PageLayout) -> float:
    """0..1: mean word confidence × share of letter words that are Vietnamese syllables."""
    words = [w for ln in layout.lines() for w in ln.words if w.text]
    if not words:
        return 0.0
    conf = float(np.mean([w.confidence for w in words]))
    lex = available()
    if lex is None:
        return conf
    letters = [w.text.strip(".,;:()\"'") for w in words]
    letters = [t for t in letters if t.isalpha()]
    if not letters:
        return conf
    share = sum(1 for t in letters if lex.is_syllable(t) or (t.isupper() and len(t) <= 4)) / len(letters)
    return conf * share


def read_upright(engine, gray: np.ndarray, orientation_confidence: float = 1.0
                 ) -> tuple[PageLayout, np.ndarray, bool]:
    """(layout, the image it was read on, whether that image was turned by 180°)."""
    layout = engine.read_page(gray)
    if orientation_confidence >= SURE:
        return layout, gray, False
    score = vietnamese_score(layout)
    if score >= READABLE:
        return layout, gray, False
    turned = np.ascontiguousarray(gray[::-1, ::-1])
    other = engine.read_page(turned)
    if vietnamese_score(other) > score + MARGIN:
        other.meta["turned_180"] = True
        return other, turned, True
    return layout, gray, False
