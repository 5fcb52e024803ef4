"""A handwritten line's slant, and the line sheared back towards the slant the recogniser reads.

Hands slant differently; AsterOCR reads the development hands (leaning ~12–15°) well and loses
most of a line once its strokes lean past ~25°: development hands sheared a further 24° went from
2.4 to 17.8 % CER, 30°: 31 % (``bench/RESULTS.md``, session 12). The slant is the shear that makes
the line's near-vertical strokes most vertical (after Vinciarelli & Luettin 2001: the columns
holding one unbroken stroke, their heights squared, summed). A line leaning outside KEEP is also
read sheared to TARGET, and ``aster`` keeps that reading only when clearly surer than the line's
as it is (slashes, rules and odd print can mislead the measure; nothing is read worse than as it
is); a line inside KEEP — print, upright or italic, and the hands the recogniser knows — is read
as it is, once.
"""

from __future__ import annotations

from functools import lru_cache

import cv2
import numpy as np

#: the slant the recogniser reads best (measured on the development hands), degrees
TARGET = 12.0
#: lines leaning between these (degrees, + = to the right) are read as they are
KEEP = (-6.0, 27.0)
_ANGLES = np.arange(-60.0, 61.0, 3.0)
_HEIGHT = 64  # estimated on the line scaled to this height: strokes, not pixels, matter


def estimate(gray: np.ndarray) -> float | None:
    """The line's slant in degrees (+ leans right), or None when it holds too little ink."""
    h, w = gray.shape[:2]
    if h < 8 or w < 8:
        return None
    if h != _HEIGHT:
        gray = cv2.resize(gray, (max(8, int(round(w * _HEIGHT / h))), _HEIGHT),
                          interpolation=cv2.INTER_AREA if h > _HEIGHT else cv2.INTER_LINEAR)
    otsu, _ = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    ink = (gray < min(200.0, otsu)).astype(np.uint8)
    # a rule under or through the words (ruled forms, a cell's border) is no stroke: runs of
    # ink far longer than a letter is high are taken out first
    rules = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (2 * _HEIGHT, 1)))
    ys, xs = np.nonzero(ink & (rules == 0))
    if len(xs) < 40:
        return None
    dy = ys - (_HEIGHT - 1) / 2.0

    @lru_cache(maxsize=None)  # the best coarse angle is scored again among its neighbours
    def score(angle: float) -> float:
        col = np.rint(xs + np.tan(np.radians(angle)) * dy).astype(np.int64)
        col -= col.min()
        n = int(col.max()) + 1
        count = np.bincount(col, minlength=n)
        # ys ascend (row-major order): the last write of a column is its lowest ink row
        lo = np.empty(n, np.int64)
        hi = np.empty(n, np.int64)
        lo[col[::-1]] = ys[::-1]
        hi[col] = ys
        whole = (hi - lo + 1) == count  # one unbroken stroke
        return float(np.square(count[whole & (count > 0)], dtype=np.float64).sum())

    # every 6°, then the 3° either side of the best
    best_angle = max(_ANGLES[::2], key=score)
    best_angle = max((best_angle - 3.0, best_angle, best_angle + 3.0), key=score)
    best_angle = float(best_angle)
    if abs(best_angle) >= _ANGLES[-1] - 3.0:
        return None  # at the end of the range searched: no slant of a hand, something else
    return best_angle


def shear(crop: np.ndarray, angle: float) -> tuple[np.ndarray, int]:
    """``crop`` sheared so that strokes leaning ``angle`` degrees stand upright, and how far
    (pixels) the middle row moved right (subtract it from x positions read on the result)."""
    h, w = crop.shape[:2]
    s = float(np.tan(np.radians(angle)))
    pad = int(np.ceil(abs(s) * h)) + 2
    dx = pad // 2
    m = np.float32([[1, s, dx - s * (h - 1) / 2.0], [0, 1, 0]])
    fill = (255,) * (crop.shape[2] if crop.ndim == 3 else 1)
    out = cv2.warpAffine(crop, m, (w + pad, h), flags=cv2.INTER_LINEAR,
                         borderMode=cv2.BORDER_CONSTANT, borderValue=fill)
    return out, dx


def normalise(crop: np.ndarray) -> tuple[np.ndarray, int, float | None]:
    """(crop to read, x shift of the middle row, slant measured); the crop itself when its
    slant is within KEEP or cannot be measured."""
    gray = crop if crop.ndim == 2 else cv2.cvtColor(crop, cv2.COLOR_RGB2GRAY)
    angle = estimate(gray)
    if angle is None or KEEP[0] <= angle <= KEEP[1]:
        return crop, 0, angle
    out, dx = shear(_without_upright_rules(crop, gray), angle - TARGET)
    return out, dx, angle


def _without_upright_rules(crop: np.ndarray, gray: np.ndarray) -> np.ndarray:
    """``crop`` with a table cell's upright rule whitened — dark from the crop's top to its
    bottom, as no letter in a line's crop is: sheared with the words it would lean like one more
    letter ("[35", "19" for 9); the crop read as it is keeps it."""
    h = gray.shape[0]
    dark = gray < min(160, int(np.percentile(gray, 5)) + 60)
    runs = cv2.morphologyEx(dark.astype(np.uint8), cv2.MORPH_OPEN,
                            cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(3, h - 2))))
    cols = np.nonzero(runs.any(axis=0))[0]
    if not len(cols):
        return crop
    out = crop.copy()
    out[:, cols] = 255
    return out
