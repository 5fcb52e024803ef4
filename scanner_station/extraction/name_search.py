"""A hand-written name read again word by word on its own ink.

The name steps before this one (``rereading.names``) read a name again only where one of its
words is no name word, and only with that word changed: a name shown as ``Pha Ha Hiá`` whose
crop AsterOCR reads ``Phan HữuHiấu``, or ``Tạ Đứ Hung`` read ``Tặ Đức Hưng`` there, stays as
shown although the ink supports ``Phan Hữu Hiếu`` and ``Tạ Đức Hưng`` by 58 and 12 nats.

Here every word of the name is tried with the list words nearest to it (family names for the
first word, the words middle and given names are made of for the others), one word at a time
with the others kept, from two starting points: the name as shown and AsterOCR's own reading of
the field's crop. The name the ink supports best is shown where it beats the name shown by
``SEARCH_GAIN`` nats and fits a name at least as well (``doubt.name_fit``) — a question like
every other reading shown, the page reading kept. Names not on any list keep their words where
no list word is better supported (the lists only propose words for the ink to weigh).

Where the person's sex is known (the mother, the wife; the record's own sex; else a middle name
only one sex is given: Thị, Văn), a name whose given
name is a word of the other sex's given names only (``Hưng`` for a mother) is weighed against
the nearest given names of the person's sex: one within ``SEX_MARGIN`` nats of the best is
preferred — the ink cannot tell ``Hưng`` from ``Hương`` in many hands, the person's sex can.
"""

from __future__ import annotations

import re

from functools import lru_cache
from typing import Callable

from ..domain.text import fold, levenshtein
from ..ocr.base import word_core
from . import validators as V
from .doubt import SURNAME_MARGIN, name_fit
from .name_readings import NAME_LIST_MARGIN, within_two_edits
from ..data import lines as data_lines

#: a name read again word by word shown (the GUI catalogue translates it)
NAME_SEARCHED = "read again word by word with the words names are made of: the ink supports that name better"
#: a given name of the other sex's names only read again among the person's sex's
NAME_SEX = "the given name read again among those of the person's sex: the ink supports it nearly as well"
#: how much better (nats) the ink must support the name found than the name shown
SEARCH_GAIN = 2.0
#: how much better (nats) where a list word is shown as another list word ("Thủy" as "Thúy",
#: "Vượng" as "Dương": real names both, a hand's marks and capitals the ink alone may confuse)
SWAP_GAIN = 5.0
#: the least the ink must support the name found by (nats): a name it supports only less badly
#: than the one shown is no reading of it (a crop poorly read, or holding other ink: a name the
#: line's reading got right, weighed at -15 on its crop, lost to another at -10)
FOUND_FLOOR = -6.0
#: a name whose given name fits the person's sex, preferred within this of the best
SEX_MARGIN = 4.0
#: list words tried in place of a word: the nearest (at most two edits), this many at most
PER_WORD = 24
#: passes over the words (a word changed may make another's change pay)
ROUNDS = 2
#: the values a sex field holds for each sex (``validators.parse_sex``'s normal forms)
FEMALE, MALE = "Nữ", "Nam"


@lru_cache(maxsize=8192)
def nearest(word: str, first: bool) -> tuple[str, ...]:
    """The list words nearest to ``word``: family names for a name's first word, name words for
    the others — fewest edits (at most two), then fewest edits with marks left out (a mark read
    wrong before a letter read wrong), as the list writes them."""
    pool = V.surnames() if first else V.name_syllables()
    low = word.lower()
    near = sorted((d, levenshtein(fold(low), fold(s.lower())), s) for d, s in within_two_edits(low, pool))
    return tuple(s for _, _, s in near[:PER_WORD])


@lru_cache(maxsize=1)
def given_by_sex() -> dict[str, frozenset[str]]:
    """The words of boys' and girls' given names (``data/given_name_words.txt``: Nam / Nữ)."""
    out: dict[str, set[str]] = {MALE: set(), FEMALE: set()}
    for ln in data_lines("given_name_words.txt"):
        word, sexes = ln.split("\t")
        for s in sexes.split(","):
            out[s.strip()].add(word)
    return {k: frozenset(v) for k, v in out.items()}


#: middle names only one sex is given (Thị for women, Văn for men)
SEXED_MIDDLES = {"thị": FEMALE, "văn": MALE}


def middle_sex(words: list[str]) -> str:
    """The sex a name's middle word gives ("Hồ Thị …": Nữ, "Lê Văn …": Nam), "" for none."""
    found = {SEXED_MIDDLES[w.lower()] for w in words[1:-1] if w.lower() in SEXED_MIDDLES}
    return found.pop() if len(found) == 1 else ""


def other_sex_only(given: str, sex: str) -> bool:
    """``given`` is a word of the other sex's given names and never of ``sex``'s."""
    words = given_by_sex()
    other = MALE if sex == FEMALE else FEMALE
    return given in words[other] and given not in words[sex]


#: a name's word: letters, with an apostrophe or a hyphen inside (a minority's name: "H'Hen")
_NAME_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def _cased(option: str, like: str) -> str:
    """A list word written as ``like`` is: in capitals where it is (a printed name)."""
    return option.upper() if like.isupper() and len(like) > 1 else option


def _options(words: list[str], other: list[str]) -> list[list[str]]:
    """Per word: the word, the list words nearest to it, and the other starting point's word in
    that place (same word count)."""
    out = []
    for i, w in enumerate(words):
        opts = [w, *(_cased(o, w) for o in nearest(w, i == 0))]
        if len(other) == len(words) and other[i] not in opts:
            opts.append(other[i])
        out.append(opts)
    return out


def _ascend(weigh: Callable[[str], float], words: list[str], options: list[list[str]]) -> tuple[float, list[str]]:
    """The best name reached from ``words`` changing one word at a time (a word for one of its
    options where the ink supports the name better), ``ROUNDS`` passes."""
    cur, score = list(words), weigh(" ".join(words))
    for _ in range(ROUNDS):
        changed = False
        for i, opts in enumerate(options):
            for o in opts:
                if o == cur[i]:
                    continue
                cand = cur[:i] + [o] + cur[i + 1:]
                s = weigh(" ".join(cand))
                if s > score:
                    score, cur, changed = s, cand, True
        if not changed:
            break
    return score, cur


def _pool(first: bool) -> frozenset[str]:
    """The family names (``first``) or the name words, in lower case."""
    return V.surnames_lower() if first else V.name_syllables_lower()


def _on_lists(words: list[str]) -> int:
    """How many of a name's words are on their list, as names are written (capitalised)."""
    return sum(w[:1].isupper() and w.lower() in _pool(i == 0) for i, w in enumerate(words))


def _swapped(shown: list[str], found: list[str]) -> bool:
    """A word of the name shown that is on its list is another list word in the name found."""
    return len(shown) == len(found) and any(
        a != b and a.lower() in _pool(i == 0) and b.lower() in _pool(i == 0)
        for i, (a, b) in enumerate(zip(shown, found)))


def _listed(weigh: Callable[[str], float], score: float, words: list[str],
            options: list[list[str]]) -> tuple[float, list[str]]:
    """Each word on no list (a family name first, a name word after) for the best of its list
    options the ink supports nearly as well: within ``SURNAME_MARGIN`` for the family name,
    ``NAME_LIST_MARGIN`` for the others (as ``rereading.names`` weighs them)."""
    cur = list(words)
    for i, opts in enumerate(options):
        pool = _pool(i == 0)
        if cur[i].lower() in pool:
            continue
        margin = SURNAME_MARGIN if i == 0 else NAME_LIST_MARGIN
        best = max(((weigh(" ".join(cur[:i] + [o] + cur[i + 1:])), o) for o in opts if o.lower() in pool),
                   default=None)
        if best is not None and best[0] >= score - margin:
            score, cur = best[0], cur[:i] + [best[1]] + cur[i + 1:]
    return score, cur


def search(weigh: Callable[[str], float], value: str, read: str, sex: str = "") -> tuple[str, str]:
    """The name the ink supports best, from ``value`` (the name shown) and ``read`` (the crop's
    own reading), where it beats ``value`` by ``SEARCH_GAIN`` and fits a name as well; with
    ``sex`` (``FEMALE``/``MALE``), a given name of the other sex's only weighed again among the
    nearest of ``sex``'s and one within ``SEX_MARGIN`` preferred. The name and why it is shown
    (``NAME_SEARCHED``, ``NAME_SEX``); ("", "") where the name shown stays."""
    base = weigh(value)
    shown = value.split()
    # the crop's reading a start of its own where it differs — its words without what the crop
    # took in of the label before them ("a:Dương": the label's last letter and colon)
    own = [x for x in (word_core(w.rsplit(":", 1)[-1]) for w in read.split()) if x]
    seeds = [s for s in (shown, own) if 2 <= len(s) <= 5]
    seeds = seeds[:1] if len(seeds) == 2 and seeds[0] == seeds[1] else seeds
    text, score, why = value, base, NAME_SEARCHED
    if seeds:
        found = max(_listed(weigh, *_ascend(weigh, seed, opts), opts)
                    for k, seed in enumerate(seeds)
                    for opts in [_options(seed, seeds[1 - k] if len(seeds) == 2 else [])])
        cand = " ".join(found[1])
        gain = SWAP_GAIN if _swapped(shown, found[1]) else SEARCH_GAIN
        if found[0] >= max(base + gain, FOUND_FLOOR) and name_fit(cand) >= name_fit(value) \
                and all(_NAME_WORD.fullmatch(w) for w in found[1]) \
                and _on_lists(found[1]) >= _on_lists(shown) \
                and len(found[1]) - _on_lists(found[1]) <= len(shown) - _on_lists(shown):
            text, score = cand, found[0]
    words = text.split()
    sex = sex or middle_sex(shown)
    if sex in (FEMALE, MALE) and len(words) >= 2:
        given = words[-1][:1].upper() + words[-1][1:].lower()
        if other_sex_only(given, sex):
            mine = [g for g in nearest(given, False) if g in given_by_sex()[sex]]
            alt = max(((weigh(" ".join(words[:-1] + [_cased(g, words[-1])])), g) for g in mine), default=None)
            if alt is not None and alt[0] >= score - SEX_MARGIN:
                text, why = " ".join(words[:-1] + [_cased(alt[1], words[-1])]), NAME_SEX
    return (text, why) if text != value else ("", "")
