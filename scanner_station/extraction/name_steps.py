"""A person's name read again on its ink: on its own band (``own_band``), among the family
names, the common name syllables and the words names are made of (``names``), and word by word
(``name_searched``). Each reading is shown as a question, the page reading kept (``Reading``);
a rare name clearly written keeps its reading. Steps of ``extract._build``, after
``rereading``'s.
"""

from __future__ import annotations

import re

from . import validators as V
from .doubt import NAME_FROM_BAND, SURNAME_CONSTRAINED, SURNAME_MARGIN, name_fit
from .name_readings import (NAME_LIST_CONSTRAINED, NAME_LIST_MARGIN, NAME_WORD_CONSTRAINED, NAME_WORD_MARGIN,
                            name_list_readings, name_word_readings)
from .name_search import search
from .parsing import parse
from .reading import clean_value
from .rereading import HIGH, Ink, Reading, _among
from ..ocr.spacing import respaced
from .templates import FieldSpec


def names(r: Reading, spec: FieldSpec, ink: Ink) -> None:
    if spec.type != "name" or ink.listed is None:
        return
    own_band(r, ink)
    first = r.value
    # "Tương Ngọc Huệ", "Cương Đình Dũng": the first word is no family name; the ink read again
    # with the family names in its place (a rare family name clearly written keeps its reading)
    _among(r, spec, ink, V.surname_readings(r.value), SURNAME_MARGIN, SURNAME_CONSTRAINED, "aster-surname")
    # "Phạm Tọng Quang", "Lương Hàu Phúc": a middle or given name's word hardly any word uses;
    # the ink read again with the common syllables nearest to it (a rare name clearly written stays)
    _among(r, spec, ink, name_word_readings(r.value), NAME_WORD_MARGIN, NAME_WORD_CONSTRAINED, "aster-name")
    # "Phạm Kim Khung", "Ngô Gọc Lan": a word no name is made of (a real syllable, some of them);
    # the ink read again with the name words nearest to it (a rare name clearly written stays)
    _among(r, spec, ink, name_list_readings(r.value), NAME_LIST_MARGIN, NAME_LIST_CONSTRAINED, "aster-name-list")
    if r.value != first:
        # the family names weighed again beside the other words as now shown: a misread word
        # after it ("Tương Mnh Tũấn") had weighed against every family name alike
        _among(r, spec, ink, V.surname_readings(r.value), SURNAME_MARGIN, SURNAME_CONSTRAINED, "aster-surname")


def name_searched(r: Reading, spec: FieldSpec, ink: Ink, sex: str = "") -> None:
    """A doubtful name read again word by word on its crop (``name_search``): each word tried
    with the list words nearest to it, from the name shown and from AsterOCR's reading of the
    crop; the name the ink supports clearly better is shown, and with the person's ``sex`` known
    a given name of the other sex's names only is weighed against the nearest of ``sex``'s. Not
    a name about to be proposed."""
    weigher = getattr(ink.reader, "weigher", None)
    if spec.type != "name" or not ink.whole or weigher is None or r.agreed \
            or (not r.msgs and not r.parsed.messages and r.conf >= HIGH):
        return
    weigh = weigher(ink.crop)
    if weigh is None:
        return
    band = ink.reader.band_reading(ink.crop)
    read = respaced(clean_value(band.text), capitals_only=True) if band is not None else ""
    text, why = search(weigh, r.value, read, sex)
    if text:
        r.show("name", text, why, "aster-name-search")


def own_band(r: Reading, ink: Ink) -> None:
    """A name AsterOCR read on its whole detected line, read again by it on the name's own band
    (the line often twice the ink's height, the label before it): where the two differ, the
    band's reading is shown when it fits a name better (``name_fit``: syllables, a family name
    first, two to five words), or as well and the recogniser is surer of it. Measured on the
    development pages: the band reads 257 of 300 hand-written names right, the line 238, each
    right where the other is not (41 against 22)."""
    band = getattr(ink.reader, "band_reading", None)
    if band is None or "aster" not in r.engine:
        return
    read = band(ink.crop)
    text = clean_value(read.text) if read is not None else ""
    if not text or parse("name", text).normalized == r.parsed.normalized or re.search(r"[\d:]", text):
        return  # (a band read with digits or a colon holds another line's label or date: no name)
    theirs, mine = name_fit(text), name_fit(r.value)
    if theirs > mine or (theirs == mine and read.confidence > r.conf):
        r.show("name", text, NAME_FROM_BAND, "aster-band")
