"""A place's two-word unit words (thị xã, thành phố, thị trấn) read with a letter lost or misread
("Chị, xã Sa Pa", "Khịixã Ba Đồn", "Hành phố Bắc Giang": a hand's t read as C or lost), and its
one-word ones (huyện, quận, phường) read with a mark or a letter otherwise ("huyên Dầu Tiếng",
"Ruyên Đăk Glong"), where the name after them is a unit's of that kind: the place as it reads with the unit word spelled, a
candidate to show — never a value by itself (``rereading.fixed_wordings``)."""

from __future__ import annotations

from functools import lru_cache

from ..domain.text import fold, levenshtein
from . import place_words, places
from .place_readings import OPENINGS, _squeezed

#: a two-word unit word read with a letter lost or misread, shown spelled
DISTRICT_KIND_SPELLED = ("the unit word before a unit's name shown as it is spelled (thị xã, thành phố, thị trấn, huyện, quận, phường): "
                         "the page reading has a letter or mark it does not have")
#: the unit words of two words, their letters without marks
_KINDS = {"thị xã": "thixa", "thành phố": "thanhpho", "thị trấn": "thitran"}
#: the unit words of one word, their letters without marks, shown spelled where read with a mark
#: or a letter otherwise ("huyên Dầu Tiếng", "phờng Quyết Thắng")
_ONE = {"huyện": "huyen", "quận": "quan", "phường": "phuong"}
#: how many letters (marks aside, spaces and commas left out) a reading of them may have otherwise:
#: in one word, and in two ("Chị bần": the hand's t read as C and as b, its r lost)
NEAR = 2
NEAR_TWO = 3
#: the words a unit's name ends before
_OPENERS = ("xã", "phường", "thị", "huyện", "quận", "thành", "tỉnh")


def _name_after(words: list[str], start: int) -> str:
    """The words from ``start`` up to the one ending with a comma (itself included, without it),
    or up to the next unit word: a unit's name as read."""
    out: list[str] = []
    if start < len(words) and words[start].lower() in _OPENERS:
        return ""
    for w in words[start:]:
        if out and w.lower() in _OPENERS:
            break
        out.append(w.rstrip(",;."))
        if w.endswith((",", ";")):
            break
    return " ".join(out)


def _kind_at(words: list[str], i: int, communes: frozenset, districts: frozenset) -> tuple[str, int] | None:
    """The two-word unit word that the one or two words at ``i`` misread, and how many words
    they are, where the name after them is a unit's of its kind; None where there is none."""
    for span in (2, 1):
        window = words[i:i + span]
        if len(window) < span:
            continue
        letters = "".join(w.strip(",;.") for w in window)
        if not letters.isalpha() or " ".join(w.strip(",;.") for w in window).lower() in _KINDS:
            continue  # spelled already (a leader's dot beside it: ".thị. xã")
        key = fold(letters).lower()
        near = {kind: levenshtein(key, spelled) for kind, spelled in _KINDS.items()}
        nearest = min(near.values())
        # the nearest kinds only ("thixa" is no misread thị trấn, three letters off) before a
        # unit's name of their kind
        name = _name_after(words, i + span) if nearest <= (NEAR_TWO if span == 2 else NEAR) else ""
        fits = [kind for kind in _KINDS if near[kind] == nearest and name
                and (places._spelled(name) in (communes if kind == "thị trấn" else districts)
                     or (kind == "thành phố" and places._spelled(name) in _cities()))]
        if len(fits) > 1:
            # as near in letters (a name both a district's and a town's: "hị bấn Kim Sơn"): the
            # marks read tell them apart (the "ấ" of trấn), else neither is shown
            marked = letters.lower()
            by_marks = {k: levenshtein(marked, k.replace(" ", "")) for k in fits}
            fits = [k for k in fits if by_marks[k] == min(by_marks.values())]
        if len(fits) == 1:
            return fits[0], span
        if fits:
            return None
    word = words[i].rstrip(",;.")
    if word.isalpha() and word.lower() not in _ONE:
        key = fold(word).lower()
        for kind, spelled in _ONE.items():
            if levenshtein(key, spelled) <= 1:
                name = _name_after(words, i + 1)
                if name and places._spelled(name) in (communes if kind == "phường" else districts):
                    return kind, 1
    return None


@lru_cache(maxsize=1)
def _cities() -> frozenset:
    """The names (as spelled) of the provinces that are a thành phố, before 1/7/2025 and since."""
    return frozenset(places._spelled(n) for p in places.provinces()
                     for n, k in ((p.name, p.kind), (p.name_2025, p.kind_2025)) if k == "thành phố")


#: the unit words that open a part of a place (one word; the two-word ones are what is looked for)
_PART_WORDS = ("xã", "phường", "huyện", "quận", "tỉnh")


def _after_unit(words: list[str], i: int, communes: frozenset, districts: frozenset) -> bool:
    """The words before ``i`` end a unit's part whose comma was lost ("huyện Thạch Thất hành
    phố Hà Nội"): a one-word unit word and a name (up to four words) of a commune or district."""
    for k in range(1, 5):
        j = i - k - 1
        if j < 0:
            break
        if words[j].lower() in _PART_WORDS:
            name = places._spelled(" ".join(w.strip(",;.") for w in words[j + 1:i]))
            return name in communes or name in districts
    return False


@lru_cache(maxsize=1)
def _openings() -> frozenset:
    """The wordings registers use before a place's commune, folded, their spaces left out."""
    return frozenset(_squeezed(o) for o in OPENINGS)


def _after_opening(words: list[str], i: int) -> bool:
    """The words before ``i`` are a wording registers use before a place's commune, as read with
    its word spaces lost ("Trạmy tế thị bấn Trung Phước"): the commune's part opens after it."""
    return 0 < i <= 5 and _squeezed(" ".join(words[:i]).rstrip(",")) in _openings()


def _after_office(words: list[str], i: int) -> bool:
    """The words before ``i`` are the office's name (``Ủy ban nhân dân``, up to ``OFFICE_NEAR``
    letters read otherwise): the commune's part of the place opens after them."""
    return i == len(place_words.OFFICE.split()) and levenshtein(
        fold("".join(words[:i])).lower(), fold("".join(place_words.OFFICE.split())).lower()) <= place_words.OFFICE_NEAR


def district_kind_spelled(text: str) -> str:
    """``text`` with each misread unit word that opens a part of the place (at its start, after a
    comma, after the office's name, after a wording registers use before a commune or after a
    unit's name whose comma was lost) and stands
    before the name of a unit of its kind (a district's for thị xã, a district's or a city
    province's for thành phố, a commune's for thị trấn) as it is spelled; "" where there is none."""
    words = text.split()
    communes, districts = places._unit_names()
    out: list[str] = []
    changed = False
    i = 0
    while i < len(words):
        opens = (i == 0 or words[i - 1].endswith((",", ";")) or _after_office(words, i)
                 or _after_unit(words, i, communes, districts) or _after_opening(words, i))
        hit = _kind_at(words, i, communes, districts) if opens else None
        if hit:
            out.append(hit[0])
            i += hit[1]
            changed = True
        else:
            out.append(words[i])
            i += 1
    return " ".join(out) if changed else ""
