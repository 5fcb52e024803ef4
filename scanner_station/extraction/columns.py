"""Sections printed side by side: the marriage certificate's two people, a column each.

A row whose segments each open with a different section's heading (``Thông tin người chồng``
… ``Thông tin người vợ``, ``Bên vợ`` … ``Bên chồng``) starts columns: below it, a segment
belongs to the section whose heading's column it starts in, whatever order the columns take
(either person may be on the left). The same labels stand on both sides of a row, so a label
names the field of its own column's section.

Where the recogniser's line ran across the gap between the columns (a long value on the left
nearly reaching the right column), the segment is cut again where a word starts at the right
column's edge after a gap and opens a label, or starts right at the edge after a gap no word
space is. A value that runs across the page (the office that registered the marriage) has
neither there and stays whole.

Pure functions over the page's rows (``reading.Segment``); no I/O.
"""

from __future__ import annotations

from dataclasses import replace

from ..domain.layout import BBox
from .labels import fold_chars, fuzzy_find, hits
from .templates import Template

#: a heading segment holds little more than its heading (not a line of text that contains it)
_HEAD_SLACK = 6
#: a segment starts in a column when it starts no further left of its edge (word heights)
EDGE = 2.0
#: a word at the right column's edge, this many word heights after the word before it, may
#: start that column's text in a line the recogniser ran across the gap
SPLIT_GAP = 0.4
#: …or where a word starts this close to the edge (word heights) after a gap this wide, whatever
#: it reads
ALIGN, WIDE = 0.5, 1.0


def heading_match(folded: str, heads: list[tuple[str, list[str]]], opening: int = 0,
                  alone: bool = False) -> tuple[float, str]:
    """(score, section key) of the section heading that best opens ``folded`` (after a list
    marker ``opening`` characters long), or (0.0, ""). A short heading is read exactly: "…tên:
    Võ Văn Quang" does not contain the heading "Bên vợ". ``alone``: the text holds little more
    than the heading (a column's heading, not a line of text that contains it)."""
    best, key = 0.0, ""
    for k, hs in heads:  # the best-matching heading wins ("người chồng" vs "người vợ")
        for h in hs:
            hit = fuzzy_find(folded, h)
            if hit and hit[0] <= opening + 3 and (hit[2] == 1.0 or len(h) >= 10) and hit[2] > best \
                    and (not alone or len(folded) <= len(h) + _HEAD_SLACK):
                best, key = hit[2], k
    return best, key


def column_heads(row: list, heads: list[tuple[str, list[str]]]) -> list[tuple[int, str]]:
    """(left edge, section key) of each segment of ``row`` that is one section's heading, left
    to right: columns when two or more sections head the row, else nothing."""
    out: list[tuple[int, str]] = []
    for seg in row:
        _, key = heading_match(fold_chars(seg.text).strip(" :."), heads, alone=True)
        if key:
            out.append((seg.bbox.x0, key))
    return out if len({k for _, k in out}) >= 2 else []


def column_of(seg, columns: list[tuple[int, str]]) -> str:
    """The section of the column ``seg`` starts in (the rightmost edge it does not start left of)."""
    key = columns[0][1]
    for x0, k in columns:
        if seg.bbox.x0 >= x0 - EDGE * seg.height:
            key = k
    return key


def split_at_columns(row: list, columns: list[tuple[int, str]], template: Template) -> list:
    """``row`` with each segment that runs across a column's edge cut where a word starts at
    that edge, after a gap, and opens a label; segments keep their row index."""
    out = []
    for seg in row:
        out.extend(_cut(seg, columns, template))
    return out


def _cut(seg, columns: list[tuple[int, str]], template: Template) -> list:
    h = seg.height
    words = seg.words
    for x0, _ in columns[1:]:
        if not (seg.bbox.x0 < x0 - EDGE * h and seg.bbox.x1 > x0):
            continue
        for i in range(1, len(words)):
            w, prev = words[i], words[i - 1]
            gap = w.bbox.x0 - prev.bbox.x1
            if abs(w.bbox.x0 - x0) > EDGE * h or gap < SPLIT_GAP * h:
                continue
            rest = " ".join(x.text for x in words[i:] if x.text)
            # a word space is no gap this wide, and a word of a line running on across the
            # page starts at the column's edge only by chance: this one starts the column (its
            # label misread: "Nơicưtrúi"), as does one that opens a label there
            if (abs(w.bbox.x0 - x0) <= ALIGN * h and gap >= WIDE * h) \
                    or any(hit.key and hit.start <= 1 for hit in hits(rest, template)):
                left = replace(seg, words=words[:i], bbox=BBox.enclosing(x.bbox for x in words[:i]))
                right = replace(seg, words=words[i:], bbox=BBox.enclosing(x.bbox for x in words[i:]))
                return [left, *_cut(right, columns, template)]
    return [seg]
