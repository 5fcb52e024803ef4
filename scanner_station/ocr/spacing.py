"""Word spaces a reading lost, put back: a hand that writes its words close together is read
with them run together (``xãHoàiMỹ``, ``thànhphốHuế``, ``quyềnsửdụngđất``, ``06tháng``).

Vietnamese writes every syllable apart, so where a run of letters is no syllable but splits
into syllables of the word list, the split is what was written; a capital inside a word opens
a new one (``ĐắkLắk``). Only the spaces change — never a letter — and only where:

- a small letter is followed by a capital (``xãEa`` → ``xã Ea``; not in a word of capitals
  with one read small, ``BáO``);
- a letter and a number touch and the letters make a syllable (``06tháng``, ``ngày12``,
  ``3năm2024``; not ``m2`` nor ``GB7``);
- a comma, full stop or closing bracket stands between two letters (``Lệ,huyện``, ``a)Thửa``);
- a run of small letters (after a capital, perhaps) is no syllable the word list has and splits
  into syllables it has — the split whose neighbours most often form words chosen
  (``Trạmytế`` → ``Trạm y tế``, not ``Trạ my tế``).

Words in capitals are split only where their syllables make a word (``XÃXUÂNTHỚIĐÔNG``; not
``TLKS``, ``UBND``); words with an apostrophe (``H'Mông``) and any the word list has
(``Krông``, ``Đắk``: the administrative units' names are in it) stay as read. The result is a
reading shown with the page reading kept, never a value taken by itself.

A page's lines are respaced too (``respaced_read``): the words a line's reading ran together
become words of their own, their letters as read, each no surer than ``RESPACED_CONFIDENCE`` —
a field holding one is never proposed, and the reading as the recogniser gave it is kept in the
line's ``extra["respaced"]``.
"""

from __future__ import annotations

import dataclasses
import re
from functools import lru_cache

from ..domain.headings import HEADINGS
from ..domain.labels import RECIPIENTS, WITHOUT_COLON, known_labels
from ..domain.text import fold
from .base import VOWEL_BASES

#: a comma, full stop, semicolon or closing bracket between two letters; a closing bracket after a
#: number too ("0)Địa")
_MARK = re.compile(r"(?<=[^\W\d_])([,.;)])(?=[^\W\d_])|(?<=\d)(\))(?=[^\W\d_])")
_LETTERS = re.compile(r"^[^\W\d_]+$")
#: at most this many syllables run together in one written word
MOST = 6
#: a word split from a run of letters is at most this sure (raw confidence): the spaces are the
#: word list's proposal, not the ink's
RESPACED_CONFIDENCE = 0.5


def respaced(text: str, capitals_only: bool = False, words_only: bool = False) -> str:
    """``text`` with the word spaces its reading lost put back (see the module's text); with
    ``capitals_only`` only before a capital inside a word (a name: ``NguyễnVăn``); with
    ``words_only`` a run of small letters only where each syllable makes a word of the list with
    the next ("khaisinh" → "khai sinh"; a name's misread "Tuán" is no "Tu án")."""
    lex = _lexicon()
    out = []
    for token in text.split():
        if "'" in token or "’" in token:
            out.append(token)
            continue
        pieces = _split_capitals(token)
        if not capitals_only:
            pieces = [q for p in pieces for q in _split_marks(p)]
            pieces = [q for p in pieces for q in _split_digits(p, lex)]
            pieces = [q for p in pieces for q in _split_syllables(p, lex, words_only)]
        out.extend(pieces)
    return " ".join(out)


def respaced_read(read, split: bool = True):
    """``read`` (a ``LineRead``) with each word the reading ran together split into the words it
    holds (``respaced``: a run of small letters only into words of the list — a page's line may
    be a name, whose misread syllable would split into others), the word's span shared among
    them by their letters (``split_spaced``); and two words that are one — a word a slash joins
    (``_slashed``), a word whose first letter the reading put apart (``_parted``) — joined, its
    confidence kept. Without ``split`` only the joins (a known heading's line: its words are as
    listed). ``read`` itself when nothing changes."""
    words, changed, split_any = [], [], False
    lex = _lexicon()
    for text, x0, x1, conf in read.words:
        # ``ông /bà``, ``28 /06/1962``, ``P HƯỜNG``: one word
        if words and (_slashed(words[-1][0], text) or _parted(words[-1][0], text, lex)):
            prev = words.pop()
            changed.append((f"{prev[0]} {text}", prev[0] + text))
            words.append((prev[0] + text, prev[1], x1, min(prev[3], conf)))
            continue
        spaced = respaced(text, words_only=True) if split else text
        if spaced == text:
            words.append((text, x0, x1, conf))
            continue
        changed.append((text, spaced))
        split_any = True
        words.append((spaced, x0, x1, min(conf, RESPACED_CONFIDENCE)))
    if not changed:
        return read
    words = split_spaced(words)
    confidence = min(read.confidence, RESPACED_CONFIDENCE) if split_any else read.confidence
    return dataclasses.replace(read, text=" ".join(w[0] for w in words), words=tuple(words),
                               confidence=confidence, extra={**read.extra, "respaced": changed})


def _parted(before: str, word: str, lex) -> bool:
    """Whether ``before`` is the first letter of ``word``, read apart from it (``P HƯỜNG``, ``N
    hận``): one capital consonant — no word by itself (a vowel is: ``Y tế``) — that with ``word``
    (two letters at least) makes a syllable of the word list, in the case it is written in
    (``PHƯỜNG``, ``Phường``)."""
    if lex is None or len(before) != 1 or not before.isupper() or not before.isalpha():
        return False
    if fold(before).lower() in VOWEL_BASES:
        return False
    core = word.rstrip(",.;:)")
    if len(core) < 2 or not core.isalpha() or not (core.isupper() or core.islower()):
        return False  # a letter alone after it is as garbled as it (``X E SU`` for ``XÃ EA TU``)
    return lex.attested(before + core)


def _slashed(before: str, word: str) -> bool:
    """Whether ``word`` and the word ``before`` it are one word a slash joins, read apart: the slash
    written with a gap on one side only (``ông /bà``, ``Ông/ Bà``, ``28 /06/1962``) — a hand's gap
    around a mark, not a word space. Not a slash with a space on both sides (``a / b``)."""
    if not before or not word:
        return False
    if word[0] == "/" and len(word) > 1:
        return before[-1].isalnum() and word[1].isalnum()
    return before[-1] == "/" and len(before) > 1 and before[-2].isalnum() and word[0].isalnum()


def split_spaced(words: list[tuple[str, int, int, float]]) -> list[tuple[str, int, int, float]]:
    """One word per word: a span re-read as two syllables ("huyệnĐinh" → "huyện Đinh") becomes
    two words, the span shared by their letters — a word with a space in it would be placed as
    one box on the page, its second half in the next table column."""
    out = []
    for t, x0, x1, conf in words:
        parts = t.split()
        if len(parts) < 2:
            out.append((t, x0, x1, conf))
            continue
        total, at = sum(len(p) for p in parts), 0
        for part in parts:
            a = x0 + (x1 - x0) * at / total
            at += len(part)
            b = x0 + (x1 - x0) * at / total
            out.append((part, int(round(a)), max(int(round(a)) + 1, int(round(b))), conf))
    return out


def in_capitals(text: str) -> bool:
    """Written in capitals, a small letter or two misread among them ("BáO", "XÃĐỖNGHÒA"): more
    capitals than small letters."""
    return sum(c.isupper() for c in text) > sum(c.islower() for c in text)


def _split_capitals(token: str) -> list[str]:
    """Before each capital that follows a small letter ("xãEaTu" → xã Ea Tu; "BĐ", "TLKS" whole)
    — not in a word written in capitals with a small letter misread among them (``in_capitals``:
    "BáO", "THÔNGBáO"), nor in two letters, a consonant and a capital ("cI": a list marker "c)"
    misread; "yTế" is "y Tế", "dDiện" is "d Diện")."""
    if in_capitals(token):
        return [token]
    cuts = [i for i in range(1, len(token)) if token[i].isupper() and token[i - 1].islower()
            and not (len(token) == 2 and fold(token[0])[:1] not in VOWEL_BASES)]
    return [token[a:b] for a, b in zip([0] + cuts, cuts + [len(token)])]


def _split_marks(token: str) -> list[str]:
    m = _MARK.search(token)
    if m is None:
        return [token]
    return [token[:m.end()]] + _split_marks(token[m.end():])


_RUNS = re.compile(r"\d[\d/.]*|[^\W\d_]+")


def _split_digits(token: str, lex) -> list[str]:
    """Numbers and words run together apart ("06tháng", "ngày12", "3năm2024"): each run of
    letters at least two long and a syllable, or syllables, of the word list ("m2", "GB7",
    "H68" whole)."""
    trail = token[-1:] if token[-1:] in (",", ".", ";", ":") else ""
    core = token[:len(token) - len(trail)]
    # the runs must make the whole word (one pattern over runs of runs backtracks for ever on a
    # long run of letters followed by anything else)
    runs = _RUNS.findall(core)
    if lex is None or len(runs) < 2 or "".join(runs) != core:
        return [token]
    for run in runs:
        if run[0].isdigit():
            continue
        if len(run) < 2 or not (lex.attested(run)
                                or (run[1:].islower() and _segment(run.lower()) is not None)):
            return [token]
    runs[-1] += trail
    return runs


def _split_syllables(token: str, lex, words_only: bool = False) -> list[str]:
    """A run of letters the word list has no syllable for, split into the syllables it has (with
    ``words_only``, only where each makes a word with the next)."""
    core = token.rstrip(",.;:")
    trail = token[len(core):]
    lead = core[:len(core) - len(core.lstrip("(\"'“"))]  # an opening bracket or quote: "(thànhphố"
    core = core[len(lead):]
    capitals = core.isupper() and len(core) >= 4  # "XÃXUÂNTHỚIĐÔNG" in a heading
    if (lex is None or len(core) < 3 or not _LETTERS.match(core) or not (core[1:].islower() or capitals)
            or lex.is_syllable(core) or lex.followers(core) or lex.leaders(core)):
        return [token]  # a syllable, or one of a word or unit's name ("Kao" of "Ea Kao")
    best = _segment(core.lower())
    if best is None or (capitals and not any(lex.known_pair(a, b) for a, b in zip(best, best[1:]))):
        return [token]  # words in capitals split only where they make a word ("UBND", "TLKS" whole)
    if words_only and not all(lex.known_pair(a, b) or (a, b) in _phrase_pairs() for a, b in zip(best, best[1:])):
        return [token]
    out, at = [], 0
    for syl in best:
        out.append(core[at:at + len(syl)])
        at += len(syl)
    out[0] = lead + out[0]
    out[-1] += trail
    return out


@lru_cache(maxsize=4096)
def _segment(word: str) -> tuple[str, ...] | None:
    """The split of ``word`` (small letters) into two or more of the word list's syllables whose
    neighbours most often form its words (then the fewest pieces); None where there is none."""
    lex = _lexicon()
    n = len(word)
    # best[i]: (score, pieces) for word[:i]; score = (pairs known, -pieces)
    best: list[tuple[tuple[int, int], tuple[str, ...]] | None] = [None] * (n + 1)
    best[0] = ((0, 0), ())
    for i in range(n):
        if best[i] is None:
            continue
        (pairs, neg), pieces = best[i]
        if len(pieces) >= MOST:
            continue
        for j in range(i + 1, min(n, i + 7) + 1):
            syl = word[i:j]
            if syl not in lex.syllables or not lex.is_syllable(syl):
                continue
            gain = 1 if pieces and lex.known_pair(pieces[-1], syl) else 0
            cand = ((pairs + gain, neg - 1), pieces + (syl,))
            if best[j] is None or cand[0] > best[j][0]:
                best[j] = cand
    found = best[n]
    if found is None or len(found[1]) < 2:
        return None
    pieces = found[1]
    for k, syl in enumerate(pieces):
        # a lone letter is a syllable only inside a word ("y" of "trạm y tế"), not a stroke
        # read twice ("Ủỳy" is not "Ủ ỳ y")
        if len(syl) == 1 and not ((k and lex.known_pair(pieces[k - 1], syl))
                                  or (k + 1 < len(pieces) and lex.known_pair(syl, pieces[k + 1]))):
            return None
    return pieces


@lru_cache(maxsize=1)
def _phrase_pairs() -> frozenset[tuple[str, str]]:
    """Neighbouring syllables (small letters) of the texts documents carry word for word: the
    headings, the forms' labels (``Về việc``, a decision's summary; ``Nơi cư trú``) and the
    recipients' items — a phrase of theirs is written apart as the word list's words are."""
    out = set()
    for text in HEADINGS + WITHOUT_COLON + RECIPIENTS + known_labels():
        words = [w.strip(",.;:()-").lower() for w in text.split()]
        out.update((a, b) for a, b in zip(words, words[1:]) if a.isalpha() and b.isalpha())
    return frozenset(out)


def _lexicon():
    from . import lexicon

    return lexicon.available()


def replaced_words(words: list[tuple], old: str, new: str, confidence: float) -> list[tuple] | None:
    """``words`` (reading ``old``) with the words ``new`` changes placed anew at ``confidence``
    (``split_spaced``: a word joined, split or misread), the others kept as placed."""
    start, end = changed_span(old, new)
    # whole words: back to the start of the word the change begins in, on to the end of the one
    # it ends in (the text outside is the same in both)
    while start > 0 and old[start - 1] != " ":
        start -= 1
    while end < len(old) and old[end] != " ":
        end += 1
    at = 0
    head, mid, tail = [], [], []
    for w in words:
        w_end = at + len(w[0])
        (head if w_end <= start else tail if at >= end else mid).append(w)
        at = w_end + 1
    if not mid:
        return None
    mid_text = new[start:len(new) - (len(old) - end)].strip()
    out = head + split_spaced([(mid_text, mid[0][1], mid[-1][2], confidence)]) + tail
    return out if " ".join(w[0] for w in out) == new else None


def changed_span(old: str, new: str) -> tuple[int, int]:
    """The span of ``old`` that ``new`` changes (the common start and end left out)."""
    a = 0
    while a < min(len(old), len(new)) and old[a] == new[a]:
        a += 1
    b = 0
    while b < min(len(old), len(new)) - a and old[-1 - b] == new[-1 - b]:
        b += 1
    return a, len(old) - b
