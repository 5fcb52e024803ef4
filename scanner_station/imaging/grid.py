"""Ruled grids on a page: the row and column rules of a register book page.

Register books (sổ đăng ký) are printed as ruled grids: column headers in the first row, one
entry per row below, written by hand inside the cells. The OCR gives words with boxes; this
module finds the rules those words sit between, so a value is what is written inside one
cell even when it wraps over three lines and the neighbouring cells are full.

Rules are long thin runs of ink: a morphological opening with a long horizontal (vertical)
bar keeps the ruled lines and drops the letters. Works on the cleaned (deskewed, grey) page.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np


@dataclass(frozen=True, slots=True)
class Grid:
    """Rule positions in page pixels, sorted: column ``i`` lies between ``xs[i]`` and
    ``xs[i + 1]``, row ``j`` between ``ys[j]`` and ``ys[j + 1]``."""

    xs: tuple[int, ...]
    ys: tuple[int, ...]

    @property
    def columns(self) -> int:
        return max(0, len(self.xs) - 1)

    @property
    def rows(self) -> int:
        return max(0, len(self.ys) - 1)

    def cell_of(self, x: float, y: float) -> tuple[int, int] | None:
        """(row, column) of the cell holding the point, or None outside the grid."""
        if not (self.xs[0] <= x < self.xs[-1] and self.ys[0] <= y < self.ys[-1]):
            return None
        col = int(np.searchsorted(self.xs, x, side="right")) - 1
        row = int(np.searchsorted(self.ys, y, side="right")) - 1
        return row, col


def _peaks(profile: np.ndarray, min_run: float, merge: int) -> list[int]:
    """Centres of the runs where ``profile`` reaches ``min_run``, runs closer than ``merge`` joined."""
    idx = np.flatnonzero(profile >= min_run)
    if idx.size == 0:
        return []
    groups: list[list[int]] = [[int(idx[0])]]
    for i in idx[1:]:
        if i - groups[-1][-1] <= merge:
            groups[-1].append(int(i))
        else:
            groups.append([int(i)])
    return [int(round((g[0] + g[-1]) / 2)) for g in groups]


def find_grid(gray: np.ndarray, min_columns: int = 3, min_rows: int = 2) -> Grid | None:
    """The ruled grid on the page, or None when there is none with at least ``min_columns``
    columns and ``min_rows`` rows (a page of labelled lines, a two-cell label | value table)."""
    if gray.ndim == 3:
        gray = cv2.cvtColor(gray, cv2.COLOR_RGB2GRAY)
    h, w = gray.shape[:2]
    if h < 50 or w < 50:
        return None
    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    horiz = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (w // 10, 1)))
    vert = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, h // 25)))
    # a slightly skewed rule breaks into pieces: close small gaps along the rule first
    horiz = cv2.dilate(horiz, np.ones((3, 15), np.uint8))
    vert = cv2.dilate(vert, np.ones((15, 3), np.uint8))
    merge = max(6, w // 250)
    ys = _peaks((horiz > 0).sum(axis=1), 0.3 * w, merge)
    if len(ys) < min_rows + 1:
        return None
    top, bottom = ys[0], ys[-1]
    span = (vert[top:bottom + 1] > 0).sum(axis=0)
    xs = _peaks(span, 0.6 * (bottom - top), merge)
    if len(xs) < min_columns + 1:
        return None
    return Grid(tuple(xs), tuple(ys))
