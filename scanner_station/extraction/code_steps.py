"""A code read again as it is written: a dossier code with its characters in their places, a
document number with a kind's abbreviation and the issuer, a registry number with its letters,
a book series among the series codes, a dossier code's full stops taken with a dotted line put
back. Steps of ``extract._build`` (``rereading``'s order); each shows another reading of the
same ink, a question, the page reading kept.
"""

from __future__ import annotations

import re

from ..domain.text import levenshtein
from . import validators as V
from .code_readings import (DOCUMENT_NUMBER_CONSTRAINED, DOCUMENT_SYMBOL_NEAR, DOSSIER_CONSTRAINED,
                            DOSSIER_PATTERN, FORM_SYMBOL_CONSTRAINED, KIND_LETTERS, REGISTRY_CONSTRAINED,
                            SERIAL_CONSTRAINED, document_number_readings, dossier_pattern_readings,
                            dossier_readings, form_symbol_readings, kind_letter_readings, registry_readings,
                            serial_readings)
from .doubt import LIST_APART, LIST_MARGIN
from .parsing import parse
from .reading import clean_value
from .rereading import Ink, Reading, _among, split_series
from .templates import FieldSpec, field_values


def structured(r: Reading, spec: FieldSpec, ink: Ink) -> None:
    """A dossier code that is not one as read ("434.87.04.720-200117-0894": the letter read as a
    digit, separators lost) read again with its characters in their places (``code_readings.
    dossier_readings``); a document number with a symbol near ND 30/2020's (``code_readings.
    document_number_readings``); a registry number with other letters than CH, CS, CT ("QH 50562") among
    those (``code_readings.registry_readings``); a certificate serial read with one letter with two
    (``code_readings.serial_readings``) — shown where the ink supports it nearly as well."""
    if spec.type == "dossier_code" and r.parsed.messages:
        cands = dossier_readings(r.value)
        in_pattern = getattr(ink.reader, "in_pattern", None)
        if not cands and in_pattern is not None and ink.listed is not None:
            # its characters lost or run into others ("2729446357-250104-8016"): the ink read as
            # the code is written, each character in its place
            cands = dossier_pattern_readings(in_pattern(ink.crop, DOSSIER_PATTERN))
        # its full stops are the hand's smallest marks, often read as nothing; the letter of a
        # local office's code is H (TT 10/2016/TT-BTTTT: "H49" the province's level-1 code)
        _among(r, spec, ink, cands, LIST_MARGIN, DOSSIER_CONSTRAINED, "aster-structure", loose=".",
               prefer=V.local_office_code)
    elif spec.type == "document_number":
        # "214/TB-OBND", "948/QD-OUBND": a symbol near a kind's abbreviation and the issuer's
        # but not theirs, read again with theirs; a question where the ink supports none
        cands = document_number_readings(r.value)
        before = r.value
        _among(r, spec, ink, cands, LIST_MARGIN, DOCUMENT_NUMBER_CONSTRAINED, "aster-structure")
        if cands and r.value == before:
            r.msgs.append(DOCUMENT_SYMBOL_NEAR)
        if r.value == before and r.parsed.messages:
            # a digit among its kind's letters ("640/GB7"): as the letter it looks like
            _among(r, spec, ink, kind_letter_readings(r.value), LIST_MARGIN, KIND_LETTERS, "aster-structure")
    elif spec.type == "gcn_serial" and r.parsed.messages:
        # "A 14314595": two letters alike read as one; the ink read again with two
        _among(r, spec, ink, serial_readings(r.value), LIST_MARGIN, SERIAL_CONSTRAINED, "aster-structure")
    elif spec.type == "registry_number" and r.parsed.messages:
        cands = registry_readings(r.value)
        read = getattr(ink.reader, "read", None)
        if not cands and read is not None and ink.listed is not None:
            # the page reading is no registry number at all ("08:78"): the candidates of AsterOCR's
            # reading of the field's own crop ("OS45708")
            cands = registry_readings(clean_value(read(ink.crop, "aster")))
        # its letters are one of three: the one the ink tells apart from the others may be shown
        # further below the ink's own reading ("8.20816": CS 11 nats below, CH and CT far more)
        _among(r, spec, ink, cands, LIST_MARGIN, REGISTRY_CONSTRAINED, "aster-structure", apart=LIST_APART)


def form_symbol(r: Reading, spec: FieldSpec, ink: Ink) -> None:
    """A document number whose symbol is near the one its form gives (``FieldSpec.symbols``:
    ``540/GBBT``, a hand's letter read twice, for a death notice's ``540/GBT``) read again with it,
    the number as read — shown where the ink supports it nearly as well as its own reading. After
    the value is read again from its own line (``rereading.misfit``): the page reading of a hand's
    symbol is often no symbol at all (``540 G8BỜ``)."""
    if spec.type == "document_number" and spec.symbols:
        _among(r, spec, ink, form_symbol_readings(r.value, spec.symbols), LIST_MARGIN, FORM_SYMBOL_CONSTRAINED,
               "aster-structure")


#: a book series read again among the series codes (the GUI catalogue translates it)
SERIES_CONSTRAINED = "read again among the book series codes (TLKS, TLKH-BS …): the series read is none of them"


def series_among(number: str, series: str, ink: Ink) -> str:
    """A book series that is none of the codes ("TCKS-BS": the hand's L read as C) read again
    with the codes near it after the number as read ("191/TLKS-BS"), on the whole value's crop;
    the code the ink supports within ``LIST_MARGIN`` nats of its own reading, else ``series``."""
    codes = field_values("series")
    if not series or series in codes or ink.listed is None:
        return series
    near = [c for c in codes if levenshtein(series.upper(), c) <= max(1, len(c) // 4)]
    if not near:
        return series
    text, gain = ink.listed(ink.crop, f"{number}/{series}", [f"{number}/{c}" for c in near])
    return split_series(text)[1] if text and gain >= -LIST_MARGIN else series


#: a dossier code read with the full stops between its office code's groups put back
STOPS_RESTORED = ("read with full stops between the office code's groups: the form's dotted line under the "
                  "value was taken off, and its dots with it")
#: ... and with a letter among its digits read as the digit it looks like
DIGITS_AS_LETTERS = "a letter among the code's digits shown as the digit it looks like (Q as 0, l as 1): misread?"
#: the office code's groups (V1V2V3 Z1Z2 Y1Y2 MX1X2) read apart or run together ("97156 38 H76-…":
#: their lengths tell them apart), their full stops lost
_GROUPS_APART = re.compile(r"(\d{3})[\s.]*(\d{2})[\s.]*(\d{2})[\s.]*([A-Z]\d{2}\s*-.*)")


def stops_taken(r: Reading, spec: FieldSpec) -> None:
    """A dossier code written over a form's dotted line whose full stops were whitened with the
    leader's dots (``491 02 83 H84-150818-9866``): shown with them, where that is a valid code —
    the page reading kept; a question, as every value over a taken dot is."""
    if spec.type != "dossier_code" or r.parsed.normalized:
        return
    m = _GROUPS_APART.fullmatch(" ".join(r.value.split()))
    if m:
        text = f"{m[1]}.{m[2]}.{m[3]}.{m[4]}"
        if parse(spec.type, text).normalized:
            r.show(spec.type, text, STOPS_RESTORED, r.engine)
        return
    # a digit among them read as the letter it looks like too ("033 79 75 H3Q-…"): its 20
    # characters in their places, the letter where the code's letter is kept as read — where
    # that gives one code (a digit read where the letter belongs gives one for each capital)
    cands = dossier_readings(r.value)
    if len(cands) == 1:
        r.show(spec.type, cands[0], STOPS_RESTORED, r.engine)
        r.msgs.append(DIGITS_AS_LETTERS)
