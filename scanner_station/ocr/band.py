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


def ink_band(crop: np.ndarray) -> np.ndarray:
    """``crop`` (grey or colour) cut to the text band through its middle; the crop itself when it
    holds no ink there or the band is most of it already."""
    gray = crop if crop.ndim == 2 else cv2.cvtColor(crop, cv2.COLOR_RGB2GRAY)
    h = gray.shape[0]
    if h < 8 or gray.shape[1] < 4:
        return crop
    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    rows = (ink > 0).sum(axis=1).astype(np.float64)
    middle = rows[h // 4: h - h // 4]
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
        return crop
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
