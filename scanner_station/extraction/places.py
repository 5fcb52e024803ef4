"""Place names against the administrative units: suggestions only, the value stays as written.

The units come from the maintained ``vietnamadminunits`` package (MIT): the 63 provinces,
their districts and ~10,000 communes as they were before 1 July 2025, the 34 provinces and
~3,300 communes since (district level abolished), and the conversion between the two. A place
written in an old record names the units of its time; the station shows what it corresponds to
today so a clerk can link it, never rewriting it. Province codes are the personal ID number's
(``0`` + the statistics office's two digits: Hà Nội ``001``).

Units abolished before 2025 (Hà Tây, renamed districts) are not in the package: such a place is
flagged for a person, not rejected.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ..domain.adminunits import admin_rows, package_dir
from ..domain.text import fold, levenshtein, nfc

_DISTRICT = re.compile(r"\b(huyen|quan|thi xa)\s+\w")
#: unit words before a commune / district name, as offices write them (folded)
_COMMUNE_WORDS = ("xa", "phuong", "thi tran")
_DISTRICT_WORDS = ("huyen", "quan", "thi xa", "thanh pho")


@dataclass(frozen=True, slots=True)
class Province:
    code: str
    name: str
    kind: str
    name_2025: str
    kind_2025: str


def _kind(full: str) -> str:
    return "thành phố" if full.startswith("Thành phố") else "tỉnh"


@lru_cache(maxsize=1)
def provinces() -> tuple[Province, ...]:
    """The 63 provinces before 1/7/2025 with the province each belongs to since."""
    old = admin_rows("SELECT DISTINCT provinceKey, province, provinceShort, provinceCode "
                     "FROM admin_units_legacy ORDER BY provinceCode")
    new = {k: (p, s) for k, p, s in admin_rows(
        "SELECT DISTINCT provinceKey, province, provinceShort FROM admin_units")}
    merged = json.loads((package_dir() / "data" / "converter_2025.json").read_text("utf-8"))["DICT_PROVINCE"]
    successor = {o: n for n, olds in merged.items() for o in olds}
    out = []
    for key, full, short, code in old:
        nfull, nshort = new[successor[key]]
        out.append(Province(f"0{code}", short, _kind(full), nshort, _kind(nfull)))
    return tuple(out)


@lru_cache(maxsize=1)
def _index() -> list[tuple[str, str, Province | None]]:
    """(folded name, written name, historical province or None for a post-2025-only name)."""
    out: list[tuple[str, str, Province | None]] = []
    seen = set()
    for p in provinces():
        out.append((_words(p.name), p.name, p))
        seen.add(p.name)
    for p in provinces():
        if p.name_2025 not in seen:
            out.append((_words(p.name_2025), p.name_2025, None))
            seen.add(p.name_2025)
    hcm = next(p for p in provinces() if p.code == "079")
    out += [("tp hcm", "Hồ Chí Minh", hcm), ("thanh pho hcm", "Hồ Chí Minh", hcm),
            ("thua thien hue", "Thừa Thiên Huế", next(p for p in provinces() if p.code == "046"))]
    out.sort(key=lambda x: -len(x[0]))  # "Thừa Thiên Huế" before "Huế"
    return out


@lru_cache(maxsize=65536)
def _words(text: str) -> str:
    return re.sub(r"[^\w]+", " ", fold(text)).strip()


def find_provinces(text: str) -> list[tuple[str, Province | None]]:
    """Province names in ``text`` (accent- and case-insensitive, whole words, never across a
    comma: "xã Tường Hạ, tỉnh Sơn La" does not name Hà Tĩnh), in order."""
    hay = " " + " , ".join(_words(part) for part in re.split(r"[,;]", text)) + " "
    found: list[tuple[int, str, Province | None]] = []
    taken: list[tuple[int, int]] = []
    for folded, name, prov in _index():
        needle = f" {folded} "
        start = 0
        while (i := hay.find(needle, start)) >= 0:
            span = (i + 1, i + len(needle) - 1)  # the words, not the spaces around them
            if all(span[1] <= a or span[0] >= b for a, b in taken):
                taken.append(span)
                found.append((i, name, prov))
            start = i + 1
    return [(n, p) for _, n, p in sorted(found, key=lambda x: x[0])]


@dataclass(frozen=True, slots=True)
class Resolved:
    """The units a place names, as the package spells them ("" where not given)."""

    commune: str
    district: str
    province: str


def _named(short: str | None, hay: str) -> bool:
    return bool(short) and f" {_words(short)} " in hay


@lru_cache(maxsize=2048)
def resolve(text: str) -> Resolved | None:
    """The commune, district and province a pre-2025 place names, each checked to be written in
    it (the package's parser guesses; a guess is not a match). None when no province is named."""
    from vietnamadminunits import parse_address

    hay = " " + _words(text) + " "
    try:
        unit = parse_address(text, mode="LEGACY", level=3)
    except Exception:  # noqa: BLE001 - the parser's own errors on odd text: nothing resolved
        return None
    if not unit or not _named(unit.short_province, hay):
        return None
    district = unit.district if _named(getattr(unit, "short_district", None), hay) else ""
    commune = unit.ward if _named(getattr(unit, "short_ward", None), hay) else ""
    return Resolved(commune or "", district or "", unit.province or "")


#: a unit word and the name after it, read on the text as written (folded, "Quan Sơn" would
#: read as "quận Sơn" and "Phượng Lâu" as "phường Lâu")
_UNIT = re.compile(r"(?:^|\s)(xã|phường|thị trấn|huyện|quận|thị xã|thành phố)\s+(.+)$")


#: a place's parts: at commas, and before each unit word (the OCR may lose a comma: "xã Ea Tu
#: thị xã Sa Pa"); "xã" inside "thị xã" starts nothing, nor a capital in a name ("xã Tứ Xã")
#: a unit word opening a part of a place ("xã" inside "thị xã" opens nothing, nor a capital in a
#: name: "xã Tứ Xã")
_UNIT_START = re.compile(r"(?<!thị )(?<!Thị )(?<!THỊ )\b(?:xã|phường|thị trấn|huyện|quận|thị xã|thành phố|tỉnh)(?=\s)")
_PARTS = re.compile(r"[,;]|(?=" + _UNIT_START.pattern + ")")


@lru_cache(maxsize=1)
def legacy_rows() -> list[tuple[str, str, str]]:
    """(province, district, commune) as the package's short names give them, one row per commune
    before 1/7/2025 — read once for every table built from them."""
    return admin_rows("SELECT provinceShort, districtShort, wardShort FROM admin_units_legacy")


@lru_cache(maxsize=1)
def rows_2025() -> list[tuple[str, str]]:
    """(province, commune) short names since 1/7/2025, read once."""
    return admin_rows("SELECT provinceShort, wardShort FROM admin_units")


@lru_cache(maxsize=1)
def _units() -> tuple[frozenset, frozenset, frozenset]:
    """Folded (province, district, commune) before 2025, (province, commune) since, and
    (province, district) before 2025, from the package's tables."""
    old, new = legacy_rows(), rows_2025()
    olds = frozenset((_words(p), _bare(d), _bare(w or "")) for p, d, w in old)
    return olds, frozenset((_words(p), _bare(w)) for p, w in new), frozenset((p, d) for p, d, _ in olds)


_NUMBERED = re.compile(r"(?i)(?:xã|phường|thị trấn|huyện|quận|thị xã|thành phố)\s+(\d+)$")


@lru_cache(maxsize=65536)
def _short_name(short: str | None) -> tuple[str, bool]:
    """A unit's name as the package's short form gives it, without what it adds: a type in
    brackets ("Kỳ Anh (Huyện)") and the unit word of a numbered unit ("Phường 2" → "2");
    and whether it is numbered."""
    name = " ".join(re.sub(r"\s*\([^)]*\)\s*$", "", nfc(short or "")).split())
    m = _NUMBERED.match(name)
    return (m.group(1), True) if m else (name, False)


def _bare(short: str) -> str:
    """A unit's name (``_short_name``), folded."""
    return _words(_short_name(short)[0])


def known_place(text: str) -> bool:
    """The commune and district the place names (after ``xã``/``phường``/``thị trấn``,
    ``huyện``/``quận``/``thị xã``/``thành phố``) are units of its province, before 1/7/2025 or
    since. Looked up by name, never guessed."""
    found = find_provinces(text)
    if not found:
        return False
    name, prov = found[-1]
    province = _words(prov.name if prov is not None else name)
    written = _words(name)
    commune = district = None
    for part in _PARTS.split(text):
        folded = _words(part or "")
        if not folded or folded == written or folded.endswith(" " + written):
            continue  # the province itself
        m = _UNIT.search(" ".join(nfc(part).lower().split()))
        if not m:
            continue
        word, rest = fold(m.group(1)), _words(m.group(2))
        if word in _COMMUNE_WORDS and commune is None:
            commune = rest
        elif word in _DISTRICT_WORDS and district is None:
            district = rest
    olds, news, districts = _units()
    if district is not None:
        if commune is None:
            return (province, district) in districts
        return (province, district, commune) in olds
    if commune is None:
        return True
    return (province, commune) in news or any(p == province and w == commune for p, _, w in olds)


#: the five tone marks (NFD combining characters): sắc, huyền, hỏi, ngã, nặng
_TONES = frozenset("\u0301\u0300\u0309\u0303\u0323")


@lru_cache(maxsize=65536)  # the unit tables spell the same ~12,000 names over again
def _spelled(text: str) -> str:
    """A name as spelled — marks kept, case and tone placement not ("Hoà" = "Hòa", "Thuỷ" =
    "Thủy"; the package itself writes both): each word's letters, then its tone."""
    out = []
    for word in nfc(text).lower().split():
        nfd = unicodedata.normalize("NFD", word)
        out.append(unicodedata.normalize("NFC", "".join(c for c in nfd if c not in _TONES))
                   + "".join(c for c in nfd if c in _TONES))
    return " ".join(out)


@lru_cache(maxsize=1)
def _unit_names() -> tuple[frozenset, frozenset]:
    """Commune and district names as spelled (``_spelled``), any province, any time."""
    def spelled(short: str) -> str:
        name, numbered = _short_name(short)
        return name if numbered else _spelled(name)
    communes = frozenset(spelled(w) for _, _, w in legacy_rows()) | frozenset(spelled(w) for _, w in rows_2025())
    return communes, frozenset(spelled(d) for _, d, _ in legacy_rows())


def _named_parts(text: str) -> list[tuple[str, str]]:
    """(level, name as spelled) for the names after a place's commune and district words."""
    out = []
    found = find_provinces(text)
    province = _words(found[-1][0]) if found else None
    for part in _PARTS.split(text):
        folded = _words(part or "")
        if province and (folded == province or folded.endswith(" " + province)):
            continue  # the province itself ("Thành phố Hồ Chí Minh")
        m = _UNIT.search(" ".join(nfc(part or "").lower().split()))
        if not m:
            continue
        word, rest = fold(m.group(1)), _spelled(m.group(2).strip(" ."))
        if word in _COMMUNE_WORDS:
            out.append(("commune", rest))
        elif word in _DISTRICT_WORDS:
            out.append(("district", rest))
    return out


def spelled_as_units(text: str) -> bool:
    """Every unit the place names is spelled as some unit of that level is (anywhere): a name
    that matches a unit only without its marks ("xã Hỏ Đắc Kiện" for Hồ Đắc Kiện) was misread
    or miswritten, and is a question for a person."""
    communes, districts = _unit_names()
    for level, name in _named_parts(text):
        if name not in (communes if level == "commune" else districts):
            return False
    return spelled_province(text)


def spelled_province(text: str) -> bool:
    """The last province the place names is written as spelled ("tỉnh Sóc Trắng" is not
    Sóc Trăng); True where none is named or it is named by an abbreviation ("TP HCM")."""
    found = find_provinces(text)
    if not found:
        return True
    name = found[-1][0]
    if f" {_words(name)} " not in f" {_words(text)} ":
        return True  # an abbreviation of the name
    written = _spelled(re.sub(r"[^\w]+", " ", text))
    return f" {_spelled(name)} " in f" {written} "


def named_units(text: str) -> int:
    """How many of the units a place names exist, spelled as written, anywhere in the country:
    its province, and the names after its commune and district words. A mark misread by OCR
    ("xã Yên Lõng") usually makes a name no unit has, which tells two readings of one place
    apart even where the combination is not a unit of that province."""
    found = find_provinces(text)
    score = 1 if found and spelled_province(text) else 0
    communes, districts = _unit_names()
    for level, name in _named_parts(text):
        score += name in (communes if level == "commune" else districts)
    return score


#: unit words before a unit's name, as written (``thành phố`` names a district or a province)
UNIT_WORDS = {"xã": "commune", "phường": "commune", "thị trấn": "commune", "huyện": "district",
              "quận": "district", "thị xã": "district", "thành phố": "district", "tỉnh": "province"}


#: the unit words, longest first: a part opening with one is matched by the whole of it
_UNIT_WORDS_LONGEST = tuple(sorted(UNIT_WORDS, key=len, reverse=True))


def _unit_word(tokens: list[str]) -> tuple[str, int] | None:
    """The unit word the tokens start with, read with at most one letter wrong or lost
    ("ỉnh", "tình", "Lỉnh" for tỉnh), and how many tokens it takes."""
    for k in (2, 1):
        if len(tokens) <= k:
            continue
        seen = _words(" ".join(tokens[:k]))
        best = min(UNIT_WORDS, key=lambda u: levenshtein(seen, _words(u)))
        if len(_words(best).split()) == k and levenshtein(seen, _words(best)) <= (1 if len(seen) >= 3 else 0):
            return best, k
    if tokens and tokens[0].lower() == "ã" and len(tokens) > 1:
        return "xã", 1  # its x lost: no word is "ã" alone
    return None


def _first_unit(tokens: list[str]) -> tuple[int, str, int] | None:
    """Where a part's unit word is (after any words before it: "Ủy ban nhân dân xã …"): its
    token index, the unit word, and how many tokens it takes."""
    for i in range(len(tokens)):
        found = _unit_word(tokens[i:])
        if found is not None:
            return i, *found
    return None


def unit_words_read(text: str) -> int:
    """How many of the place's last three parts start with a unit word as spelled."""
    count = 0
    for part in text.split(",")[-3:]:
        tokens = part.lower().split()
        at = _first_unit(tokens)
        if at is not None:
            i, unit, k = at
            count += " ".join(tokens[i:i + k]) == unit
    return count


#: the office a civil-status record names before its commune ("Ủy ban nhân dân xã …")
OFFICE = "Ủy ban nhân dân"


def _office_words(text: str, most: int = 1) -> tuple[str, str, bool] | None:
    """(the words before the first unit, the rest, whether those words are the office's name as
    it is spelled — capitals and tone placement aside) when they are its name as read: its letters
    without marks, at most ``most`` of them otherwise ("Ủy Ban nhân dân", "Ủy ban nhân dần",
    "Ủ ban nhân dân") — or, with ``most`` at least ``OFFICE_NEAR``, each of its four words at
    most one letter off ("ủu bao chân dẫn")."""
    text = " ".join(text.split())
    m = _UNIT_START.search(text)
    if m is None or m.start() == 0:
        return None
    head = text[:m.start()].rstrip(" ,")
    seen, office = _words(head).split(), _words(OFFICE).split()
    # or, asked for a name a few letters off, its four words each a letter off ("ủu bao chân dẫn")
    apart = most >= OFFICE_NEAR and len(seen) == len(office) and all(
        levenshtein(a, b) <= 1 for a, b in zip(seen, office))
    if levenshtein(_words(head), _words(OFFICE)) > most and not apart:
        return None
    return head, text[m.start():], _spelled(_STOP_IN_NAME.sub("", head).rstrip(".")) == _spelled(OFFICE)


def office_misread(text: str) -> bool:
    """The office's name before the commune read with a mark or letter other than it has
    ("Ủy ban nhân dần", "Ủ ban nhân dân"); its capitals and tone placement ("Uỷ Ban") are
    no difference."""
    found = _office_words(text)
    return found is not None and not found[2]


#: the office's name read with at most this many of its letters otherwise is its name misread (a
#: hand's capital Ủ read as "C", "H", "l", "Cỷỳ")
OFFICE_NEAR = 2


def office_spelled(text: str) -> str:
    """The place with the office's name before its commune as it is spelled where it is read with
    a letter or mark it does not have ("Cy ban nhân dân xã …" → "Ủy ban nhân dân xã …"), the rest
    as read; "" where its name is read as spelled or is not there."""
    found = _office_words(text, OFFICE_NEAR)
    if found is None or found[2]:
        return ""
    return f"{OFFICE} {found[1]}"


def names_office(text: str) -> bool:
    """The office's name stands before the commune, as spelled or misread (``OFFICE_NEAR``)."""
    return _office_words(text, OFFICE_NEAR) is not None


def office_head(text: str) -> str:
    """The office's name before the commune as read where it is read with a letter or mark it
    does not have (``office_spelled``), else ""."""
    found = _office_words(text, OFFICE_NEAR)
    return found[0] if found is not None and not found[2] else ""


def separated(text: str) -> str:
    """The place's normal form: the office before it as spelled (``Ủy ban nhân dân``, whatever
    its capitals and tone placement), its units one after another, each after the first separated by
    ", " whatever was read between them — a comma, a full stop, or none ("huyện Ba Tri tỉnh Bến
    Tre": a written comma is the hand's smallest mark, the first a recogniser loses), a unit
    word opening a part in small letters ("Huyện Văn Chấn" → "huyện Văn Chấn"). What comes
    before the first unit ("Bệnh viện đa khoa", "tại nhà,") stays as read; so does every word."""
    text = _UNIT_WORD_STOP.sub(r"\1", " ".join(_LEADER_RUN.sub(" ", text).split()))
    found = _office_words(text)
    if found is not None and found[2]:
        text = f"{OFFICE} {found[1]}"  # "Uỷ Ban nhân dân": the office's name as it is spelled
    starts = [m.start() for m in _UNIT_START.finditer(text)]
    if len(starts) >= 2:
        out = text[:starts[1]]
        for a, b in zip(starts[1:], starts[2:] + [len(text)]):
            out = out.rstrip(" ,.;") + ", " + text[a:b]
        text = out.strip()
    return ", ".join(_no_stops(_unit_word_lower(part)) for part in text.split(", "))


#: a full stop between two words of a unit part ("tỉnh Bình. Định", "xã. Phú Thành"); not after
#: an abbreviation in capitals ("TP. Hồ Chí Minh")
_STOP_IN_NAME = re.compile(r"(?<![\s.][A-ZĐ])(?<![\s.][A-ZĐ]{2})(?<![\s.][A-ZĐ]{3})(?<=[^\W\d_])\.(?= [^\W\d_])")


#: a leader's dots read between two words, no space beside them ("phường..Hòa. Cường..Nam": a
#: printed place on a form's dotted line); a place never writes two full stops together
_LEADER_RUN = re.compile(r"(?<=[^\W\d_])\s?\.{2,}\s?(?=[^\W\d_])")


#: a unit word with a full stop or a comma read after it, before its unit's name or number ("xã.
#: Phú Thành", "huyện, Bạch Thông", "phường, 9": a leader's dot read as one) — not before another
#: unit word
_UNIT_WORD_STOP = re.compile(r"(?<!\S)(xã|phường|thị trấn|huyện|quận|thị xã|thành phố|tỉnh)[.,]"
                             r"(?= (?!(?:xã|phường|thị|huyện|quận|thành|tỉnh)\b)[^\W_])")


def _no_stops(part: str) -> str:
    """A unit's part of a place without the full stops read between its words: no unit word or
    name holds one; what was read there is a dot of the form's dotted line that stayed (its
    dot touched a letter) or a hand's stray mark. What comes before the first unit word (an
    office, a hospital) stays as read."""
    m = _UNIT_START.search(part)
    if m is None:
        return part
    return part[:m.start()] + _STOP_IN_NAME.sub("", part[m.start():])


def _unit_word_lower(part: str) -> str:
    """A part opening with a unit word in capitals ("Huyện Văn Chấn", "Xã Xuân Định" at the
    start) with it as it is written in a place's running text: ``huyện``, ``xã``."""
    for word in _UNIT_WORDS_LONGEST:
        if part[:len(word) + 1].lower() == word + " " and part[:len(word)] != word:
            return word + part[len(word):]
    return part


def units_as_spelled(text: str) -> bool:
    """The place ends in a province, every unit it names is spelled as one is, and no unit word
    nor the office before it is misread — what it names may still not exist together."""
    return (ends_in_unit(text) and spelled_as_units(text) and not unit_word_misread(text)
            and not office_misread(text))


def names_one_unit(text: str) -> bool:
    """A unit by its unit word and name alone ("XÃ AN BÌNH", "THỊ TRẤN ĐĂK RVE"), spelled as a
    commune or district of some province is (before 1/7/2025 or since)."""
    return named_units(text) == 1 and spelled_as_units(text) and "," not in text


@lru_cache(maxsize=4096)
def names_a_unit(text: str) -> bool:
    """Every unit the place names is spelled as one is and its commune and district are units of
    its province (before 1/7/2025 or since): a place that exists as written."""
    return units_as_spelled(text) and known_place(text)


def first_unit_word_misread(text: str) -> bool:
    """The unit word opening a place of several parts read with a letter wrong or lost ("ã Trung
    Môn, huyện Yên Sơn, …", "thị tần Yên Mỹ, …"): its units may still be found by their names."""
    parts = text.split(",")
    return len(parts) >= 2 and _opens_misread(parts[0].split())


def _opens_misread(tokens: list[str]) -> bool:
    """The tokens open with a unit word read with a letter wrong or lost ("tình", "ã")."""
    found = _unit_word(tokens)
    return found is not None and " ".join(tokens[:found[1]]).lower() != found[0]


def unit_word_misread(text: str) -> bool:
    """A word where a unit word belongs that is a misreading of one: a part after a comma opening
    with a near unit word ("Lỉnh Bắc Ninh", ", hyện Kim Động", ", thị tần Yên Mỹ"), or the word
    just before the province's name near "tỉnh" ("… Giang tình Thái Bình", "Anh Tuyên Quang").
    The place may then name its units and still be misread."""
    parts = text.split(",")
    for part in parts[1:]:
        if _opens_misread(part.split() + [""]):  # a lone unit word at the end is a part too
            return True
    return _kind_misread(text) is not None


#: a province's kind word under a name it no longer has (a tỉnh until it became thành phố Huế)
_FORMER_KIND = {"Thừa Thiên Huế": "tỉnh"}


def _kind_misread(text: str) -> tuple[int, int, str] | None:
    """Where the word just before the province's name is a misreading of "tỉnh" ("… Giang tình
    Thái Bình", "Anh Tuyên Quang"): its start and end in ``text`` and the province's kind word
    under its name as read ("" for a name only the 2025 units have); None where it is not (a
    comma or "tỉnh"/"phố" before the name, or the end of a unit's name: "thị xã Hòa Thành Tây
    Ninh", "huyện Anh Sơn")."""
    found = find_provinces(text)
    if not found:
        return None
    name, prov = found[-1]
    kind = _FORMER_KIND.get(name, prov.kind if prov is not None else "")
    at = text.rfind(name)
    before = text[:at].split() if at > 0 else []
    if not before or before[-1].endswith((",", ";")):
        return None
    prev, words = before[-1].strip("."), 1
    if len(prev) == 1 and len(before) >= 2 and not before[-2].endswith((",", ";")):
        # the word split by a space the hand left in it ("Bỉn h Bình Thuận")
        prev, words = before[-2] + prev, 2
    if prev.lower() in ("tỉnh", "phố") or not prev.isalpha():
        return None
    if levenshtein(fold(prev).lower(), "tinh") > 2:
        return None
    # the end of the unit's name before it ("thị xã Hòa Thành Tây Ninh", "huyện Anh Sơn")
    head = " ".join(before)
    opened = list(_UNIT_START.finditer(head))
    if opened:
        communes, districts = _unit_names()
        named = _spelled(head[opened[-1].end():])
        if named in communes or named in districts:
            return None
    end = text.rfind(before[-1], 0, at) + len(before[-1])
    return text.rfind(" ".join(before[-words:]), 0, end), end, kind


def province_kind_spelled(text: str) -> str:
    """The place with the word before its province's name, a misreading of the province's kind
    word "tỉnh" (``_kind_misread``: "… Sơn Động, Anh Bắc Giang", "ỉnh Thừa Thiên Huế"), as it is
    spelled — where the province is a tỉnh; "" otherwise."""
    found = _kind_misread(text)
    if found is None or found[2] != "tỉnh":
        return ""
    start, end, _ = found
    return text[:start] + "tỉnh" + text[end:]


def _since_2025(text: str) -> str:
    from vietnamadminunits import convert_address
    try:
        unit = convert_address(text)
    except Exception:  # noqa: BLE001
        return ""
    if unit and unit.ward and unit.province:
        return f"since 1/7/2025: {unit.ward}, {unit.province}"
    return ""


def suggest(text: str) -> tuple[str, ...]:
    """Suggestions for a place as written: what its province (and commune) is today; nothing
    is changed."""
    out = []
    for name, prov in find_provinces(text):
        if prov is None:
            out.append(f"{name}: province since 1/7/2025")
        elif prov.name_2025 != prov.name:
            out.append(f"{prov.kind} {prov.name} (code {prov.code}): since 1/7/2025 part of "
                       f"{prov.kind_2025} {prov.name_2025}")
        else:
            out.append(f"{prov.kind} {prov.name} (code {prov.code})")
    if _DISTRICT.search(fold(text)):
        out.append("names a district (huyện/quận/thị xã): district level abolished on 1/7/2025")
        r = resolve(text)
        if r is not None and r.commune:
            now = _since_2025(text)
            if now:
                out.append(now)
    if not out and text.strip():
        out.append("no province recognised")
    return tuple(out)


#: a country written after the province ("…, tỉnh Nam Định, Việt Nam")
_COUNTRY_TAIL = re.compile(r"\s*(viet nam|vn)$")


def ends_in_unit(text: str) -> bool:
    """The place as written ends with a province or centrally-run city (pre- or post-2025 name):
    a place cut off at a line end (``…, tỉnh``, ``…, Thành phố Hồ``) does not."""
    hay = _COUNTRY_TAIL.sub("", _words(text))
    return any(hay == folded or hay.endswith(" " + folded) for folded, _, _ in _index())
