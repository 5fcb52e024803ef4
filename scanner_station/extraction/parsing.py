"""Each field type's check of a value as read: its normal form and what is wrong with it.

A parser never changes what was read; it says what the value means (``15/3/1987`` →
``1987-03-15``) or why it cannot (``not a date in a known form``). The checks themselves live
in ``validators``; here the field types are mapped to them, with the name's syllable check and
the sex field's two values.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..domain.text import fold
from . import place_words
from . import validators as V


def _parse_name(value: str) -> V.Parsed:
    """A name whose words are all Vietnamese syllables; a word that is not one ("Mguyễn",
    "Hưùng", or a minority name such as "Ksor") leaves the name for a person to confirm."""
    parsed = V.parse_name(value)[0]
    from ..ocr import lexicon  # the word list loads on the first name read, not at import

    lex = lexicon.available()
    if lex is None:
        return replace(parsed, ok=False, messages=parsed.messages + (NO_LEXICON,))
    odd = [w for w in value.split() if w.isalpha() and not lex.is_syllable(w[:1].upper() + w[1:].lower())]
    if odd:
        return replace(parsed, ok=False, messages=parsed.messages + (
            f"{NOT_SYLLABLE}: {', '.join(odd)}",))
    return parsed


#: messages of the name check (the GUI catalogue translates them)
NOT_SYLLABLE = "a word of the name is not a Vietnamese syllable"
NO_LEXICON = "the Vietnamese word list is unavailable, the name was not checked (run: scanner-station models check)"


#: the words a sex is written with (folded): Nam, Nữ
SEX_WORDS = ("nam", "nu")


def _parse_sex(value: str) -> V.Parsed:
    f = fold(value)
    if f in SEX_WORDS:
        return V.Parsed(value, "Nam" if f == "nam" else "Nữ", True)
    return V.Parsed(value, "", False, ("sex is 'Nam' or 'Nữ'",))


#: a full stop between two words of running text, the next in small letters ("Suy. tim", "mạch
#: .máu", "họ. tên": a leader's dot left among the words — a sentence's stop is followed by a
#: capital), or ending it after a word ("Riêng."); not an abbreviation's ("v.v.", "TP.")
_STRAY_STOP = re.compile(r"(?<=[^\W\d_]{2})(?<![^\s]\.[^\W\d_]{2})(?<![A-ZĐ]{2})\s?\.(?=\s?[a-zđà-ỹ]|\s*$)"
                         r"|(?<=[^\W\d_])\s\.(?=[a-zđà-ỹ])")


def _text_normal(value: str) -> str:
    """Running text's normal form: its words, one space between, without a leader's dot left
    among them (``_STRAY_STOP``)."""
    return " ".join(_STRAY_STOP.sub(" ", value).split())


#: field type (templates.FIELD_TYPES) → parser of the value as read
PARSERS = {
    "text": lambda v: V.Parsed(v, _text_normal(v), True),
    # an administrative unit by its unit word and name ("XÃ AN BÌNH", an office's heading): as
    # written; whether it names one is a doubt (``doubt.doubtful``), not a check
    "unit": lambda v: V.Parsed(v, " ".join(v.split()), True),
    # units separated by ", " whatever was read between them (place_words.separated)
    "place": lambda v: V.Parsed(v, place_words.separated(v), True),
    "name": _parse_name,
    "date": V.parse_date,
    "personal_id": V.parse_personal_id,
    "cmnd": V.parse_cmnd,
    "sex": _parse_sex,
    "area": V.parse_area,
    "int": lambda v: V.parse_positive_int(v, "number"),
    "land_use": V.parse_land_use_purpose,
    "gcn_serial": V.parse_gcn_serial,
    "registry_number": V.parse_registry_number,
    "document_number": V.parse_document_number,
    "ethnicity": V.parse_ethnicity,
    "land_use_term": V.parse_land_use_term,
    "book_volume": V.parse_book_volume,
    "time": V.parse_time,
    "dossier_code": V.parse_dossier_code,
}


#: field types whose value a full stop ends, never belongs to ("Phan Thành Quang." in a cell, "XÃ TÂN HÒA.",
#: a year or a date before a dotted line's last dot: "1988.", "05/10/2006.")
_NO_FULL_STOP = ("name", "place", "unit", "ethnicity", "sex", "nationality", "date", "time", "int", "personal_id",
                 "cmnd")


def parse(kind: str, value: str) -> V.Parsed:
    if kind in _NO_FULL_STOP or (kind == "text" and _NUMBER_STOP.fullmatch(value)):
        value = value.rstrip(" .")  # the value as written stays the field's value; not its normal form
    return PARSERS[kind](value)


#: a number and a full stop, as an entry's number is read in a register's column ("133."): the
#: stop ends it (a leader's dot, or the number's own), it is no part of it
_NUMBER_STOP = re.compile(r"\s*\d+\s?\.\s*")
