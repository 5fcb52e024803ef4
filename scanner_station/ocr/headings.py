"""A line that is one of the known headings (``domain.headings``: the national name and motto,
the forms' titles), read as that heading where the line's ink supports it.

A hand's capitals are the hardest letters to read (the national name in a script's swash
capitals reads ``ĐỘNG HÒC XĨ HỘICHOỦNGHHACU LỆ TOAO``), and these lines are known text. A line
whose reading is near a heading (at most ``NEAR`` edits a letter, compared folded, without spaces
and punctuation) is weighed: AsterOCR's frame probabilities of the line give each spelling of the
heading (``domain.headings.spellings``) its likelihood (``ctc.log_likelihood``), and the heading
is read where

- its best spelling is less likely than the line's own reading by at most ``SLACK`` nats for each
  letter it changes (where the ink is unclear, what it shows is nearly as likely read either
  way; where it is clear, a changed letter costs far more),
- it is ``APART`` nats above every other heading (the ink tells it from the others), and
- AsterOCR is unsure of its own reading of the line (``UNSURE``): a heading written misspelled in
  a clear hand reads as written, surely, and stays so (the book prevails).

Which spelling (``HÒA`` or ``HOÀ``, with the motto's dashes or without) is the ink's choice, never
the list's. The line's words take AsterOCR's confidence in its own reading (the ink was as unsure
as it was, and the words are flagged so), and the line as the recognisers read it is kept (the
reading's ``extra["heading"]``; the page layout's ``headings``). A line that reads as a heading
already, or whose crop is beyond one AsterOCR pass, is left as read.

A line in capitals that starts near a lead (``ỦY BAN NHÂN DÂN``, a letterhead's issuing office) is
weighed the same way, as the lead followed by the rest of the line as read (``led``): the office's
name is never taken from a list, and a value written in small letters (a registration office in
a table's cell) is never weighed.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from typing import NamedTuple

from ..domain.headings import HEADINGS, LEADS, spellings
from ..domain.text import distances_to_starts, fold, letters_key, levenshtein
from .base import LineRead
from .calibration import calibrate
from .ctc import log_likelihood
from .spacing import in_capitals, split_spaced
from .stops import SLACK as MARK_SLACK

#: a heading is weighed against a line read at most this many edits a letter from it
NEAR = 0.5
#: a line's start is read as a lead (``led``) at most this many edits a letter from it (the lead
#: is short, the rest of the line free: closer than a whole heading)
LEAD_NEAR = 0.35
#: the ink may support a heading this much less than the line's own reading: nats for each letter
#: the heading changes — set with ``UNSURE`` on development hands (``bench/headings_bench.py``:
#: the most misread headings taken with no misspelled heading that AsterOCR read as written
#: mended, one step inside where the first is)
SLACK = 4.0
#: and AsterOCR's own reading of the line this unsure (calibrated confidence, below): where the
#: ink is clear, a misspelled heading reads as written and surely, and stays as written
UNSURE = 0.65
#: and must support it this much more than any other heading (nats)
APART = 20.0
#: a line AsterOCR read surely is weighed too, and read as the heading only where the ink supports
#: the heading at least as well as the line's own reading: the greedy path lost a space or a mark
#: the frames as a whole hold (``QUYẾTDINH`` for ``QUYẾT ĐỊNH``, ``TỜTRÌNH``). Set on
#: ``bench/headings_bench.py`` (development hands, seeds 2 and 3: 11 and 22 misread headings read
#: surely taken, 11 and 21 as written — the other the GCN title read and taken without its comma —
#: and no misspelled heading read as written mended; at 0.25 one was)
SURE_SLACK = 0.0


@lru_cache(maxsize=1)
def _known() -> tuple[tuple[str, str, Counter, frozenset[str]], ...]:
    return tuple((h, letters_key(h), Counter(letters_key(h)), frozenset(spellings(h))) for h in HEADINGS)


def near(text: str) -> list[str]:
    """The headings ``text`` reads near to (none when it reads as one of their spellings, but for
    a spelling without the commas or dashes another spelling has: weighed for those)."""
    key = letters_key(text)
    if not key:
        return []
    letters = Counter(key)
    out = []
    for heading, hkey, hletters, forms in _known():
        if text in forms:
            # read as a spelling without the commas or dashes another has: weighed for them alone
            return [heading] if any(f != text and unmarked(f) == text for f in forms) else []
        if heading in LEADS and any(text.startswith(f + " ") for f in forms):
            continue  # the lead as written, the office's name after it (``led``)
        most = NEAR * len(hkey)
        # the letters one has and the other lacks: at least as many edits (a cheap bound first)
        if (abs(len(key) - len(hkey)) <= most and max(sum((letters - hletters).values()),
                                                       sum((hletters - letters).values())) <= most
                and levenshtein(key, hkey) <= most):
            out.append(heading)
    return out


class Rule(NamedTuple):
    """When a line is read as the known text its ink supports best: at most ``slack`` nats less
    likely than the line's own reading for each letter it changes, ``apart`` nats likelier than
    the next known text, and AsterOCR's own reading of the line less sure than ``unsure``
    (calibrated)."""
    slack: float
    apart: float
    unsure: float


#: the headings' rule
HEADINGS_RULE = Rule(SLACK, APART, UNSURE)
#: and a surely read line's (``SURE_SLACK``)
SURE_RULE = Rule(SURE_SLACK, APART, float("inf"))


class Weighed(NamedTuple):
    """A line weighed against the known texts near it: the best one's spelling, how much less
    likely than the line's own reading it is for each letter it changes (nats), and how much
    likelier than the next known text (nats) — taken as its ``rule`` says."""
    spelling: str
    cost: float
    apart: float
    confidence: float  # AsterOCR's raw confidence in its own reading of the line
    rule: Rule = HEADINGS_RULE

    @property
    def taken(self) -> bool:
        return (self.cost <= self.rule.slack and self.apart >= self.rule.apart
                and calibrate("aster", self.confidence) < self.rule.unsure)


def keyed_letters(text: str) -> tuple[str, list[int]]:
    """``letters_key(text)`` and, for each of its letters, where in ``text`` it stands."""
    key, at = [], []
    for i, ch in enumerate(text):
        for c in fold(ch):
            if c.isalnum():
                key.append(c)
                at.append(i)
    return "".join(key), at


def led(text: str) -> dict[str, list[str]]:
    """The readings of ``text`` whose start reads near a lead (``domain.headings.LEADS``: ``ỦY
    BAN NHÂN DÂN``) as the lead, the rest as read (``ỦY BANN HÂN DÂNX E SU`` → ``ỦY BAN NHÂN DÂN
    X E SU``, ``ỦY BAN NHÂN DÂN E SU``, …) — by lead; none where it starts with the lead as
    written, or nothing follows it."""
    key, at = keyed_letters(text)
    out: dict[str, list[str]] = {}
    for lead in LEADS:
        forms = spellings(lead)
        if any(text.startswith(f + " ") for f in forms):
            continue
        lkey = letters_key(lead)
        prev = distances_to_starts(lkey, key)  # the lead against every start of the line
        best = min(prev[1:], default=len(lkey))
        if best > LEAD_NEAR * len(lkey) or prev[-1] <= best + 1:
            continue  # no start reads near the lead, or the whole line does: the lead alone
        # the starts nearest the lead, the rest of the line after each as read
        # (a letterhead's, in capitals: a value's ``Ủy ban nhân dân xã …`` in a table's cell, read
        # ``Ny ban nhân dân …``, is a field's and stays as read)
        tails = dict.fromkeys(text[at[m - 1] + 1:].strip() for m in range(1, len(key))
                              if prev[m] <= best + 1 and in_capitals(text[:at[m - 1] + 1]))
        texts = [f"{f} {t}" for t in tails if t for f in forms]
        if texts:
            out[lead] = texts
    return out


def heading_candidates(text: str) -> dict[str, list[str]]:
    """What ``text`` may be read as, by heading: the spellings of each heading it is near, and
    the lead's readings (``led``)."""
    out = {h: list(spellings(h)) for h in near(text)}
    for lead, texts in led(text).items():
        out[lead] = out.get(lead, []) + texts
    return out


def weigh(text: str, crop, aster, candidates=None, rule: Rule = HEADINGS_RULE, own: bool = True,
          framed=None) -> Weighed | None:
    """``text`` (the line's reading) weighed against the known texts near it under AsterOCR's
    frames of ``crop`` (``framed``: ``aster.read_frames(crop)`` where the caller has it already);
    None where it is near none or the crop is beyond one AsterOCR pass. ``candidates(text)``
    gives the readings to weigh by known text (the headings' by default), of AsterOCR's own
    reading too unless not ``own``; the next known text is the likeliest whose letters differ
    from the best one's."""
    candidates = candidates or heading_candidates
    # the line's frames: AsterOCR read every unsure line whole, so they are at hand
    # (``AsterRecognizer.read_frames`` keeps the last lines' frames)
    framed = framed or aster.read_frames(crop)
    if framed is None:
        return None
    own_read, p, chars = framed
    # the known texts near either reading (AsterOCR's own may be nearer than the chosen one —
    # Tesseract's garbage for a title in a hand): a known text far from both is far less likely
    # under the ink than the nearest
    cands = candidates(text)
    for h, texts in (candidates(own_read.text) if own else {}).items():
        cands[h] = list(dict.fromkeys(cands.get(h, []) + texts))
    if not cands:
        return None
    best_own, own_text = max((log_likelihood(p, t, chars, loose_spaces=True), t) for t in {text, own_read.text})
    scored = sorted((_spelled(p, texts, chars) + (h,) for h, texts in cands.items()), reverse=True)
    ll, spelling, _ = scored[0]
    runner_up = next((sc for sc, s, _ in scored[1:] if letters_key(s) != letters_key(spelling)), float("-inf"))
    # letters changed, not their case (a hand's capitals read small cost little and say nothing)
    changed = max(1, levenshtein(own_text.lower(), spelling.lower()))
    return Weighed(spelling, (best_own - ll) / changed, ll - runner_up, own_read.confidence, rule)


def unmarked(text: str) -> str:
    """``text`` without its commas and dashes (as ``domain.headings.spellings`` drops them)."""
    return " ".join(text.replace(" - ", " ").replace(",", "").split())


def _spelled(p, texts, chars) -> tuple[float, str]:
    """The likeliest of a known text's spellings ``texts`` under the frames ``p`` (its log
    likelihood, the spelling) — or one with the commas or dashes it lacks, where the ink supports
    that within ``stops.SLACK`` nats: a hand's smallest marks, which greedy reading loses and the
    frames show weakly (``… ĐẤT, QUYỀN …``), read as ``stops.with_stop`` reads a line's last
    full stop; where the ink has none they cost more (``bench/RESULTS.md``, session 42)."""
    scored = sorted(((log_likelihood(p, s, chars, loose_spaces=True), s) for s in texts), reverse=True)
    ll, best = scored[0]
    return next(((ll2, s2) for ll2, s2 in scored[1:] if ll2 >= ll - MARK_SLACK and s2 != best
                 and unmarked(s2) == best), (ll, best))


def as_heading(reads: list[LineRead], crop, aster, framed=None, rule: Rule = HEADINGS_RULE) -> LineRead | None:
    """The line read as a heading (one ``LineRead`` in place of ``reads``, the line's chosen
    readings left to right), or None where it is none, the ink does not support one (as ``rule``
    says: ``SURE_RULE`` for a line read surely), or ``aster`` (an ``AsterRecognizer``) cannot
    weigh the crop (``framed``: see ``weigh``)."""
    text = " ".join(r.text for r in reads if r.text)
    weighed = weigh(text, crop, aster, rule=rule, framed=framed)
    words = [w for r in reads for w in r.words if w[0]]
    if weighed is None or not weighed.taken or not words or weighed.spelling == text:
        return None
    x0, x1 = min(w[1] for w in words), max(w[2] for w in words)
    # AsterOCR's confidence: the heading's words are its reading now, as unsure as the ink was
    placed = split_spaced([(weighed.spelling, x0, x1, weighed.confidence)])
    return LineRead(weighed.spelling, weighed.confidence, tuple(placed), "aster", {"heading": text})


def weighed_steps(reads: list[LineRead], crop, aster, candidates, rule: Rule, kind: str, times: int, place,
                  framed=None) -> LineRead | None:
    """The line (``reads``, its chosen readings left to right) read as the known texts its ink
    supports, one at a time, at most ``times``: each step weighs the line as the last step left
    it (``weigh``, the chosen reading only) and ``place(words, text, new, confidence)`` places the
    new reading's words — None where no step is taken or a reading's words do not make its text.
    The line as read is kept in ``extra[kind]``."""
    text = " ".join(r.text for r in reads if r.text)
    words = [w for r in reads for w in r.words if w[0]]
    if not words or text != " ".join(w[0] for w in words):
        return None
    first = text
    for _ in range(times):
        # the chosen reading only: AsterOCR's own reading may have read the rest otherwise
        weighed = weigh(text, crop, aster, candidates, rule, own=False, framed=framed)
        if weighed is None or not weighed.taken or weighed.spelling == text:
            break
        placed = place(words, text, weighed.spelling, weighed.confidence)
        if placed is None:
            break
        words, text = placed, weighed.spelling
    if text == first:
        return None
    engine = max(reads, key=lambda r: len(r.words)).engine
    return LineRead(text, min(w[3] for w in words), tuple(words), engine, {kind: first})
