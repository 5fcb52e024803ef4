"""The other side of an old leaf showing through, mirrored: not the page's text.

Cleanup whitens a faint layer of grey when the page's histogram shows one (``imaging.cleanup.
faint_level``); a verso seen through darker than that survives it, and the line detector finds
its lines — read, they are garbage (``:n6dn 63 dn6b nnịb ồ2``) beside every real line. A line
is told by its ink: cleanup stretches a page's own ink to black, and the other side stays light
grey. A faint detected line that reads unsurely, as no Vietnamese, or better mirrored is left
out of the text (its box listed in the page layout's ``show_through``); a pale note that reads
surely as Vietnamese is kept. A detected box that holds both (a real line and, beyond a gap, the
verso's line on the same row) is cut where its dark ink ends, and each part read as a line of its
own.
"""

from __future__ import annotations

import numpy as np

from .base import DetectedLine, strip_width, word_core
from .calibration import calibrate

#: the ink of a detected line (the 5th percentile of its pixels darker than paper) this light or
#: lighter is not this page's writing: the leaf's other side showing through, a stain's rim.
#: Cleanup stretches a page's ink to black: every line of the bench's pages, faded, photographed
#: and handwritten included, is darker than 20; the other side seen through reads 200-230.
FAINT_INK = 150
#: a faint line read less surely than this is not taken as text even where its letters happen to
#: make syllables (mirrored writing read ``Cát đội nóa``); surer, it must also read as no
#: Vietnamese: a pale note written on the page is kept
FAINT_SURE = 0.5


def faint(crop: np.ndarray) -> bool:
    """The line's darkest ink is light grey (``FAINT_INK``)."""
    grey = crop if crop.ndim == 2 else crop.min(axis=2)
    ink = grey[grey < 250]
    return ink.size < 20 or float(np.percentile(ink, 5)) >= FAINT_INK


def not_vietnamese(text: str, lex) -> bool:
    """Most of a reading's words are no Vietnamese syllable: a mirrored line read as
    ``:n6dn 63 dn6b nnịb ồ2``. Numbers are not counted either way."""
    words = [c for c in (word_core(w) for w in text.split()) if c and not c.isdigit()]
    good = sum(1 for c in words if c.isalpha() and lex.is_syllable(c))
    return 2 * good < len(words) or not words


def reads_mirrored(crop: np.ndarray, score: float, recognizer, lex) -> bool:
    """A faint line reads better mirrored: the leaf's other side seen through. Its letters, read
    the right way round, make a surer reading than the line's own (``score``, calibrated) and
    Vietnamese syllables. A head trained on many hands reads some mirrored lines as syllables
    (``dùng nanh - ob ụt - gội độg``, surer than ``FAINT_SURE``); mirrored, the same ink reads
    ``Độc lập - Tự do - Hạnh phúc``. A pale note written on the page reads worse mirrored."""
    read = recognizer.read([np.ascontiguousarray(crop[:, ::-1])])[0]
    return calibrate(read.engine, read.confidence) > score and not not_vietnamese(read.text, lex)


#: a box's end holding this much faint ink (× its height, in columns) beyond its dark ink is a
#: line of its own
FAINT_END = 1.0
#: page kept after the dark ink where a box is cut (× height): a glyph's light edge, a full stop
KEEP_AFTER = 0.5


def split_faint_ends(det: DetectedLine, crop: np.ndarray, left: int) -> list[DetectedLine]:
    """``det`` (its level strip ``crop``, the box starting ``left`` pixels into it) as it is,
    or cut where its dark ink ends when beyond that, at either end, only faint ink follows (at
    least ``FAINT_END`` × height of columns with ink): the parts in reading order."""
    grey = crop if crop.ndim == 2 else crop.min(axis=2)
    h = grey.shape[0]
    darkest = grey.min(axis=0)
    dark = np.flatnonzero(darkest < FAINT_INK)
    if dark.size == 0:
        return [det]
    inked = darkest < 250
    keep = int(round(KEEP_AFTER * h))
    cuts = []
    a = dark[0] - keep
    if a > 0 and np.count_nonzero(inked[:a]) >= FAINT_END * h:
        cuts.append(a)
    b = dark[-1] + keep
    if b < grey.shape[1] and np.count_nonzero(inked[b:]) >= FAINT_END * h:
        cuts.append(b)
    if not cuts:
        return [det]
    q = np.asarray(det.quad, dtype=np.float64)
    w = strip_width(q)
    fs = [0.0] + [min(1.0, max(0.0, (c - left) / w)) for c in cuts] + [1.0]
    out = []
    for f0, f1 in zip(fs, fs[1:]):
        if f1 - f0 <= 0.0:
            continue
        quad = (q[0] + (q[1] - q[0]) * f0, q[0] + (q[1] - q[0]) * f1,
                q[3] + (q[2] - q[3]) * f1, q[3] + (q[2] - q[3]) * f0)
        out.append(DetectedLine(tuple((float(x), float(y)) for x, y in quad), det.score))
    return out
