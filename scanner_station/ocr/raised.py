"""A unit's raised digit (``m²``, ``m³``), read as raised where the ink shows it raised.

A land certificate gives every area in square metres, ``312,3 m²``. AsterOCR has no ``²`` among
its characters, so every line it reads gives ``m2``: a hand's superscript, drawn small and high
after the ``m``, read as a digit on the line. The ink tells the two apart without any list: a
digit written on the line sits on the ``m``'s baseline, a raised one ends above the middle of the
``m``. A word read ``m2``/``m3`` (``km2``, ``cm3``, a mark after it kept) is read ``m²``/``m³``
where the digit's ink — a stroke of its own beyond the ``m``'s right end, not a speck — ends above
the middle of the ``m``'s: what is written, not what is usual. ``m2`` written on the line stays
``m2``, and so does a digit the hand joined to the ``m`` (its top alone is no raised digit).
"""

from __future__ import annotations

import dataclasses
import re

import cv2
import numpy as np

from .base import LineRead

#: a unit read with a digit after it: the unit, the digit, what follows it (a mark)
UNIT = re.compile(r"^(k?m|cm|dm)([23])([.,;:)]*)$")
#: each digit written raised, and back: the digit a recogniser without them reads one as (its
#: weighing on AsterOCR's frames: ``ctc.log_likelihood``, ``extraction.reread``)
RAISED = {"2": "²", "3": "³"}
AS_DIGIT = {v: k for k, v in RAISED.items()}
#: the digit's ink ends above this share of the ``m``'s height (from its top): it is raised
ABOVE = 0.5
#: a stroke this small beside the letter's (share of its area) is a speck, not the digit (a
#: raised digit the line's box cut short keeps a few strokes of it)
SPECK = 0.05
#: and the digit is at least this tall beside the letter (a raised digit is about as tall as the
#: ``m``; the upper dot of a ``;`` after it is a speck of its height)
TALL = 0.4


def _strokes(ink: np.ndarray) -> list[tuple[int, int, int, int, int]]:
    """The ink's strokes (8-connected) as (x0, y0, x1, y1, area), left to right."""
    n, _, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    out = [(int(x), int(y), int(x + w), int(y + h), int(a)) for x, y, w, h, a in stats[1:n]]
    return sorted(out)


def raised_digit(crop: np.ndarray, x0: int, x1: int) -> bool | None:
    """Whether the digit after the letter in ``crop[:, x0:x1]`` (a word read ``m2``) is raised;
    None where its ink does not show a letter and a digit after it."""
    gray = crop if crop.ndim == 2 else cv2.cvtColor(crop, cv2.COLOR_RGB2GRAY)
    h, w = gray.shape[:2]
    pad = max(2, h // 10)
    a, b = max(0, x0 - pad), min(w, x1 + pad)
    if b - a < 4:
        return None
    _, ink = cv2.threshold(gray, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    strokes = [s for s in _strokes(ink[:, a:b]) if s[4] >= max(4, (h // 25) ** 2)]
    if len(strokes) < 2:
        return None
    # the letter: the biggest stroke; the digit: the highest-reaching stroke beyond its right end,
    # not a speck (a mark after the digit sits lower; a letter broken in two reaches no higher
    # than itself; a digit the hand joined to the letter is part of its stroke, and what shows of
    # it above the letter is no digit of its own)
    letter = max(strokes, key=lambda s: s[4])
    after = [s for s in strokes if s[0] + s[2] > 2 * letter[2] and s[4] >= SPECK * letter[4]]
    if not after:
        return None
    # the digit's strokes: that one, and those above or below it (a stroke broken by thin ink)
    high = min(after, key=lambda s: s[1])
    digit_bottom = max(s[3] for s in after if min(s[2], high[2]) - max(s[0], high[0])
                       >= 0.5 * min(s[2] - s[0], high[2] - high[0]))
    top, bottom = letter[1], letter[3]
    if bottom - top < 4 or digit_bottom - high[1] < TALL * (bottom - top):
        return None  # no letter to measure against, or a mark's dot (``;``), not a digit
    return digit_bottom <= top + ABOVE * (bottom - top)


def with_raised(read: LineRead, crop: np.ndarray) -> LineRead | None:
    """``read`` (the chosen reading of ``crop``, its words placed in the crop) with each unit read
    ``m2``/``m3`` whose digit the ink shows raised as ``m²``/``m³``; None where none is."""
    words, changed = list(read.words), []
    if " ".join(w[0] for w in words) != read.text:
        return None
    for i, (text, x0, x1, *rest) in enumerate(words):
        m = UNIT.match(text)
        if m is None or not raised_digit(crop, int(x0), int(x1)):
            continue
        words[i] = (m[1] + RAISED[m[2]] + m[3], x0, x1, *rest)
        changed.append(i)
    if not changed:
        return None
    return dataclasses.replace(read, text=" ".join(w[0] for w in words), words=tuple(words),
                               extra={**read.extra, "raised": changed})
