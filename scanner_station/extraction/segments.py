"""Rows of column segments: what the reading rules (``reading``) work on.

A row of the OCR's text is cut where its words leave a gap wider than ``GAP`` word heights, so
the two columns of an administrative document's head, a ruled table's cells or a form's tab
stops are segments of their own; a segment keeps its row's index and its words' boxes.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, replace

from ..domain.layout import BBox, Line, Word

#: a gap between words wider than this many word heights separates two column segments
GAP = 2.0
#: a signing block's opening (thừa mệnh, ký thay, thừa lệnh, thừa ủy quyền: "TM. ỦY BAN NHÂN
#: DÂN", "KT. CHỦ TỊCH") before a word in capitals: it starts a segment of its own wherever it
#: stands (beside a value on the row above the signature: "Huỳnh Thành Quang   TM. ỦY BAN …")
SIGNING = re.compile(r"^(?:TM|KT|TL|TUQ)\.$|^T/M\.?$")


@dataclass(frozen=True, slots=True)
class Segment:
    """Part of a text row between column gaps."""

    words: tuple[Word, ...]
    bbox: BBox
    engine: str
    row: int

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words if w.text)

    @property
    def height(self) -> float:
        return float(statistics.median(w.bbox.height for w in self.words)) if self.words else 1.0


def split_line(line: Line, row: int, gap: float = GAP) -> list[Segment]:
    """Cut a row where the gap between two words is wider than ``gap`` word heights."""
    words = [w for w in line.words if w.text]
    if not words:
        return []
    # in the order they were read: a combined line's word boxes can be out of order
    h = max(1.0, float(statistics.median(w.bbox.height for w in words)))
    groups: list[list[Word]] = [[words[0]]]
    for i, (prev, w) in enumerate(zip(words, words[1:]), 1):
        if w.bbox.x0 - prev.bbox.x1 > gap * h or _signing(words, i):
            groups.append([w])
        else:
            groups[-1].append(w)
    return [Segment(tuple(g), BBox.enclosing(w.bbox for w in g), line.engine, row) for g in groups]


def _signing(words: list[Word], i: int) -> bool:
    """A signing block opens at word ``i``: its mark, then a word in capitals."""
    nxt = words[i + 1].text if i + 1 < len(words) else ""
    return bool(SIGNING.match(words[i].text)) and nxt.isupper()


def rows_apart(line: Line) -> list[Line]:
    """A detected line that holds two rows read one after the other (a tall hand's date line and
    the title printed under it, "… năm 2020 QUYẾT ĐỊNH") as one line per row: cut before a word
    that goes back left of the word before it and stands lower by a third of a word's height.
    (A combined line's words out of order stand on the same row: not cut.)"""
    words = list(line.words)
    cuts = [i for i in range(1, len(words))
            if words[i].bbox.x0 < words[i - 1].bbox.x0 and words[i].text and words[i - 1].text
            and words[i].bbox.center[1] - words[i - 1].bbox.center[1]
            > min(words[i].bbox.height, words[i - 1].bbox.height) / 3]
    if not cuts:
        return [line]
    bounds = [0, *cuts, len(words)]
    return [Line(tuple(words[a:b]), BBox.enclosing(w.bbox for w in words[a:b]), line.confidence, line.engine,
                 line.angle) for a, b in zip(bounds, bounds[1:])]


def segment_rows(lines: list[Line]) -> list[list[Segment]]:
    """Rows of segments, empty lines left out (``Segment.row`` indexes the result)."""
    out: list[list[Segment]] = []
    for ln in lines:
        segs = split_line(ln, len(out))
        if segs:
            out.append(segs)
    return out


def word_spans(words) -> list[tuple[Word, int, int]]:
    """Each word with text, and its character span in the words' text joined by single spaces
    (``Line.text``, ``Segment.text``)."""
    out, pos = [], 0
    for w in words:
        if w.text:
            out.append((w, pos, pos + len(w.text)))
            pos += len(w.text) + 1
    return out


def value_words(seg: Segment | Line, vstart: int, vend: int) -> list[Word]:
    """``words_in``, with a word that holds letters before character ``vstart`` (a label and its
    value read as one word: "ông:...Irương") boxed from the value's first letter, by the
    characters' share of the word's width — the value's crop then holds no label's ink. (A word
    the value ends inside keeps its end: "21 giờ.32" — the rest is the value's as often as not,
    and the crop read again gives it back.)"""
    starts = {id(x): s for x, s, _ in word_spans(seg.words)}
    out = []
    for w in words_in(seg, vstart, vend):
        n, a = len(w.text), max(vstart - starts[id(w)], 0)
        if any(c.isalnum() for c in w.text[:a]):
            a += len(w.text[a:]) - len(w.text[a:].lstrip(".:;…_-'\"“” "))  # the leader's dots out too
            box = w.bbox
            x0 = min(box.x0 + round(box.width * a / n), box.x1 - 1)
            w = replace(w, bbox=BBox(x0, box.y0, box.x1, box.y1))
        out.append(w)
    return out


def words_in(seg: Segment | Line, vstart: int, vend: int) -> list[Word]:
    """The words of a segment or line whose text overlaps characters ``vstart``..``vend``."""
    # a word the value only touches with punctuation ("tên:" before the value) is not in it
    return [w for w, s, e in word_spans(seg.words)
            if s < vend and e > vstart and any(ch.isalnum() for ch in w.text[max(0, vstart - s):vend - s])]
