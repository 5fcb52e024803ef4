"""An ID number read again by its shape: twelve digits, each in its place, or one digit to
each box of the comb it is written in (``imaging.combs``). Steps of ``rereading``'s kind (a
``Reading`` shown another reading of the same ink, a question), for the ``personal_id`` type."""

from __future__ import annotations

import re

import numpy as np

from .doubt import COMB_READ, ID_SHAPE, ID_SHAPE_CONSTRAINED
from .parsing import parse
from .rereading import Ink, Reading
from .templates import FieldSpec
from .validators import id_characters


#: a comb's box holds writing when at least this many of its pixels are ink
COMB_INK = 12


def comb_digits(r: Reading, spec: FieldSpec, ink: Ink, boxes: list[np.ndarray]) -> None:
    """An ID written one digit to a box of a printed comb (``boxes``: each box's inside, left
    to right; cleanup whitened the comb) read one box at a time, each box's ink as one digit
    (``ctc.best_in_pattern``): where the page reading lost, split or ran digits together,
    each digit is still where its box is. Only where the page reading is no ID: a box read
    alone has no neighbours to tell a hand's 1 from its 7 (measured on the development forms:
    over a page reading that was an ID, the boxes' reading was wrong more often than right).
    Shown where all twelve boxes hold a digit and the reading is an ID (a known province
    code); a question. A comb with empty boxes (an old 9-digit CMND number in a 12-box comb)
    is left as read."""
    in_pattern = getattr(ink.reader, "in_pattern", None)
    if len(boxes) != 12 or in_pattern is None or not r.parsed.messages:
        return
    digits = []
    for box in boxes:
        if np.count_nonzero(box < 128) < COMB_INK:
            return
        digit = in_pattern(box, [("0123456789", False)])
        if not digit:
            return
        digits.append(digit)
    cand = "".join(digits)
    if cand == id_characters(r.value) or parse(spec.type, cand).messages:
        return
    r.show(spec.type, cand, COMB_READ, "aster-boxes")


def id_shape(r: Reading, spec: FieldSpec, ink: Ink) -> None:
    """An ID number read with another count of digits than twelve ("U U 1 3 1 208 5 9 0 3": a
    comb's boxes set its digits apart, a hand's 0 read as U) read again as twelve digits, each
    in its place (``ctc.best_in_pattern``) — shown where that reading is an ID (a known
    province code); a question either way. Measured on the development forms: 11 of 12 such
    readings were the number written, none was proposed. A clean 9-digit reading is an old
    CMND number and stays as it is (no digit is made up for it)."""
    in_pattern = getattr(ink.reader, "in_pattern", None)
    if spec.type != "personal_id" or not r.parsed.messages or in_pattern is None or ink.listed is None:
        return
    digits = id_characters(r.value)
    if len(re.sub(r"\D", "", digits)) == 12 or re.fullmatch(r"\d{9}", digits):
        return  # twelve digits read (the doubt is in which, not how many), or a CMND number
    cand = in_pattern(ink.crop, ID_SHAPE)
    if cand and not parse(spec.type, cand).messages:
        r.show(spec.type, cand, ID_SHAPE_CONSTRAINED, "aster-shape")
