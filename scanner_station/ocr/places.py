"""A place's name after its unit word (``xã Ea Tu``, ``huyện Krông Pắc``, ``tỉnh Nghệ An``), read
as an administrative unit's name where the line's ink supports it.

A hand's place names read like its other words (``tỉnh Nghệ Un``, ``huyện Kông Pắc``, ``tỉnh Đắk
Lắt``), and the units are known: the maintained ``vietnamadminunits`` package lists every
province, district and commune before and since 2025 (``domain.adminunits``). A name read after a
unit word that is no unit's name is weighed as the headings are (``headings.weigh``, under
AsterOCR's frames) against the units' names near it (at most ``NEAR`` edits a letter, compared
folded): the line as read with that one name in its place, the rest as read.

A letterhead's office line (``ỦY BAN NHÂN DÂN P HƯƯỜNGV ĂN HN INH``: the lead read as a heading,
``ocr.headings``) is weighed so too, the rest of it against the communes' and districts' full
names in capitals, the unit word with them (``PHƯỜNG VĨNH NINH``).

The book prevails: a name read as some unit's name stays as read (``Long Sơn`` is a real commune's,
even where the book says ``Lạng Sơn``); a name near no unit's stays (a hamlet, a place abroad);
a list's name is read only where AsterOCR was unsure of the line, the ink supports it within
``SLACK`` nats a changed letter of the line's own reading and ``APART`` nats better than any other
name. The unit word itself is read as written (``tình`` stays ``tình``): only the name is weighed.
"""

from __future__ import annotations

import re
import sqlite3
from collections import Counter, defaultdict
from functools import lru_cache

from ..domain.adminunits import unit_names
from ..domain.errors import StationError
from ..domain.headings import LEADS, spellings
from ..domain.text import letters_key, levenshtein
from .base import LineRead
from .headings import Rule, weighed_steps
from .spacing import in_capitals, replaced_words

#: a name is weighed against the units' names at most this many edits a letter from it (folded)
NEAR = 0.34
#: the ink may support a unit's name this much less than the line's own reading (nats a letter it
#: changes; set on development hands: ``bench/places_bench.py``)
SLACK = 1.0
#: and must support it this much more than any other unit's name (nats)
APART = 3.0
#: and AsterOCR's own reading of the line this unsure (calibrated, below)
UNSURE = 0.85

RULE = Rule(SLACK, APART, UNSURE)

#: the unit words a place's name follows, as a value writes them (small letters; a line's or
#: sentence's first word capitalised)
UNIT_WORDS = ("thành phố", "thị trấn", "thị xã", "đặc khu", "xã", "phường", "huyện", "quận", "tỉnh")

#: a unit word, then its name: capitalised words (``Ea Tu``, ``H'Mông``, ``Krông Pắc``) or a
#: number (``phường 7``), up to a comma, a semicolon, the line's end or the next unit word
_PLACE = re.compile(r"(?<![^\s,;:(])(" + "|".join(UNIT_WORDS) + r")\s+((?:[^\s,;:.()]+)(?:\s+[^\s,;:.()]+){0,3})",
                    re.IGNORECASE)


def _units() -> tuple[str, ...]:
    """The units' full names; none where the package's table cannot be read: the page is read
    without this step, its names as read."""
    try:
        return unit_names()
    except (StationError, sqlite3.Error, OSError):
        return ()


@lru_cache(maxsize=1)
def _names() -> tuple[frozenset[str], dict[int, list[tuple[str, str, Counter]]]]:
    """Every unit's name without its unit word (``Ea Tu``, ``Nghệ An``), and by the length of
    their folded letters, (name, folded letters, their counts)."""
    names: set[str] = set()
    for full in _units():
        words = full.split()
        for n in (2, 1):  # ``Thành phố Huế``, ``Thị xã Sa Pa``, ``Đặc khu Côn Đảo``; ``Xã Ea Tu``
            if " ".join(words[:n]).lower() in UNIT_WORDS and len(words) > n:
                names.add(" ".join(words[n:]))
                break
    return frozenset(n.lower() for n in names), _by_length(names)


def _by_length(names) -> dict[int, list[tuple[str, str, Counter]]]:
    """``names`` by the length of their folded letters: (name, folded letters, their counts)."""
    out: dict[int, list[tuple[str, str, Counter]]] = defaultdict(list)
    for name in names:
        key = letters_key(name)
        out[len(key)].append((name, key, Counter(key)))
    return dict(out)


def _name_words(words: list[str]) -> list[str]:
    """The words of a name: up to the next unit word, the first word as read, the others
    capitalised or digits (a name's words start with a capital letter, as the book writes them or
    as misread; a small word ends it: ``xã Tân Phú nay là …``)."""
    out: list[str] = []
    for i, w in enumerate(words):
        low, nxt = w.lower(), words[i + 1].lower() if i + 1 < len(words) else ""
        if low in UNIT_WORDS or f"{low} {nxt}" in UNIT_WORDS:
            break
        if out and not (w[:1].isupper() or w[:1].isdigit()):
            break
        out.append(w)
    return out


def spans(text: str) -> list[tuple[int, int, str]]:
    """Where in ``text`` each place's name stands after its unit word: (start, end, name as read)."""
    out = []
    for m in _PLACE.finditer(text):
        words = m[2].split()
        name_words = _name_words(words)
        if not name_words:
            continue
        name = " ".join(name_words)
        start = m.start(2)
        out.append((start, start + len(name), name))
    return out


def near_names(name: str) -> list[str]:
    """The units' names within ``NEAR`` edits a letter of ``name`` (folded letters); none where
    ``name`` is one as read or is a number."""
    known, by_length = _names()
    if name.lower() in known or not any(c.isalpha() for c in name):
        return []
    key = letters_key(name)
    return _near(key, by_length) if len(key) >= 3 else []


@lru_cache(maxsize=1)
def _offices() -> tuple[frozenset[str], dict[int, list[tuple[str, str, Counter]]]]:
    """Every commune's and district's full name in capitals (``PHƯỜNG VĨNH NINH``), and by the
    length of their folded letters, (name, folded letters, their counts): the office a letterhead
    names."""
    names = {n.upper() for n in _units() if n.split()[0] in ("Xã", "Phường", "Thị", "Huyện", "Quận", "Thành")}
    return frozenset(names), _by_length(names)


def _near(key: str, by_length: dict[int, list[tuple[str, str, Counter]]]) -> list[str]:
    """The names whose folded letters are within ``NEAR`` edits a letter of ``key``."""
    most = int(NEAR * len(key))
    letters = Counter(key)
    # the letters one has and the other lacks: at least as many edits (a cheap bound first)
    return [cand for n in range(len(key) - most, len(key) + most + 1)
            for cand, ckey, cletters in by_length.get(n, ())
            if (letters - cletters).total() <= most and (cletters - letters).total() <= most
            and levenshtein(key, ckey) <= most]


def office(text: str) -> dict[str, list[str]] | None:
    """A letterhead's office line, its lead as written (``ỦY BAN NHÂN DÂN``, ``headings.led``),
    read with the commune's or district's full name near the rest of it in place of the rest
    (``P HƯƯỜNGV ĂN HN INH`` → ``PHƯỜNG VĨNH NINH``: the unit word may be misread too); none where
    the rest is a unit's name as read or near none; None where the line is no office line."""
    for lead in LEADS:
        for form in spellings(lead):
            if text.startswith(form + " "):
                rest = text[len(form) + 1:].strip()
                known, by_length = _offices()
                key = letters_key(rest)
                if rest in known or len(key) < 6 or not in_capitals(rest):
                    return {}
                return {n: [f"{form} {n}"] for n in _near(key, by_length)}
    return None


def candidates(text: str) -> dict[str, list[str]]:
    """What ``text`` may be read as, by name: an office line with its office's full name
    (``office``), else the line with the first place's name that is no unit's and is near some
    in that name's place, the rest as read."""
    led = office(text)
    if led is not None:
        return led
    for start, end, name in spans(text):
        names = near_names(name)
        if names:  # in capitals where the name is read so (a letterhead's office)
            caps = in_capitals(name) and sum(c.isupper() for c in name) >= 3
            return {n: [text[:start] + (n.upper() if caps else n) + text[end:]] for n in names}
    return {}


def as_placed(reads: list[LineRead], crop, aster, framed=None) -> LineRead | None:
    """The line read with the units' names its ink supports in place of the names no unit has
    (one ``LineRead`` in place of ``reads``), or None (``framed``: see ``headings.weigh``)."""
    text = " ".join(r.text for r in reads if r.text)
    # a step a name: each place's, or a letterhead's office (a line with no unit word read as one)
    steps = len(spans(text)) + (office(text) is not None)
    return weighed_steps(reads, crop, aster, candidates, RULE, "place", steps, replaced_words, framed)
