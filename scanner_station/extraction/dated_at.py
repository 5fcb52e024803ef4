"""The place a document is dated at names the unit that issued it.

Nghị định 30/2020/NĐ-CP (Phụ lục I, the administrative document's form): the place written
before a document's date ("Hiền Lương, ngày 14 tháng 7 năm 2021") is the official name of the
administrative unit where the issuing office sits — for a commune's People's Committee, the
commune's. A commune's procedure result so names its issuer twice: in capitals under "ỦY BAN
NHÂN DÂN" ("XÃ HIỀN LƯƠNG", often by hand on a pre-printed form, read "XHIIN LƯƠNG") and before
its date (typed, or printed with the form).

An issuer read as no unit's name is weighed on its own ink with the date line's name after each
unit word; one the ink supports nearly as well as its own reading, or far better than with any
other unit word, is shown — a question, the page reading kept. The date line's name is never
taken without the issuer's own ink: an issuer not found stays empty.
"""

from __future__ import annotations

import re
from dataclasses import replace

import numpy as np

from . import place_words
from .crops import supported
from .labels import fold_chars
from .reading import fold_pattern
from .doubt import LIST_APART, LIST_MARGIN

DATED_AT_CONSTRAINED = ("read again with the place the document is dated at (NĐ 30/2020: the issuing "
                        "unit's name): the ink supports it nearly as well")

#: the date line names the issuing unit with other marks (the GUI catalogue translates it)
DATED_AT_MARKS = "the place the document is dated at names this unit with other marks: one of the two lost or gained a mark"

#: unit words an issuer's name opens with, as written in capitals under "ỦY BAN NHÂN DÂN"
UNIT_WORDS = ("XÃ", "PHƯỜNG", "THỊ TRẤN", "HUYỆN", "QUẬN", "THỊ XÃ", "THÀNH PHỐ")
#: the most words a place before a date has ("Phú Thạnh Đông": three; a unit word and a number)
MOST_WORDS = 4


def date_pattern(template) -> re.Pattern | None:
    """How the template finds its document's date on a line ("ngày 14 tháng 07 năm 2021"): its
    date field's ``match``, as the page reading's search folds it (marks read or not); None
    where no date field has one."""
    match = next((s.match for s in template.fields if s.type == "date" and s.match), "")
    return re.compile(fold_pattern(match), re.IGNORECASE) if match else None


def place_before_date(text: str, date: re.Pattern) -> str:
    """The place a line dates a document at: the words before its date (``date``, see
    ``date_pattern``: "Hiền Lương, ngày 14 tháng 07 năm 2021" → "Hiền Lương"), each capitalised
    (not a code in capitals) or a number, back to a word that is neither ("Số: 213/QĐ-UBND Hiền
    Lương, ngày …", its UBND read "OBOD": two columns read as one line); "" where the line holds
    no date or nothing such before it."""
    m = date.search(fold_chars(text))  # folded character by character: the same positions
    if m is None:
        return ""
    words = text[:m.start()].rstrip(" ,.;").split()
    kept: list[str] = []
    for w in reversed(words):
        if len(kept) == MOST_WORDS or not (w[:1].isupper() or w.isdigit()) or not w.replace("-", "").isalnum():
            break
        if len(w) >= 2 and w.isupper():
            break  # a code in capitals (the number's "UBND") or a heading, not a place's name
        kept.insert(0, w)
    while kept and kept[0].isdigit():
        kept.pop(0)  # a number opens no place ("… 2021 Hiền Lương": a line read together)
    return " ".join(kept)


def issuer_readings(place: str) -> list[str]:
    """What a place before a date names its issuer as, in capitals: the place after each unit
    word ("XÃ HIỀN LƯƠNG", "PHƯỜNG HIỀN LƯƠNG", …), or as written where it opens with one
    ("Phường 14" → "PHƯỜNG 14")."""
    upper = " ".join(place.upper().split())
    if not upper:
        return []
    if any(upper.startswith(u + " ") for u in UNIT_WORDS):
        return [upper]
    return [f"{u} {upper}" for u in UNIT_WORDS]


def check(fields: dict, lines: list, key: str, image: np.ndarray | None, reader,
          date: re.Pattern | None) -> dict:
    """``fields`` (``extract.ExtractedField`` by key) with the issuer ``key`` read again with
    the name the page's date line gives it (``date``: see ``date_pattern``; None: the template
    finds no date line), where the ink supports it (see the module)."""
    f = fields.get(key)
    if f is None or not f.value or f.bbox is None or date is None:
        return fields
    place = next((p for p in (place_before_date(ln.text, date) for ln in lines) if p), "")
    cands = issuer_readings(place)
    value = " ".join(f.value.split())
    if value not in cands and any(fold_chars(c) == fold_chars(value) for c in cands):
        # "XÃ GIAO THANH" issuing, "Giao Thạnh" dating: the same letters with other marks — both
        # may be units (Giao Thanh, Nam Định; Giao Thạnh, Bến Tre), and a tone mark's dot or a
        # hook is what a recogniser loses or adds: the issuer stays as read, a question
        fields = dict(fields)
        fields[key] = f.questioned(DATED_AT_MARKS)
        return fields
    if not cands or value in cands or place_words.names_one_unit(value):
        # an issuer read as a unit that exists is no doubt the date line settles: the date
        # line's own reading may be the wrong one (a printed "Hưng Dũng" read "Hùng Dũng")
        return fields
    # the unit word told apart from the others too (a hand's capitals "THITRCNTRGNGBOOM": THỊ
    # TRẤN TRẢNG BOM 20 nats below the ink's own reading, with XÃ or PHƯỜNG 60 more), as a
    # list's values are (``CropReader.constrained``'s ``apart``)
    text = supported(f, cands, image, reader, LIST_MARGIN, apart=LIST_APART)
    if text:
        fields = dict(fields)
        fields[key] = replace(f, value=text, normalized=text, second_reading=f.value, engine="aster-dated-at"
                              ).questioned(DATED_AT_CONSTRAINED)
    return fields
