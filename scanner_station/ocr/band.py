"""A field's crop cut down to the band of its text line.

A field's box is padded so that no letter is lost; on hand-filled forms the box is a whole
detected line, often twice the height of its ink, with pieces of the lines above and below
inside the padding. A line recogniser scales its input to a fixed height (AsterOCR: 32 px), so
such a crop reaches it with the value's letters a third of that tall and read as something else
("08/05/1949" read "0sAous("). Cut to the band of rows holding the value's ink, with room above
for the tone marks and below for descenders, it reads as the page line did.
"""

from __future__ import annotations

import cv2
import numpy as np

#: a row belongs to the text band when it holds at least this share of the inkiest row's ink
ROW_INK = 0.05
#: room kept above the band (tone marks, capitals' marks) and below it (descenders), × its height
ABOVE, BELOW = 0.4, 0.3


#: a rule in a crop: ink along this share of its width (a row), or of its height (a column) —
#: a ruled cell's top, foot or side, which run through the whole crop; a letter's stroke, a
#: word or a line of writing never does (the crop's padding and the spaces between words)
RULE_COVER = 0.9


def _rule_lines(ink: np.ndarray) -> np.ndarray:
    """Indexes of the rows of ``ink`` (boolean) a rule runs along: ink over ``RULE_COVER`` of the
    row, in it or a row beside it (a rule a pixel off level, or drawn two pixels thick)."""
    near = ink.copy()
    near[1:] |= ink[:-1]
    near[:-1] |= ink[1:]
    return np.flatnonzero(near.mean(axis=1) >= RULE_COVER)


#: a rule with writing against it (a ruled line written on): more of the rows or columns
#: beside it than this is ink (the rules across them left out)
RULE_CLEAR = 0.05


def _clear_side(ink: np.ndarray, lines: set[int], across: set[int], centre: int) -> tuple[int, int]:
    """Where the ink's middle ``centre`` is cut off by the nearest rule on each side (rows, or
    columns of ``ink.T``) that nothing is written against — the rules ``across`` them aside:
    (first, last + 1) kept."""
    n = ink.shape[0]
    ink = np.delete(ink, sorted(across), axis=1)
    lo, hi = 0, n
    before = [r for r in lines if r < centre]
    after = [r for r in lines if r > centre]
    if before:
        r = max(before)
        while r + 1 in lines:
            r += 1
        side = ink[r + 2:r + 5]
        if side.size and side.mean() < RULE_CLEAR:
            lo = r + 3
    if after:
        r = min(after)
        while r - 1 in lines:
            r -= 1
        side = ink[max(0, r - 4):max(0, r - 1)]
        if side.size and side.mean() < RULE_CLEAR:
            hi = r - 2
    return lo, hi


def _rule_box(crop: np.ndarray) -> tuple[int, int, int, int] | None:
    """(top, bottom, left, right) of the inside of the ruled cell the crop's middle is in (see
    ``within_rules``), None where there is nothing to cut."""
    gray = crop if crop.ndim == 2 else cv2.cvtColor(crop, cv2.COLOR_RGB2GRAY)
    h, w = gray.shape[:2]
    if h < 8 or w < 8:
        return None
    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    ink = ink > 0
    rows, cols = _rule_lines(ink), _rule_lines(ink.T)
    if not len(rows) and not len(cols):
        return None
    rows_, cols_ = set(rows.tolist()), set(cols.tolist())
    top, bottom = _clear_side(ink, rows_, cols_, h // 2)
    left, right = _clear_side(ink.T, cols_, rows_, w // 2)
    if (top, bottom, left, right) == (0, h, 0, w) or bottom - top < max(8, h // 4) or right - left < max(8, w // 4):
        return None  # no rule around the value to cut at, or one through the value itself
    return top, bottom, left, right


#: paper put back beside a value cut at its cell's side rules (× the cell's inside height): a line
#: recogniser reads a glyph at the very edge of its input poorly ("18/07/2013" → "…/201")
SIDE_PAPER = 0.3


def within_rules(crop: np.ndarray, side_paper: float = 0.0) -> np.ndarray:
    """``crop`` cut to the inside of the ruled cell its middle is in: a table's cell cut with
    its padding holds its top, foot and side rules, which are read as letters and take the text
    band's place (a hand's "Sử dụng riêng" read "0 0 1"), and the neighbouring cells' writing
    beyond them. A rule the value is written against (a ruled line written on, the letters'
    feet on it) is kept: cut there, the letters would be. The crop itself where no rule runs
    through it; a view either way — unless ``side_paper`` (× the inside's height) of paper is
    put back beside a side that was cut at (``SIDE_PAPER``)."""
    box = _rule_box(crop)
    if box is None:
        return crop
    top, bottom, left, right = box
    inside = crop[top:bottom, left:right]
    cut_left, cut_right = left > 0, right < crop.shape[1]
    pad = int(side_paper * inside.shape[0])
    if not pad or not (cut_left or cut_right):
        return inside
    paper = (np.median(inside.reshape(-1, inside.shape[2]), axis=0).tolist() if inside.ndim == 3
             else float(np.median(inside)))
    return cv2.copyMakeBorder(np.ascontiguousarray(inside), 0, 0, pad * cut_left, pad * cut_right,
                              cv2.BORDER_CONSTANT, value=paper)


def ink_band(crop: np.ndarray, padded: float = 0.0) -> np.ndarray:
    """``crop`` (grey or colour) cut to the text band through its middle, inside its ruled cell
    (``within_rules``, with paper put back beside it where a side rule was cut at:
    ``SIDE_PAPER``); the crop itself when it holds no ink there or the band is most of it
    already. ``padded``: the crop is a box with that share of its height of page added above
    and below it — where no band stands apart from the rest (the lines above and below written
    close: a large hand on a boxed form), the box itself, without the neighbours' ink — not in
    a ruled cell (its rules cut the padding off already)."""
    tall = crop.shape[0]
    crop = within_rules(crop, SIDE_PAPER)
    if crop.shape[0] != tall:
        padded = 0.0
    gray = crop if crop.ndim == 2 else cv2.cvtColor(crop, cv2.COLOR_RGB2GRAY)
    h = gray.shape[0]
    if h < 8 or gray.shape[1] < 4:
        return crop
    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    rows = (ink > 0).sum(axis=1).astype(np.float64)
    # a rule the value is written against (kept by ``within_rules``: a "p"'s tail through a
    # cell's foot) is no text row: the band is centred on the letters, and grows through the
    # rule (a dot below a letter standing on it) — by the rows' ink as before, the rule's
    # counted (a lower floor took in the next cell's ink below a leaning hand's date)
    letters = np.where(rows >= RULE_COVER * gray.shape[1], 0, rows)
    middle = letters[h // 4: h - h // 4]
    if middle.size == 0 or middle.max() == 0:
        return crop
    centre = h // 4 + int(np.argmax(middle))
    floor = rows.max() * ROW_INK
    lo = hi = centre
    while lo > 0 and rows[lo - 1] > floor:
        lo -= 1
    while hi < h - 1 and rows[hi + 1] > floor:
        hi += 1
    core = hi - lo + 1
    top, bottom = max(0, lo - int(core * ABOVE)), min(h, hi + int(core * BELOW) + 1)
    if bottom - top >= 0.9 * h:
        # the padding cut off on a side only where ink runs out of the crop there (a neighbouring
        # line's, cut by the crop's edge); a tall hand's marks and tails inside it stay
        m = int(round(h * padded / (1 + 2 * padded)))
        cut_top, cut_bottom = (m if rows[0] > floor else 0), (m if rows[-1] > floor else 0)
        return crop[cut_top:h - cut_bottom] if (cut_top or cut_bottom) and h - cut_top - cut_bottom >= 8 else crop
    return crop[top:bottom]


def glyph_marks(strip: np.ndarray, height: int) -> tuple[np.ndarray, np.ndarray]:
    """The ink of a grey strip (Otsu) without its rules, and its upright rules: a rule a value is
    written on (a cell's foot, an underline: a flat run over twice the text's ``height``) joins a
    glyph to its neighbours, and an upright one (the strip's full height) is no glyph."""
    _, ink = cv2.threshold(strip, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    flat = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (max(8, 2 * height), 1)))
    upright = cv2.morphologyEx(ink, cv2.MORPH_OPEN,
                               cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(3, strip.shape[0] - 2))))
    return cv2.subtract(cv2.subtract(ink, flat), upright), upright
