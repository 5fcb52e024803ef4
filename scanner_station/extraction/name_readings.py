"""Other readings of a name's middle and given words, for the ink to weigh (never values by
themselves): the common syllables nearest to a word hardly any Vietnamese word uses
(``name_word_readings``), the name words nearest to a word no name is made of
(``name_list_readings``), and the list words within two edits of a word (``within_two_edits``,
also what ``name_search`` tries)."""

from __future__ import annotations

from functools import lru_cache
from itertools import islice, product
from typing import Callable, Iterator, Sequence

from ..domain.text import levenshtein
from . import validators as V

#: a name's word read again with common syllables (the GUI catalogue translates it)
NAME_WORD_CONSTRAINED = "read again with common syllables in place of one hardly any word uses"
NAME_WORD_MARGIN = 4.0
#: a syllable at most this many words of the word list use beside another ("tọng", "hàu", "băn")
RARE = 2
#: a syllable at least this many use: what a given or middle name is made of ("trọng", "hữu", "văn")
COMMON = 10


def _uses(lex, syllable: str) -> int:
    return len(lex.followers(syllable)) + len(lex.leaders(syllable))


@lru_cache(maxsize=1)
def _common_syllables() -> tuple[tuple[str, int], ...]:
    from ..ocr import lexicon

    lex = lexicon.available()
    if lex is None:
        return ()
    return tuple(sorted((s, n) for s in lex.syllables if s.isalpha() and (n := _uses(lex, s)) >= COMMON))


@lru_cache(maxsize=2048)
def _near_common(word: str, per_word: int = 8) -> tuple[str, ...]:
    """The common syllables nearest to ``word``: fewest edits, then the most used."""
    near = sorted((d, -n, s) for s, n in _common_syllables() if abs(len(s) - len(word)) <= 2
                  and (d := levenshtein(word, s)) <= 2)
    return tuple(s for _, _, s in near[:per_word])


#: a name's word that no name uses, read again with the name words nearest to it
NAME_LIST_CONSTRAINED = "read again with the words names are made of: one word read is none"
NAME_LIST_MARGIN = 4.0
#: how many such readings the ink weighs at most
NAME_LIST_MAX = 64


def within_two_edits(low: str, pool: frozenset[str] | Sequence[str]) -> list[tuple[int, str]]:
    """The words of ``pool`` at most two edits from ``low`` (lower case; the pool's words
    compared in lower case), each with its number of edits, unordered."""
    return [(d, s) for s in pool if abs(len(s) - len(low)) <= 2 and (d := levenshtein(low, s.lower())) <= 2]


@lru_cache(maxsize=4096)
def _near_name_words(word: str, per_word: int = 12) -> tuple[str, ...]:
    """The name words (``validators.name_syllables``) nearest to ``word`` (lower case), in lower
    case: fewest edits, at most two, ties in alphabetical order."""
    near = sorted(within_two_edits(word, V.name_syllables()))
    return tuple(s.lower() for _, s in near[:per_word])


#: a name with a middle or given word no listed name uses is a question (the GUI catalogue
#: translates it): both recognisers may read one hand's or one speck's letter alike ("Gường" for
#: Cường, a box's rule touching the C) — the words follow, with the listed words a letter from each
NAME_WORD_UNLISTED = "a middle or given word of the name is none of the words names are made of"


def unlisted_name_words(value: str) -> str:
    """The middle and given words of a name (its words after the first, of letters only) that no
    listed name uses (``validators.name_syllables``), each with the listed words one letter from
    it ("Gường (Cường, Giường…)"); "" where every such word is listed. A rare name is not wrong:
    it is read as written and confirmed by a person."""
    pool = V.name_syllables_lower()
    out = []
    for w in value.split()[1:]:
        low = w.lower()
        if not w.isalpha() or low in pool:
            continue
        near = sorted(s for d, s in within_two_edits(low, pool) if d == 1)
        out.append(f"{w} ({', '.join(s.capitalize() for s in near[:3])})" if near else w)
    return ", ".join(out)


def _word_options(value: str, near: Callable[[str], Sequence[str]]) -> list[list[str]]:
    """Each word of a name with what may be read in its place: for a middle or given word of
    letters, ``near(the word in lower case)`` (nothing when it needs no other reading), written
    with a capital as a name's every word is (ND 30/2020/NĐ-CP) — a word read in small letters
    is most often a hand's capital read small ("Trần ỹ Oanh": its "Mỹ" weighed as "mỹ" on the
    ink of an M lost to "ý"); the family name as read. [] for one word, or when no word has any."""
    words = value.split()
    if len(words) < 2:
        return []
    options = [[w] + ([s[:1].upper() + s[1:] for s in near(w.lower())] if i > 0 and w.isalpha() else [])
               for i, w in enumerate(words)]
    return options if any(len(o) > 1 for o in options) else []


def name_list_readings(value: str) -> list[str]:
    """Other readings of a name whose middle or given name has a word no name on the list is
    made of ("Phạm Kim Khung", "Ngô Gọc Lan", "Hồ Iệu Hương" — real syllables some of them, but
    no one's name): that word replaced by the name words nearest to it. Candidates for the ink
    to weigh, never a value by themselves; none when every word after the family name is a
    name word or the name is one word."""
    names = V.name_syllables()
    options = _word_options(value, lambda low: () if low[:1].upper() + low[1:] in names else _near_name_words(low))
    # the nearest first: combinations ordered by their words' ranks (one word changed before two)
    ranked = islice(_by_rank([len(o) for o in options], 1), NAME_LIST_MAX)
    return [" ".join(o[i] for o, i in zip(options, ix)) for ix in ranked]


def _by_rank(sizes: list[int], least: int = 0) -> Iterator[tuple[int, ...]]:
    """Index tuples (each below its size) by the sum of their indices, then in order, from the
    sum ``least`` — without making all of them (a garbled eight-word name has millions)."""
    def with_sum(k: int, total: int) -> Iterator[tuple[int, ...]]:
        if k == len(sizes):
            if total == 0:
                yield ()
            return
        for i in range(min(total, sizes[k] - 1) + 1):
            for rest in with_sum(k + 1, total - i):
                yield (i, *rest)
    for total in range(least, sum(n - 1 for n in sizes) + 1):
        yield from with_sum(0, total)


def name_word_readings(value: str) -> list[str]:
    """Other readings of a name whose middle or given name has a word hardly any Vietnamese word
    uses ("Phạm Tọng Quang", "Lương Hàu Phúc", "Đoàn Băn Tuấn"): that word replaced by the common
    syllables nearest to it (the word list's own counts, nothing from names). Candidates for the
    ink to weigh, never a value by themselves; none when every word is common enough."""
    from ..ocr import lexicon

    lex = lexicon.available()
    if lex is None:
        return []
    options = _word_options(value, lambda low: _near_common(low) if _uses(lex, low) <= RARE else ())
    as_read = tuple(o[0] for o in options)
    return [" ".join(c) for c in islice((c for c in product(*options) if c != as_read), 32)]
