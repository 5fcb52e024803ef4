"""A field's value read again from the ink of its own crop: the steps ``extract`` runs on each
field after its page reading, in order (first of all, the word spaces its reading lost put back).

Each step may only *show* another reading of the same ink (the page reading kept as
``second``, why in the messages) or add a doubt; none makes a value valid by itself, and a value
another reading replaced is never proposed (the reason is among its messages). The steps:

1. a number its check rejects, read digits-only (``RESTRICTED``), or with digits for the letters
   among them; a code with its characters in their places (``code_steps``);
2. a second recogniser's reading (identity fields always, others when they would be proposed);
3. a value that does not fit its field: the other recogniser's reading, the field's own band,
   the closed list's values, the administrative units' words and names; what a place names
   before its commune, among the wordings registers use there;
4. a name read on its line read again on its own band; its family name, and a middle or given
   name's rare word; then word by word with the list words nearest each, and a given name of
   the other sex's names only among the person's sex's (``name_steps``, ``name_search``);
5. a field with prescribed wordings read among them;
6. a value written twice: the digits read again as the words' value is written;
7. an area without its decimal mark;
8. a number, time or book volume whose page reading lost a digit its own crop's reading has;
   a date not confirmed by its words, read with a lost 1 put back;
9. a date or number about to be proposed, read with a lone digit written twice
   (7–9: ``number_steps``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any, Callable

import numpy as np

from ..domain.text import fold
from . import place_words
from . import validators as V
from .doubt import (BAND_READING, DATE_SHAPES, DATE_SHAPE_CONSTRAINED, DIGIT_CONSTRAINED, VALUE_FITTED,
                    LIST_APART, LIST_CONSTRAINED, LIST_FROM_SECOND, LIST_MARGIN,
                    KIND_SPELLED, NUMBER_PADDED, OFFICE_SPELLED, OPENING_CONSTRAINED, PLACE_CONSTRAINED,
                    PLACE_FROM_SECOND, PLACE_MARGIN,
                    RESPACED, SECOND_DIFFERS,
                    WORDS_CONSTRAINED, WORDS_MARGIN, YEAR_CONSTRAINED,
                    digit_readings, digit_spellings, doubtful, fits_better, list_readings,
                    numbers_read, purposes_as_written,
                    take, year_readings)
from .crops import supported_on
from .parsing import parse
from .place_readings import (LEAD_LEFT_OUT, office_unit_readings, opening_readings, stray_lead, unit_label_tail,
                             without_lead)
from .reading import clean_value
from .reread import other_recogniser
from ..ocr.spacing import respaced
from .templates import FieldSpec, field_values, list_others
from .unit_words import DISTRICT_KIND_SPELLED, district_kind_spelled
from .valid_parts import fitted

HIGH = 0.95
#: field types always re-read by a second recogniser (identity-critical); other fields are
#: re-read when they would otherwise be proposed
SECOND_OPINION_TYPES = ("personal_id", "cmnd", "name", "date")
#: field types re-read from their crop with a restricted character set when the page reading
#: is numeric and fails validation (a letter O in a number, a lost slash)
RESTRICTED = {"personal_id": "0123456789", "cmnd": "0123456789", "int": "0123456789",
              "date": "0123456789/.-", "book_volume": "0123456789/"}
#: how each field type's value written in words is read, for the cross-check with the digits
WORDS_PARSERS = {"date": V.parse_date, "area": V.parse_area_words}
#: the prefix of the message shown when the words and the digits disagree (the words' value follows)
WORDS_DISAGREE = "written in words as"
#: the message when the digits give no value and the words' value is the normal form
WORDS_ONLY = "the digits could not be read; the value written in words is"
#: the digits read give part of a date (its month and year: the day's digits lost), the words all of it
WORDS_WHOLE = "the digits give only part of the date; the value written in words is"


def numeric(value: str) -> bool:
    """Mostly digits (a number or a numeric date), so a digits-only reading can replace it."""
    digits = sum(c.isdigit() for c in value)
    return digits >= 2 and digits >= 0.6 * sum(not c.isspace() for c in value)


def split_series(value: str) -> tuple[str, str]:
    """``191/TLKS-BS`` → (``191``, ``TLKS-BS``); a value without a series is kept whole, but
    for a full stop after its number (``289.``: a form's leader dot; an entry number has none)."""
    number, slash, series = value.partition("/")
    if slash and number.strip().isdigit():
        return number.strip(), series.strip()
    if re.fullmatch(r"\s*\d+\.\s*", value):
        return value.strip()[:-1], ""
    return value, ""


@dataclass
class Reading:
    """A field's value as the steps leave it."""

    value: str
    parsed: V.Parsed
    msgs: list[str]
    engine: str
    conf: float
    #: the reading another one was shown instead of (or the second recogniser's)
    second: str = ""
    #: written twice, both read alike
    agreed: bool = False
    #: written twice, the digits giving no value: the normal form is the words'
    from_words: bool = False
    #: the reading the first other reading was shown instead of ("" while none is shown)
    page: str = ""
    #: the value written in words beside it, its normal form ("" where none is read)
    words: str = ""

    def show(self, kind: str, text: str, why: str, engine: str) -> None:
        """Another reading of the same ink shown instead; the page reading kept as ``second``
        (with the word spaces its reading lost put back, ``spaced``) — the first reading shown
        over, where one step's reading is shown over another's."""
        if kind in SPACED_TYPES:
            text = respaced(text, capitals_only=kind == "name")
        self.page = self.page or self.value
        self.second, (self.value, self.parsed, self.msgs) = self.page, take(kind, text, self.parsed, self.msgs, why)
        self.engine = engine


@dataclass
class Ink:
    """Where a field's value can be read again: its crop, the reader, and whether the crop holds
    the value whole (not continued over several lines, not cut at a line's end)."""

    crop: np.ndarray | None
    reader: Any
    whole: bool
    #: ``reader.constrained`` where the value may be read among candidates (else None)
    listed: Callable | None
    #: the crop widened to a glyph of the value its side cuts, or None where none is
    #: (``crops.glyphs_whole``): what the second opinion reads; worked out only when it is asked
    widened: Callable[[], np.ndarray | None] | None = None
    #: a value continued over several lines: each line's crop, in reading order
    lines: list[np.ndarray] = field(default_factory=list)
    #: whether whole glyphs stand beside the value in its crop, in none of its words
    #: (``crops.unread_beside``); worked out only when it is asked
    unread: Callable[[], bool] | None = None


def digits_only(r: Reading, spec: FieldSpec, ink: Ink, continued: bool) -> None:
    charset = RESTRICTED.get(spec.type)
    # a short number misread as letters ("11" read "u") is worth a digits-only look too
    short_int = spec.type == "int" and len(r.value.strip()) <= 3
    if charset and r.parsed.messages and (numeric(r.value) or short_int) and not continued:
        again_text = ink.reader.restricted(ink.crop, charset)
        again = parse(spec.type, again_text)
        # a reading with fewer digits than the page reading's digits and look-alike letters
        # ("76Z": a hand's 7 read Z, and digits-only "7") lost some: the look-alike digits are
        # weighed on the ink instead (``letters_for_digits``)
        alike = digit_readings(spec.type, r.value)
        if alike and _digits(again_text) < _digits(alike[0]):
            return
        if again_text and not again.messages:
            # a field-specific reading of the same ink (digits only): a reading, not a fix
            r.value, r.parsed, r.engine = again_text, again, "tess-digits"
            r.msgs = ["read again digits-only (the page reading did not validate)"]


def _digits(text: str) -> int:
    return sum(c.isdigit() for c in text)


def letters_for_digits(r: Reading, spec: FieldSpec, ink: Ink) -> None:
    """A letter among a number's digits ("o2/1996": both recognisers can read a hand's 0 as "o")
    read again as its look-alike digit — shown where the ink supports it nearly as well."""
    if (spec.type in RESTRICTED or spec.type in ("document_number", "time")) and r.parsed.messages:
        _among(r, spec, ink, digit_readings(spec.type, r.value), LIST_MARGIN, DIGIT_CONSTRAINED, "aster-digits")


def plausible_year(r: Reading, spec: FieldSpec, ink: Ink, in_words: str) -> None:
    """"05/7990", "14/07/982": a year no register holds, read with one of its digits as another or
    a lost one put back, where the ink supports that nearly as well — not where the value is
    written in words too and they give it (the book's own second writing is the better witness:
    measured, the digits with their year mended still held a misread day or month). Run after the
    other recogniser's reading was tried (``misfit``): "20/1/996" is "20/11/1996" to it, where
    mending the year alone would give 20/01/1996."""
    if not r.parsed.messages:
        return
    if in_words and spec.type in WORDS_PARSERS and WORDS_PARSERS[spec.type](in_words).normalized:
        return
    _among(r, spec, ink, year_readings(spec.type, r.value), LIST_MARGIN, YEAR_CONSTRAINED, "aster-year")


def date_shape(r: Reading, spec: FieldSpec, ink: Ink) -> None:
    """A date in digits that is still no date ("1572/990", "0502/990": a slash read as a 1 or
    lost, a 1 lost) read as a date is written — its ink decoded in each shape a hand writes a
    date in (``doubt.DATE_SHAPES``, ``ctc.best_in_pattern``) — shown where the ink supports
    one nearly as well as its own reading; a question either way."""
    in_pattern = getattr(ink.reader, "in_pattern", None)
    if spec.type != "date" or not r.parsed.messages or not numeric(r.value) or in_pattern is None \
            or ink.listed is None:
        return
    cands = [c for c in dict.fromkeys(in_pattern(ink.crop, shape) for shape in DATE_SHAPES)
             if c and not parse("date", c).messages]
    _among(r, spec, ink, cands, LIST_MARGIN, DATE_SHAPE_CONSTRAINED, "aster-shape")


#: the field types whose words a reading may run together: their spaces put back
#: (``spacing.respaced``); a name's only before a capital inside it ("NguyễnVăn")
SPACED_TYPES = ("place", "text", "land_use_term", "nationality", "name", "unit")


def spaced(r: Reading, spec: FieldSpec) -> None:
    """Word spaces the reading lost put back ("thànhphốHuế" → "thành phố Huế"): shown, the page
    reading kept — before the other steps, which look at the value's words."""
    if spec.type not in SPACED_TYPES:
        return
    text = respaced(r.value, capitals_only=spec.type == "name")
    if text != " ".join(r.value.split()):
        r.show(spec.type, text, RESPACED, r.engine)


def _listed(spec: FieldSpec, value: str) -> list[str]:
    """The field's list's values, a wording with a number ("{n} tháng kể từ ngày cấp") with each
    number ``value`` reads."""
    listed = field_values(spec.values)
    if any("{n}" in v for v in listed):
        # no number read ("o tháng kể từ …", "co tháng …": a hand's 06 read as letters), or only
        # a count of nothing ("00 tháng …": its 6 read as a 0) or of a hundred months or more
        # ("684 tháng": its 06 read with a letter's stroke as a digit): every number a validity is
        # written with, for the ink to tell apart (never one of them alone)
        numbers = [n for n in numbers_read(value) if 0 < int(n) < 100] or list(ANY_NUMBER)
        listed = [v.replace("{n}", n) for v in listed for n in (numbers if "{n}" in v else [""])]
    return listed


#: the numbers a wording's ``{n}`` may be, written as pages write them, where none was read
ANY_NUMBER = tuple(f"{k:02d}" for k in range(1, 13)) + tuple(str(k) for k in range(1, 13)) + ("18", "24", "36")


def after_misread_label(value: str, label: str, spec: FieldSpec, crop: np.ndarray | None, reader: Any) -> str:
    """The one of the field's values its line's ink (``crop``: the label's, misread, and the
    value's) supports after ``label``, told apart from every other by ``LIST_APART`` nats and
    within ``LIST_MARGIN`` of the ink's own reading; "" where none is (the line is not the
    field's: it stays not found)."""
    return supported_on(crop, value, _listed(spec, value), reader, LIST_MARGIN, weighed=lambda c: f"{label}: {c}",
                        apart=LIST_APART, rivals=list_others(spec.values))


def second_opinion(r: Reading, spec: FieldSpec, ink: Ink) -> None:
    # identity fields always; others when they would otherwise be proposed
    if not (spec.type in SECOND_OPINION_TYPES or (not r.msgs and r.conf >= HIGH)):
        return
    # the crop's edge may hold the label's colon ("': Đặng Công Sơn'"): what is stripped from
    # the page reading is stripped from the second one too
    def differs(text: str) -> bool:
        other = split_series(text)[0] if spec.series else text
        return parse(spec.type, other).normalized != r.parsed.normalized

    # a glyph the first reading left out at the value's edge was left out of its crop too: the
    # second opinion reads the crop with that glyph whole ("123", not "23" again)
    wide = ink.widened() if ink.widened is not None else None
    crop = wide if wide is not None else ink.crop
    r.second = clean_value(ink.reader.second_opinion(crop, r.engine))
    if differs(r.second) or ("+" in r.engine and differs(clean_value(ink.reader.second_opinion(crop, "aster")))):
        # the value's words came from both recognisers ("+": boxes read by either, or words of a
        # line combined, combine.combine_words): the one not asked yet reads the crop too — a word
        # read by AsterOCR is not "confirmed" by AsterOCR alone (Tesseract's right "Toản" lost to
        # AsterOCR's "Toàn")
        r.msgs.append(SECOND_DIFFERS)


def misfit(r: Reading, spec: FieldSpec, ink: Ink) -> None:
    """A value that does not fit its field ("Núi Thònh", ethnicity "Thói", "08/5/949")."""
    if spec.type == "place" and not ink.whole and ink.lines and doubtful(spec.type, r.value, r.parsed):
        # a place continued over several lines (a register's narrow column): its lines' ink read
        # again among the nearest units, the value's words split among them where read
        _among_units(r, spec, ink, ink.lines)
        return
    if not (ink.whole and doubtful(spec.type, r.value, r.parsed)):
        return
    # a mark misread on a confident line: the other recogniser's reading of the same ink, when it
    # fits what the field may hold better than the page reading — both readings kept, the field
    # left for a person to confirm
    other = clean_value(r.second or ink.reader.second_opinion(ink.crop, r.engine))
    readings = [(other, PLACE_FROM_SECOND if spec.type == "place" else LIST_FROM_SECOND, other_recogniser(r.engine))]
    if r.engine == "aster" and hasattr(ink.reader, "read"):
        # AsterOCR read the value on a whole detected line, often twice the height of its ink:
        # the field's own band may read as the line did not ("08/5/949")
        readings.append((clean_value(ink.reader.read(ink.crop, "aster")), BAND_READING, "aster-band"))
    if spec.type == "place":  # a letter or two beside the place taken in by the crop, left out
        readings = [(without_lead(t, r.value), w, e) for t, w, e in readings]
    # each as read first, then cut to the valid value it holds (where that is another text)
    cut = [(c, w, e) for t, w, e in readings if (c := fitted(spec.type, t)) != t]
    # last, the page reading itself cut to the valid value it holds ("Kinh C", "y 106": a stroke
    # of the rule or the label before a count read as a letter) — a date's or a time's first
    # letter may be a digit of it misread ("ư 2/04/2024" for 27/04/2024): never left out
    own = fitted(spec.type, r.value, lead=1 if spec.type == "int" else 0)
    cut += [(own, VALUE_FITTED, r.engine)] if own != r.value else []
    for text, why, engine in readings + cut:
        if text and text != r.value and fits_better(spec.type, text, r.value):
            r.show(spec.type, text, why, engine)
            break
    if r.parsed.messages:
        # "Nũ", "Khmen", "Mòng", land-use "CCM": the ink read again among the list's values
        # (sex: of its two values, the one the ink supports far better than the other — a hand's
        # "Nữ" read "M", "Vữ" — up to 30 nats below the ink's own reading)
        # a land-use purpose: of the purposes as certificates write them, the one the ink tells
        # apart from every other ("Đất ở lại đô thị CODT)": (ODT) 16 nats below, (ONT) 163)
        before = r.value
        _among(r, spec, ink, list_readings(spec.type, r.value), LIST_MARGIN, LIST_CONSTRAINED, "aster-list",
               **({"apart": LIST_APART} if spec.type in ("sex", "land_use") else {}))
        if spec.type == "land_use" and r.value == before:
            # the words as read with each code tell no code apart where the code's ink is unclear
            # ("… nước CCUCI": LUC or LUK): the purposes as written, told apart by their words
            _among(r, spec, ink, purposes_as_written(), LIST_MARGIN, LIST_CONSTRAINED, "aster-list", apart=LIST_APART)
    if spec.type == "place" and doubtful("place", r.value, r.parsed):
        _among_units(r, spec, ink, ink.crop)
    elif spec.type == "unit" and doubtful("unit", r.value, r.parsed):
        # an office's heading ("XÃCONGHẬU"): among the names of the units its word names
        _among(r, spec, ink, office_unit_readings(r.value), PLACE_MARGIN, PLACE_CONSTRAINED, "aster-units")


def opening(r: Reading, spec: FieldSpec, ink: Ink) -> None:
    """What a place names before its commune read again among the wordings registers use there
    ("Bệnh viện đã khoa xã …" → "Bệnh viện đa khoa xã …"; ``place_readings.opening_readings``),
    on the value's crop or, continued over lines, on each line's: shown where the ink supports
    it nearly as well as its own reading."""
    constrained = getattr(ink.reader, "constrained", None)
    if spec.type != "place" or constrained is None or not (ink.whole or ink.lines):
        return
    cands = opening_readings(r.value)
    if cands:
        text, gain = constrained(ink.crop if ink.whole else ink.lines, r.value, cands)
        if text and gain >= -LIST_MARGIN:
            r.show(spec.type, text, OPENING_CONSTRAINED, "aster-opening")


def fixed_wordings(r: Reading, spec: FieldSpec) -> None:
    """The fixed wordings of a place read with a letter or mark they do not have, which the ink,
    read alone, prefers: the office's name before its commune ("Cy ban nhân dân xã …": a hand's
    capital Ủ read as C, H or l), the kind word of a province that is a tỉnh ("… Sơn Động, Anh
    Bắc Giang") and a two-word unit word before its unit's name ("Chị, xã Sa Pa"): shown as they
    are spelled, the rest as read — the page reading kept, a question (``place_words.office_spelled``,
    ``place_words.province_kind_spelled``, ``unit_words.district_kind_spelled``); an issuing unit
    ("N: XÃ TÂN PHÚ") without the label's last letter and colon the crop took in."""
    if spec.type == "unit" and (cut := unit_label_tail(r.value)):
        r.show(spec.type, cut, LEAD_LEFT_OUT, r.engine)
    if spec.type != "place":
        return
    spelled = place_words.province_kind_spelled(r.value)
    if spelled:
        r.show(spec.type, spelled, KIND_SPELLED, r.engine)
    spelled = district_kind_spelled(r.value)  # (it takes the office's name misread as well)
    if spelled:
        r.show(spec.type, spelled, DISTRICT_KIND_SPELLED, r.engine)
    # the office's name is found before the first unit word, so after the unit words are spelled
    # (a misread one, "Vy ban nhân dân phưởng Phú Hậu, …", hid it)
    spelled = place_words.office_spelled(r.value)
    if spelled:
        r.show(spec.type, spelled, OFFICE_SPELLED, r.engine)
    cut = stray_lead(r.value)
    if cut:
        r.show(spec.type, cut, LEAD_LEFT_OUT, r.engine)
        # the office's name after what was cut ("ý: Ny ban nhân dân xã …": the label's last
        # letter and colon before it hid it)
        spelled = place_words.office_spelled(r.value)
        if spelled:
            r.show(spec.type, spelled, OFFICE_SPELLED, r.engine)


def _among_units(r: Reading, spec: FieldSpec, ink: Ink, crop: np.ndarray | list[np.ndarray]) -> None:
    """The ink read again among the nearest existing unit words and names ("tình Đắk Cắk" →
    "tỉnh Đắk Lắk"): shown when it supports that reading nearly as well as its own."""
    constrained = getattr(ink.reader, "constrained_place", None)
    if constrained is None:
        return
    text, gain = constrained(crop, r.value)
    if text and gain >= -PLACE_MARGIN:
        r.show(spec.type, without_lead(text, r.value), PLACE_CONSTRAINED, "aster-units")


def _among(r: Reading, spec: FieldSpec, ink: Ink, cands: list[str], margin: float, why: str,
           engine: str, **how: Any) -> None:
    """The ink read again among ``cands``: shown when it supports one within ``margin`` nats of
    its own best reading (``how``: the reader's ``constrained`` options — ``loose`` marks,
    a ``prefer``-red candidate within ``margin``, one ``apart`` from the others by so many nats)."""
    if not cands or ink.listed is None:
        return
    if "prefer" in how:
        how["margin"] = margin
    text, gain = ink.listed(ink.crop, r.value, cands, **how)
    if text and gain >= -margin:
        r.show(spec.type, text, why, engine)


def wordings(r: Reading, spec: FieldSpec, ink: Ink) -> None:
    # "Sử dụng xêng", "… có thu điền sử dụng đất": the ink read again among the wordings the
    # circulars prescribe — the page reading kept, the field a question; a wording with a number
    # ("{n} tháng kể từ ngày cấp") with the number as read ("o6 háng kề lừ ngày cấp": 06)
    constrained = getattr(ink.reader, "constrained", None)
    if ink.listed is None and len(ink.lines) > 1 and constrained is not None and spec.values:
        # a wording continued over two lines ("Công nhân quyền sử dung đất như … sử" | "dụng
        # đất"): read again on its lines' ink, its words split among them where they are read
        ink = replace(ink, crop=ink.lines, listed=constrained)
    listed = _listed(spec, r.value) if ink.listed is not None else []
    # the page reading has a wording's letters, a mark otherwise ("THÔNG BẢO"): that wording alone
    # may be shown, the others are its rivals (a crop taking in a rule and a hand above it once
    # weighed "GIẤY XÁC NHẬN" over it)
    letters = fold(" ".join(r.value.split())).lower()
    marked = [v for v in listed if fold(v).lower() == letters]
    rivals = [*list_others(spec.values), *(v for v in listed if v not in marked)] if marked else list_others(spec.values)
    listed = marked or listed
    if listed and " ".join(r.value.split()) not in listed:
        # the one wording the ink supports over every other by LIST_APART is shown too where it is
        # up to three times that below the ink's own reading ("QUUỄTDINH": QUYẾT ĐỊNH 22 nats
        # below, every other wording 60 more), as sex's two values are (``misfit``); a
        # nationality is told apart from every other country's name too ("CViệ Olm": Việt Nam 12
        # nats below the ink's own reading, every other country 35 more) — only a listed value
        # is shown (a crop holding more than the value may weigh "Cộng hoà Nam Hàn" above "Việt
        # Nam": the others only have to be told apart)
        _among(r, spec, ink, listed, LIST_MARGIN, LIST_CONSTRAINED, "aster-list", apart=LIST_APART,
               rivals=rivals)
    elif listed and (other := _padded(r.value)):
        # a wording's number read without the zero a page pads it with ("6 tháng …" for "06 tháng
        # …": its 0 among a dotted line's dots): read with it, where the ink tells it apart from
        # the number as read — shown, a question (the other way, a hand's 0 weighs as nothing
        # against the 6 beside it: "06" was read "6" on seven forms of ten)
        _among(r, spec, ink, [other], LIST_MARGIN, NUMBER_PADDED, "aster-list", apart=LIST_APART,
               rivals=[" ".join(r.value.split())])


def _padded(value: str) -> str:
    """A wording opening with a number of one digit, with its zero ("6 tháng" → "06 tháng"); ""
    where it opens with no such number."""
    m = re.match(r"[1-9](?=\s)", value.strip())
    return "0" + value.strip() if m else ""


def written_twice(r: Reading, spec: FieldSpec, ink: Ink, in_words: str) -> None:
    if not (in_words and spec.type in WORDS_PARSERS):
        return
    words = WORDS_PARSERS[spec.type](in_words)
    r.words = words.normalized
    if words.normalized and words.normalized != r.parsed.normalized:
        # the same value written twice: the digits' ink read again as the words' value would be
        # written — taken only where the ink supports it nearly as well as its own reading; both
        # readings kept, never proposed
        _among(r, spec, ink, digit_spellings(spec.type, words.normalized), WORDS_MARGIN, WORDS_CONSTRAINED,
               "aster-words")
    if not words.normalized:
        r.msgs.append("the value written in words could not be read")
    elif not r.parsed.normalized:
        # the digits give no value ("21/1l/l953") and the words do: the book's own second
        # writing of it is the value's normal form — the digits kept as read, a question
        r.parsed = replace(r.parsed, normalized=words.normalized)
        r.msgs.append(f"{WORDS_ONLY} {words.normalized}")
        r.from_words = True
    elif words.normalized.startswith(r.parsed.normalized + "-"):
        # the digits give part of the date, as far as they go the words' ("74/969" read again
        # as 04/1969, its day lost): the words give the whole — the digits kept as read, a question
        r.parsed = replace(r.parsed, normalized=words.normalized)
        r.msgs.append(f"{WORDS_WHOLE} {words.normalized}")
        r.from_words = True
    elif words.normalized != r.parsed.normalized:
        r.msgs.append(f"{WORDS_DISAGREE} {words.normalized}, which disagrees with the digits")
    else:
        r.agreed = True
        if not r.msgs:
            r.conf = max(r.conf, HIGH)  # written twice, read the same both ways
