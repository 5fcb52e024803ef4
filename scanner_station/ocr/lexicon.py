"""Vietnamese syllables and words: what the decoder and the field checks may know offline.

* **Syllables** follow the orthography: onset + rhyme + at most one tone mark, with the
  spelling rules (``k``/``gh``/``ngh`` before ``i e ê y``, ``c``/``g``/``ng`` elsewhere) and the
  tone rule (a rhyme closed by ``p t c ch`` takes only the sắc or nặng tone). The rhymes are
  those of the Viet74K word list (underthesea, Apache-2.0; pinned in ``ocr_models/manifest.toml``),
  so names that are in no word list (``Nguyễn``) are still valid syllables, and ``Thưững``,
  ``tiồn``, ``Mhung`` are not.
* **Words**: the same list gives the syllable pairs that form words (``thủ tướng``,
  ``chuyển đổi``); a pair that is a word is evidence for a reading, never a reason to change
  one by itself.

Nothing here rewrites text: it answers questions (is this a syllable? a known pair?).
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from ..domain.errors import ModelError

ONSETS = ("ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr", "b", "c", "d", "đ", "g",
          "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "")
#: combining tone marks (NFD): sắc, huyền, hỏi, ngã, nặng
TONES = {"\u0301": "sac", "\u0300": "huyen", "\u0309": "hoi", "\u0303": "nga", "\u0323": "nang"}
_RHYME = re.compile(r"^[aăâeêioôơuưy]{1,3}(?:c|ch|m|n|ng|nh|p|t)?$")
_FRONT = ("i", "e", "ê", "y")
_VOWELS = set("aăâeêioôơuưy")
_LETTERS = re.compile(r"^[a-zđăâêôơư]+$")


def split_tone(syllable: str) -> tuple[str, str] | None:
    """(the syllable without its tone mark, the tone or ""); None with two tone marks."""
    tones = [TONES[c] for c in unicodedata.normalize("NFD", syllable) if c in TONES]
    if len(tones) > 1:
        return None
    base = "".join(c for c in unicodedata.normalize("NFD", syllable) if c not in TONES)
    return unicodedata.normalize("NFC", base), (tones[0] if tones else "")


def split_onset(base: str) -> tuple[str, str]:
    """(onset, rhyme) of a toneless lower-case syllable: the longest onset that leaves a vowel
    ("gi" and "qu" are onsets only before another vowel: "gì" is g + i)."""
    for onset in ONSETS:
        if base.startswith(onset):
            rest = base[len(onset):]
            if onset in ("gi", "qu") and not (rest and rest[0] in "aăâeêioôơuưy"):
                continue
            return onset, rest
    return "", base


@dataclass(frozen=True)
class Lexicon:
    rhymes: frozenset[str]
    #: syllables of the word list (lower case)
    syllables: frozenset[str]
    #: consecutive syllable pairs inside the word list's entries (lower case)
    pairs: frozenset[tuple[str, str]]
    source: str = ""

    def is_syllable(self, word: str) -> bool:
        """An orthographically valid Vietnamese syllable in lower case, Title or CAPITALS."""
        if not word or not (word.islower() or word.isupper() or (word[0].isupper() and word[1:].islower()
                                                                    if len(word) > 1 else True)):
            return False
        split = split_tone(word.lower())
        if split is None:
            return False
        base, tone = split
        if not _LETTERS.match(base):
            return False
        if word.lower() in self.syllables and any(c in _VOWELS for c in base):
            return True  # in the word list though outside the rules ("Krông", "xoong")
        onset, rhyme = split_onset(base)
        if rhyme not in self.rhymes:
            return False
        first = rhyme[0]
        if (onset == "c" and first in _FRONT) or (onset == "k" and first not in _FRONT):
            return False
        if (onset in ("gh", "ngh") and first not in ("i", "e", "ê")) or (onset in ("g", "ng") and first in ("e", "ê")):
            return False
        if rhyme.endswith(("p", "t", "c", "ch")) and tone not in ("sac", "nang"):
            return False
        return True

    def attested(self, word: str) -> bool:
        """A syllable of the word list, written as a syllable is (lower case, Title or CAPITALS)."""
        return word.lower() in self.syllables and self.is_syllable(word)

    def is_prefix(self, word: str) -> bool:
        """``word`` can still grow into a valid syllable (for a decoder extending it)."""
        w = word.lower()
        split = split_tone(w)
        if split is None:
            return False
        base, _ = split
        if not base or not _LETTERS.match(base):
            return False
        return base in _prefixes(self.rhymes)

    def known_pair(self, a: str, b: str) -> bool:
        return (a.lower(), b.lower()) in self.pairs

    def followers(self, a: str) -> frozenset[str]:
        """The syllables that follow ``a`` in some word of the list (lower case)."""
        return self._partners[0].get(a.lower(), frozenset())

    def leaders(self, b: str) -> frozenset[str]:
        """The syllables that precede ``b`` in some word of the list (lower case)."""
        return self._partners[1].get(b.lower(), frozenset())

    @cached_property
    def _partners(self) -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
        after: dict[str, set[str]] = {}
        before: dict[str, set[str]] = {}
        for a, b in self.pairs:
            after.setdefault(a, set()).add(b)
            before.setdefault(b, set()).add(a)
        return ({k: frozenset(v) for k, v in after.items()}, {k: frozenset(v) for k, v in before.items()})


@lru_cache(maxsize=4)
def _prefixes(rhymes: frozenset[str]) -> frozenset[str]:
    out = set()
    for onset in ONSETS:
        for r in rhymes:
            s = onset + r
            for i in range(1, len(s) + 1):
                out.add(s[:i])
    return frozenset(out)


def _syllables(entry: str) -> list[str]:
    return [s for s in unicodedata.normalize("NFC", entry).lower().replace("-", " ").split() if s]


def build(words: list[str], source: str = "", min_count: int = 5, phrases: tuple[str, ...] = ()) -> Lexicon:
    """A lexicon from a word list (one entry per line, syllables separated by spaces or '-').
    Rhymes seen fewer than ``min_count`` times are loan-word spellings ("ayun", "âơu"), left out.
    ``phrases`` (the administrative units' names with their unit words: "Tỉnh Khánh Hòa") add
    their syllable pairs only: names are not words, and the syllable rules stay the list's."""
    syllables: Counter[str] = Counter()
    pairs = set()
    for entry in words:
        syl = _syllables(entry)
        syllables.update(syl)
        pairs.update(zip(syl, syl[1:]))
    for phrase in phrases:
        syl = _syllables(phrase)
        pairs.update(zip(syl, syl[1:]))
    rhymes: Counter[str] = Counter()
    for s, n in syllables.items():
        split = split_tone(s)
        if split is None or not _LETTERS.match(split[0]):
            continue
        rhyme = split_onset(split[0])[1]
        if _RHYME.match(rhyme):
            rhymes[rhyme] += n
    return Lexicon(frozenset(r for r, n in rhymes.items() if n >= min_count),
                   frozenset(syllables), frozenset(pairs), source)


@lru_cache(maxsize=1)
def load() -> Lexicon:
    """The station's lexicon (Viet74K from the pinned underthesea wheel, SHA-256 checked).
    ``ModelError`` says which file and how to restore it when it is missing or altered."""
    from . import models

    path = models.files_for("lexicon")["viet74k"]
    return load_file(path, _unit_names() + _document_phrases())


def _unit_names() -> tuple[str, ...]:
    """The administrative units' full names, or none when the package is missing (the word
    list's pairs alone then)."""
    from ..domain.adminunits import unit_names
    from ..domain.errors import StationError

    try:
        return unit_names()
    except (StationError, OSError, sqlite3.Error):
        return ()


def _document_phrases() -> tuple[str, ...]:
    """The words documents print word for word — the headings, the forms' labels (``Họ tên người
    mẹ``), the recipients' items — each run of words between punctuation a phrase: ``họ tên``
    is no entry of the word list, yet a margin's ``cải chính họ tên`` writes it as a label does."""
    from ..domain.headings import HEADINGS
    from ..domain.labels import RECIPIENTS, WITHOUT_COLON, known_labels

    from .. import data

    # and the wordings the value lists hold as the circulars prescribe them ("Nhà nước giao đất
    # không thu tiền sử dụng đất", "cấp giấy xác nhận tình trạng hôn nhân"; a purpose after its code)
    listed = [ln.split(" ", 1)[-1] for ln in data.lines("land_use_purposes.txt")]
    for name in ("procedure", "land_use_origin", "land_use_form", "validity", "document_type"):
        listed += data.lines(f"values_{name}.txt")
    out = []
    for text in HEADINGS + WITHOUT_COLON + RECIPIENTS + known_labels() + tuple(listed):
        for run in _PUNCTUATION.split(text):
            words = run.split()
            # only runs of letters: "1. Quyển số" is "Quyển số"
            while words and not words[0].isalpha():
                words.pop(0)
            if len(words) >= 2 and all(w.isalpha() for w in words):
                out.append(" ".join(words))
    return tuple(dict.fromkeys(out))


_PUNCTUATION = re.compile(r"[,;:()/.\"“”'’\-–{}]+")


def available() -> Lexicon | None:
    """The station's lexicon, or None when it is missing or altered: callers read on without
    it (``models check`` names the file and how to restore it)."""
    try:
        return load()
    except ModelError:
        return None


def load_file(path: Path, phrases: tuple[str, ...] = ()) -> Lexicon:
    try:
        lines = Path(path).read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ModelError("the Vietnamese word list cannot be read", path=str(path),
                         hint="run: scanner-station models check") from exc
    return build([ln for ln in lines if ln.strip()], str(path), phrases=phrases)
