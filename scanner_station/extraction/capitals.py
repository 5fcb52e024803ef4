"""Capitals where the orthography writes them and a hand's capital was read as a small letter.

Many hands write a capital as its small letter, larger (X, L, G, Q, N, C, S, V): recognisers
read it small ("xã Thủy xuân", "tỉnh bắc Giang", "nùng", "lâu dài"). Vietnamese orthography
(ND 30/2020/NĐ-CP, Phụ lục II) writes every syllable of a place's name with a capital, and a
closed list's values are spelled as the list spells them. Such a reading is shown with the
capitals — a question, the page reading kept (``rereading.Reading.show``): the letters are the
ink's, only their case is the orthography's.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..domain.text import levenshtein
from .place_words import UNIT_WORDS
from .rereading import Reading
from .templates import FieldSpec

#: a place's name syllables shown with their capitals
NAME_CAPITALS = ("shown with a capital opening each syllable of a unit's name (ND 30/2020/NĐ-CP): "
                 "the page reading has a small letter there — the hand's capital read small?")
#: a person's name's syllables shown with their capitals
PERSON_CAPITALS = ("shown with a capital opening each syllable of the name (ND 30/2020/NĐ-CP): the page "
                   "reading has a small letter there — the hand's capital read small?")
#: an issuing body's name shown in capitals
ISSUER_CAPITALS = ("shown in capitals, as an issuing body's name is written (ND 30/2020/NĐ-CP, Phụ lục I): "
                   "the page reading has small letters — the hand's capitals read small?")
#: a closed list's value shown with the list's capital
LIST_CAPITAL = "shown with its capital, as the list spells it: the page reading opens with a small letter"

#: words that may follow a unit's name in a place and are not of it ("xã Tân Phú cũ", "nay là")
_NOT_NAME = frozenset({"nay", "cũ", "mới", "là", "thuộc", "và", "cùng", "trước", "đây"})
#: a syllable of a name: letters, an apostrophe or hyphen inside ("H'Leo", "Rang-Tháp")
_SYLLABLE = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
#: the unit words of one and of two tokens, matched on lower-case tokens
_UNIT_TOKENS = sorted((tuple(u.split()) for u in UNIT_WORDS), key=len, reverse=True)


def _unit_at(low: list[str], i: int) -> int:
    """How many tokens the unit word starting at ``low[i]`` takes (0: none there) — read with a
    letter or mark off too ("huyền" for huyện: no name's syllable to capitalise)."""
    # a stop or comma read after it is no part of it ("tỉnh. Hưng Yên": place_words._UNIT_WORD_STOP)
    for words in _UNIT_TOKENS:
        if tuple(w.rstrip(".,;") for w in low[i:i + len(words)]) == words:
            return len(words)
    for words in _UNIT_TOKENS:
        seen = " ".join(low[i:i + len(words)]).rstrip(".,;")
        unit = " ".join(words)  # a short one (xã, quận, tỉnh) a letter off is a word of its own: "quản lý"
        if len(unit) >= 5 and levenshtein(seen, unit) <= 1:
            return len(words)
    return 0


def _syllable(word: str) -> bool:
    """A Vietnamese syllable (``ocr.lexicon``: a filler's "xx" is none); none without the word list."""
    from ..ocr import lexicon

    lex = lexicon.available()
    return lex is not None and lex.is_syllable(word)


@lru_cache(maxsize=1)
def _unit_names() -> frozenset[str]:
    """The administrative units' names as their tables spell them (a district's kind in brackets
    left out)."""
    from .places import legacy_rows, rows_2025

    names = {w for r in legacy_rows() for w in r if w} | {w for r in rows_2025() for w in r if w}
    return frozenset(re.sub(r"\s*\(.*\)$", "", w) for w in names)


def place_names_capitalised(text: str) -> str:
    """``text`` with every syllable of each unit's name (the words after its unit word, up to a
    comma, the next unit word or a word that is not a name's) opening with a capital — a word
    that is no syllable left as read unless the name is then a unit's, and a name the units'
    tables spell so left as they do; "" where that is the text as read."""
    tokens = text.split(" ")
    low = [t.lower() for t in tokens]
    names: list[list[tuple[int, str]]] = []  # each unit's name: its tokens' places and letters
    i, in_name = 0, False
    while i < len(tokens):
        k = _unit_at(low, i) if tokens[i] else 0
        if k:
            i, in_name = i + k, True
            names.append([])
            continue
        core = tokens[i].lstrip(".").rstrip(",;.")
        if in_name and tokens[i]:
            if core.lower() in _NOT_NAME or not _SYLLABLE.fullmatch(core):
                in_name = core.isdigit()  # "phường 5": a number is the name; other words end it
            else:
                names[-1].append((i, core))
        if tokens[i].endswith((",", ";")):
            in_name = False
        i += 1
    out = list(tokens)
    for name in names:
        cores = [core for _, core in name]
        if " ".join(cores) in _unit_names():
            continue  # as the units' tables spell it ("Đại áng", "Nông trường Liên Sơn")
        # a word that is no syllable is capitalised where the name is then a unit's ("Đắk glei")
        listed = " ".join(c[:1].upper() + c[1:] for c in cores) in _unit_names()
        for j, core in name:
            if core[0].islower() and (listed or re.search(r"['’-]", core) or _syllable(core)):
                at = tokens[j].index(core)
                out[j] = tokens[j][:at] + core[0].upper() + tokens[j][at + 1:]
    shown = " ".join(out)
    return shown if shown != text else ""


#: marks a hand's capital may be read as before its small letter ("“đình" for Đình)
_QUOTES = "“”\"‘’'`"


#: words a name field may hold beside the names, written small ("Lê Văn An, vợ là bà Bùi Thị Hoa")
_BESIDE_NAMES = frozenset({"ông", "bà", "vợ", "chồng", "là", "và", "cùng", "con", "anh", "chị", "em", "cháu",
                           "hộ", "cụ"})


def person_name_capitalised(text: str) -> str:
    """A person's name with every syllable opening with a capital (a quote mark read before a
    small letter left out: "Huỳnh “đình Quang"); "" where that is the name as read, or where a
    word is no syllable, or the field names more than one person or holds words beside the
    names ("…, vợ là bà …", "Hộ gia đình ông …")."""
    words = [t.lstrip(_QUOTES) for t in text.split()]
    if "," in text or any(w.lower() in _BESIDE_NAMES or not _syllable(w) for w in words):
        return ""  # more than one person, words beside the names, or a word that is none of a name
    out = []
    for token in text.split(" "):
        core = token.lstrip(_QUOTES)
        if core[:1].islower() and _syllable(core):
            token = core[0].upper() + core[1:]
        out.append(token)
    shown = " ".join(out)
    return shown if shown != text else ""


#: closed lists whose values open with a capital, as the list spells them
_LISTED = {"ethnicity", "land_use_term"}


def capitals(r: Reading, spec: FieldSpec) -> None:
    """A place's unit names, a person's name, an issuing body's name, an ethnic group or the term
    "Lâu dài" read with a small letter where the orthography writes a capital: shown with it, a
    question."""
    if spec.type in ("place", "name"):
        shown = (place_names_capitalised if spec.type == "place" else person_name_capitalised)(r.value)
        if shown:
            r.show(spec.type, shown, NAME_CAPITALS if spec.type == "place" else PERSON_CAPITALS, r.engine)
    elif spec.type == "unit" and r.value != r.value.upper():
        # the body issuing a document, under its superior's name in the heading ("ỦY BAN NHÂN DÂN
        # / XÃ ĐỨC BÌNH"): written in capitals
        r.show(spec.type, r.value.upper(), ISSUER_CAPITALS, r.engine)
    elif spec.type in _LISTED and r.value[:1].islower() and not r.parsed.messages:
        if spec.type == "land_use_term" and not r.value.lower().startswith(("lâu dài", "sử dụng lâu dài")):
            return  # "đến ngày …", "50 năm": written small
        r.show(spec.type, r.value[:1].upper() + r.value[1:], LIST_CAPITAL, r.engine)
