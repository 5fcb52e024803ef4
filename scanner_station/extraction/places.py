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
from ..domain.text import fold, nfc

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


def _province_key(found: list) -> str:
    """The folded name of the last province ``find_provinces`` found: its table's name where it
    knows the province, as written otherwise."""
    name, prov = found[-1]
    return _words(prov.name if prov is not None else name)


def known_place(text: str) -> bool:
    """The commune and district the place names (after ``xã``/``phường``/``thị trấn``,
    ``huyện``/``quận``/``thị xã``/``thành phố``) are units of its province, before 1/7/2025 or
    since. Looked up by name, never guessed."""
    found = find_provinces(text)
    if not found:
        return False
    province = _province_key(found)
    written = _words(found[-1][0])
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
    by_province = _province_unit_names().values()
    return frozenset().union(*(c for c, _ in by_province)), frozenset().union(*(d for _, d in by_province))


@lru_cache(maxsize=1)
def _province_unit_names() -> dict[str, tuple[frozenset, frozenset]]:
    """The commune and district names as spelled (``_spelled``; a numbered unit's number) of each
    province (folded name), before 1/7/2025 and since."""
    def spelled(short: str) -> str:
        name, numbered = _short_name(short)
        return name if numbered else _spelled(name)
    communes: dict[str, set] = {}
    districts: dict[str, set] = {}
    for p, d, w in legacy_rows():
        communes.setdefault(_words(p), set()).add(spelled(w))
        districts.setdefault(_words(p), set()).add(spelled(d))
    for p, w in rows_2025():
        communes.setdefault(_words(p), set()).add(spelled(w))
    return {p: (frozenset(c), frozenset(districts.get(p, ()))) for p, c in communes.items()}


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
    """Every unit the place names is spelled as some unit of that level is (of its province,
    where it names one the tables know; anywhere otherwise): a name that matches a unit only
    without its marks ("xã Hỏ Đắc Kiện" for Hồ Đắc Kiện; "xã Thanh Phú, huyện Cầu Kè, tỉnh Trà
    Vinh", a commune's name elsewhere, for Thạnh Phú) was misread or miswritten, and is a
    question for a person."""
    found = find_provinces(text)
    communes, districts = (found and _province_unit_names().get(_province_key(found))) or _unit_names()
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
    # the words where the name is written last: a district of the same name before it ("thành
    # phố Sơn La, tỉnh Sơn Lạ") is not the province
    folded = _words(name)
    words, k = re.sub(r"[^\w]+", " ", text).split(), len(folded.split())
    at = max((i for i in range(len(words) - k + 1) if _words(" ".join(words[i:i + k])) == folded), default=-1)
    return at >= 0 and _spelled(" ".join(words[at:at + k])) == _spelled(re.sub(r"[^\w]+", " ", name))


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
