"""Field parsers and validators: pure functions, no I/O beyond the shipped code tables.

"The book prevails": a parser never changes what was written. It returns a
``Parsed`` with the value as written, a *normalised* form used for matching
and exchange, and messages. Doubt is reported (``ok=False`` with a reason), never
"fixed". Messages name the rule, never the personal value.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources

from .. import data
from ..domain.text import fold, nfc
from ..domain.labels import REGISTRY_PREFIXES


@dataclass(frozen=True, slots=True)
class Parsed:
    value: str  # as written (NFC)
    normalized: str  # canonical form for matching/exchange; "" when it cannot be formed
    ok: bool
    messages: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def province_codes() -> dict[str, str]:
    """The 63 historical province codes of the personal ID number (TT 07/2016/TT-BCA)."""
    text = resources.files("scanner_station.data").joinpath("province_codes.csv").read_text("utf-8")
    return {row["code"]: row["province"] for row in csv.DictReader(text.splitlines())}


# --- personal ID (số định danh cá nhân) ------------------------------------------------------------

def id_characters(value: str) -> str:
    """An ID number as read without the spaces, full stops and hyphens a hand or a comb of boxes
    sets between its digits."""
    return re.sub(r"[\s.\-]", "", value)


def parse_personal_id(raw: str, *, sex: str | None = None, birth_year: int | None = None) -> Parsed:
    """12 digits PPP G YY NNNNNN: known province code; century/sex digit and year consistent with
    the record's own sex and birth year when given. There is no check digit."""
    value = nfc(raw).strip()
    digits = id_characters(value)
    msgs = []
    if not re.fullmatch(r"\d{12}", digits):
        if re.fullmatch(r"\d{9}", digits):
            return Parsed(value, "", False, ("9 digits: an old CMND number, keep it in the CMND field",))
        return Parsed(value, "", False, ("not 12 digits",))
    code, g, yy = digits[:3], int(digits[3]), int(digits[4:6])
    if code not in province_codes():
        msgs.append(f"unknown province code {code}")
    century = 1900 + (g // 2) * 100
    id_male = g % 2 == 0
    if birth_year is not None:
        if not (century <= birth_year < century + 100) or birth_year % 100 != yy:
            msgs.append("century/year digits disagree with the birth year on the record")
    if sex is not None:
        s = fold(sex)
        if s in ("nam", "male") and not id_male or s in ("nu", "female") and id_male:
            msgs.append("sex digit disagrees with the sex on the record")
    return Parsed(value, digits, not msgs, tuple(msgs))


def id_century_and_year(birth_year: int, female: bool) -> str:
    """The century/sex digit and the two year digits (G YY) an ID gives a person born in
    ``birth_year`` (1900–2099): G is 0/1 for the 20th century, 2/3 for the 21st, odd for a woman;
    "" for another century."""
    if not 1900 <= birth_year < 2100:
        return ""
    return f"{(birth_year - 1900) // 100 * 2 + female}{birth_year % 100:02d}"


def id_birth_year_and_sex(pid: str) -> tuple[int, str]:
    """(birth year, "Nam"/"Nữ") encoded in a well-formed 12-digit ID."""
    g, yy = int(pid[3]), int(pid[4:6])
    return 1900 + (g // 2) * 100 + yy, ("Nam" if g % 2 == 0 else "Nữ")


def parse_cmnd(raw: str) -> Parsed:
    value = nfc(raw).strip()
    digits = re.sub(r"\s", "", value)
    if re.fullmatch(r"\d{9}", digits):
        return Parsed(value, digits, True)
    return Parsed(value, "", False, ("a CMND number has 9 digits",))


# --- dates -----------------------------------------------------------------------------------------

_UNITS = {"không": 0, "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "lăm": 5,
          "nhăm": 5, "sáu": 6, "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9}
_MONTHS = {"giêng": 1, "chạp": 12}


def words_to_number(words: list[str]) -> int | None:
    """Vietnamese number words to an int (up to 9999): "một nghìn chín trăm tám mươi bảy" → 1987,
    "hai nghìn không trăm linh năm" → 2005, "hai mươi tư" → 24. "mười" straight after a digit of
    two to nine counts as its tens ("bốn mười hai" → 42): ten is "mười" only with no digit before
    it, so that is "mươi" read with the mark of "mười" (a hand's, read so on four held-out
    pages of fifty) — the only number the words can be."""
    total, current = 0, 0
    last_unit: int | None = None
    if not words:
        return None
    for w in words:
        if w == "mười" and last_unit is not None and last_unit >= 2:
            w = "mươi"
        if w in _UNITS:
            last_unit = _UNITS[w]
            current += last_unit
        elif w == "mười":
            current += 10
            last_unit = None
        elif w in ("mươi", "chục"):
            if last_unit is None:
                return None
            current += last_unit * 9  # the unit already counted once becomes tens
            last_unit = None
        elif w == "trăm":
            u = 1 if last_unit is None else last_unit
            current += u * 100 - (last_unit or 0)
            last_unit = None
        elif w in ("nghìn", "ngàn"):
            total += (current if current else 1) * 1000
            current, last_unit = 0, None
        elif w in ("linh", "lẻ"):
            continue
        else:
            return None
    return total + current


@dataclass(frozen=True, slots=True)
class DateValue:
    """A date as precise as written: year only, month+year, or full."""

    year: int
    month: int | None = None
    day: int | None = None

    def iso(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


def parse_date(raw: str, *, today: date | None = None) -> Parsed:
    """``15/3/1987``, ``15-03-1987``, ``15.03.1987``, ``03/1987``, ``1987``, ``ngày 15 tháng 3 năm
    1987`` (``15 tháng 3 năm 1987``) and dates in words. Partial dates stay partial (``1987``, ``1987-03``); impossible or
    future dates are flagged."""
    value = nfc(raw).strip()
    text = fold(value).replace(",", " ")
    today = today or date.today()
    dv: DateValue | None = None
    m = re.fullmatch(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})", text)
    if m:
        dv = DateValue(int(m[3]), int(m[2]), int(m[1]))
    elif (m := re.fullmatch(r"(\d{1,2})\s*[/.\-]\s*(\d{4})", text)):
        dv = DateValue(int(m[2]), int(m[1]))
    elif (m := re.fullmatch(r"(\d{4})", text)):
        dv = DateValue(int(m[1]))
    elif (m := re.fullmatch(r"(?:(?:ng\w{1,2}[\s.:]*)?(\d{1,2})[\s.:]*)?(?:th\w{1,2}ng[\s.:]*(\d{1,2})[\s.:]*)?"
                            r"n\w{1,2}[mn][\s.:]*(\d{4})", text)):
        # the words around the digits may be misread ("thóng", "năn"); "ngày" may stand before the box
        # a clerk drew, or on the line above ("15 tháng 3 năm 1987"); a dotted line's dots left
        # between them ("ngày 27 tháng 01 năm.. 2025")
        dv = DateValue(int(m[3]), int(m[2]) if m[2] else None, int(m[1]) if m[1] else None)
        if dv.day is not None and dv.month is None:
            dv = None
    else:
        dv = _date_in_words(nfc(value).lower())
    if dv is None:
        return Parsed(value, "", False, ("not a date in a known form",))
    msgs = []
    if dv.month is not None and not 1 <= dv.month <= 12:
        msgs.append("month out of range")
    elif dv.day is not None:
        try:
            d = date(dv.year, dv.month, dv.day)
            if d > today:
                msgs.append("date in the future")
        except ValueError:
            msgs.append("no such day in that month")
    if dv.year < 1800 or dv.year > today.year:
        msgs.append("implausible year")
    return Parsed(value, dv.iso() if not msgs else "", not msgs, tuple(msgs))


def _date_in_words(text: str) -> DateValue | None:
    """"ngày mười lăm tháng ba năm một nghìn chín trăm tám mươi bảy" and partial forms.

    "năm" is both the word "year" and the number five ("tháng năm" is May, "ngày năm" the 5th),
    so the year keyword is the first "năm" after which the rest reads as a year.
    """
    words = re.sub(r"[,.]", " ", text).split()
    if words and words[0] == "ngày":
        words = words[1:]
        has_day = True
    else:
        has_day = False
    day_words: list[str] = []
    month_words: list[str] = []
    if "tháng" in words:
        t = words.index("tháng")
        day_words, rest = words[:t], words[t + 1:]
        has_month = True
    else:
        rest = words
        has_month = False
        if has_day:
            return None  # a day without a month is not a date as written in registers
    for j, w in enumerate(rest):
        if w != "năm":
            continue
        year = words_to_number(rest[j + 1:])
        if year is None or year < 1000:
            continue
        month_words = rest[:j] if has_month else []
        if not has_month and rest[:j]:
            continue
        month = None
        if has_month:
            if len(month_words) == 1 and month_words[0] in _MONTHS:
                month = _MONTHS[month_words[0]]
            else:
                month = words_to_number(month_words)
            if month is None:
                continue
        day = None
        if has_day:
            day = words_to_number(day_words)
            if day is None:
                return None
        return DateValue(year, month, day)
    return None


# --- names -----------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class NameParts:
    ho: str  # family name
    chu_dem: str  # middle name(s)
    ten: str  # given name


def parse_name(raw: str) -> tuple[Parsed, NameParts | None]:
    """Split "Nguyễn Văn Đức" into họ / chữ đệm / tên. Spacing and capitalisation are normalised
    in the normalised value only; the value as written is kept. A mark standing alone between the
    words ("Nguyễn Kim ` Ngân": a speck read as one) is no part of a name."""
    value = nfc(raw)
    words = [w for w in value.split() if any(c.isalnum() for c in w)]
    if not words:
        return Parsed(value, "", False, ("empty name",)), None
    msgs = []
    if any(ch.isdigit() for ch in value):
        msgs.append("a name with digits")
    norm_words = [w[:1].upper() + w[1:].lower() for w in words]
    normalized = " ".join(norm_words)
    parts = NameParts(norm_words[0], " ".join(norm_words[1:-1]), norm_words[-1] if len(words) > 1 else "")
    if len(words) == 1:
        msgs.append("a single word: family or given name missing")
    return Parsed(value, normalized, not msgs, tuple(msgs)), parts


# --- land and documents ----------------------------------------------------------------------------

LAND_USE_CODES = {"ONT", "ODT", "LUC", "LUK", "LUN", "BHK", "NHK", "CLN", "RSX", "RPH", "RDD", "NTS",
                  "LMU", "NKH", "TSC", "DGD", "DYT", "DVH", "DTT", "SKC", "TMD", "SKK", "DGT", "DTL",
                  "NTD", "SON", "MNC", "BCS", "DCS", "NCS"}


def parse_area(raw: str) -> Parsed:
    """``125,5 m²`` (decimal comma) → ``125.5``; a dot is a thousands separator (``1.250,5``),
    except before the one or two last digits, where no thousands group can be (``251.6 m²``: a
    hand writing the decimal mark as a dot)."""
    value = nfc(raw).strip()
    m = re.fullmatch(r"(\d{1,3}(?:\.\d{3})*|\d+)(?:,(\d+)|\.(\d{1,2}))?\s*(m²|m2|m\s*2|m\?|m)?", value)
    if not m:
        return Parsed(value, "", False, ("not an area such as '125,5 m²'",))
    integer = m[1].replace(".", "")
    dec = m[2] or m[3]
    normalized = integer + (f".{dec}" if dec else "")
    if float(normalized) <= 0:
        return Parsed(value, "", False, ("area must be positive",))
    if m[4] in ("m?", "m"):  # the number is clear, the unit's ² was not read: say so
        return Parsed(value, normalized, False, ("unit read unclearly (expected m²)",))
    return Parsed(value, normalized, True)


_DIGIT_WORDS = {"không": "0", "một": "1", "hai": "2", "ba": "3", "bốn": "4", "tư": "4", "năm": "5",
                "lăm": "5", "sáu": "6", "bảy": "7", "bẩy": "7", "tám": "8", "chín": "9"}


def parse_area_words(raw: str) -> Parsed:
    """An area written in words (``Một trăm mười lăm phẩy hai mét vuông`` → ``115.2``): the
    reading the certificate gives next to the digits (``(bằng chữ: …)``)."""
    value = nfc(raw).strip()
    words = re.sub(r"[,.;()]", " ", value.lower()).split()
    while words and words[-1] in ("vuông", "mét", "m2", "m²"):
        words.pop()
    whole_w, _, dec_w = " ".join(words).partition(" phẩy ")
    whole = words_to_number(whole_w.split())
    if whole is None or whole <= 0:
        return Parsed(value, "", False, ("not an area in words",))
    if not dec_w:
        return Parsed(value, str(whole), True)
    dec = dec_w.split()
    if all(w in _DIGIT_WORDS for w in dec):
        digits = "".join(_DIGIT_WORDS[w] for w in dec)  # read digit by digit ("phẩy không năm")
    else:
        n = words_to_number(dec)
        if n is None:
            return Parsed(value, "", False, ("not an area in words",))
        digits = str(n)
    return Parsed(value, f"{whole}.{digits}", True)


#: a land-use code as written: a word of three capitals
LAND_USE_CODE = re.compile(r"(?<!\w)([A-Z]{3})(?!\w)")


@lru_cache(maxsize=1)
def land_use_purposes() -> tuple[tuple[str, str], ...]:
    """(code, purpose as the certificates write it) for every land-use code (``data``)."""
    return tuple((ln[:3], ln[4:]) for ln in data.lines("land_use_purposes.txt"))


@lru_cache(maxsize=1)
def _purpose_names() -> dict[str, str]:
    """Each purpose's name as the certificates write it (first letter in either case) → its code."""
    return {" ".join(name.split()).lower(): code for code, name in land_use_purposes()}


def _purpose_codes(value: str) -> list[str]:
    """The codes of the purposes ``value`` names, each exactly as written (several separated by
    ";" or "+"); none where any part is no purpose's name."""
    parts = [" ".join(p.split()).strip(" .,").lower() for p in re.split(r"[;+]", value)]
    names = _purpose_names()
    return [names[p] for p in parts] if parts and all(p in names for p in parts) else []


def parse_land_use_purpose(raw: str) -> Parsed:
    value = nfc(raw).strip()
    # a code is a word of three capitals ("Đất ở tại nông thôn (ONT)"); words of the purpose
    # written out are not codes ("CHUyên" is not one)
    codes = LAND_USE_CODE.findall(value)
    if not codes:
        codes = [c for c in LAND_USE_CODE.findall(value.upper()) if c in LAND_USE_CODES]
    if not codes:
        # a purpose written by its name alone, as the circular names it ("Đất ở tại đô thị"): its
        # code is the name's — exactly as written, never a name near one
        named = _purpose_codes(value)
        if named:
            return Parsed(value, "+".join(named), True)
        return Parsed(value, "", False, ("no land-use purpose code (ONT, ODT, LUC, CLN…)",))
    unknown = [c for c in codes if c not in LAND_USE_CODES]
    msgs = tuple(f"unknown land-use code {c}" for c in unknown)
    return Parsed(value, "+".join(codes), not msgs, msgs)


def _letters_digits(raw: str, pattern: str, message: str) -> Parsed:
    """A code of letters then digits: normalised as ``LETTERS DIGITS``."""
    value = nfc(raw).strip()
    m = re.fullmatch(pattern, value)
    if not m:
        return Parsed(value, "", False, (message,))
    return Parsed(value, f"{m[1]} {m[2]}", True)


def parse_gcn_serial(raw: str) -> Parsed:
    """Số phát hành: two capital letters and 6–8 digits (``AA 01234567``, older ``BĐ 123456``);
    a dot between them is a leader's or a space read as one (``BĐ..22383986``), not the serial's."""
    return _letters_digits(raw, r"([A-ZĐ]{2})[\s.]*(\d{6,8})",
                           "not a certificate serial such as 'AA 01234567'")


#: the letters of a "Số vào sổ cấp GCN" (``domain.labels.REGISTRY_PREFIXES``: TT 23/2014/TT-BTNMT)
REGISTRY_PREFIX_MESSAGE = "the registry number's letters are none of CH, CS, CT (TT 23/2014/TT-BTNMT)"


def parse_registry_number(raw: str) -> Parsed:
    """Số vào sổ cấp GCN such as ``CH 00123`` or ``CS 04567``; other letters are a doubt (an
    older book's or a misread C: "QH 50562")."""
    parsed = _letters_digits(raw, r"([A-Z]{1,3})\s*[-.]?\s*(\d{3,6})",
                             "not a registry number such as 'CH 00123'")
    if parsed.normalized and parsed.normalized.split()[0] not in REGISTRY_PREFIXES:
        return Parsed(parsed.value, parsed.normalized, True, (REGISTRY_PREFIX_MESSAGE,))
    return parsed


#: a register book's volume: its number, and usually the year it was opened ("01/2015", "3")
_VOLUME = re.compile(r"(\d{1,4})(?:\s*/\s*(\d{4}))?")
VOLUME_MESSAGE = "not a book volume such as '01/2015'"


def parse_book_volume(raw: str) -> Parsed:
    """Quyển số: the volume's number, with the year it was opened (``01/2015``); kept as
    written (``01`` stays ``01``), spaces around the slash dropped."""
    value = " ".join(nfc(raw).split()).rstrip(";,.")
    m = _VOLUME.fullmatch(value)
    if m is None:
        return Parsed(nfc(raw).strip(), value, False, (VOLUME_MESSAGE,))
    number, year = m.group(1), m.group(2)
    if year and not 1900 <= int(year) <= date.today().year:
        return Parsed(nfc(raw).strip(), value, False, (f"the volume's year is not plausible: {year}",))
    return Parsed(nfc(raw).strip(), f"{number}/{year}" if year else number, True)


_TIME = re.compile(r"(\d{1,2})\s*(g[a-z]{0,2}|h|:)\s*(\d{1,2})\s*(ph[a-z]{0,2}|p)?", re.I)
TIME_MESSAGE = "not a time of day such as '9 giờ 05 phút'"
#: a time whose hour and minute were read, its words "giờ" and "phút" not as they are written
TIME_WORDS = "the words 'giờ' and 'phút' are not read as written: check the digits too"


def parse_time(raw: str) -> Parsed:
    """A time of day (the time of a death): ``9 giờ 05 phút``, also ``9h05`` and ``9:05``; the
    normal form ``9 giờ 05 phút``. A value whose words read otherwise (``gờ``, ``phúc``) keeps
    its hour and minute, with a doubt: the hand that lost a mark may have lost a digit's too."""
    value = " ".join(nfc(raw).split()).rstrip(";,.")
    folded = fold(value)
    m = _TIME.fullmatch(folded)
    if m is None or int(m.group(1)) > 23 or int(m.group(3)) > 59 or len(folded) != len(value):
        return Parsed(nfc(raw).strip(), "", False, (TIME_MESSAGE,))
    hour, minute = int(m.group(1)), int(m.group(3))
    normal = f"{hour} giờ {minute:02d} phút"
    words = value.lower()[m.start(2):m.end(2)], value.lower()[m.start(4):m.end(4)] if m.group(4) else ""
    as_written = words in (("giờ", "phút"), ("h", ""), (":", ""), ("giờ", ""))
    return Parsed(nfc(raw).strip(), normal, as_written, () if as_written else (TIME_WORDS,))


def parse_positive_int(raw: str, what: str) -> Parsed:
    value = nfc(raw).strip().rstrip(";,.")
    if re.fullmatch(r"\d{1,6}", value) and int(value) > 0:
        return Parsed(nfc(raw).strip(), str(int(value)), True)
    return Parsed(nfc(raw).strip(), "", False, (f"{what} must be a positive whole number",))


def parse_document_number(raw: str) -> Parsed:
    """Số, ký hiệu such as ``123/QĐ-UBND`` or ``45/2024/QĐ-UBND``."""
    value = nfc(raw).strip()
    m = re.fullmatch(r"(\d{1,5})\s*/\s*((?:\d{4}\s*/\s*)?[A-ZĐ]{1,6}(?:-[A-ZĐ0-9]{1,10})*)", value)
    if not m:
        return Parsed(value, "", False, ("not a document number such as '123/QĐ-UBND'",))
    symbol = re.sub(r"\s", "", m[2])
    return Parsed(value, f"{int(m[1])}/{symbol}", True)


#: Mã hồ sơ (Thông tư 01/2018/TT-VPCP, Điều 19): the receiving office's code V1V2V3.Z1Z2.Y1Y2.MX1X2
#: (TT 10/2016/TT-BTTTT: digits, one capital letter), the day received YYMMDD, the day's number XXXX
_DOSSIER = re.compile(r"\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}-(\d{2})(\d{2})(\d{2})-\d{4}")
DOSSIER_MESSAGE = "not a dossier code such as '000.00.31.H26-230915-0001' (Thông tư 01/2018/TT-VPCP)"
DOSSIER_DATE = "the dossier code's day of receipt (YYMMDD) is not a date"


def local_office_code(code: str) -> bool:
    """A dossier code received by a local government's office: its office code's level-1 part
    is H and the province's number (TT 10/2016/TT-BTTTT, QĐ 20/2020/QĐ-TTg: "000.00.00.H49"
    Quảng Ninh's provincial People's Committee) — every commune's, district's and province's."""
    compact = re.sub(r"\s+", "", code)
    return _DOSSIER.fullmatch(compact) is not None and compact.split(".")[3].startswith("H")


def parse_dossier_code(raw: str) -> Parsed:
    """A dossier code (mã hồ sơ) as the national portal writes it; its normal form without the
    spaces a reading puts in it."""
    value = nfc(raw).strip()
    compact = re.sub(r"\s+", "", value).rstrip(".,;")
    m = _DOSSIER.fullmatch(compact)
    if m is None:
        return Parsed(value, "", False, (DOSSIER_MESSAGE,))
    try:
        date(2000 + int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return Parsed(value, compact, False, (DOSSIER_DATE,))
    return Parsed(value, compact, True)


# --- closed lists: ethnic groups, land-use terms -----------------------------------------------------

def _spelling(text: str) -> str:
    """Compare spellings: NFC, hyphens and spaces alike ("Khơ-me" = "Khơ me"), the first letter's
    case and a word in capitals ignored, other capitals kept ("HMông" is not "Hmông")."""
    t = " ".join(re.sub(r"\s*-\s*", " ", nfc(text)).split())
    if t.isupper():
        return t.lower()
    return t[:1].lower() + t[1:].lower() if t[1:].islower() or not t[1:] else t[:1].lower() + t[1:]


@lru_cache(maxsize=1)
def ethnic_names() -> tuple[tuple[str, ...], ...]:
    """The 54 groups, each as its names are written: the list's name first, then the spellings
    records also use."""
    return tuple(tuple(n.strip() for n in line.split("|")) for line in data.lines("ethnic_groups.txt"))


@lru_cache(maxsize=1)
def ethnic_groups() -> dict[str, str]:
    """Spelling (see ``_spelling``) → the group's name in the official list of 54."""
    return {_spelling(n): names[0] for names in ethnic_names() for n in names}


def parse_ethnicity(raw: str) -> Parsed:
    """One of the 54 groups, in a spelling records use; a near spelling ("HMông", "Thói") is
    left for a person, with the list's names it may be as suggestions in the message."""
    value = nfc(raw).strip()
    groups = ethnic_groups()
    if _spelling(value) in groups:
        return Parsed(value, " ".join(value.split()), True)
    loose = re.sub(r"[^\w]", "", fold(value))
    near = sorted({g for s, g in groups.items() if re.sub(r"[^\w]", "", fold(s)) == loose})
    hint = f" (perhaps {', '.join(near)})" if near else ""
    return Parsed(value, " ".join(value.split()), False,
                  (f"not one of the 54 ethnic groups as spelled{hint}",))


@lru_cache(maxsize=1)
def surnames() -> tuple[str, ...]:
    """Vietnamese family names (``scanner_station/data/surnames.txt``), the common ones first."""
    return tuple(nfc(ln) for ln in data.lines("surnames.txt"))


@lru_cache(maxsize=1)
def surnames_lower() -> frozenset[str]:
    """The family names in lower case."""
    return frozenset(s.lower() for s in surnames())


@lru_cache(maxsize=1)
def name_syllables() -> frozenset[str]:
    """The words middle and given names are made of (``scanner_station/data/name_syllables.txt``),
    capitalised as names are written."""
    return frozenset(nfc(ln) for ln in data.lines("name_syllables.txt"))


@lru_cache(maxsize=1)
def name_syllables_lower() -> frozenset[str]:
    """The words middle and given names are made of, in lower case."""
    return frozenset(s.lower() for s in name_syllables())


def surname_readings(value: str) -> list[str]:
    """The name with each listed family name in place of its first word; none when the first
    word is a listed family name already or the name is one word."""
    words = value.split()
    if len(words) < 2 or words[0].lower() in surnames_lower():
        return []
    return [" ".join([s, *words[1:]]) for s in surnames()]


_TERM = re.compile(r"^(?:sử dụng )?lâu dài$|^(?:đến|tới) (?:ngày \d{1,2}[/.-]\d{1,2}[/.-]\d{4}|năm \d{4})$"
                   r"|^\d{1,3} năm(?: kể từ .+)?$", re.I)


#: the years a land-use term may end in: terms are counted from 1993's Land Law, up to 70 years
#: (and extended) after a certificate is issued
TERM_YEARS = (1993, 2199)
_TERM_DATE = re.compile(r"(?:ngày (\d{1,2})[/.-](\d{1,2})[/.-]|năm )(\d{4})$")


def _term_date(m: re.Match) -> bool:
    year = int(m[3])
    if not TERM_YEARS[0] <= year <= TERM_YEARS[1]:
        return False
    if m[1] is None:
        return True
    try:
        date(year, int(m[2]), int(m[1]))
    except ValueError:
        return False
    return True


def parse_land_use_term(raw: str) -> Parsed:
    """Thời hạn sử dụng: "Lâu dài", "đến ngày 15/10/2063", "đến năm 2063" or "50 năm …"; a date
    is a calendar date of a year a term may end in (``TERM_YEARS``: not "15/10/5063")."""
    written, spaced = nfc(raw).strip(), " ".join(nfc(raw).strip().rstrip(";,.").split())
    if _TERM.match(spaced):
        m = _TERM_DATE.search(spaced)
        if m and not _term_date(m):
            return Parsed(written, spaced, False, ("the term's date is no date a land-use term ends on",))
        return Parsed(written, spaced, True)
    return Parsed(written, spaced, False, ("not a land-use term such as 'Lâu dài' or 'đến ngày 15/10/2063'",))
