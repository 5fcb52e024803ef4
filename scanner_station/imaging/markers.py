"""Footnote markers of a printed form, taken off the page before it is read.

Declaration forms put a small raised marker after some labels (``Nơi cư trú⁽²⁾: …``) and print
the notes at the foot. Read as they are, a marker comes back as ``(2)``, quotes, ``" 3).``, a
word of its own or a garbled label (``8Dântộc"tà`` for ``8. Dân tộc⁽⁴⁾: Thái``), and a marker
raised between two lines is read into either of them (``tỉnh Gia Lai 18``). A marker is told
by its shape and place: two thin brackets of one small size with one to three small marks
(its digits) between them and nothing else, standing higher than the line of text it follows
— its foot above that text's foot. A tone mark is small and raised too, but one mark alone
over a letter, never between brackets; a bracket written on the line (``(bằng chữ)``, the
notes' own ``(1) Ghi …``) stands on the line's foot and stays.

Only the page that is read changes; the original scan is kept as it came.
"""

from __future__ import annotations

import cv2
import numpy as np

from .ink import components, letters

#: a bracket is at most this wide for its height
BRACKET_SHAPE = 0.55
#: the two brackets' heights and tops agree within this share of their height
BRACKET_MATCH = 0.25
#: the digits between the brackets: at most this many marks, the brackets this far apart
#: (between, in brackets' heights)
MOST_DIGITS = 3
GAP = (0.25, 2.6)
#: the marker's foot stands at least this share of its height above the foot of the text
#: it follows
RAISED = 0.3
#: the text it follows: ink this far to its left (in the marker's heights)
REACH = 3.0
#: a bracket's middle stands this share of its width beyond both its ends
BOW = 0.12
#: a marker's brackets are small type: at most this share of the height of the page's letters (half
#: its ink in parts this tall or less: about an x-height; a marker's bracket is about 1.5 of it)
SMALL = 1.6


def find_markers(gray: np.ndarray) -> list[tuple[int, int, int, int]]:
    """The boxes (x0, y0, x1, y1) of the page's raised footnote markers (``(2)``, ``(12)``)."""
    n, labels, stats, _ = components(gray, 128)  # leaders' labelling where they took nothing off
    if n < 4:
        return []
    x, y = stats[:, cv2.CC_STAT_LEFT], stats[:, cv2.CC_STAT_TOP]
    w, h = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]
    shown, height = letters(stats)
    if len(shown) == 0:
        return []
    thin = shown[(w[shown] <= BRACKET_SHAPE * h[shown]) & (h[shown] >= 6) & (h[shown] <= SMALL * height)]
    if len(thin) < 2:
        return []
    # the page's components by their left edge, to find what lies between and beside two brackets
    # (only those in a narrow band of x are looked at, as arrays: a page holds thousands)
    by_x = shown[np.argsort(x[shown], kind="stable")]
    xs = x[by_x]
    thin = thin[np.argsort(x[thin], kind="stable")]
    txs = x[thin]
    bends: dict[int, str] = {}

    def bend(c: int) -> str:  # looked at only where a pair's sizes and places agree (time)
        if c not in bends:
            bends[c] = _bend(labels, stats, c)
        return bends[c]

    def among(x0: float, x1: float, top: float, bottom: float) -> np.ndarray:
        """The components whose left edge is in x0..x1 (excluded) and that reach into top..bottom."""
        band = by_x[np.searchsorted(xs, x0):np.searchsorted(xs, x1)]
        return band[(y[band] + h[band] > top) & (y[band] < bottom)]
    found: list[tuple[int, int, int, int]] = []
    used: set[int] = set()
    for left in thin:
        if left in used:
            continue
        hl, end = float(h[left]), x[left] + w[left]
        band = thin[np.searchsorted(txs, end + GAP[0] * hl):np.searchsorted(txs, end + GAP[1] * hl, "right")]
        pairs = band[(np.abs(h[band] - hl) <= BRACKET_MATCH * hl) & (np.abs(y[band] - y[left]) <= BRACKET_MATCH * hl)]
        if len(pairs) == 0 or bend(int(left)) != "(":
            continue
        for right in pairs:
            if right in used or bend(int(right)) != ")":
                continue
            top, bottom = min(y[left], y[right]), max(y[left] + h[left], y[right] + h[right])
            # what lies between: the digits, inside the brackets' height, and nothing else
            inside = among(end, x[right], top, bottom)
            inside = inside[(inside != left) & (inside != right)]
            # small type breaks on a poor scan: a digit's crumbs count with it
            digits = inside[h[inside] >= 0.35 * hl]
            if not 1 <= len(digits) <= MOST_DIGITS or len(inside) > 2 * MOST_DIGITS:
                continue
            if np.any((y[inside] < top - 0.15 * hl) | (y[inside] + h[inside] > bottom + 0.15 * hl)):
                continue
            x0, x1 = int(x[left]), int(x[right] + w[right])
            beside = among(x0 - 2 * REACH * hl, x0, top, bottom + hl)
            if not _raised(x0, int(top), int(bottom), stats, beside, hl):
                continue
            found.append((x0, int(top), x1, int(bottom)))
            used.update((int(left), int(right)))
            break
    return found


def _bend(labels: np.ndarray, stats: np.ndarray, c: int) -> str:
    """"(" for a thin mark bowed to the left (its middle left of its ends), ")" for one bowed to
    the right, "" for a straight or other stroke (a rule's piece, a hand's stroke)."""
    x, y, w, h = (int(v) for v in stats[c, :4])
    mask = labels[y:y + h, x:x + w] == c
    cols = np.arange(w, dtype=np.float64)
    third = max(1, h // 3)

    def middle(rows: np.ndarray) -> float | None:
        weight = rows.sum()
        return float((rows.sum(axis=0) * cols).sum() / weight) if weight else None
    top, mid, bottom = middle(mask[:third]), middle(mask[third:h - third]), middle(mask[h - third:])
    if top is None or mid is None or bottom is None:
        return ""
    if mid < min(top, bottom) - BOW * w:
        return "("
    if mid > max(top, bottom) + BOW * w:
        return ")"
    return ""


def _raised(x0: int, top: int, bottom: int, stats: np.ndarray, beside: np.ndarray, size: float) -> bool:
    """Whether the text to the left of a marker's box (the label it follows) has its foot below
    the marker's foot by ``RAISED`` of the marker's height: a letter at least as tall as half the
    marker and no taller than a few markers (a table's rule is no letter: a column's number
    ``(1)`` in a register's header cell stands on its line), beside it within ``REACH`` of its
    height (``beside``: the components left of it, reaching into its rows or the next
    marker's height below), reaching down past it."""
    w, h = stats[beside, cv2.CC_STAT_WIDTH], stats[beside, cv2.CC_STAT_HEIGHT]
    letter = (h >= 0.5 * size) & (h <= 2.5 * size) & (w <= 4 * size) \
        & (stats[beside, cv2.CC_STAT_LEFT] + w >= x0 - REACH * size)
    if not letter.any():
        return False
    foot = float(np.median(stats[beside, cv2.CC_STAT_TOP][letter] + h[letter]))
    return foot - bottom >= RAISED * (bottom - top)


def remove_markers(gray: np.ndarray) -> tuple[np.ndarray, list[tuple[int, int, int, int]]]:
    """The page with its raised footnote markers whitened and their boxes (x0, y0, x1, y1);
    none found: the page as it was, the same array."""
    boxes = find_markers(gray)
    if not boxes:
        return gray, []
    out = gray.copy()
    for x0, y0, x1, y1 in boxes:
        out[max(0, y0 - 1):y1 + 1, max(0, x0 - 1):x1 + 1] = 255
    return out, boxes
