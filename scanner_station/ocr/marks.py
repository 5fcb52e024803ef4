"""A known text's marks — its commas, full stops, colons and dashes — that the reading lost, read
where the line's ink nearly supports them, however sure the line's reading is.

A hand's smallest marks are what the recognisers lose most alike on every hand: a heading's comma
(``QUYỀN SỬ DỤNG ĐẤT QUYỀN SỞ HỮU …``), a label's (``Ngày tháng, năm sinh:``), the stops between a
dossier code's groups (``Mã hồ sơ: 669.4712.H49-…``), a symbol's dash (``Số: 78/QĐUBND``) — read
surely, so the known texts' steps (``headings.as_heading``, ``labels.as_labelled``), which weigh
only a line the reading is unsure of, never see them.

Here a line whose reading has exactly the letters, digits and case of a known text's spelling (a
heading's; ``labels.candidates``: a label and the rest of the line as read, the recipients' line,
a document's number and symbol, a dossier's code; a place's units, ``_separated``; an area's
decimal comma, ``_decimal``) and differs
from it only by marks the reading lacks is weighed on AsterOCR's frames, and read with the
spelling's marks where that costs at most ``SLACK`` nats for each mark it adds (``weigh``). No
letter is ever changed here, and no mark the reading has: a mark written otherwise than the list
has it (``:`` for ``;``, ``.`` for ``,``) is nearly as likely under a hand's ink as the list's —
17 of 56 such lines were mended at this slack (``bench/marks_bench.py --every``, seed 1); a mark
left out leaves no ink, and none was added on 333 lines written so (seeds 1–3; seed 3 never used
to set anything), while 25 of 36 lost marks were read.

The words the marks change take AsterOCR's confidence in its own reading of the line where that is
lower (the mark is the list's proposal as much as the ink's), the others keep theirs; the line as
read is kept (``extra["mark"]``; the page layout's ``marks``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..domain.headings import HEADINGS, spellings
from ..domain.text import levenshtein
from .base import LineRead
from .ctc import log_likelihood
from .labels import candidates as label_candidates
from .places import UNIT_WORDS
from .spacing import replaced_words

#: a mark the reading lost is read where the ink supports the known text with it at most this many
#: nats less than the reading, a mark — below ``stops.SLACK`` (3.5, a line's last full stop): on
#: development hands (``bench/marks_bench.py``, seed 2) a symbol written without its dash
#: (``Số: 141/HDUBND``) costs 3.44 and stays as written only below that (session 51)
SLACK = 3.0
#: an area's decimal comma (``_decimal``) this many: on development hands (``bench/marks_bench.py
#: --kind area``, seeds 1 and 2, 68 hands) no comma the book left out cost less than 8.41 nats,
#: while 19 of 28 and 15 of 26 lost commas cost at most 5; seed 3, never used to set it: 21 of
#: 32 read back, none added, the cheapest 6.92 (session 54)
AREA_SLACK = 5.0


def _letters(text: str) -> str:
    """``text``'s letters and digits as written (case and tone marks kept), marks and spaces aside."""
    return "".join(c for c in text if c.isalnum())


@lru_cache(maxsize=1)
def _headings() -> dict[str, tuple[str, ...]]:
    """Every heading's spellings (``domain.headings``) by their letters (``_letters``)."""
    out: dict[str, tuple[str, ...]] = {}
    for h in HEADINGS:
        for s in spellings(h):
            out[_letters(s)] = out.get(_letters(s), ()) + (s,)
    return out


def candidates(text: str, every: bool = False) -> dict[str, list[str]]:
    """The known texts' spellings (by known text) that have ``text``'s letters and digits exactly
    and every mark it has, and more (``added``: the marks its reading lost) — with ``every``, any
    other marks too (``bench/marks_bench.py --every``); none where ``text`` reads as one: a
    heading's spellings, the labels' candidates (``labels.candidates``: a label and the rest of
    the line as read, the recipients' line, a document's number and symbol, a dossier's code),
    a place's units parted by commas (``_separated``), an area with its decimal comma
    (``_decimal``)."""
    key = _letters(text)
    found = {"heading": list(_headings().get(key, ())), **label_candidates(text), "place": _separated(text),
             "area": _decimal(text)}
    out: dict[str, list[str]] = {}
    for known, texts in found.items():
        same = [t for t in texts if t != text and _letters(t) == key and _marks(t) != _marks(text)
                and (every or change(text, t) == "added")]
        if same:
            out[known] = list(dict.fromkeys(same))
    return out


def _unit_at(words: list[str], i: int) -> int:
    """How many words a unit word written in small letters takes at ``words[i]`` (``huyện``: 1,
    ``thành phố``: 2) where a name follows it (a capitalised word or a number), else 0."""
    for unit in UNIT_WORDS:
        n = unit.count(" ") + 1
        if " ".join(words[i:i + n]) == unit and i + n < len(words) and (words[i + n][:1].isupper()
                                                                     or words[i + n][:1].isdigit()):
            return n
    return 0


def _separated(text: str) -> list[str]:
    """``text`` with the comma that parts a place's units (``xã Tân Phú, huyện Krông Pắc, tỉnh
    Lạng Sơn``) where its reading has none between a unit's name and the next unit word: each
    such comma alone, and all of them — none where there is none to add."""
    words = text.split(" ")
    gaps, last = [], None  # where a comma may go (after words[j]); the last unit word's index
    for i in range(len(words)):
        if not _unit_at(words, i):
            continue
        prev = words[i - 1] if i else ""
        if (last is not None and i - last >= 2 and prev[-1:].isalnum()
                and (prev[:1].isupper() or prev[:1].isdigit())):
            gaps.append(i - 1)
        last = i
    out = []
    for chosen in [[g] for g in gaps] + ([gaps] if len(gaps) > 1 else []):
        out.append(" ".join(w + "," if j in chosen else w for j, w in enumerate(words)))
    return out


#: an area in square metres read with no decimal mark: its digits, then the unit (``5799 m2``)
_AREA = re.compile(r"(?<![\d.,/])(\d{2,})(?=\s?m[²2](?!\w))")


def _decimal(text: str) -> list[str]:
    """``text`` with the decimal comma of each area in square metres read without one (``d) Diện
    tích: 5799 m2`` → ``… 579,9 m2``): a parcel's area is given in square metres rounded to one
    decimal (TT 55/2013/TT-BTNMT art. 3.5; the certificates copy it), so the comma goes before the
    last digit — each area's alone, and all of them; none where an area has its mark."""
    spans = [m.end(1) - 1 for m in _AREA.finditer(text)]
    out = []
    for chosen in [[s] for s in spans] + ([spans] if len(spans) > 1 else []):
        out.append("".join(("," + c) if i in chosen else c for i, c in enumerate(text)))
    return out


def _marks(text: str) -> str:
    return "".join(c for c in text if not c.isalnum() and not c.isspace())


def _place(words: list[tuple], text: str, new: str, confidence: float) -> list[tuple] | None:
    """``words`` (reading ``text``) with ``new``'s marks: word by word where both have as many
    words (each changed word at most ``confidence``), else the changed words placed anew
    (``spacing.replaced_words``)."""
    parts = new.split(" ")
    if len(parts) != len(words):
        return replaced_words(words, text, new, confidence)
    return [w if p == w[0] else (p, w[1], w[2], min(w[3], confidence)) for w, p in zip(words, parts)]


def change(text: str, spelling: str) -> str:
    """What ``spelling`` changes of ``text``'s marks: ``added`` (a mark the reading lacks),
    ``dropped`` (a mark it has that the spelling has not), ``replaced`` (as many marks, others),
    ``several``."""
    a, b = _marks(text), _marks(spelling)
    d = levenshtein(a, b)
    if d == len(b) - len(a):
        return "added"  # only insertions (one or more)
    if d > 1:
        return "several"
    return "dropped" if len(b) < len(a) else "replaced"


def weigh(text: str, cands: list[str], framed) -> tuple[str, float]:
    """The likeliest of ``cands`` (``text``'s letters with other marks) under AsterOCR's frames
    (``framed``: ``aster.read_frames``' answer) and how much less likely than ``text`` it is, in
    nats for each mark it changes."""
    _, p, chars = framed
    ll, spelling = max((log_likelihood(p, t, chars, loose_spaces=True), t) for t in cands)
    changed = max(1, levenshtein(_marks(text), _marks(spelling)))
    return spelling, (log_likelihood(p, text, chars, loose_spaces=True) - ll) / changed


def as_marked(reads: list[LineRead], crop, aster, framed=None) -> LineRead | None:
    """The line (``reads``, its chosen readings left to right) read with a known text's marks
    where its ink supports them within ``SLACK`` a mark, or None: no known text has its letters
    with other marks, or the ink does not support them, or ``aster`` cannot weigh the crop."""
    text = " ".join(r.text for r in reads if r.text)
    words = [w for r in reads for w in r.words if w[0]]
    found = candidates(text)
    cands = [t for texts in found.values() for t in texts]
    if not cands or not words or text != " ".join(w[0] for w in words):
        return None  # the common case, with no AsterOCR pass
    framed = framed or aster.read_frames(crop)
    if framed is None:
        return None
    spelling, cost = weigh(text, cands, framed)
    slack = AREA_SLACK if spelling in found.get("area", ()) else SLACK
    if not cost <= slack:  # NaN too: a character AsterOCR cannot write, in both readings
        return None
    placed = _place(words, text, spelling, framed[0].confidence)
    if placed is None:
        return None
    engine = max(reads, key=lambda r: len(r.words)).engine
    return LineRead(spelling, min(w[3] for w in placed), tuple(placed), engine, {"mark": text})
