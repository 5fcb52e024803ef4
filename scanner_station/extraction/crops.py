"""A field's crop: the value's box with page around it, and for the second opinion the same
widened to a glyph of the value its side cuts."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np


#: the page kept above and below a value's box in its crop, × the box's height
PAD_Y = 0.25


def _padded(image: np.ndarray, bbox: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    """(top, bottom, left, right) of the value's box with page around it, inside the image."""
    x0, y0, x1, y1 = bbox
    pad_y = max(4, int((y1 - y0) * PAD_Y))
    pad_x = max(4, int((y1 - y0) * 0.4))
    h, w = image.shape[:2]
    return max(0, y0 - pad_y), min(h, y1 + pad_y), max(0, x0 - pad_x), min(w, x1 + pad_x)


def field_crop(image: np.ndarray, bbox: tuple[int, int, int, int]) -> np.ndarray:
    top, bottom, left, right = _padded(image, bbox)
    return image[top:bottom, left:right]


def comb_crops(image: np.ndarray, bbox: tuple[int, int, int, int], combs) -> list[np.ndarray]:
    """The boxes of the comb the value in ``bbox`` is written in (``combs``: cleanup's boxes,
    each comb's left to right, as x0, y0, x1, y1), each box's inside with a white margin; []
    where no comb lies on the value's line and under it."""
    x0, y0, x1, y1 = bbox
    if image.ndim != 2:
        return []
    for comb in combs:
        top, bottom = min(b[1] for b in comb), max(b[3] for b in comb)
        left, right = comb[0][0], comb[-1][2]
        tall = min(y1, bottom) - max(y0, top)
        wide = min(x1, right) - max(x0, left)
        if tall >= 0.5 * min(bottom - top, y1 - y0) and wide >= (right - left) / len(comb):
            out = []
            for bx0, by0, bx1, by1 in comb:
                inside = image[max(0, by0):max(0, by1), max(0, bx0):max(0, bx1)]
                pad = np.full((inside.shape[0] + 16, inside.shape[1] + 16), 255, image.dtype)
                pad[8:-8, 8:-8] = inside
                out.append(pad)
            return out
    return []


#: a glyph cut by a field crop's side is at most this wide (× the value's height): a digit or a
#: letter, not a joined-up handwritten word
EDGE_GLYPH = 0.8
#: the most blank (× height) between such a glyph and the value's ink: within a word, not a space
EDGE_GAP = 0.15


class _Marks(NamedTuple):
    """The marks about a value's crop (``_own_marks``)."""

    top: int  # the crop's top and bottom
    bottom: int
    left: int  # the crop's left and right
    right: int
    lo: int  # the band's left: the marks' x are from it
    stats: np.ndarray  # per mark: x, y, width, height, area
    ink_l: int  # the value's own ink's left and right
    ink_r: int
    gap: float  # a letter's gap
    height: int  # the value's box's


def _own_marks(image: np.ndarray, bbox: tuple[int, int, int, int]) -> _Marks | None:
    """The marks about a value's crop (the padded box, widened by the box's height each side) —
    None where the band holds none of the value's ink. The
    value's own marks stand on its rows and reach into its box; a glyph belongs to the value when
    it stands as close to them as they stand to each other (a letter's gap, not a space)."""
    import cv2

    from ..ocr.band import glyph_marks

    x0, y0, x1, y1 = bbox
    height = max(1, y1 - y0)
    top, bottom, left, right = _padded(image, bbox)
    lo, hi = max(0, left - height), min(image.shape[1], right + height)
    band = image[top:bottom, lo:hi]
    if band.ndim != 2 or min(band.shape) < 4:
        return None
    marks, _ = glyph_marks(band, height)
    n, _, stats, _ = cv2.connectedComponentsWithStats(marks, connectivity=8)
    spans = sorted((lo + int(x), lo + int(x) + int(cw)) for x, y, cw, ch, _ in stats[1:]
                   if y0 <= top + y + ch / 2 <= y1 and lo + x < x1 and lo + x + cw > x0)
    if not spans:
        return None
    own = sorted(max(0, nxt[0] - prev[1]) for prev, nxt in zip(spans, spans[1:]))
    gap = max(EDGE_GAP * height, 2 * own[len(own) // 2]) if own else EDGE_GAP * height
    return _Marks(top, bottom, left, right, lo, stats[1:], spans[0][0], max(b for _, b in spans), gap, height)


def glyphs_whole(image: np.ndarray, bbox: tuple[int, int, int, int]) -> np.ndarray | None:
    """``field_crop`` widened to take in whole a glyph of the value its side cuts (the "1" of
    "123" the first reading left out of its words, so it was out of the crop too) — for the
    second opinion to read what is written, not what was read; None when no such glyph is cut.
    Rules along or across the value (a cell's foot, an upright rule) are no glyph, and a
    neighbour's (the label's colon, the next label's first letter: the crop's padding holds their
    edges) stands a space away, not a letter's gap."""
    m = _own_marks(image, bbox)
    if m is None:
        return None
    top, bottom, left, right, lo, _, ink_l, ink_r, gap, height = m
    y0, y1 = bbox[1], bbox[3]
    w = image.shape[1]
    new_left, new_right = left, right
    for x, y, cw, ch, _ in m.stats:
        a, b = lo + int(x), lo + int(x) + int(cw)
        mid = top + int(y) + int(ch) / 2
        if cw > EDGE_GLYPH * height or not (y0 <= mid <= y1):
            continue  # a joined-up word, or a neighbouring line's mark
        if a < left < b and ink_l - b <= gap:
            new_left = min(new_left, max(0, a - 2))
        if a < right < b and a - ink_r <= gap:
            new_right = max(new_right, min(w, b + 2))
    if (new_left, new_right) == (left, right):
        return None
    return image[top:bottom, new_left:new_right]


#: a glyph left unread beside a value is at least this tall (× the value's box's height): a
#: digit or a letter, not a leader's dot, a colon's or a speck
UNREAD_HEIGHT = 0.3


def unread_beside(image: np.ndarray, bbox: tuple[int, int, int, int]) -> bool:
    """Whole glyphs in the value's crop beside its box, a letter's gap from its ink, in none of
    its words ("196" read "6": the hand's 1 and 9 stood in the crop's margin, split from the 6
    where the form's dotted line was taken off) — a character the reading left out."""
    m = _own_marks(image, bbox)
    if m is None:
        return False
    top, _, left, right, lo, stats, ink_l, ink_r, gap, height = m
    x0, y0, x1, y1 = bbox
    glyphs = sorted((lo + int(x), lo + int(x) + int(cw)) for x, y, cw, ch, _ in stats
                    if UNREAD_HEIGHT * height <= ch and cw <= EDGE_GLYPH * height
                    and y0 <= top + y + ch / 2 <= y1 and left <= lo + x and lo + x + cw <= right
                    and (lo + x + cw <= x0 or lo + x >= x1))
    reach_l, reach_r = ink_l, ink_r
    for a, b in reversed(glyphs):  # leftwards from the value's ink, glyph by glyph
        if b <= x0 and 0 <= reach_l - b <= gap:
            reach_l = a
    for a, b in glyphs:  # and rightwards
        if a >= x1 and 0 <= a - reach_r <= gap:
            reach_r = b
    return reach_l < ink_l or reach_r > ink_r


#: writing in a cell: at least this many pixels of ink (× the cell's height) in marks at least a
#: tenth of the cell's height tall — a written number's digits, not a scanner's specks or dust
CELL_INK_AREA = 0.5
#: ink is this much darker than the cell's paper (grey levels)
CELL_INK_CONTRAST = 50
#: the cell's edge left out of the look for writing (× its short side): its rules' own ink
CELL_EDGE = 0.06


def cell_ink(image: np.ndarray, box: tuple[int, int, int, int]) -> tuple[int, int, int, int] | None:
    """The box of the writing in a ruled cell ``box`` (page pixels), None when it holds none: its
    rules (the edge, and any mark running most of its width or height) and specks left out."""
    import cv2

    x0, y0, x1, y1 = box
    edge = max(2, int(min(x1 - x0, y1 - y0) * CELL_EDGE))
    x0, y0, x1, y1 = x0 + edge, y0 + edge, x1 - edge, y1 - edge
    if x1 - x0 < 8 or y1 - y0 < 8:
        return None
    ink = _dark(image[y0:y1, x0:x1])
    # a thin pen's strokes joined (dilated) into its marks, each mark's own ink counted
    n, labels, stats, _ = cv2.connectedComponentsWithStats(cv2.dilate(ink, np.ones((3, 3), np.uint8)),
                                                           connectivity=8)
    h, w = ink.shape
    keep = [i for i in range(1, n)
            if stats[i, cv2.CC_STAT_HEIGHT] >= h * 0.1
            and stats[i, cv2.CC_STAT_WIDTH] < w * 0.8 and stats[i, cv2.CC_STAT_HEIGHT] < h * 0.8]
    if not keep or int(ink[np.isin(labels, keep)].sum()) < CELL_INK_AREA * h:
        return None
    left = min(int(stats[i, cv2.CC_STAT_LEFT]) for i in keep)
    top = min(int(stats[i, cv2.CC_STAT_TOP]) for i in keep)
    right = max(int(stats[i, cv2.CC_STAT_LEFT] + stats[i, cv2.CC_STAT_WIDTH]) for i in keep)
    bottom = max(int(stats[i, cv2.CC_STAT_TOP] + stats[i, cv2.CC_STAT_HEIGHT]) for i in keep)
    return x0 + left, y0 + top, x0 + right, y0 + bottom


def _dark(part: np.ndarray) -> np.ndarray:
    """Ink (1) against the part's own paper (a page's background varies): ``CELL_INK_CONTRAST``
    grey levels darker than its median."""
    import cv2

    gray = part if part.ndim == 2 else cv2.cvtColor(part, cv2.COLOR_RGB2GRAY)
    return (gray < float(np.median(gray)) - CELL_INK_CONTRAST).astype(np.uint8)


def writing_after(image: np.ndarray, box: tuple[int, int, int, int], height: int) -> tuple[int, int, int, int] | None:
    """The box of the first piece of writing in ``box`` (page pixels: a label's row after the
    label, ``height`` the label's height), None where it holds none: the form's rules (any
    stroke running three heights along, or the box's whole height) left out, and specks; the
    marks a gap of two heights apart from the first are another's. A digit written low in its
    cell, touching its rule, is kept (the rule is taken off under it, not the mark with it)."""
    import cv2

    x0, y0, x1, y1 = box
    if x1 - x0 < height or y1 - y0 < 8:
        return None
    ink = _dark(image[y0:y1, x0:x1])
    h, w = ink.shape
    rules = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((1, max(3, 3 * height)), np.uint8))
    rules |= cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((max(3, int(h * 0.9)), 1), np.uint8))
    ink = ink & ~cv2.dilate(rules, np.ones((3, 3), np.uint8))
    n, _, stats, _ = cv2.connectedComponentsWithStats(cv2.dilate(ink, np.ones((3, 3), np.uint8)), connectivity=8)
    marks = sorted((int(stats[i, 0]), int(stats[i, 1]), int(stats[i, 0] + stats[i, 2]), int(stats[i, 1] + stats[i, 3]))
                   for i in range(1, n) if 0.3 * height <= stats[i, 3] <= 1.6 * height and stats[i, 2] <= 3 * height)
    if not marks:
        return None
    group = [marks[0]]
    for m in marks[1:]:
        if m[0] - max(g[2] for g in group) > 2 * height:
            break
        group.append(m)
    left, top = min(g[0] for g in group), min(g[1] for g in group)
    right, bottom = max(g[2] for g in group), max(g[3] for g in group)
    if int(ink[top:bottom, left:right].sum()) < CELL_INK_AREA * height:
        return None
    return x0 + left, y0 + top, x0 + right, y0 + bottom


def supported(f, cands: list[str], image: np.ndarray | None, reader, margin: float, **how) -> str:
    """Of ``cands``, the one the ink of field ``f``'s crop (an ``extract.ExtractedField``)
    supports within ``margin`` nats of its own reading (``reader.constrained``, with ``how``:
    its options); "" where none is, or where there is no crop or reader to weigh it on."""
    text, gain = weighed(f, cands, image, reader, **how)
    return text if text and gain >= -margin else ""


def weighed(f, cands: list[str], image: np.ndarray | None, reader, **how) -> tuple[str, float]:
    """Of ``cands``, the one the ink of field ``f``'s crop supports best, and its gain over the
    field's own reading (``reader.constrained``; nats, below 0 where less likely — for one change
    weighed against another); ("", 0) where there is no crop or reader to weigh it on."""
    if image is None or f.bbox is None:
        return "", 0.0
    return weighed_on(field_crop(image, f.bbox), f.value, cands, reader, **how)


def weighed_on(crop: np.ndarray | None, value: str, cands: list[str], reader, **how) -> tuple[str, float]:
    """``weighed`` on a crop (``value``: its reading)."""
    constrained = getattr(reader, "constrained", None)
    if crop is None or constrained is None:
        return "", 0.0
    return constrained(crop, value, cands, **how)


def supported_on(crop: np.ndarray | None, value: str, cands: list[str], reader, margin: float, **how) -> str:
    """``supported`` on a crop: of ``cands``, the one its ink supports within ``margin`` nats of
    its own reading (``value`` as read); "" where none is, or where there is no crop or reader."""
    text, gain = weighed_on(crop, value, cands, reader, **how)
    return text if text and gain >= -margin else ""
