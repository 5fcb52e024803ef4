"""The words of a place as read: its unit words and the registration office before it, spelled,
misread or lost, and the place's normal form (``separated``). Split from ``places``, which holds the
administrative units themselves and what a place names."""

from __future__ import annotations

import re
from functools import lru_cache

from ..domain.text import fold, levenshtein
from .places import (_UNIT_START, _spelled, _unit_names, _words, ends_in_unit, find_provinces, known_place, named_units, spelled_as_units)


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
    ", " whatever was read between them — a comma (or a low quote, as Tesseract reads one), a
    full stop, or none ("huyện Ba Tri tỉnh Bến
    Tre": a written comma is the hand's smallest mark, the first a recogniser loses), a unit
    word opening a part in small letters ("Huyện Văn Chấn" → "huyện Văn Chấn"). What comes
    before the first unit ("Bệnh viện đa khoa", "tại nhà,") stays as read; so does every word
    (but a speck read as a mark opening it: "tỉnh ¡Cao Bằng") —
    but a place of death at home is a part of its own, separated from the commune so too
    ("tại nhà xã Ba Vì" → "tại nhà, xã Ba Vì"; a hospital's name runs on into its commune's)."""
    text = _UNIT_WORD_STOP.sub(r"\1", " ".join(_LEADER_RUN.sub(" ", _SPECK_OPENING.sub("", text)).split()))
    # a unit word written with a capital opening the place or a part ("Xã Mỹ Sơn huyện …"):
    # a unit for where the units start, as it is in small letters
    text = _OPENING_UNIT.sub(lambda m: m[1] + m[2].lower(), text)
    found = _office_words(text)
    if found is not None and found[2]:
        text = f"{OFFICE} {found[1]}"  # "Uỷ Ban nhân dân": the office's name as it is spelled
    first = _UNIT_START.search(text)
    if first is not None and _AT_HOME.fullmatch(text[:first.start()]):
        text = text[:first.start()].rstrip(" ,.;") + ", " + text[first.start():]
    elif first is not None and (_LEAD_STOP.search(text[:first.start()])
                                or _institution(text[:first.start()].rstrip(" ,.;"))):
        # a dotted line's dot left after what the place names before its commune ("Bệnh viện đa
        # khoa. xã …"), or a comma after an institution's name ("Nhà hộ sinh, xã Ia RVê"): a
        # hospital's name runs on into its commune's
        text = text[:first.start()].rstrip(" .,;") + " " + text[first.start():]
    starts = [m.start() for m in _UNIT_START.finditer(text)]
    if len(starts) >= 2:
        out = text[:starts[1]]
        for a, b in zip(starts[1:], starts[2:] + [len(text)]):
            # a colon too ("phường Vĩnh Quang;:, thành phố …"), and a comma read as a low quote
            # ("xã Đại Chánh„, huyện …": Tesseract's ``„`` and ``‚`` for a comma)
            out = out.rstrip(" ,.;:\u201e\u201a") + ", " + text[a:b]
        text = out.strip()
    return ", ".join(_no_stops(_unit_word_lower(part)) for part in text.split(", "))


#: what a place of birth or death names before its commune: the wordings the registers use for
#: where it happened (a commune health station, a hospital, a maternity home, at home)
OPENINGS = ("tại nhà", "Trạm y tế", "Trạm Y tế", "Bệnh viện", "Bệnh viện đa khoa", "Bệnh viện Đa khoa",
            "Bệnh viện Phụ sản", "Bệnh viện Sản Nhi", "Nhà hộ sinh", "Trung tâm y tế", "Trung tâm Y tế",
            "Phòng khám đa khoa", "Phòng khám đa khoa khu vực", "Khoa sản")


def _institution(lead: str) -> bool:
    """``lead`` is an institution's wording of ``OPENINGS`` (not "tại nhà"): its name runs on into
    its commune's."""
    return bool(lead) and fold(lead).lower() in _institutions()


@lru_cache(maxsize=1)
def _institutions() -> frozenset[str]:
    return frozenset(fold(o).lower() for o in OPENINGS[1:])


#: a full stop (or a run of dots) ending the words before a place's first unit word, after a word
#: of small letters (not an abbreviation in capitals: "TP.")
_LEAD_STOP = re.compile(r"(?<=[a-zà-ỹđ])\s?\.+\s*$")
#: what a place of death at home names before its commune, as read (``tại nhà``, ``Tại nhà``, its
#: comma lost or read as a full stop)
_AT_HOME = re.compile(r"\s*[Tt]ại nhà\s*[,.;]?\s*")

#: a full stop between two words of a unit part ("tỉnh Bình. Định", "xã. Phú Thành"); not after
#: an abbreviation in capitals ("TP. Hồ Chí Minh")
_STOP_IN_NAME = re.compile(r"(?<![\s.][A-ZĐ])(?<![\s.][A-ZĐ]{2})(?<![\s.][A-ZĐ]{3})(?<=[^\W\d_])\.(?= [^\W\d_])")


#: a dot read before a word of a unit's name, after a space ("thành phố .Kon Tum": a leader's dot)
_DOT_BEFORE_NAME = re.compile(r"(?<= )\.+(?=[^\W\d_])")


#: a leader's dots read between two words, no space beside them ("phường..Hòa. Cường..Nam": a
#: printed place on a form's dotted line); a place never writes two full stops together
_LEADER_RUN = re.compile(r"(?<=[^\W\d_])\s?\.{2,}\s?(?=[^\W\d_])")
#: a mark no place's name opens with, glued to a word's start ("tỉnh ¡Cao Bằng": a speck read
#: as one): no part of the place's normal form
_SPECK_OPENING = re.compile(r"(?<!\S)[¡¿`´^~¨«»“”‘’]+(?=[^\W\d_])")


#: a unit word with a full stop, a comma or a colon read after it, before its unit's name or number
#: ("xã. Phú Thành", "huyện, Bạch Thông", "phường, 9": a leader's dot read as one; "tỉnh: Đắk Lắk")
#: — not before another unit word
_UNIT_WORD_STOP = re.compile(r"(?<!\S)(xã|phường|thị trấn|huyện|quận|thị xã|thành phố|tỉnh)[.,:]"
                             r"(?= (?!(?:xã|phường|thị|huyện|quận|thành|tỉnh)\b)[^\W_])")


def _no_stops(part: str) -> str:
    """A unit's part of a place without the full stops read between its words: no unit word or
    name holds one; what was read there is a dot of the form's dotted line that stayed (its
    dot touched a letter) or a hand's stray mark. What comes before the first unit word (an
    office, a hospital) stays as read."""
    m = _UNIT_START.search(part)
    if m is None:
        return part
    return part[:m.start()] + _DOT_BEFORE_NAME.sub("", _STOP_IN_NAME.sub("", part[m.start():]))


#: a unit word with a capital (``Xã``, ``Thành phố``) opening the text or after a separator
_OPENING_UNIT = re.compile(r"(^|[,;]\s*)(" + "|".join(w[0].upper() + w[1:] for w in _UNIT_WORDS_LONGEST)
                           + r")(?=\s)")


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
    its province (before 1/7/2025 or since): a place that exists as written — judged on its normal
    form (``separated``): read with a leader's dots on its words and no comma (``Ủy. ban. nhân dân.
    xã. Gia. Mô. huyên. Tân. Lac..tỉnh Hòa. Bình..``), no unit word opened a part, and the one
    part ending in the province's name passed for the province alone."""
    text = separated(text)
    return units_as_spelled(text) and known_place(text)


def first_unit_word_misread(text: str) -> bool:
    """The unit word opening a place of several parts read with a letter wrong or lost ("ã Trung
    Môn, huyện Yên Sơn, …", "thị tần Yên Mỹ, …"): its units may still be found by their names."""
    parts = text.split(",")
    return len(parts) >= 2 and _opens_misread(_after_office(parts[0].split()))


def _after_office(tokens: list[str]) -> list[str]:
    """The tokens after the office's name opening them, a letter or two off as read (``Ủy ban
    nhân dân phương Ó, …``: the unit word after it is the place's first), else all of them."""
    office = _words(OFFICE)
    if len(tokens) > 4 and levenshtein(_words(" ".join(tokens[:4])), office) <= OFFICE_NEAR:
        return tokens[4:]
    return tokens


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
