"""When a field's reading is in doubt, and which other reading of its ink is shown instead.

The page reading of a value stays unless another reading of the same ink fits the field better:
the other recogniser's, AsterOCR's on the field's own line, or a reading among what the field may
hold (the list's values, the units' names, the family names, the value written in words as it is
written in digits) that the ink supports nearly as well as its own. Whatever is shown, the page
reading is kept beside it and the field is left for a person: these are readings, never fixes.
"""

from __future__ import annotations

import itertools
import re

from ..domain.text import fold
from . import place_words, places
from . import validators as V
from .parsing import PARSERS, parse


#: digits read again as the value written in words would be written in digits ("08/5/949" with
#: "ngày tám tháng năm năm một nghìn chín trăm bốn mươi chín" → "08/5/1949"), and how much less
#: likely than the ink's own best reading that reading may be (nats)
WORDS_CONSTRAINED = "read again as the value written in words is written in digits"
WORDS_MARGIN = 10.0


def digit_spellings(kind: str, normalized: str) -> list[str]:
    """How a value (its normal form) is written in digits: a date with or without leading
    zeros and with '/', '-' or '.'; an area with a decimal comma and m² or m2."""
    if kind == "date":
        parts = normalized.split("-")
        if len(parts) != 3:
            return []
        y, m, d = parts
        days, months = {d, d.lstrip("0")}, {m, m.lstrip("0")}
        return [f"{dd}{sep}{mm}{sep}{y}" for sep in "/-." for dd in sorted(days) for mm in sorted(months)]
    if kind == "area":
        whole, _, dec = normalized.partition(".")
        numbers = [whole + (sep + dec if dec else "") for sep in (",", ".")[:2 if dec else 1]]
        return [f"{number}{gap}{unit}" for number in numbers for unit in ("m²", "m2") for gap in ("", " ")]
    return []


def repeated_readings(kind: str, value: str) -> list[str]:
    """A date or number as it reads with one of its lone digits written twice (``26/1/2006`` →
    ``26/11/2006``) where that is still a valid value: a CTC recogniser writes a digit twice only
    across a blank between them, and two narrow ``1`` beside a ``/`` are merged by both of ours."""
    out = []
    for m in re.finditer(r"(?<!\d)(\d)(?!\d)", value):
        cand = value[:m.start()] + m.group(1) * 2 + value[m.end():]
        if not parse(kind, cand).messages and cand not in out:
            out.append(cand)
    return out


#: the digits a letter among digits is most often a misreading of (a hand's 0 read "o", 1 "l")
LOOKALIKE_DIGITS = {"o": "0", "O": "0", "D": "0", "Q": "0", "l": "1", "I": "1", "i": "1", "|": "1", "z": "2",
                    "Z": "2", "S": "5", "s": "5", "b": "6", "G": "6", "T": "7", "B": "8", "g": "9", "q": "9"}


#: a look-alike letter's other digit (a hand's crossed 7 read "Z"): weighed on the ink too
OTHER_LOOKALIKE = {"z": "7", "Z": "7"}

#: the letters a digit among letters is most often a misreading of (a hand's T read "7")
LOOKALIKE_LETTERS = {"7": "T", "0": "O", "1": "I", "5": "S", "8": "B", "2": "Z", "6": "G"}


def numbers_read(value: str) -> list[str]:
    """The short numbers a text was read with, each letter among a number's digits as its
    look-alike digit, marks dropped ("o6 háng" → 06, "ó6" → 06); none where no word has a digit."""
    out = []
    for word in value.split():
        word = word.strip(",.;:()")
        if not (1 <= len(word) <= 3 and any(c.isdigit() for c in word)):
            continue
        digits = "".join(c if c.isdigit() else LOOKALIKE_DIGITS.get(fold(c), "?") for c in word)
        if "?" not in digits and digits not in out:
            out.append(digits)
    return out


def digit_readings(kind: str, value: str) -> list[str]:
    """A number, date or volume read with a letter among its digits (``o2/1996``) as it reads with
    that letter's look-alike digit (``02/1996``) where that is a valid value — candidates for the
    ink to weigh, never a value by themselves. Only values mostly of digits, at most 3 letters,
    each in a word with a digit ("10 giờ Q8 phút": the Q, not the letters of "giờ")."""
    # a document's number: its digits before the slash, its code's letters after it ("6z6/GBT")
    reach = value.find("/") if kind == "document_number" and "/" in value else len(value)
    letters = [i for m in re.finditer(r"\S+", value[:reach]) if any(c.isdigit() for c in m[0])
               for i in range(m.start(), m.end()) if value[i] in LOOKALIKE_DIGITS]
    digits = sum(c.isdigit() for c in value)
    # (a number of one or two digits read as look-alike letters only: "g" for a hand's 9)
    short = kind == "int" and 1 <= len(value) <= 2 and all(c in LOOKALIKE_DIGITS for c in value)
    if short:
        letters = list(range(len(value)))
    if not letters or len(letters) > 3 or (digits < 2 * len(letters) and not short):
        return []
    choices = [(LOOKALIKE_DIGITS[c], *([OTHER_LOOKALIKE[c]] if c in OTHER_LOOKALIKE else [])) if i in letters else (c,)
               for i, c in enumerate(value)]
    cands = ["".join(p) for p in itertools.product(*choices)]
    # (a time: its hour and minute read, its words perhaps not — "9 giờ 50 phít")
    return [c for c in cands if not (p := parse(kind, c)).messages or (kind == "time" and p.normalized)]


#: a year that is none a register could hold ("05/7990", "09/969") read again (the GUI catalogue
#: translates it)
YEAR_CONSTRAINED = "read again with a plausible year: one digit of the year read otherwise, or lost"
_YEAR_END = re.compile(r"(?<!\d)(\d{3,4})\s*$")


def year_readings(kind: str, value: str) -> list[str]:
    """A book volume or date whose year as read makes it no value ("05/7990", "14/07/982") with
    one digit of that year as another, or a lost digit put back — where that gives a valid value
    (a year 1900 to now for a volume; not in the future for a date): candidates for the ink to
    weigh, never a value by themselves."""
    m = _YEAR_END.search(value)
    if kind not in ("book_volume", "date", "land_use_term") or m is None or not parse(kind, value).messages:
        return []
    year, head = m.group(1), value[:m.start(1)]
    years = ([year[:i] + d + year[i + 1:] for i in range(4) for d in "0123456789"] if len(year) == 4
             else [year[:i] + d + year[i:] for i in range(4) for d in "0123456789"])
    out = []
    for y in years:
        cand = head + y
        if y[0] in "12" and cand != value and cand not in out and not parse(kind, cand).messages:
            out.append(cand)
    return out


#: a date's shapes as a hand writes it in digits (``ctc.best_in_pattern``): a day of one or two
#: digits (0-3 first), a month of one or two (0-1 first), a year of four (1-2 first), slashes
_D = "0123456789"
DATE_SHAPES = [[(first, False)] * (n > 1) + [(_D, False)] + [("/", False)]
               + [(m_first, False)] * (m > 1) + [(_D, False)] + [("/", False)]
               + [("12", False)] + [(_D, False)] * 3
               for n, first in ((1, ""), (2, "0123")) for m, m_first in ((1, ""), (2, "01"))]
#: an ID number's ink read as twelve digits, each in its place
ID_SHAPE = [("0123456789", False)] * 12
#: an ID read again one box of its comb at a time (the GUI catalogue translates it)
COMB_READ = "read again one box at a time (the number is written one digit to a box): the page reading differs"
#: an ID read again as twelve digits (the GUI catalogue translates it)
ID_SHAPE_CONSTRAINED = "read again as twelve digits: the page reading has another count of digits"
#: a date read again as a date is written (the GUI catalogue translates it)
DATE_SHAPE_CONSTRAINED = "read again as a date is written in digits (day/month/year): the page reading is no date"


#: a value read again with digits for the letters among them (the GUI catalogue translates it)
DIGIT_CONSTRAINED = "read again with digits for the letters among them: the ink supports it nearly as well"


#: a date read again with a lost "1" put back (the GUI catalogue translates it)
LOST_ONE_CONSTRAINED = "read again with a lost 1 put back: the ink supports it nearly as well (a hand's 1 beside a slash or at a number's start is read as nothing)"


def lost_one_readings(kind: str, value: str) -> list[str]:
    """A date with a "1" put back at either end of one of its numbers (``16/2/2022`` →
    ``16/12/2022``, ``ngày 7 tháng 8`` → ``ngày 17 tháng 8``) where that is still a valid date: a
    hand's 1 is a single stroke, beside a slash much like it, and both recognisers lose it —
    measured on the development pages, months 10–12 read as 01–02 were the commonest wrong
    date. Candidates for the ink to weigh, never a value by themselves."""
    if kind != "date":
        return []
    out = []
    for m in re.finditer(r"\d+", value):
        if len(m.group()) >= 3:  # a year: ``year_readings``
            continue
        for at in (m.start(), m.end()):
            cand = value[:at] + "1" + value[at:]
            if cand != value and cand not in out and not parse(kind, cand).messages:
                out.append(cand)
    return out


def padded_readings(value: str) -> list[str]:
    """A date in digits whose day or month is one digit where the other is written with a zero
    before it (``6/06/1982``), with that zero put back (``06/06/1982``): the same date — a rival
    for ``lost_one_readings``' "1" where the ink reads a zero there (print loses a padding
    zero as a hand loses a 1)."""
    m = re.fullmatch(r"\s*(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})\s*", value)
    if m is None:
        return []
    day, month = m[1], m[2]
    if len(day) == 1 and month.startswith("0") and len(month) == 2:
        return [f"0{day}/{month}/{m[3]}"]
    if len(month) == 1 and day.startswith("0") and len(day) == 2:
        return [f"{day}/0{month}/{m[3]}"]
    return []


#: a date or number read again with a digit written twice (the GUI catalogue translates it)
REPEAT_CONSTRAINED = "read again with a digit written twice: the ink supports it as well (two alike digits side by side can be read as one)"
REPEAT_MARGIN = 4.0


#: an area read without a decimal mark (the GUI catalogue translates these)
AREA_NO_DECIMAL = ("an area is written to one decimal place (TT 23/2014/TT-BTNMT): read without one — "
                   "a decimal mark lost?")
DECIMAL_CONSTRAINED = "read again with the decimal mark an area is written with: the page reading has none"
DECIMAL_MARGIN = 10.0
#: an area read without its decimal mark shown with it where its words give it so, or where the
#: second recogniser read it so (the GUI catalogue translates them)
DECIMAL_WORDS = "the digits with a decimal mark before their last digit, as the value written in words gives them: the mark lost?"
DECIMAL_SECOND = "the digits with a decimal mark before their last digit, as the second recogniser read them: the mark lost?"


def decimal_readings(value: str) -> list[str]:
    """An area read without a decimal mark (``2516m2``) as it reads with one before its last
    digit (``251,6m2``, ``251.6m2``): certificates write areas to one decimal place, and the
    hand's dot or comma is the smallest mark on the line."""
    if re.search(r"\d[,.]\d", value):
        return []
    m = re.search(r"\d{2,}", value)
    if m is None:
        return []
    ds = m.group(0)
    return [value[:m.start()] + ds[:-1] + sep + ds[-1] + value[m.end():] for sep in ",."]


#: a place taken from the second recogniser's reading (the GUI catalogue translates it)
PLACE_FROM_SECOND = "read by the second recogniser: the page reading names no known administrative unit"


#: a value read again by AsterOCR from the band of the field's own ink: the page reading did not validate
BAND_READING = "read again from the field's own line: the page reading is not a valid value of the field"
#: the valid value the page reading holds, shown without a letter or mark read before it (the GUI
#: catalogue translates it)
VALUE_FITTED = "the valid value the page reading holds, a letter or mark read before it left out"
#: words the reading ran together shown apart (``spacing.respaced``)
RESPACED = "words the reading ran together are shown apart"
#: the office's name before a place's commune shown as it is spelled (``place_words.office_spelled``)
OFFICE_SPELLED = "the office's name (Ủy ban nhân dân) shown as it is spelled: the page reading has a letter or mark it does not have"
#: the kind word before a province's name shown as it is spelled (``place_words.province_kind_spelled``)
KIND_SPELLED = "the unit word before the province's name shown as it is spelled (tỉnh): the page reading has a letter or mark it does not have"
#: a place read again with a wording registers use before it ("Bệnh viện đa khoa", "tại nhà")
OPENING_CONSTRAINED = "read again with the wordings registers use before a place (Trạm y tế, Bệnh viện, tại nhà …)"
#: a name read again on its own band: the reading there fits a name better, or as well and surer
NAME_FROM_BAND = "read again from the name's own line: that reading fits a name better or is surer"
#: a value taken from the second recogniser's reading: the page reading did not validate
LIST_FROM_SECOND = "read by the second recogniser: the page reading is not a valid value of the field"
#: the second recogniser disagrees with the value
SECOND_DIFFERS = "a second recogniser read this field differently"
#: field types with a check of their own: a closed list (the 54 groups, Nam/Nữ, land
#: categories), a form (dates, ID numbers, serials) — everything but free text and places
CHECKED_TYPES = frozenset(PARSERS) - {"text", "place", "unit"}
#: of those, the closed lists: a value not on its list is doubtful even where it normalises
CLOSED_TYPES = ("ethnicity", "sex", "land_use", "land_use_term")

#: a place read again constrained to existing unit words and names, and how much less likely
#: (log-likelihood, nats) than its own best reading that reading may be: 10 kept every such
#: reading on the development hand-filled pages (seeds 6501–6556) right or closer to the truth
PLACE_CONSTRAINED = "read again among the administrative units' names: the page reading names none"
PLACE_MARGIN = 10.0
#: a closed-list value read again among the list's values (the 54 groups' names as records spell
#: them, Nam/Nữ), and how much less likely than its own best reading that reading may be (nats)
LIST_CONSTRAINED = "read again among the field's values: the page reading is none of them"
#: a wording's number read again with the zero pages pad it with ("6 tháng" → "06 tháng")
NUMBER_PADDED = "read again with a zero before its number, as pages write it: the ink supports that better"
LIST_MARGIN = 10.0
#: a value of two (sex: Nam/Nữ) the ink supports over the other by this much (nats) is shown up
#: to three times as far below the ink's own best reading (``reread.CropReader.constrained``;
#: measured: 17–33 between them on misread hands, "M", "Vữ", "Mữ z")
LIST_APART = 10.0


#: a name whose first word is no family name on the list, read again with the listed family names
#: in its place (the rest of the name as read), and how much less likely than the ink's own best
#: reading that reading may be (nats)
SURNAME_CONSTRAINED = "read again with the family names: the first word read is none"
SURNAME_MARGIN = 10.0


def list_values(kind: str) -> list[str]:
    """The values a closed-list field may hold, as they are written."""
    if kind == "sex":
        return ["Nam", "Nữ"]
    if kind == "ethnicity":
        return [n for names in V.ethnic_names() for n in names]
    if kind == "land_use_term":
        return ["Lâu dài"]  # the one fixed wording (TT 23/2014/TT-BTNMT); the others carry a date
    return []


def purposes_as_written() -> list[str]:
    """Each land-use purpose as certificates write it, its code after it in brackets."""
    return [f"{name} ({code})" for code, name in V.land_use_purposes()]


def list_readings(kind: str, value: str) -> list[str]:
    """What a closed-list field's ink may be read again among: the list's values, or for a
    land-use purpose the value with its unknown code in the official codes' place ("CCM" in
    "Đất trồng cây lâu năm (CCM)", "NTs"), the rest as read."""
    if kind != "land_use":
        return list_values(kind)
    m = next((m for m in V.LAND_USE_CODE.finditer(value) if m[1] not in V.LAND_USE_CODES), None)
    coded = V.LAND_USE_CODE.search(value) is not None
    if m is None and not coded:
        # no code at all ("NTs", "N7S"): a short word of capitals or digits is where it was written
        # — its brackets read as letters too ("CNTS", "CODTI" for "(NTS)", "(ODT)")
        m = next((m for m in reversed(list(re.finditer(r"(?<!\w)(\w{2,5})(?!\w)", value)))
                  if sum(c.isupper() or c.isdigit() for c in m[1]) >= 2), None)
    if m is None and coded:
        return []  # its codes are known ones
    # each purpose as the certificates write it, with its code ("Đã môi tồng thủy sản CNTS":
    # the words misread as well as the code, the ink weighs the purposes whole)
    named = purposes_as_written()
    if m is None:
        return named
    bracketed = value[m.start() - 1:m.start()] == "(" or len(m[0]) < 4
    return [value[:m.start()] + form.format(code) + value[m.end():] for form in ("{}",) + (() if bracketed else ("({})",))
            for code in sorted(V.LAND_USE_CODES)] + named


def doubtful(kind: str, value: str, parsed: V.Parsed) -> bool:
    """The page reading does not fit the field: a place naming no known unit or with a unit word
    misread (``names_a_unit`` holds the ones after its first), a value its field's check rejects
    ("O5/O5/1983", ethnicity "Thói")."""
    if kind == "place":
        return not place_words.names_a_unit(value) or place_words.first_unit_word_misread(value)
    if kind == "unit":
        return not place_words.names_one_unit(value)
    if kind in CLOSED_TYPES:
        return bool(parsed.messages)  # not on its list
    # a reading its check cannot make a value of; one read with a doubt of its own ("494,8 m?",
    # the unit unclear) keeps its value: the other reading would replace a right number — but a
    # book volume that is no volume as read ("07/979") is kept as written, not made one of
    if kind in KEPT_AS_READ:
        return not parsed.ok
    return kind in CHECKED_TYPES and not parsed.normalized


#: checked types whose value is kept as read where it is none (``validators.parse_book_volume``)
KEPT_AS_READ = ("book_volume",)


def fits_better(kind: str, other: str, value: str) -> bool:
    """The other reading fits the field and the page reading does not (or less: fewer of the
    units it names exist as spelled)."""
    if kind == "place":
        return place_words.names_a_unit(other) or places.named_units(other) > places.named_units(value)
    if kind == "unit":
        return place_words.names_one_unit(other) and not place_words.names_one_unit(value)
    new = parse(kind, other)
    if kind == "time" and new.normalized and new.messages:
        # its hour and minute read, its words otherwise (``valid_reading``): better than no time
        return not parse(kind, value).normalized
    return not new.messages


def valid_reading(kind: str, text: str) -> bool:
    """``text`` is a value of its field — for a time, its hour and minute read whatever its
    words read ("10 gờ 26 phút": ``validators.TIME_WORDS``, a doubt of its own)."""
    parsed = parse(kind, text)
    return not parsed.messages or (kind == "time" and bool(parsed.normalized))


def name_fit(text: str) -> tuple[bool, bool, bool]:
    """How well a reading fits a person's name, best last: its words Vietnamese syllables, its
    first word a listed family name, two to five words."""
    words = text.split()
    return (not parse("name", text).messages, len(words) >= 2 and not V.surname_readings(text),
            2 <= len(words) <= 5)


def take(kind: str, text: str, parsed: V.Parsed, msgs: list[str], why: str) -> tuple[str, V.Parsed, list[str]]:
    """Another reading of the field's ink shown instead of the page reading: its value, its
    parse, and the messages — the page reading's own complaints and the recognisers'
    disagreement dropped, the new reading's and why it is shown added."""
    new = parse(kind, text)
    dropped = {SECOND_DIFFERS, *parsed.messages}
    kept = [m for m in msgs if m not in dropped]
    return text, new, kept + [m for m in new.messages if m not in kept] + [why]

