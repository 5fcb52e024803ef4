"""Other readings of a place as read: candidates for a recogniser to weigh against the ink.

A place misread by OCR usually names a unit no one has ("xã Vĩnh Hong") or units that do not
belong together; the units that exist — the nearest names in the country, and first the
nearest among the province's own districts and the district's own communes — give readings
of the same words for AsterOCR's frame probabilities to weigh (``reread.CropReader``). They are
candidates only: never a value by themselves, and a reading taken from them is shown as a
question with the page reading kept.
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache
from itertools import product

from ..domain.text import letters_key, levenshtein
from .places import _UNIT_START, _short_name, _spelled, _words, ends_in_unit, find_provinces, legacy_rows, provinces, rows_2025
from .place_words import OFFICE, OPENINGS, UNIT_WORDS, _first_unit, _office_words
from ..ocr.spacing import in_capitals

#: the unit words before a commune's name and a district's (``thành phố`` names a district
#: where a province follows it)
_LEVEL = {"xã": "commune", "phường": "commune", "thị trấn": "commune", "huyện": "district",
          "quận": "district", "thị xã": "district", "thành phố": "district"}


@lru_cache(maxsize=1)
def _written_names() -> dict[str, dict[str, str]]:
    """Per level (commune, district, province): a unit's name as spelled (``_spelled``) → as
    the package writes it, for every unit before 1/7/2025 and since."""
    out: dict[str, dict[str, str]] = {"commune": {}, "district": {}, "province": {}}

    def add(level: str, short: str | None) -> None:
        name, numbered = _short_name(short)
        if name and not numbered:
            out[level].setdefault(_spelled(name), name)
    for _, d, w in legacy_rows():
        add("district", d)
        add("commune", w)
    for _, w in rows_2025():
        add("commune", w)
    for p in provinces():
        add("province", p.name)
        add("province", p.name_2025)
    return out


@lru_cache(maxsize=1)
def _hierarchy() -> tuple[dict, dict]:
    """Before 1/7/2025, per province (folded): its districts' names as spelled → (as written,
    their communes as spelled → as written); since, per province: its communes. Numbered units
    ("Phường 2") are left out: a number is not a name to be near to."""
    olds: dict[str, dict[str, tuple[str, dict[str, str]]]] = {}
    for p, d, w in legacy_rows():
        dname, dnum = _short_name(d)
        if not dname or dnum:
            continue
        _, communes = olds.setdefault(_words(p), {}).setdefault(_spelled(dname), (dname, {}))
        wname, wnum = _short_name(w)
        if wname and not wnum:
            communes.setdefault(_spelled(wname), wname)
    news: dict[str, dict[str, str]] = {}
    for p, w in rows_2025():
        wname, wnum = _short_name(w)
        if wname and not wnum:
            news.setdefault(_words(p), {}).setdefault(_spelled(wname), wname)
    return olds, news


def _name_after_unit(part: str) -> tuple[str, str] | None:
    """(level, name as spelled) of a commune or district part, None for any other."""
    tokens = part.split()
    at = _first_unit(tokens)
    if at is None or at[1] not in _LEVEL:
        return None
    i, unit, k = at
    return _LEVEL[unit], _spelled(" ".join(tokens[i + k:]))


def _in_province(parts: list[str]) -> dict[int, dict[str, str]]:
    """Per part index, the names as spelled → as written of the units that part may name within
    the province the place ends in: the province's districts for its district part; for its
    commune part the communes of the district read (of the nearest districts to it where it is
    none of the province's; of the whole province, before 2025 and since, where no district is
    read). Empty where the place names no province."""
    found = find_provinces(parts[-1]) if parts else []
    if not found:
        return {}
    name, prov = found[-1]
    olds, news = _hierarchy()
    districts = olds.get(_words(prov.name), {}) if prov is not None else {}
    since = news.get(_words(prov.name_2025 if prov is not None else name), {})
    levels = {n: lv for n in range(max(0, len(parts) - 3), len(parts) - 1)
              if (lv := _name_after_unit(parts[n])) is not None}
    pools: dict[int, dict[str, str]] = {}
    near: list[str] = []
    for n, (level, read) in levels.items():
        if level == "district" and districts:
            pools[n] = {sp: written for sp, (written, _) in districts.items()}
            near = [read] if read in districts else difflib.get_close_matches(read, districts, n=2, cutoff=0.5)
    for n, (level, _) in levels.items():
        if level == "commune":
            pool: dict[str, str] = {}
            for d in near or list(districts):
                pool.update(districts[d][1])
            if not near:
                pool.update(since)
            pools[n] = pool
            break
    return pools


@lru_cache(maxsize=8192)
def _nearest(spelled: str, level: str, n: int) -> tuple[str, ...]:
    """The ``n`` names of a level nearest to one as spelled, anywhere (~10,000 communes: 12 ms a
    look-up; a book's places repeat, page after page)."""
    return tuple(difflib.get_close_matches(spelled, _written_names()[level], n=n, cutoff=0.6))


def _parts(text: str) -> tuple[list[str], list[str]]:
    """A place's parts — at its commas, and before each unit word after a part's first (a comma
    the hand or the recogniser lost: "xã Đắk Drô huyện Krông Nô tỉnh Đắk Nông") — and what
    stood before each part after the first ("," or nothing)."""
    parts: list[str] = []
    seps: list[str] = []
    for chunk in text.split(","):
        starts = [m.start() for m in _UNIT_START.finditer(chunk)][1:]
        for j, (a, b) in enumerate(zip([0] + starts, starts + [len(chunk)])):
            if parts:
                seps.append("," if j == 0 else "")
            parts.append(chunk[a:b])
    return parts, seps


def _joined(parts: tuple[str, ...] | list[str], seps: list[str]) -> str:
    out = parts[0].strip()
    for sep, part in zip(seps, parts[1:]):
        out += (", " if sep else " ") + part.strip()
    return out


def unit_readings(text: str, per_part: int = 2) -> list[str]:
    """Other readings of a place as written: in each of its last three parts (commune, district,
    province) the unit word and the name replaced by the nearest existing ones ("ỉnh Đắk Cắk" →
    "tỉnh Đắk Lắk"), the nearest of the province's own units first ("xã Vĩnh Hong, huyện Vĩnh
    Bảo" → "xã Vĩnh Hưng": one of Vĩnh Bảo's communes). Candidates for a recogniser to weigh
    against the ink, never a value by themselves; the place as read comes first."""
    names = _written_names()
    parts, seps = _parts(text)
    local = _in_province(parts)
    options: list[list[str]] = []
    for n, part in enumerate(parts):
        tokens = part.split()
        opts = [" ".join(tokens)]
        at = _first_unit(tokens) if n >= len(parts) - 3 else None
        if at is not None:
            i, unit, k = at
            name = " ".join(tokens[i + k:])
            levels = ("district", "province") if unit == "thành phố" else (UNIT_WORDS[unit],)
            first = n == 0 and i == 0 and tokens[i][:1].isupper()  # "Thị trấn …" opening the place
            written = unit[:1].upper() + unit[1:] if first else unit
            pool = local.get(n, {})
            for near in difflib.get_close_matches(_spelled(name), pool, n=per_part, cutoff=0.5):
                opts.append(" ".join(tokens[:i] + [written, pool[near]]))
            for level in levels:
                for near in _nearest(_spelled(name), level, per_part):
                    opts.append(" ".join(tokens[:i] + [written, names[level][near]]))
        if n == len(parts) - 1 and tokens:
            # the province's unit word read as another word ("Anh Bình Định", "Đình Khánh Hòa")
            # or not at all: the province's kind word before its name ("Bình" may look like a
            # misread "tỉnh" above: both readings are candidates)
            for name, prov in find_provinces(part)[-1:]:
                k = len(name.split())
                kind = len(prov.kind.split()) if prov is not None else 0
                if (prov is None or _words(" ".join(tokens[-k:])) != _words(name)
                        or " ".join(tokens[-k - kind:-k]).lower() == prov.kind):
                    continue  # not the province's name, or its kind word read as spelled before it
                opts.append(" ".join(tokens[:-k] + [prov.kind] + tokens[-k:]))
                if len(tokens) > k:
                    opts.append(" ".join(tokens[:-k - 1] + [prov.kind] + tokens[-k:]))
        options.append(list(dict.fromkeys(opts)))
    found = _office_words(parts[0])
    if found is not None and not found[2]:
        # "Ủy ban nhân dần xã …": the office's name as it is spelled, the rest of the part as read
        options[0] = list(dict.fromkeys(options[0] + [f"{OFFICE} {o[len(found[0]):].lstrip()}"
                                                      for o in options[0] if o.startswith(found[0])]))
    out = []
    for combo in product(*options):
        cand = _joined(combo, seps)
        if cand != _joined([o[0] for o in options], seps):
            out.append(cand)
    return out[:64]


def names_marked_otherwise(reading: str, value: str) -> int:
    """How many of a place's unit names ``reading`` marks otherwise than ``value`` where each of
    its names has the value's very letters there, only marks apart ("xã Phi Tô, huyện Lâm Hà, …"
    beside "xã Phi Tố, huyện Lậm Hà, …": 2) — the unit words before the names and the office's
    name not compared; 0 where a name's letters differ or no name's marks do."""
    theirs, _ = _parts(reading)
    ours, _ = _parts(value)
    if len(theirs) != len(ours):
        return 0
    count = 0
    for a, b in zip(theirs, ours):
        ta, tb = a.split(), b.split()
        at = _first_unit([t.lower() for t in ta])
        if at is not None:  # the name after the unit word; the value's as many last words
            ta = ta[at[0] + at[2]:]
            tb = tb[len(tb) - len(ta):] if ta else []
        if letters_key(" ".join(ta)) != letters_key(" ".join(tb)):
            return 0
        count += ta != tb
    return count


def province_readings(text: str, per_span: int = 2) -> list[str]:
    """Where a place ends in no province as written ("… huyện Hưng Nguyên ừa Nghệ Un"): the place
    with its last one to three words read as the nearest provinces' names, after their kind word
    (``tỉnh``, ``thành phố``) — in place of the word before them too, a misread kind word
    ("ừa"). Candidates for the ink to weigh, never a value by themselves."""
    if ends_in_unit(text):
        return []
    names = _written_names()["province"]
    tokens = text.split()
    out: list[str] = []
    for k in (2, 3, 1):
        if len(tokens) <= k:
            continue
        for near in difflib.get_close_matches(_spelled(" ".join(tokens[-k:])), names, n=per_span, cutoff=0.6):
            found = find_provinces(names[near])
            kind = found[0][1].kind if found and found[0][1] is not None else "tỉnh"
            for drop in range(len(kind.split()), -1, -1):  # the kind word as misread: one word a word
                head = tokens[:len(tokens) - k - drop]
                if head:
                    out.append(" ".join(head + [kind, names[near]]))
    return list(dict.fromkeys(out))


def _squeezed(text: str) -> str:
    """``text`` folded (``places._words``) with its word spaces left out: "Trạmy tế" and "Trạm y
    tế" alike."""
    return _words(text).replace(" ", "")


#: the office's name read with at most one letter in this many otherwise is weighed as an opening
OFFICE_SHARE = 3


def opening_readings(text: str) -> list[str]:
    """The place with each listed wording nearly as read in place of what it names before its
    first unit ("Bệnh viện đã khoa xã …", "lại nhà, xã …", "Trạmy tế phường …"); none when that
    is a listed wording already, is nothing, or is near none of them (a place's own name: "Chợ
    Rẫy" stays as read). The words from the first unit on stay as read."""
    m = _UNIT_START.search(text)
    if m is None or m.start() == 0:
        return []
    head, rest = text[:m.start()], text[m.start():]
    core = head.strip(" ,.;:\"'“”")
    if core in OPENINGS and head.lstrip(" ,.;:\"'“”") != head.lstrip():
        return [f"{core}{head[len(head.rstrip(' ,.;:')):] or ' '}{rest}"]  # the label's colon before it
    if not core or core in OPENINGS or _office_words(text) is not None:
        return []  # a listed wording, or the office's name, as read (``fixed_wordings`` spells it)
    sep = head[len(head.rstrip(" ,.;:")):] or " "
    seen = _squeezed(core)  # its word spaces as often lost as any letter
    # a hand's "Trạm y" is read "Trong", "Trụng" (three letters of seven): up to half its
    # letters, three at most, otherwise — the ink decides among them
    near = [o for o in OPENINGS if levenshtein(seen, _squeezed(o)) <= max(1, min(3, len(seen) // 2))]
    # the office's name before the commune a registration office names, its capital Ủ and a word
    # misread past what ``fixed_wordings`` spells without the ink ("Gy thu nhân dân", "Cy boa
    # nhân dân", "Qlỳy ban nhân dân"): up to a third of its letters otherwise
    office = _squeezed(OFFICE)
    if levenshtein(seen, office) <= len(office) // OFFICE_SHARE:
        near.append(OFFICE)
    return [f"{o}{sep}{rest}" for o in near]


#: the unit words an office's heading opens with, by the level of the unit they name (longest
#: first: "thị trấn" before "thị xã" before "xã")
_OFFICE_UNITS = (("thị trấn", "commune"), ("thành phố", "district"), ("thị xã", "district"),
                 ("phường", "commune"), ("huyện", "district"), ("quận", "district"), ("xã", "commune"))


@lru_cache(maxsize=1)
def _squeezed_names() -> dict[str, dict[str, tuple[str, ...]]]:
    """Per level: a unit's name folded with its spaces left out ("donghoa") → the names as the
    package writes them that fold so ("Đông Hòa", "Đồng Hòa")."""
    out: dict[str, dict[str, tuple[str, ...]]] = {}
    for level, names in _written_names().items():
        pool: dict[str, tuple[str, ...]] = {}
        for written in names.values():
            key = _squeezed(written)
            pool[key] = pool.get(key, ()) + (written,)
        out[level] = pool
    return out


def office_unit_readings(text: str, n: int = 6) -> list[str]:
    """A unit by its unit word and name ("XÃĐỖNGHÒA", "PHƯỜNG QUANGTIỂN", "XÃ TÂN PHÚ THẠMH")
    with the names nearest to it of the units that level has, anywhere — its word spaces,
    often lost in a heading written in capitals, not counted: candidates for the ink to weigh,
    written in the case the reading has. None where no unit word opens it."""
    squeezed = _squeezed(text)
    opening = next(((word, level, key) for word, level in _OFFICE_UNITS
                    if squeezed.startswith(key := _squeezed(word)) and len(squeezed) > len(key) + 1), None)
    if opening is None:
        return []
    word, level, key = opening
    pool = _squeezed_names()[level]
    near = difflib.get_close_matches(squeezed[len(key):], pool, n=n, cutoff=0.7)
    capitals = in_capitals(text)
    out = []
    for k in near:
        for written in pool[k]:
            cand = f"{word} {written}"
            cand = cand.upper() if capitals else cand[:1].upper() + cand[1:]
            if cand != text and cand not in out:
                out.append(cand)
    return out


def _lead(text: str) -> tuple[str, int] | None:
    """What a place as read holds before its first unit word (stripped), and where that word
    starts; None where it names no unit word."""
    m = _UNIT_START.search(text)
    return (text[:m.start()].strip(), m.start()) if m is not None else None


def without_lead(text: str, value: str) -> str:
    """Another reading of a place, ``text``, cut before its first unit word where one to three
    letters stand before it that the page reading ``value``, which opens with a unit word, does
    not have ("tỉ xã Lưng Năng, …", "ỉ phường Trường Thi, …": the crop took in the end of the
    label before the value), or a digit or two and a colon ("1: xã Thiệu Thành, …": the label's
    colon and a stroke before it); ``text`` as read otherwise."""
    if not _UNIT_START.match(value.lstrip()):
        return text
    lead = _lead(text)
    if lead is None or not re.fullmatch(r"[^\W\d_]{1,3}[.,:;]?|\d{1,2}\s?[:;]", lead[0]):
        return text
    return text[lead[1]:]


#: the one-letter words a place may open with before its first unit ("ở xã …": "at")
_ONE_LETTER_WORDS = ("ở", "Ở")
#: a place shown without a letter read before its first unit word
LEAD_LEFT_OUT = ("shown without the letter read before the place's first unit word (a leader's dot or "
                 "the label's last letter read as one): no place opens with it")


def stray_lead(text: str) -> str:
    """A place as read with one letter (or a mark) before its first unit word that is no word a
    place opens with ("i xã Kỳ Giang, …", "ẽ xã Đất Bằng, …"; an item's number glued on, "3i xã
    …"): the place from its unit word; or opening with a letter or two and a colon before its
    words ("t: Bệnh viện đa khoa xã …": the label's last letter and its colon, "Nơi chết:", taken
    in by the crop): the place after the colon; "" where it has neither."""
    rest = _after_label_tail(text)
    if rest and _lead(rest) is not None:
        return rest
    lead = _lead(text)
    if lead is None or not lead[0] or not re.fullmatch(r"\d?[^\W\d_]?[.,:;'`^~]?", lead[0]) \
            or lead[0].rstrip(".,:;'`^~") in _ONE_LETTER_WORDS:
        return ""
    return text[lead[1]:]


def unit_label_tail(text: str) -> str:
    """A unit (``XÃ TÂN PHÚ``, an issuer) read with a letter or two and a colon before its unit
    word ("N: XÃ TÂN PHÚ": the last letter of the line above or of a label and its colon): the
    unit from its unit word; "" where it has none."""
    rest = _after_label_tail(text)
    words = rest.lower().split()
    return rest if words and (words[0] in UNIT_WORDS or " ".join(words[:2]) in UNIT_WORDS) else ""


def _after_label_tail(text: str) -> str:
    """What follows a letter or two and a colon opening ``text`` (a label's last letters and its
    colon), "" where it opens otherwise or with a unit word and its colon (``xã: Tân Phú``, as
    written)."""
    m = _LABEL_TAIL.match(text)
    return text[m.end():] if m is not None and m[1].lower() not in UNIT_WORDS else ""


#: a letter or two and a colon opening a value: a label's last letters and its colon (the space
#: after it may be lost: "n:Nhà hộ sinh xã …")
_LABEL_TAIL = re.compile(r"\s*([^\W\d_]{1,2})\s?:\s*(?=\S)")
