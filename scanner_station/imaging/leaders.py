"""Dotted leaders of a blank form, taken off the page before it is read.

Paper forms print a row of dots after each label (``Họ và tên: ..........``) and the clerk or
citizen writes the value over them. Read as they are, the dots between the value's words come
back as full stops and commas (``Ủy. ban. nhân. dân.``, ``Hồ, Quốc Đức,``), run into labels and
hide dates. A leader is told by its rhythm: small dots of one size, one after another on a
straight line at one pitch. Such a run is found, and every dot on its line at its pitch is
whitened — those in the gaps between the written words too, which are too few to make a run
of their own. A dot is whitened only where it stands alone: a dot touching a stroke stays
(the ink is the writer's as much as the form's). A full stop or a tone mark's dot below
(``ạ``) is not on the leader's line at its pitch, or not alone in its own run, so it stays.

Only the page that is read changes; the original scan is kept as it came.
"""

from __future__ import annotations

from typing import NamedTuple

import cv2
import numpy as np

from .ink import DOT_SHARE, components, dot_shaped, letters

#: a dot's box at most this many pixels a side, at least this many pixels of ink
DOT_MAX = 14
DOT_MIN_AREA = 3
#: ... and at most ``ink.DOT_SHARE`` of the height of the page's letters, and shaped like one (``ink.dot_shaped``)
#: a run: at least this many dots, one after another at one pitch
RUN_MIN = 6
#: ... or this many at the pitch and size of the page's other leaders
SHORT_RUN = 4
#: consecutive dots of a run are this far apart at most (pixels)
PITCH_MAX = 40
#: a dot on a run's line is at most this many times as wide as the run's dots (and a pixel)
WIDE = 1.5
#: a gap counts as the run's pitch (or a whole multiple of it) within this share of the pitch
PITCH_TOL = 0.2


def _dots(ink: np.ndarray, labelled: tuple) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The components shaped like a printed dot (``labelled``: the labelling of ``ink``,
    ``ink.components``): (labels image, their label ids, stats rows, whether each has ink right
    above or below it, whether each lies under a letter's body). A dot is small beside the
    page's letters (``DOT_SHARE`` of their height, ``ink.letters``) and filled, as no letter is."""
    _, labels, stats, _ = labelled
    w, h, area = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT], stats[:, cv2.CC_STAT_AREA]
    shown, height = letters(stats)
    if len(shown) == 0:
        return labels, shown, stats[shown], np.zeros(0, bool), np.zeros(0, bool)
    most = min(DOT_MAX, DOT_SHARE * height)
    ok = (w <= most) & (h <= most) & (area >= DOT_MIN_AREA) & dot_shaped(w, h, area)
    ok[0] = False  # the background
    ids = np.nonzero(ok)[0]
    # a tone mark over a letter is as small and round as a dot, and a row of them (small print,
    # a phone's photo) as regular as a leader: a mark has a letter's ink right below it (above
    # it on a page upside down), a leader's dots have none beside the written words
    x, y = stats[ids, cv2.CC_STAT_LEFT], stats[ids, cv2.CC_STAT_TOP]
    x1, reach = x + w[ids], int(np.ceil(0.6 * height))
    total = cv2.integral(ink)

    def inked(top: np.ndarray, bottom: np.ndarray, left: np.ndarray = x, right: np.ndarray = x1) -> np.ndarray:
        top, bottom = np.clip(top, 0, ink.shape[0]), np.clip(bottom, 0, ink.shape[0])
        left, right = np.clip(left, 0, ink.shape[1]), np.clip(right, 0, ink.shape[1])
        return (total[bottom, right] - total[top, right] - total[bottom, left] + total[top, left]) > 0
    beside = inked(y + h[ids] + 1, y + h[ids] + 1 + reach) | inked(y - 1 - reach, y - 1)
    # a tone mark's dot below (``ạ``) has its letter's body right over it, reaching past it on
    # both sides: ink over the dot, and over a dot's width to its left and to its right
    close, dw = int(np.ceil(0.35 * height)), w[ids]
    top = y - 1 - close
    under = inked(top, y - 1) & inked(top, y - 1, x - dw, x) & inked(top, y - 1, x1, x1 + dw)
    return labels, ids, stats[ids], beside, under


def _runs(cx: np.ndarray, cy: np.ndarray, size: np.ndarray, beside: np.ndarray,
          least: int) -> list[np.ndarray]:
    """Runs of dots side by side on one row (rows 3 px high, twice, the second half a row
    lower: a leader on a row's edge is whole in the other) at nearly one size, ``least`` long and
    regular enough to be leaders, and with no ink right above or below most of their dots (a
    row of tone marks has a letter under each); each run as indices, left to right."""
    runs = []
    for offset in (0.0, 1.5):
        row = np.floor((cy + offset) / 3.0).astype(np.int64)
        order = np.lexsort((cx, row))
        r, x, y, sz = row[order], cx[order], cy[order], size[order]
        dx = np.diff(x)
        linked = (r[1:] == r[:-1]) & (dx > 0) & (dx <= PITCH_MAX) \
            & (np.abs(np.diff(y)) <= np.maximum(1.5, 0.35 * sz[:-1])) \
            & (sz[1:] <= 1.6 * sz[:-1]) & (sz[1:] >= 0.6 * sz[:-1])
        # a run of links: a chain of dots
        starts = np.flatnonzero(np.r_[True, ~linked])  # where a chain starts (in sorted order)
        ends = np.r_[starts[1:], len(order)]
        for s0, e0 in zip(starts, ends):
            if e0 - s0 < least:
                continue
            gaps = dx[s0:e0 - 1]
            pitch = _pitch(gaps)
            if pitch < 2:
                continue
            # nearly every gap a whole number of pitches (dots hidden under a written word),
            # most of them one; and most dots clear of letters above and below
            steps = gaps / pitch
            whole = np.abs(steps - np.round(steps)) <= PITCH_TOL
            if whole.mean() >= 0.75 and (whole & (np.round(steps) == 1)).sum() >= least - 1 \
                    and (beside[order[s0:e0]].mean() <= 0.5 or _clear_tail(beside[order[s0:e0]]) >= RUN_MIN):
                runs.append(order[s0:e0])
    return runs


def _clear_tail(beside: np.ndarray) -> int:
    """How many of a run's last dots have no ink right above or below them: a value typed over
    a leader from its start ("Nơi đăng ký: Ủy ban nhân dân xã …......") has a letter over most
    of the leader's dots, but the leader runs on clear past the value's end, as no row of tone
    marks does (a hand's value written over a leader's middle leaves its run's ends to runs of
    their own)."""
    covered = np.flatnonzero(beside)
    return len(beside) - 1 - int(covered[-1]) if len(covered) else len(beside)


def _pitch(gaps: np.ndarray) -> float:
    """A run's pitch: the median of its one-pitch gaps (the shortest quarter's, and those up to
    1.4 times as long), not of every gap (a word written over the dots leaves gaps of several)."""
    base = float(np.percentile(gaps, 25))
    return float(np.median(gaps[gaps <= 1.4 * base]))


class Leaders(NamedTuple):
    """What ``find_leaders`` took off a page."""
    #: the page with its dotted leaders whitened (the same array where there were none)
    page: np.ndarray
    #: how many dots were taken off
    dots: int
    #: the boxes (x, y, w, h) of the dots taken from under a letter's body
    doubts: list[tuple[int, int, int, int]]
    #: each leader's line, (x0, y0, x1, y1) from its first dot to its last (a run found in both
    #: row bands may be listed twice)
    lines: list[tuple[int, int, int, int]]


def find_leaders(gray: np.ndarray) -> Leaders:
    """The page with its dotted leaders whitened, how many dots were taken off (0: the page as
    it was, the same array), and the boxes (x, y, w, h) of those taken from under a letter's
    body: a tone mark's dot below (``Hạnh``) falls on a leader's line at its pitch now and
    then, as a leader's dot falls under a written ``ư``; the two are one shape in one place,
    and what was read over such a dot is a question (``extract``: never proposed) — and each
    leader's line: a word written over it may have a dot below taken off or a leader's dot read
    as one (``extract``: a candidate's dot below weighs as the value has it there)."""
    ink = (gray < 128).astype(np.uint8)
    labels, ids, st, beside, under = _dots(ink, components(gray, 128))
    if len(ids) < RUN_MIN:
        return Leaders(gray, 0, [], [])
    x, y = st[:, cv2.CC_STAT_LEFT], st[:, cv2.CC_STAT_TOP]
    w, h = st[:, cv2.CC_STAT_WIDTH], st[:, cv2.CC_STAT_HEIGHT]
    cx, cy = x + (w - 1) / 2.0, y + (h - 1) / 2.0
    size = np.sqrt(st[:, cv2.CC_STAT_AREA].astype(np.float64))
    if not _runs(cx, cy, size, beside, RUN_MIN):
        return Leaders(gray, 0, [], [])  # most pages: no leader (a colon's dot taken out below makes none)
    colon = _under_a_dot(cx, cy, size)
    free = np.flatnonzero(~colon)  # a colon's lower dot starts no run
    runs = [free[r] for r in _runs(cx[free], cy[free], size[free], beside[free], RUN_MIN)]
    if not runs:
        return Leaders(gray, 0, [], [])
    take = np.zeros(len(ids), bool)
    pitches: list[float] = []
    lines: list[tuple[int, int, int, int]] = []
    for chain in runs:
        if not take[chain].all():  # (a run is found in both row bands)
            pitches.append(_extend(chain, cx, cy, size, w, colon, take, lines=lines))
    # the form prints every leader alike: a few dots at its pitch and size, where a line's
    # value leaves no longer run (``Nơi đăng ký: .....Ủy.ban.nhân.dân…`` to the line's end),
    # are a leader too, and the dots in its words' gaps with them
    pitch, s = float(np.median(pitches)), float(np.median(size[take]))
    for chain in (free[r] for r in _runs(cx[free], cy[free], size[free], beside[free], SHORT_RUN)):
        if take[chain].all() or abs(_pitch(np.diff(cx[chain])) - pitch) > PITCH_TOL * pitch \
                or not 0.75 * s <= float(np.median(size[chain])) <= 1.33 * s:
            continue
        _extend(chain, cx, cy, size, w, colon, take, pitch, lines)
    out = gray.copy()
    H, W = gray.shape[:2]
    for k in np.nonzero(take)[0]:
        x0, y0 = max(0, x[k] - 1), max(0, y[k] - 1)
        x1, y1 = min(W, x[k] + w[k] + 1), min(H, y[k] + h[k] + 1)
        own = labels[y0:y1, x0:x1]
        region = out[y0:y1, x0:x1]
        # the dot and its grey rim; another component's ink in the box stays
        region[(own == ids[k]) | (own == 0)] = 255
    doubts = [(int(x[k]), int(y[k]), int(w[k]), int(h[k])) for k in np.flatnonzero(take & under)]
    return Leaders(out, int(take.sum()), doubts, lines)


def _under_a_dot(cx: np.ndarray, cy: np.ndarray, size: np.ndarray) -> np.ndarray:
    """Dots with a dot of their size right above them: a colon's lower dot sits on the leader's
    line (and stays)."""
    above = np.zeros(len(cx), bool)
    order = np.argsort(cx, kind="stable")
    xs = cx[order]
    for k in range(len(cx)):
        # the upper dot up to six dots' heights above (a colon in a font with small dots), a
        # little to the right in a slanted font
        reach = max(2.5, 1.5 * size[k])
        lo, hi = np.searchsorted(xs, [cx[k] - 1.0, cx[k] + reach])
        dy = cy[k] - cy[order[lo:hi]]
        above[k] = bool(np.any((dy > 0.8 * size[k]) & (dy <= 6 * size[k])))
    return above


def _extend(chain: np.ndarray, cx: np.ndarray, cy: np.ndarray, size: np.ndarray, wide: np.ndarray,
            colon: np.ndarray, take: np.ndarray, pitch: float | None = None,
            lines: list | None = None) -> float:
    """Mark a run's dots, and the other dots on its line at its pitch (those between the words
    written over it, too few in a row to make a run of their own, no wider than ``WIDE`` times
    the run's: a hyphen of a value printed over the line is a dot's height but wider), in
    ``take``; the run's pitch (``pitch``: the page's leaders', the run's phase alone fitted).
    The run's line — (x0, y0, x1, y1) from its first dot to its last — is added to ``lines``."""
    take[chain[~colon[chain]]] = True
    xs = cx[chain]
    a, b = np.polyfit(xs, cy[chain], 1) if np.ptp(xs) > 0 else (0.0, float(cy[chain][0]))
    # the run's dots as steps of one pitch (a gap of two pitches: a dot lost), and the pitch and
    # phase fitted over all of them: a dot's place is rounded to the pixel, and one dot merged
    # with a stroke is off its place
    gaps = np.diff(xs)
    k = np.r_[0, np.cumsum(np.maximum(1, np.round(gaps / (pitch or _pitch(gaps)))))]
    if pitch is None:
        pitch, x0 = np.polyfit(k, xs, 1)
    else:
        x0 = float(np.median(xs - k * pitch))
    s = float(np.median(size[chain]))
    near = np.abs(cy - (a * cx + b)) <= max(1.5, 0.35 * s)
    near &= (size >= 0.6 * s) & (size <= 1.6 * s) & ~colon & ~take
    near &= wide <= WIDE * float(np.median(wide[chain])) + 1
    others = np.flatnonzero(near)
    steps = (cx[others] - x0) / pitch
    on = others[np.abs(steps - np.round(steps)) <= PITCH_TOL]
    take[on] = True
    if lines is not None:
        ends = cx[np.r_[chain, on]]
        x0, x1 = float(ends.min()), float(ends.max())
        lines.append((int(round(x0)), int(round(a * x0 + b)), int(round(x1)), int(round(a * x1 + b))))
    return float(pitch)
