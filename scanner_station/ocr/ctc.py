"""Vietnamese-aware CTC decoding: re-read doubtful words of a line as valid syllables.

The recogniser gives, per frame, a probability for each character. Greedy decoding takes the
best character per frame; on handwriting that yields ``Thưững``, ``Mguyễn`` or a real syllable
in the wrong place (``Thủ tưởng``). Here each *doubtful* word (not a valid syllable, or some
character read with less than ``SURE`` probability) is decoded again over its own frames by a
prefix beam search twice: freely, and constrained to valid Vietnamese syllables (a new syllable
may start at a capital letter, where a handwritten word space was lost). Candidates are scored
by how well the ink supports them (CTC probability), plus evidence from the word list (the pair
with the neighbouring word is a known word), minus a penalty for not being a syllable. A run of
letters that is no syllable may be two words written close together with a letter lost
(``sửdng``): the word list's two-syllable words one letter from it are weighed on its frames too.

The book prevails: a word the ink reads clearly is never changed (``SURE``), a non-syllable is
kept when no syllable is nearly as likely (names of minorities' places, abbreviations), digits
and punctuation are never touched, and a changed word never becomes more confident than the
greedy reading was — the field stays for a person to confirm, with the greedy reading kept.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass
from difflib import SequenceMatcher

import numpy as np

from ..domain.text import levenshtein
from .base import word_core
from .lexicon import Lexicon
from .raised import AS_DIGIT

#: a word whose every character was read with at least this probability is left alone
SURE = 0.92
#: log-bonus when the candidate forms a word of the list with a neighbour ("thủ tướng")
PAIR_BONUS = 1.2
#: log-penalty for a candidate that is not a Vietnamese syllable
NOT_SYLLABLE = 3.0
BEAM = 10
#: a real syllable that forms no word with either neighbour is read again as the syllables that do
#: (within PAIR_EDITS letters of it); one is shown when the ink supports it within PAIR_MARGIN
#: nats of its own reading (CTC forward probability over the word's frames)
PAIR_EDITS = 2
PAIR_MARGIN = 2.0
#: a run of letters read again as two words of the list run together (``Refiner._joined_reread``):
#: at most this many letters of one of them lost or misread, the ink supporting the reading within
#: JOINED_MARGIN nats of its own and JOINED_APART nats better than any other such reading
JOINED_EDITS = 1
JOINED_MARGIN = 8.0
JOINED_APART = 2.0
_CORE = re.compile(r"^([(\"'“]*)(.*?)([.,;:)\"'”]*)$")


def word_parts(word: str) -> tuple[str, str, str]:
    """(the opening brackets and quotes before ``word``'s core, its core, the stops, brackets and
    quotes after it): ``"(Huế),"`` → ``("(", "Huế", "),")``."""
    return _CORE.match(word).groups()


@dataclass(frozen=True)
class Change:
    """One word decoded again: what greedy read, what was chosen, and how sure."""

    index: int
    greedy: str
    chosen: str
    posterior: float
    #: nats by which the ink prefers the word as read to the chosen one (``_pair_reread`` and
    #: ``_joined_reread``; 0 where the ink prefers the chosen word): ``bench/pairs_bench.py`` sets
    #: ``PAIR_MARGIN`` from it
    gap: float = 0.0


def prefix_beam(p: np.ndarray, chars: list[str], allowed=None, beam: int = BEAM,
                top: int = 5, floor: float = 1e-4, split=None) -> list[tuple[str, float]]:
    """CTC prefix beam search over the frames ``p`` (T × C probabilities, blank = 0) without
    spaces: (text, probability) best first. ``allowed(prefix)`` prunes; ``split(prefix, ch)``
    says whether ``ch`` may start a new syllable after ``prefix`` (inserting a space)."""
    beams: dict[str, list[float]] = {"": [1.0, 0.0]}
    for t in range(len(p)):
        row = p[t]
        ks = np.argpartition(row, -top)[-top:]
        ks = [int(k) for k in ks if k != 0 and row[k] >= floor and k < len(chars) and chars[k] != " "]
        nxt: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
        blank = float(row[0])
        for prefix, (pb, pnb) in beams.items():
            total = pb + pnb
            nxt[prefix][0] += total * blank
            last = prefix[-1] if prefix else ""
            for k in ks:
                ch, pk = chars[k], float(row[k])
                if ch == last:
                    nxt[prefix][1] += pnb * pk  # the same character held over frames
                    mass = pb * pk
                else:
                    mass = total * pk
                for cand in _extend(prefix, ch, allowed, split):
                    nxt[cand][1] += mass
        beams = dict(sorted(nxt.items(), key=lambda kv: -(kv[1][0] + kv[1][1]))[:beam])
    return sorted(((k, v[0] + v[1]) for k, v in beams.items() if k), key=lambda x: -x[1])


def _extend(prefix: str, ch: str, allowed, split) -> list[str]:
    out = []
    cand = prefix + ch
    if allowed is None or allowed(cand):
        out.append(cand)
    if split is not None and split(prefix, ch):
        out.append(prefix + " " + ch)
    return out


class Refiner:
    """Re-decode the doubtful words of one line with the lexicon's constraints."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lex = lexicon

    def _allowed(self, prefix: str) -> bool:
        return all(self.lex.is_prefix(s) for s in prefix.split(" "))

    def _split(self, prefix: str, ch: str) -> bool:
        if not prefix or not ch.isupper():
            return False
        last = prefix.rsplit(" ", 1)[-1]
        # "NgọcMhung": a capital after a lower-case syllable; never inside "ODT", "CIỀN"
        return any(c.islower() for c in last) and self.lex.is_syllable(last) and self.lex.is_prefix(ch)

    def valid(self, text: str) -> bool:
        return all(self.lex.is_syllable(s) for s in text.split(" "))

    def refine(self, p: np.ndarray, chars: list[str], words: list[tuple[str, int, int, float]]
               ) -> tuple[list[str], list[Change]]:
        """``words``: (text, first frame, last frame, min char probability) from greedy decoding.
        Returns the words' texts after refinement and the changes made."""
        texts = [w[0] for w in words]
        changes = []
        for i, (text, _f0, _f1, conf) in enumerate(words):
            m = _CORE.match(text)
            lead, core, trail = m.group(1), m.group(2), m.group(3)
            if not core or not core.replace(" ", "").isalpha():
                continue  # digits, codes, punctuation: never touched
            if core.isupper() and (len(core) <= 4 or not any(c.lower() in "aăâeêioôơuưy" for c in core)):
                continue  # an abbreviation or code in capitals ("GCN", "ODT", "UBND")
            greedy_valid = self.valid(core)
            if conf >= SURE and greedy_valid:
                continue
            lo, hi = _window(words, i, len(p), bool(lead))
            frames = p[lo:hi]
            free = prefix_beam(frames, chars)
            bound = prefix_beam(frames, chars, self._allowed, split=self._split)
            cands: dict[str, float] = {}
            for cand, prob in free[:3] + [(c, q) for c, q in bound[:6] if self.valid(c)]:
                if cand.strip(".,;:()") and prob > 0:
                    cands[cand] = max(cands.get(cand, 0.0), prob)
            # the trailing punctuation's frames are part of the span: compare cores
            cores: dict[str, float] = {}
            for cand, prob in cands.items():
                c = _CORE.match(cand).group(2)
                if c:
                    cores[c] = max(cores.get(c, 0.0), prob)
            if core[:1].isupper():
                # a capital read (a name's, ``Áỉnh`` for ``Ánh``) is no word in small letters
                # (``tỉnh``); a small letter read may be a capital's (``Nghệ tn`` → ``An``)
                cores = {c: q for c, q in cores.items() if not c[:1].islower()}
            if core not in cores and not greedy_valid:
                # the window takes in some of a neighbour's first letter (a hand's narrow word
                # space: "tnh trạng" weighed as "tnht"), so the free readings carry it and the
                # greedy reading is none of them: the syllables are weighed against the word as
                # read, on its own frames' probability of it
                own = log_likelihood(frames, text, chars)
                if math.isfinite(own):
                    cores = {c: q for c, q in cores.items() if self.valid(c)}
                    cores[core] = math.exp(own)
            if core not in cores or len(cores) < 2:
                continue
            prev = _CORE.match(texts[i - 1]).group(2) if i else ""
            nxt = _CORE.match(words[i + 1][0]).group(2) if i + 1 < len(words) else ""
            scores = {c: self._score(c, q, prev, nxt) for c, q in cores.items()}
            best = max(scores, key=scores.get)
            if best == core:
                continue
            if greedy_valid and not (self._paired(best, prev, nxt) and not self._paired(core, prev, nxt)):
                continue  # a real syllable changes only for a word the list knows, never for ink alone
            z = max(scores.values())
            post = math.exp(scores[best] - z) / sum(math.exp(s - z) for s in scores.values())
            texts[i] = lead + best + trail
            changes.append(Change(i, text, texts[i], post))
        changed = {c.index for c in changes}
        for i in range(len(words)):
            if i in changed:
                continue
            change = self._pair_reread(p, chars, words, texts, i) or self._joined_reread(p, chars, words, texts, i)
            if change is not None:
                texts[i] = change.chosen
                changes.append(change)
        return texts, sorted(changes, key=lambda c: c.index)

    def _pair_reread(self, p: np.ndarray, chars: list[str], words, texts: list[str], i: int) -> Change | None:
        """A valid syllable that forms a word with neither neighbour ("Dân lộc", "Quốc lịch"),
        read again as the syllables that would ("tộc", "tịch"): each candidate's probability
        given the word's frames (all CTC alignments), against the greedy reading's. Only the
        word-list pairs of the neighbours propose; the ink decides."""
        text, conf = words[i][0], words[i][3]
        m = _CORE.match(text)
        lead, core, trail = m.group(1), m.group(2), m.group(3)
        if conf >= SURE or not core.isalpha() or not self.lex.is_syllable(core):
            return None  # the ink reads it clearly, or not a syllable (the beam's work above)
        # a neighbour across punctuation is no word partner ("Anh, tỉnh"); across a number it is
        # the word beyond it ("Ngày 24 thứng 5 năm": "ngày tháng", "tháng năm")
        j = i - 1 - (i >= 2 and texts[i - 1].isdigit())
        before = _CORE.match(texts[j]) if i else None
        prev = before.group(2) if before and not before.group(3) else ""
        k = i + 1 + (i + 2 < len(texts) and texts[i + 1].isdigit())
        nxt = _CORE.match(texts[k]).group(2) if k < len(texts) and not trail else ""
        prev = prev if prev.isalpha() and self.lex.is_syllable(prev) else ""
        nxt = nxt if nxt.isalpha() and self.lex.is_syllable(nxt) else ""
        if not (prev or nxt) or self._paired(core, prev, nxt):
            return None
        low = core.lower()
        cands = set()
        if prev:
            cands |= self.lex.followers(prev)
        if nxt:
            cands |= self.lex.leaders(nxt)
        cands = [c for c in cands if c != low and abs(len(c) - len(low)) <= PAIR_EDITS
                 and levenshtein(c, low) <= PAIR_EDITS and self.lex.is_syllable(c)]
        weighed = _own_frames(p, chars, words, i, text, lead) if cands else None
        if weighed is None:
            return None
        frames, own = weighed
        # each candidate in the reading's case and as the ink may have it (a lower-case "t" read
        # as a capital "Đ"): the ink decides the case too
        forms = {f for c in cands for f in (cased(c, core), c, c[:1].upper() + c[1:])}
        ll, best = max((log_likelihood(frames, lead + f + trail, chars), f) for f in forms)
        if ll < own - PAIR_MARGIN:
            return None
        chosen = lead + best + trail
        post = 1.0 / (1.0 + math.exp(own - PAIR_MARGIN - ll))  # exponent ≤ 0 here
        return Change(i, text, chosen, min(conf, post), max(0.0, own - ll))

    def _joined_reread(self, p: np.ndarray, chars: list[str], words, texts: list[str], i: int) -> Change | None:
        """A run of letters that is no syllable, read as two words run together with a letter lost
        or misread ("sửdng"): the words of the list made of a syllable read whole and one within
        JOINED_EDITS letters of the rest ("sử dụng"), each weighed on the run's frames, a space
        read on nothing (the hand left no gap). Shown where the ink supports it within
        JOINED_MARGIN nats of the run's own reading."""
        text, conf = texts[i], words[i][3]
        m = _CORE.match(text)
        lead, core, trail = m.group(1), m.group(2), m.group(3)
        if not core.isalpha() or len(core) < 4 or core.isupper() or self.valid(core) or not core[1:].islower():
            return None
        low = core.lower()
        cands = set()
        for k in range(1, len(low)):
            left, right = low[:k], low[k:]
            if self.lex.is_syllable(left):
                cands |= {(left, b) for b in self.lex.followers(left)
                          if abs(len(b) - len(right)) <= JOINED_EDITS and levenshtein(b, right) <= JOINED_EDITS}
            if self.lex.is_syllable(right):
                cands |= {(a, right) for a in self.lex.leaders(right)
                          if abs(len(a) - len(left)) <= JOINED_EDITS and levenshtein(a, left) <= JOINED_EDITS}
        weighed = _own_frames(p, chars, words, i, text, lead) if cands else None
        if weighed is None:
            return None
        frames, own = weighed
        # the run's own letters split into two syllables are a reading too, word or not ("Mơđăng":
        # "Mơ đăng", not the list's "Xơ đăng" for a letter the ink reads clearly)
        cands |= {(low[:k], low[k:]) for k in range(1, len(low))
                  if self.lex.is_syllable(low[:k]) and self.lex.is_syllable(low[k:])}
        scored = sorted(((log_likelihood(frames, lead + cased(a, core) + " " + b + trail, chars, loose_spaces=True),
                          lead + cased(a, core) + " " + b + trail) for a, b in cands), reverse=True)
        ll, chosen = scored[0]
        a, b = chosen[len(lead):len(chosen) - len(trail)].lower().split(" ")
        if (ll < own - JOINED_MARGIN or (len(scored) > 1 and scored[1][0] > ll - JOINED_APART)
                or not self.lex.known_pair(a, b)):
            return None  # too far from the ink, not told apart, or the run's own letters apart
        post = 1.0 / (1.0 + math.exp(own - JOINED_MARGIN - ll))
        return Change(i, text, chosen, min(conf, post), max(0.0, own - ll))

    def _paired(self, cand: str, prev: str, nxt: str) -> bool:
        sylls = cand.split(" ")
        return bool((prev and self.lex.known_pair(prev.rsplit(" ", 1)[-1], sylls[0])) or (
            nxt and self.lex.known_pair(sylls[-1], nxt.split(" ", 1)[0])))

    def _score(self, cand: str, prob: float, prev: str, nxt: str) -> float:
        s = math.log(prob)
        sylls = cand.split(" ")
        if not all(self.lex.is_syllable(x) for x in sylls):
            s -= NOT_SYLLABLE
        if self._paired(cand, prev, nxt):
            s += PAIR_BONUS
        for a, b in zip(sylls, sylls[1:]):
            if self.lex.known_pair(a, b):
                s += PAIR_BONUS
        return s


def _own_frames(p: np.ndarray, chars: list[str], words, i: int, text: str, lead: str
                ) -> tuple[np.ndarray, float] | None:
    """Word ``i``'s frames (``_window``) and how well they support ``text``, its reading (log
    likelihood); None where they cannot."""
    lo, hi = _window(words, i, len(p), bool(lead))
    frames = p[lo:hi]
    own = log_likelihood(frames, text, chars)
    return (frames, own) if math.isfinite(own) else None


def _window(words, i: int, t_len: int, lead: bool) -> tuple[int, int]:
    """The frames of word ``i``: from halfway after the previous word to halfway before the next."""
    f0, f1 = words[i][1], words[i][2]
    lo = max(0, (words[i - 1][2] + f0) // 2 + 1 if i else f0 - 3)
    hi = (f1 + words[i + 1][1]) // 2 + 1 if i + 1 < len(words) else min(t_len, f1 + 4)
    if lead:
        lo = max(lo, f0 + 1)  # frames of the opening bracket are not the syllable's
    return lo, hi


def cased(cand: str, like: str) -> str:
    """``cand`` (lower case) in the case of ``like``: CAPITALS, Title or lower."""
    if like.isupper() and len(like) > 1:
        return cand.upper()
    return cand[:1].upper() + cand[1:] if like[:1].isupper() else cand


#: the last alphabets' indices (``_index``): a field is weighed hundreds of times on one alphabet
_INDICES: dict[int, tuple[list[str], dict[str, int]]] = {}


def _index(chars: list[str]) -> dict[str, int]:
    """Each character of an alphabet (blank first) → its column, kept for the alphabet's list
    while it lives (building it was a seventh of a weighing's time)."""
    got = _INDICES.get(id(chars))
    if got is None or got[0] is not chars or len(got[1]) != len(chars) - 1:
        if len(_INDICES) > 8:
            _INDICES.clear()
        got = _INDICES[id(chars)] = (chars, {c: i for i, c in enumerate(chars) if i})
    return got[1]


def log_likelihood(p: np.ndarray, text: str, chars: list[str], loose_spaces: bool = False,
                   loose: str = "") -> float:
    """log P(text | frames): the CTC forward algorithm over every alignment of ``text`` to the
    frames ``p`` (T × C probabilities, blank = 0) — how well the ink supports a given reading,
    not only the best path's. ``-inf`` when a character is not in the model's alphabet (a raised
    digit, ``m²``, is weighed as the digit it is drawn as: the model has none) or the text is
    longer than the frames allow. With ``loose_spaces`` a word space may be read on
    frames the recogniser saw as nothing (a hand writing its words close together leaves a
    space no gap the recogniser reads as one): a reading is not weighed down for its spaces;
    each of ``loose`` likewise (a code's full stops, the smallest mark a hand makes)."""
    index = _index(chars)
    try:
        labels = [index[c] if c in index else index[AS_DIGIT.get(c, c)] for c in text]
    except KeyError:
        return float("-inf")
    t_len, n = len(p), len(labels)
    if n == 0 or n > t_len:
        return float("-inf")
    ext = np.zeros(2 * n + 1, dtype=np.int64)  # blank, l1, blank, l2, …, blank
    ext[1::2] = labels
    lp = np.log(np.maximum(p[:, ext], 1e-30))  # T × S
    marks = [index[c] for c in (" " if loose_spaces else "") + loose if c in index]
    if marks:
        spaces = np.flatnonzero(np.isin(ext, marks))
        spaces = spaces[spaces % 2 == 1]
        lp[:, spaces] = np.log(np.maximum(p[:, ext[spaces]] + p[:, :1], 1e-30))
    # a label may skip the blank before it when it differs from the label two back: 0 where it
    # may, -inf where it may not (added to the state two back)
    skip = np.full(len(ext), -np.inf)
    skip[3::2][ext[3::2] != ext[1:-2:2]] = 0.0
    # the states with two -inf before them, so the state one and two back are views, not copies
    # (the frames' loop is most of a weighing's time: four array operations a frame)
    buf = np.full(len(ext) + 2, -np.inf)
    alpha, a1, a2 = buf[2:], buf[1:-1], buf[:-2]
    alpha[0], alpha[1] = lp[0, 0], lp[0, 1]
    step = np.empty(len(ext))
    back2 = np.empty(len(ext))
    for t in range(1, t_len):
        np.logaddexp(alpha, a1, out=step)
        np.add(a2, skip, out=back2)
        np.logaddexp(step, back2, out=step)
        np.add(step, lp[t], out=alpha)
    return float(np.logaddexp(alpha[-1], alpha[-2]))



def best_in_pattern(p: np.ndarray, chars: list[str], slots: list[tuple[str, bool]]) -> tuple[str, float] | None:
    """The best alignment of the frames ``p`` (T × C probabilities, blank = 0) to a text of a
    fixed shape: ``slots`` in order, each the characters it may be and whether the ink may lack
    it (a hand's full stop) — the text that path spells and its log-probability (Viterbi: the
    best path, not every path's sum); None where a slot that must be read has no character the
    model can write or the frames are too few. A code's ink read as a code: ``ddd.dd.dd.Ldd``
    where greedy decoding read ``2729446357``."""
    index = _index(chars)
    classes = [[(c, index[c]) for c in dict.fromkeys(allowed) if c in index] for allowed, _ in slots]
    optional = [opt for _, opt in slots]
    n = len(slots)
    if any(not k and not opt for k, opt in zip(classes, optional)) or len(p) < sum(not o for o in optional):
        return None
    lp = np.log(np.maximum(p, 1e-30))
    neg = (float("-inf"), "")

    def closure(blank: list) -> None:
        # a slot the ink may lack is passed over: ready for the next one where ready for it
        for i in range(n):
            if optional[i] and blank[i][0] > blank[i + 1][0]:
                blank[i + 1] = blank[i]

    # blank[i]: slots before i read, then a blank (at the start: nothing read yet); ch[i][j]:
    # slot i read as its j-th character
    blank = [neg] * (n + 1)
    blank[0] = (0.0, "")
    closure(blank)
    ch = [[neg] * len(k) for k in classes]
    for t in range(len(p)):
        row = lp[t]
        nb = [(blank[0][0] + row[0], blank[0][1])]
        for i in range(1, n + 1):
            b = max(blank[i], max(ch[i - 1], default=neg))
            nb.append((b[0] + row[0], b[1]))
        nch = []
        for i, ks in enumerate(classes):
            # the best ways in from the slot before (or the one before that, passed over): a
            # character may follow the same one only across a blank
            prev = ch[i - 1] if i else []
            if i >= 2 and optional[i - 1]:
                prev = prev + ch[i - 2]
            ranked = sorted((x for x in prev if x[0] > float("-inf")), reverse=True)
            out = []
            for j, (c, k) in enumerate(ks):
                stay = ch[i][j]
                enter = blank[i]
                for x in ranked:
                    if not x[1].endswith(c):
                        enter = max(enter, x)
                        break
                if stay[0] >= enter[0] and stay[0] > float("-inf"):
                    out.append((stay[0] + row[k], stay[1]))
                elif enter[0] > float("-inf"):
                    out.append((enter[0] + row[k], enter[1] + c))
                else:
                    out.append(neg)
            nch.append(out)
        blank, ch = nb, nch
        closure(blank)
    ends = [blank[n]] + [max(ch[i], default=neg) for i in range(n) if all(optional[i + 1:])]
    score, text = max(ends)
    return (text, float(score)) if score > float("-inf") else None



def listed_words(read) -> dict[int, str]:
    """The words of ``read`` (a ``LineRead``) that a list chose over the ink's own reading and
    that still stand after the steps that came later: word index → what the ink read there. The
    word list's (``Refiner`` changes, recorded by the recogniser in ``extra["changed"]`` with their
    word's index; one whose words are no longer there — another recogniser's word taken, the line
    re-spaced — is left out) and the administrative units' names (``places.as_placed``: the line
    as read before in ``extra["place"]``)."""
    out: dict[int, str] = {}
    cores = [word_core(w[0]) for w in read.words]
    for greedy, chosen, _post, at in (read.extra or {}).get("changed", ()):
        parts = [word_core(p) for p in chosen.split()]
        if not parts or "".join(parts) == "".join(word_core(greedy).split()):
            continue  # words put apart where the hand left no space: the letters are the ink's
        if cores[at:at + len(parts)] == parts:
            out.update({k: greedy for k in range(at, at + len(parts))})
    before = (read.extra or {}).get("place")
    if before:  # the line read again with the units' names its ink supports (``places.as_placed``)
        was = before.split()
        for tag, i1, i2, j1, j2 in SequenceMatcher(None, [word_core(w) for w in was], cores,
                                                   autojunk=False).get_opcodes():
            if tag == "replace" and "".join(cores[j1:j2]) != "".join(word_core(w) for w in was[i1:i2]):
                out.update({k: " ".join(was[i1:i2]) for k in range(j1, j2) if k not in out})
    return out
