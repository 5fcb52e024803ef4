"""Where a register page's entries start and end when its lines are read as text: at each
entry's number's line (``Số: 62``), also where its label's colon or a letter of it was misread,
and, where a number's line was not read at all, at the record's name's label — the entry marked
(``SPLIT_ENTRY``) because its boundary is a guess."""

from __future__ import annotations

import re

from .labels import fold_chars, hits
from .reading import Found
from .templates import FieldSpec, Template

#: an entry told from the one above it by its name's label: its number's line was not read
SPLIT_ENTRY = ("an entry found by its name's label (its number's line was not read): which values are "
               "this entry's and which the entry above's is a question")

#: a line with no label, short, ending in a number: an entry's number line garbled under its
#: item number and footnote marker ("ìs\"ỗ31" for "15. Số⁽³⁾: 231")
_GARBLED_NUMBER = re.compile(r"[^\d/]{0,8}\d{1,5}")


def entry_spans(lines: list, keys: list[set[str]], starts: list[int],
                specs: list[FieldSpec]) -> list[tuple[int, int, bool]]:
    """Each entry's lines (from, to, split off): from an entry's number's line to the next one's
    (``keys``: the fields each line's labels name).

    An entry whose lines hold the record's own name label twice (``Họ, chữ đệm, tên``: the next
    entry's number line garbled, so no entry started there) is two entries: split before the
    second name, above it the lines whose labels all stand above the first name too (the
    registration date) and a short line with no label ending in a number (the garbled number's
    own). The entry split off is marked (``SPLIT_ENTRY``): the boundary is a guess. Kept whole,
    the first entry took the next one's values where its own line was lost (its ethnicity
    proposed from the next entry's), and the next entry was lost from the page."""
    ends = starts[1:] + [len(lines)]
    name = _record_name(specs)
    if name is None:
        return [(a, b, False) for a, b in zip(starts, ends)]
    out = []
    for a, b in zip(starts, ends):
        names = [i for i in range(a, b) if name.key in keys[i]]
        if len(names) < 2:
            out.append((a, b, False))
            continue
        above = set().union(*keys[a:names[0]]) - {name.key}  # the labels above an entry's name
        cuts: list[int] = []
        for k in names[1:]:
            cuts.append(_cut_above(lines, keys, k, cuts[-1] if cuts else names[0], above))
        bounds = [a, *cuts, b]
        out += [(x, y, n > 0) for n, (x, y) in enumerate(zip(bounds, bounds[1:]))]
    return out


def _record_name(specs: list[FieldSpec]) -> FieldSpec | None:
    """The record's own name (not a parent's, a section's or one by sex)."""
    return next((s for s in specs if s.type == "name" and not s.sex and not s.section), None)


def _cut_above(lines: list, keys: list[set[str]], name: int, floor: int, above: set[str]) -> int:
    """Where an entry found by its name's line ``name`` starts: above it the lines whose labels
    all stand above a name in an entry too (``above``: the registration date), and a short line
    with no label ending in a number (its garbled number's own), never at or above ``floor``."""
    s = name
    while s - 1 > floor and keys[s - 1] and keys[s - 1] <= above:
        s -= 1
    if s - 1 > floor and not keys[s - 1] and _GARBLED_NUMBER.fullmatch(lines[s - 1].text.strip()):
        s -= 1
    return s


def first_entry_above(lines: list, keys: list[set[str]], start: int, specs: list[FieldSpec]) -> int | None:
    """The line a page's first entry starts at when its number's line was not read ("Sối: 136
    Ngày đăng ký: …") but its name's was: the lines before the first entry found hold the
    record's name label. Without it that entry was lost, its lines taken for the page's header.
    None where the header holds no such label."""
    name = _record_name(specs)
    if name is None:
        return None
    names = [i for i in range(start) if name.key in keys[i]]
    own = next((i for i in range(start, len(lines)) if name.key in keys[i]), None)
    if not names or own is None:
        return None
    above = set().union(*keys[start:own]) - {name.key}  # the labels above the next entry's name
    return _cut_above(lines, keys, names[0], -1, above)


def bare_anchor(text: str, anchor: FieldSpec, template: Template) -> bool:
    """A line opening with the entry anchor's label and a number whose colon was not read
    ("Số 62 Ngày đăng ký: …": the colon is the first mark a recogniser loses; after the item's
    number, a footnote marker's small type read as quotes: "11 Số"; 284"): an entry starts
    there when nothing but the number, or another field's label, follows it."""
    folded = fold_chars(text)
    for label in anchor.labels:
        m = re.match(rf"\s*(?:\d{{1,2}}\s*[.,)]?\s*)?{re.escape(fold_chars(label))}\s*(?:[\"'“”?*]{{1,3}}\s*)?"
                     rf"[.:;]?\s*[0-9oO]{{1,5}}(?=\s|$)", folded)
        number = re.search(r"[0-9oO]{1,5}$", m.group(0)) if m else None
        if number and any(c.isdigit() for c in number.group(0)):
            # a digit in the number ("6o": a hand's 0 read as a letter), not only letters
            rest = text[m.end():]
            if not rest.strip() or hits(rest, template):
                return True
    return False


def bare_number(line, anchor: FieldSpec, glued: bool = False) -> Found | None:
    """The entry number of a line ``_bare_anchor`` starts an entry at: its first word after the
    anchor's label holding a digit and nothing but digits and o's, as read (a question: its
    label's colon was not read — ``sequence`` holds it to the page's other numbers). With
    ``glued``, also after the label with one letter read on to it ("Sối: 136")."""
    labels = {fold_chars(lb) for lb in anchor.labels}
    seen = ""
    for w in line.words:
        before = fold_chars(seen).strip(" .:;\"'“”?*")
        if re.fullmatch(r"[\"'“”?*:;.]*[0-9oO]{1,5}[.:;]?", w.text) and any(c.isdigit() for c in w.text) and \
                any(before.endswith(lb) or glued and before[-1:].isalpha() and before[:-1].endswith(lb)
                    for lb in labels):
            digits = re.search(r"[0-9oO]{1,5}", w.text).group(0)
            return Found(digits, w.confidence, w.bbox, w.engine or line.engine)
        seen += " " + w.text
    return None
