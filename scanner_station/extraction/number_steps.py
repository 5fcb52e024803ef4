"""A number read again where a digit of it was likely misread: a digit lost (``lost_digit``;
also where glyphs beside a value were left unread), a book volume's slash lost
(``slash_lost``), a hand's 1 lost beside a slash (``lost_one``), a digit read twice
(``repeated_digit``), a digit both recognisers misread alike (``digits_apart``), an area's
decimal mark lost (``decimal_mark``). Each reading is shown as a question where the ink supports
it nearly as well, the page reading kept (``Reading``). Steps of ``extract._build``, after
``rereading``'s.
"""

from __future__ import annotations

import re

from .doubt import (AREA_NO_DECIMAL, DECIMAL_CONSTRAINED, DECIMAL_MARGIN, DECIMAL_SECOND, DECIMAL_WORDS,
                    LIST_MARGIN, LOST_ONE_CONSTRAINED, REPEAT_CONSTRAINED, REPEAT_MARGIN, decimal_readings,
                    lost_one_readings, padded_readings, repeated_readings)
from .parsing import parse
from .reading import clean_value
from .rereading import HIGH, WORDS_DISAGREE, Ink, Reading, _among, split_series
from .reread import other_recogniser
from .templates import FieldSpec
from .valid_parts import DIGIT_LOST, DIGIT_TYPES, digits_of, lost_from, valid_start

#: the values whose digits a reading on their line may lose one of (the number in a code)
LOST_DIGIT_TYPES = DIGIT_TYPES + ("gcn_serial", "registry_number", "document_number")
_DIGITS_BEFORE_LETTER = re.compile(r"(?<=\d)(?=[^\W\d_])")

#: glyphs beside a value in its crop that none of its words holds
INK_UNREAD = "writing beside the value was not read with it: a character may be lost"


def lost_digit(r: Reading, spec: FieldSpec, ink: Ink) -> None:
    """"149/TLKT" read "19", "17 giờ 49 phút" read "7 giờ 49 phút": a number read on its line
    with its label lost a digit (a hand's thin 1 beside the label's colon or a slash) that
    AsterOCR reads on the field's own crop. Where that reading starts with a valid value holding
    every digit of the page reading, in order, and one more, it is shown — a question, the
    page reading kept. Not a value written twice and read alike (its words confirm it), nor one
    about to be proposed (a second recogniser read it alike: printed values, no read more)."""
    read = getattr(ink.reader, "read", None)
    # a book's entry number is the number before its series ("149" of "149/TLKT")
    kind = "int" if spec.series else spec.type
    # a code the form's field holds as text, written in digits alone ("18966186446" read
    # "8966186446": a certificate's code)
    digits = kind == "text" and r.value.strip().isdigit()
    if not (kind in LOST_DIGIT_TYPES or digits) or r.agreed or r.from_words or not ink.whole or read is None:
        return
    # about to be proposed: read again only where glyphs stand beside it unread ("196" read "6"
    # by both recognisers, its 1 and 9 split from the 6 where the form's dotted line was taken)
    sure = not r.msgs and not r.parsed.messages and r.conf >= HIGH
    beside = sure and ink.unread is not None and ink.unread()
    if sure and not beside:
        return
    mine = digits_of(r.parsed.normalized or r.value)
    # digits run into the next label's letters ("149b)": the crop takes in "b) Tờ bản đồ số")
    text = _DIGITS_BEFORE_LETTER.sub(" ", clean_value(read(ink.crop, "aster")))
    if spec.series:
        text = split_series(text)[0]
    if digits:
        cand = m[0] if (m := re.match(r"\d+", text.strip())) else ""
    else:
        cand = valid_start(kind, text)
    # glyphs seen beside it unread: as many as two digits may be lost ("6" of "196")
    theirs = cand if digits else digits_of(parse(kind, cand).normalized)
    # no digit stands before a zero written to pad a number to two digits ("02/1999" is not
    # "102/1999": the label's colon or a stroke before it read as a 1)
    padded = mine.startswith("0") and theirs.endswith(mine)
    if mine and cand and not padded and lost_from(mine, theirs, 2 if beside else 1):
        r.show(spec.type, cand, DIGIT_LOST, "aster-band")
    elif beside:
        r.msgs.append(INK_UNREAD)


def lost_one(r: Reading, spec: FieldSpec, ink: Ink) -> None:
    """"16/2/2022" for 16/12/2022: a date not confirmed by its words read again with a lost 1
    put back (``doubt.lost_one_readings``) — shown where the ink supports that nearly as well,
    a question either way; before ``repeated_digit``, so a date about to be proposed is asked
    both."""
    if spec.type != "date" or r.agreed or r.from_words:
        return
    ones, zeros = lost_one_readings(spec.type, r.value), padded_readings(r.value)
    if not zeros:
        _among(r, spec, ink, ones, REPEAT_MARGIN, LOST_ONE_CONSTRAINED, "aster-one")
        return
    if not ones or ink.listed is None:
        return
    # "6/06/1982": its day's padding zero lost as well as a 1 could be — where the ink reads a
    # zero there best, the date is the one read (nothing is shown)
    text, gain = ink.listed(ink.crop, r.value, ones + zeros)
    if text and text not in zeros and gain >= -REPEAT_MARGIN:
        r.show(spec.type, text, LOST_ONE_CONSTRAINED, "aster-one")


def repeated_digit(r: Reading, spec: FieldSpec, ink: Ink) -> None:
    if spec.type not in ("date", "int") or r.msgs or r.parsed.messages:
        return
    # "26/1/2006" for 26/11/2006: the same digit twice is one to a recogniser that lost the blank
    # between them — and both of ours can; a value about to be proposed is read again with each
    # lone digit doubled, shown (a question) where the ink supports that as well
    _among(r, spec, ink, repeated_readings(spec.type, r.value), REPEAT_MARGIN, REPEAT_CONSTRAINED, "aster-repeat")


def decimal_mark(r: Reading, spec: FieldSpec, ink: Ink) -> None:
    if (spec.type != "area" or not r.parsed.normalized or "." in r.parsed.normalized or r.agreed
            or r.from_words):  # the words' value: theirs as written
        return
    # "2516m2" for 251.6 m²: areas are written to one decimal place and the mark is the hand's
    # smallest; the ink read again with one — shown where it supports that nearly as well as its
    # own reading, and a question either way
    before = r.value
    _among(r, spec, ink, decimal_readings(r.value), DECIMAL_MARGIN, DECIMAL_CONSTRAINED, "aster-decimal")
    if r.value != before:
        return
    # … or where another witness of the same value gives it with its mark: the words the book
    # writes it in too ("676m2", in words 67,6), or the second recogniser's reading of the same
    # ink ("494.2 mở" for "4942m2") — a question either way, the page reading kept
    marked: dict[str, str] = {}
    for cand in decimal_readings(r.value):
        if (normal := parse(spec.type, cand).normalized):
            marked.setdefault(normal, cand)
    other = valid_start(spec.type, clean_value(r.second)) if r.second and not r.page else ""
    other = parse(spec.type, other).normalized if other else ""
    if r.words in marked:
        r.show(spec.type, marked[r.words], DECIMAL_WORDS, r.engine)
        r.msgs = [m for m in r.msgs if not m.startswith(WORDS_DISAGREE)]
    elif other in marked:
        r.show(spec.type, marked[other], DECIMAL_SECOND, other_recogniser(r.engine))
    else:
        r.msgs.append(AREA_NO_DECIMAL)


#: a book volume read with its slash lost, read again with it
SLASH_LOST = "read again with the slash between the volume's number and its year: the page reading has none (a hand's thin slash)"
_VOLUME_RUN = re.compile(r"\s*(\d{1,2})\s*((?:19|20)\d\d)\s*")


def slash_lost(r: Reading, spec: FieldSpec, ink: Ink) -> None:
    """"042008" for 04/2008: a book volume read as its number and year run together (the
    hand's slash thin, or taken with a dotted line) read again with the slash — shown where the
    ink supports it nearly as well (the slash read or not), a question either way."""
    m = _VOLUME_RUN.fullmatch(r.value) if spec.type == "book_volume" and r.parsed.messages else None
    if m:
        _among(r, spec, ink, [f"{m[1]}/{m[2]}"], LIST_MARGIN, SLASH_LOST, "aster-slash", loose="/")


#: the values a digit misread alike by both recognisers would make wrong and still valid
APART_TYPES = ("date", "int", "book_volume", "time", "personal_id", "cmnd")
#: a value about to be proposed must be this much (nats) better supported by its crop's ink than
#: any reading of it with one digit otherwise (measured on development pages: correct proposed
#: values 4.4 nats and more for hands, 6.3 for print; a hand's 3 read as 8 by both, −3.1 — 3.0
#: until session 54, when a fresh development set's birth date 04/03/1994, read 04/08/1994 by
#: both recognisers, stood 4.2 apart and was proposed)
DIGIT_APART = 4.3
DIGIT_CLOSE = "a digit of it the ink hardly tells from another: both recognisers may have misread it alike"
DIGIT_PREFERRED = ("read again with one digit otherwise: the field's ink supports that better than the page "
                   "reading, which both recognisers read alike")


def digits_apart(r: Reading, spec: FieldSpec, ink: Ink) -> None:
    """"08/2014" for 03/2014: a hand's 3 read as 8 by both recognisers is proposed unless the
    ink says otherwise. A value about to be proposed is weighed on its crop's ink against every
    valid reading of it with one digit otherwise: one the ink supports better is shown (a
    question, the page reading kept); one within ``DIGIT_APART`` nats leaves the value a
    question."""
    weigher = getattr(ink.reader, "weigher", None)
    if spec.type not in APART_TYPES or r.msgs or r.parsed.messages or r.conf < HIGH or not ink.whole \
            or weigher is None or r.agreed or r.from_words:  # its words confirm it, or gave it
        return
    v = r.value
    alts = [a for a in (v[:i] + d + v[i + 1:] for i, c in enumerate(v) if c.isdigit() for d in "0123456789" if d != c)
            if not parse(spec.type, a).messages]
    weigh = weigher(ink.crop) if alts else None
    if weigh is None:
        return
    own = weigh(v)
    best, alt = max((weigh(a), a) for a in alts)
    if best > own:
        r.show(spec.type, alt, DIGIT_PREFERRED, "aster-digit")
    elif own - best < DIGIT_APART:
        r.msgs.append(DIGIT_CLOSE)
