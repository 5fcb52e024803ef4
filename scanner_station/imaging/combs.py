"""Combs of printed boxes, one digit to a box, taken off the page before it is read.

Declaration forms print the personal ID number's place as a row of twelve boxes
(``Số định danh cá nhân: |0|0|1|0|8|…``), and the digits are written one to a box. Read as
they are, the boxes' sides come back as ``1``, ``|`` or ``l`` between the digits, and a
12-digit number reads as twenty-odd characters. A comb is told by its shape: two straight
rules of one length, one above the other, joined by at least ``TICKS_MIN`` sides at one
pitch, with cells about as wide as they are tall. Its rules and sides are whitened; the
digits stay where they were written (a stroke that crosses a side loses only the side's width).
A register's ruled grid has few columns of many widths, and a table's label | value cells two.

Only the page that is read changes; the original scan is kept as it came.
"""

from __future__ import annotations

import cv2
import numpy as np

#: a comb has at least this many sides (six boxes), nearly all at one pitch
TICKS_MIN = 7
#: a side is a column inked over this share of the rows between the rules
SIDE_COVER = 0.85
#: a side is where the pitch puts it within this share of the pitch
PITCH_TOL = 0.15
#: a box is this many times as wide as it is tall, at most and at least
RATIO = (0.45, 2.2)


def _rules(ink: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Long thin horizontal runs of ink: (the mask of horizontal runs, stats rows [x, y, w, h]
    of those long and thin enough to be a comb's top or bottom)."""
    bar = max(12, ink.shape[1] // 60)
    # a thin rule a little aslant (a phone's photo) steps from row to row: thickened by a row
    # up and down first, it stays one run
    tall = cv2.dilate(ink, np.ones((3, 1), np.uint8))
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (bar, 1))
    core = cv2.erode(tall, kernel)  # where a run of ``bar`` starts: most pages have a few rows
    rows = np.flatnonzero(core.any(axis=1))
    horiz = np.zeros_like(ink)
    found = []
    # the runs opened out and counted only in the bands of rows that hold one (the whole page's
    # opening and components took 50 ms)
    for band in np.split(rows, np.flatnonzero(np.diff(rows) > 1) + 1) if len(rows) else []:
        top, bottom = int(band[0]), int(band[-1]) + 1
        horiz[top:bottom] = cv2.dilate(core[top:bottom], kernel)
        _, _, stats, _ = cv2.connectedComponentsWithStats(horiz[top:bottom], connectivity=8)
        st = stats[1:, :4].copy()
        st[:, 1] += top
        found.append(st[(st[:, 2] >= 4 * bar) & (st[:, 3] <= max(8, bar // 4 + 2))])
    return horiz, (np.concatenate(found) if found else np.zeros((0, 4), np.int32))


def _sides(ink: np.ndarray, x0: int, x1: int, top: int, bottom: int) -> np.ndarray | None:
    """A comb's sides between the rules (rows ``top``..``bottom``, columns ``x0``..``x1``) as
    rows [first column, last column], or None when the columns inked over the band are not a
    comb's."""
    band = ink[top:bottom, x0:x1]
    if band.shape[0] < 4 or band.shape[1] < 8:
        return None
    # a thin side a little aslant (a phone's photo) steps from column to column
    wide = cv2.dilate(band, np.ones((1, 3), np.uint8))
    full = wide.mean(axis=0) >= SIDE_COVER
    cols = np.flatnonzero(full)
    if len(cols) < TICKS_MIN:
        return None
    # runs of adjacent inked columns, each a side at its centre
    breaks = np.flatnonzero(np.diff(cols) > 1)
    starts, ends = np.r_[cols[0], cols[breaks + 1]], np.r_[cols[breaks], cols[-1]]
    xs = (starts + ends) / 2.0
    if len(xs) < TICKS_MIN or np.any(ends - starts > 0.15 * band.shape[0] + 6):
        return None  # too few, or a thick stroke that is not a printed side
    gaps = np.diff(xs)
    pitch = float(np.median(gaps[gaps >= 0.6 * np.percentile(gaps, 75)]))  # a 1's column halves a gap
    if not RATIO[0] * band.shape[0] <= pitch <= RATIO[1] * band.shape[0]:
        return None
    # the sides where one pitch puts them, the pitch and phase fitted on them (a rounded pitch
    # drifts a side off its place by the twelfth box): nearly all, ends included (a digit 1
    # written upright across its box is a column too, off the pitch)
    phase = float(xs[0])
    for _ in range(3):
        k = np.round((xs - phase) / pitch)
        on = np.abs(xs - phase - k * pitch) <= PITCH_TOL * pitch
        if on.sum() < 2 or np.ptp(k[on]) == 0:
            return None
        pitch, phase = np.polyfit(k[on], xs[on], 1)
    if not RATIO[0] * band.shape[0] <= pitch <= RATIO[1] * band.shape[0]:
        return None
    k = k - k[on].min()
    cells = int(k[on].max()) if on.any() else 0
    if cells + 1 < TICKS_MIN or on.sum() < 0.85 * (cells + 1):
        return None
    if xs[on][0] > 1.1 * pitch + 5 or (band.shape[1] - 1 - xs[on][-1]) > 1.1 * pitch + 5:
        return None  # the rules run on past the boxes (an end side faded out at most): a table's rules
    return np.c_[starts[on], ends[on]] + x0


def remove_combs(gray: np.ndarray) -> tuple[np.ndarray, list[list[tuple[int, int, int, int]]]]:
    """The page with its combs of digit boxes whitened, and each comb's boxes left to right,
    as the inside of each box (x0, y0, x1, y1; what is written in one box is one digit) — no
    combs: the page as it was, the same array."""
    ink = (gray < 160).astype(np.uint8)  # a printed rule's thin line is grey on a poor photo
    horiz, rules = _rules(ink)
    if len(rules) < 2:
        return gray, []
    out, found, used = gray, [], set()
    H, W = gray.shape[:2]
    order = np.argsort(rules[:, 1], kind="stable")  # top to bottom
    for i in order:
        if i in used:
            continue
        x, y, w, h = (int(v) for v in rules[i])
        slack = 0.03 * w + 4
        for j in order:
            x2, y2, w2, h2 = (int(v) for v in rules[j])
            gap = y2 - (y + h)
            if j in used or y2 <= y or abs(x2 - x) > slack or abs(x2 + w2 - x - w) > slack:
                continue
            if not 4 <= gap <= 0.6 * w:
                continue
            left, right = max(0, min(x, x2) - 2), min(W, max(x + w, x2 + w2) + 2)
            sides = _sides(ink, left, right, y + h, y2)
            if sides is None:
                continue
            if out is gray:
                out = gray.copy()
            # the rules, a pixel round them (their grey rim), and the sides between them
            for rx, ry, rw, rh in ((x, y, w, h), (x2, y2, w2, h2)):
                y0, y1 = max(0, ry - 2), min(H, ry + rh + 2)
                mask = cv2.dilate(horiz[y0:y1, rx:rx + rw], np.ones((5, 3), np.uint8))
                out[y0:y1, rx:rx + rw][mask > 0] = 255
            for c0, c1 in sides:
                out[max(0, y - 1):min(H, y2 + h2 + 1), max(0, c0 - 1):min(W, c1 + 2)] = 255
            used.update((i, j))
            found.append([(int(a1) + 2, y + h + 1, int(b0) - 1, y2 - 1)
                          for (_a0, a1), (b0, _b1) in zip(sides[:-1], sides[1:])])
            break
    return out, found
