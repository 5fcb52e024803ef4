"""The page's ink as connected components, shared by the cleanup steps that look at one page.

Labelling a whole page's ink takes 60–80 ms on a modest PC. Leaders and footnote markers both
look at the same page's dark pixels (``gray < 128``); when leaders take nothing off, the page
markers look at is the very same array, and the last labelling is used again. The labelling
is kept for that array object only (never for a copy or a page written into since: every step
that changes a page returns a new array).
"""

from __future__ import annotations

import threading
import weakref

import cv2
import numpy as np

_last = threading.local()

#: a dot is filled at least this share of its box, and at most this share of the letters' height
DOT_FILL = 0.6
DOT_SHARE = 0.4


def components(gray: np.ndarray, level: int = 128) -> tuple[int, np.ndarray, np.ndarray, np.ndarray]:
    """``cv2.connectedComponentsWithStats`` (8-connected) of the pixels darker than ``level``:
    (count, labels, stats, centroids)."""
    kept = getattr(_last, "value", None)
    if kept is not None and kept[0]() is gray and kept[1] == level and kept[2] == gray.shape:
        return kept[3]
    out = cv2.connectedComponentsWithStats((gray < level).astype(np.uint8), connectivity=8)
    _last.value = (weakref.ref(gray), level, gray.shape, out)
    return out


def letters(stats: np.ndarray) -> tuple[np.ndarray, float]:
    """The components that show (4 pixels of ink or more, the background left out) and the
    height of the page's letters among them: half the ink is in parts this tall or less (at
    150 dpi an ``a`` is as small as a dot at 300; weighed by ink, the size follows the print).
    Dots (small, filled, about square, under ``DOT_SHARE`` of the letters' height) are left out
    of that half: on a form dense with dotted leaders and filled in a thin hand, the leaders
    hold four tenths of the ink and would make the letters seem half as tall as they are.
    No component shows: (empty, 0.0)."""
    w, h, area = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT], stats[:, cv2.CC_STAT_AREA]
    shown = np.flatnonzero(area[1:] >= 4) + 1
    if len(shown) == 0:
        return shown, 0.0
    sh = h[shown]
    dotty = dot_shaped(w[shown], sh, area[shown])
    # the dots' bound: a share of the height of the parts that are not dot-shaped (a bold small
    # print's filled letters are taller than that, and stay)
    rest = shown[~dotty]
    bound = DOT_SHARE * _half_ink(rest, h, area) if len(rest) else 0.0
    kept = shown[~(dotty & (sh <= bound))]
    return shown, _half_ink(kept, h, area)


def dot_shaped(w: np.ndarray, h: np.ndarray, area: np.ndarray) -> np.ndarray:
    """Whether each part is shaped like a dot: about square (neither side over twice the other
    and a pixel) and filled (``DOT_FILL`` of its box inked), as no letter is."""
    return (w <= 2 * h + 1) & (h <= 2 * w + 1) & (area >= DOT_FILL * w * h)


def _half_ink(ids: np.ndarray, h: np.ndarray, area: np.ndarray) -> float:
    """The height that half the ink of components ``ids`` is in parts as tall or less."""
    order = ids[np.argsort(h[ids], kind="stable")]
    cum = np.cumsum(area[order])
    return float(h[order[np.searchsorted(cum, cum[-1] / 2)]])


def forget() -> None:
    """Let the last labelling go (a page's labels are tens of MB): after the page's last step."""
    _last.value = None
