"""Find field values on a page by their labels, as offices really print and fill forms.

The OCR gives text rows; this module turns them into what a reader sees:

* **column segments** (``segments``) — a row is cut where its words leave a gap wider than
  ``GAP`` line heights, so the two-column header of an administrative document (issuer and
  ``Số: …`` left, motto and ``<place>, ngày … tháng … năm …`` right, NĐ 30/2020) is two
  blocks, and a value never runs across a column gap; sections printed side by side are read
  a column at a time (``columns``);
* **labels** — template labels (folded, OCR-tolerant), longer labels over labels they contain;
  a label directly followed by more lower-case label words and a colon (``Họ, chữ đệm, tên
  người mẹ:`` when only ``Họ, chữ đệm, tên`` is known) is someone else's label, not this one;
* **sub-labels** (``scanner_station/data/sub_labels.txt``) end a value on the same line
  (``ghi bằng chữ``, ``năm sinh``, ``CMND số`` …); the ``bằng chữ`` ones carry the same value
  written in words, kept for the cross-check;
* **headings** — a numbered line (``I.``, ``2.``) without a value after a colon is a section
  heading and never a field's label;
* **placement** — a value on the same line, in the next segment of the row (a ruled table
  cell, a tab stop), or on the line below an empty label; a value that reaches the right
  margin (or ends in a dangling ``tỉnh``/``huyện``/comma) continues on the next line when that
  line has no label of its own;
* **unlabelled fields** — a pattern (``match``), optionally only inside a page ``region``
  (the GCN serial printed at the foot of page 1).

It never changes what was written (values are cut, never rewritten) and does no I/O.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from ..domain.layout import BBox, Line
from .headings import NUMBERING, first_note, is_heading, numbered_item, section_heading
from .columns import EDGE, column_heads, column_of, heading_match, split_at_columns
from .segments import Segment, segment_rows, split_line, value_words, word_spans, words_in
from .labels import (Hit, fold_chars, fuzzy_find, hits, is_title, note_line, note_marker,
                     opens_segment, sub_labels)
from .templates import FieldSpec, Template
from .unlabelled import date_phrase_loose, inside, label_misread, near_listed, place_label_misread
from .valid_parts import one_word_end
from .value_text import clean_value, dangling

__all__ = ["Found", "Hit", "Segment", "clean_value", "dangling", "fold_chars", "fuzzy_find", "hits",
           "is_heading", "is_title", "opens_segment", "read_fields", "segment_rows", "split_line",
           "sub_labels", "word_spans", "words_in"]

#: field types whose values may wrap onto the next line
WRAP_TYPES = ("text", "place")
_LABELLED = re.compile(r"^[^:]{1,45}:\s*\S")

#: a label-less value taken for its likeness to its list's values (the GUI catalogue translates it)
NEAR_LISTED = "found by its likeness to the values the field is written with (its own form not read)"
#: a label-less date found by a looser form of its phrase
DATE_LOOSE = "found by a looser form of the date's phrase (its words or its year's last digit misread)"
#: a labelled field whose label was read as no label: its line found by its likeness to the
#: label and the field's values, and its ink read as the label and one of them
LABEL_MISREAD = ("found by its likeness to its label and the values the field is written with "
                 "(its label not read), and read again among those values")
#: a place field whose label was read as none: its line found by the likeness of the words before
#: its first unit word to the label
PLACE_LABEL_MISREAD = ("found by the likeness of the words before its first unit word to its label "
                       "(its label not read as printed): whether this line is the field's is a question")
#: a register cell's writing that the page reading found no text in, read from the cell's own ink
CELL_INK = "read from writing in its cell where the page reading found none"
#: a field of the record's own person whose label the page prints again for other people, read
#: below another person's name: its own line may be lost and this one be that person's
BELOW_ANOTHER = ("its label stands on the page more than once and the one read is below another "
                 "person's name: it may be that person's")


@dataclass
class Found:
    """A value as read, where it was read, and what the page says around it."""

    value: str
    confidence: float
    bbox: BBox | None
    engine: str
    #: the same value written in words next to it ("ghi bằng chữ: …"), as read
    in_words: str = ""
    #: the value was joined with continuation lines
    continued: bool = False
    #: the value was cut off at a line end (nothing acceptable followed)
    cut: bool = False
    #: a value continued over several lines: each line's box of the value's words
    lines: tuple[BBox, ...] = ()
    #: how it was found where the page reading alone did not give it (``NEAR_LISTED``,
    #: ``DATE_LOOSE``, ``CELL_INK``, ``LABEL_MISREAD``): said on the field, which is then a question
    note: str = ""
    #: ``LABEL_MISREAD``: the label the line seems to open with (its ink is read with each value)
    label: str = ""
    #: an empty value: its label's box and how far right its row is free (the next segment's left
    #: edge, or the page's) — where writing the page reading found no line for may be
    label_box: BBox | None = None
    reach: int = 0


def _found(parts: list[tuple[Segment, int, int]]) -> Found:
    texts, words, engines, lines = [], [], set(), []
    for seg, a, b in parts:
        texts.append(seg.text[a:b])
        mine = value_words(seg, a, b)
        words += mine
        if mine:
            lines.append(BBox.enclosing(w.bbox for w in mine))
        # the recognisers of the value's own words (a row mixes boxes read by either)
        engines.update(t for w in mine for t in (w.engine or seg.engine).split("+") if t)
    value = clean_value(" ".join(texts))
    conf = min((w.confidence for w in words), default=0.0)
    box = BBox.enclosing(w.bbox for w in words) if words else None
    if not words:
        engines = {t for seg, _, _ in parts for t in seg.engine.split("+") if t}
    return Found(value, conf, box, "+".join(sorted(engines)), continued=len(parts) > 1,
                 lines=tuple(lines) if len(parts) > 1 else ())


class _Page:
    """Rows of segments with the geometry questions the rules ask."""

    def __init__(self, rows: list[list[Segment]], template: Template) -> None:
        self.rows = rows
        self.template = template
        self._hits: dict[tuple[int, str | None], list[Hit]] = {}
        segs = [s for r in rows for s in r]
        self.left = min((s.bbox.x0 for s in segs), default=0)
        self.section: str | None = None
        #: sections side by side below a row of their headings: (left edge, key) (``columns``)
        self.columns: list[tuple[int, str]] = []

    def hits(self, seg: Segment) -> list[Hit]:
        k = (id(seg), self.section)
        if k not in self._hits:
            row = self.rows[seg.row]
            cell = seg is not row[-1]
            found = hits(seg.text, self.template, self.section, cell)
            i = next(i for i, s in enumerate(row) if s is seg)
            nxt = row[i + 1].text if cell else ""
            if is_heading(seg.text) and not numbered_item(seg.text, found, nxt, self.template):
                found = []
            self._hits[k] = found
        return self._hits[k]

    def free(self, seg: Segment, capitals: bool = False) -> bool:
        """Text of nobody's label: may be a value below its label or a continuation (a line in
        capitals only where ``capitals``: a name under "ỦY BAN NHÂN DÂN", never a title)."""
        return (not self.hits(seg) and not is_heading(seg.text) and not note_marker(seg.text)
                and (capitals or not is_title(seg.text)))

    def below(self, r: int, x0: int, x1: int, h: float, centred: bool = False) -> Segment | None:
        """The segment right below (next row, close, overlapping x0..x1 and not left of x0); with
        ``centred``, one centred under x0..x1 however much wider: a heading's block ("ỦY BAN NHÂN
        DÂN" over a commune's name written in a wider hand)."""
        if r + 1 >= len(self.rows):
            return None
        above = max(s.bbox.y1 for s in self.rows[r])
        for seg in self.rows[r + 1]:
            if seg.bbox.y0 - above > 1.8 * h:
                return None
            if centred:
                if seg.bbox.x0 <= x0 and seg.bbox.x1 >= x1 and abs(seg.bbox.x0 + seg.bbox.x1 - x0 - x1) <= 4 * h:
                    return seg
            elif seg.bbox.x1 > x0 and seg.bbox.x0 < x1 and seg.bbox.x0 >= x0 - 2 * h:
                return seg
        return None

    def column_right(self, seg: Segment) -> int:
        """The right edge of the text column ``seg`` is in (the longest lines of that column;
        below side-by-side headings, of the lines that stay inside the column's side)."""
        h = seg.height
        if self.columns:
            mine = column_of(seg, self.columns)
            nxt = min((x0 for x0, _ in self.columns if x0 > seg.bbox.x0 + EDGE * h), default=None)
            return max((s.bbox.x1 for r in self.rows for s in r if column_of(s, self.columns) == mine
                        and (nxt is None or s.bbox.x1 < nxt)), default=seg.bbox.x1)
        return max((s.bbox.x1 for r in self.rows for s in r
                    if abs(s.bbox.x0 - seg.bbox.x0) < 6 * h or s.bbox.x0 < seg.bbox.x0 < s.bbox.x1),
                   default=seg.bbox.x1)

    def left_edge(self, seg: Segment) -> int:
        """Where the lines of ``seg``'s column start: the page's text, or its side's column."""
        if self.columns:
            mine = column_of(seg, self.columns)
            return next(x0 for x0, k in self.columns if k == mine)
        return self.left


def read_fields(lines: list[Line], specs: list[FieldSpec], template: Template,
                size: tuple[int, int] | None = None) -> dict[str, Found]:
    """Values of ``specs`` on these lines, first occurrence of each (see the module doc)."""
    rows = segment_rows(lines)
    page = _Page(rows, template)
    found: dict[str, Found] = {}
    by_key = {s.key: s for s in specs}
    heads = [(s.key, [fold_chars(h) for h in s.headings]) for s in template.sections]
    section = ""
    patterns = {s.key: re.compile(fold_pattern(s.match), re.I) for s in specs if s.match}
    used: set[int] = set()
    #: an empty label's value found elsewhere, by the label's span: one label of two fields ("Đã
    #: chết vào lúc" | "8 giờ 32 phút, ngày 17/08/2008": the time and the date) shares its cell
    shared: dict[tuple[int, int, int], tuple[list, Hit | None]] = {}
    last_key = ""  # the field whose value ended the previous row (a "bằng chữ" line may follow)
    columns: list[tuple[int, str]] = []  # sections side by side: (left edge, key) (``columns``)
    for r, row in enumerate(rows):
        side = column_heads(row, heads)
        if side:  # the rows below are read a column at a time
            columns = page.columns = side
            rows[r + 1:] = [split_at_columns(later, columns, template) for later in rows[r + 1:]]
        folded_row = fold_chars(" ".join(s.text for s in row))
        opening = len(m.group(0)) if (m := NUMBERING.match(folded_row)) else 0
        best, key = heading_match(folded_row, heads, opening)
        if best:
            section = key
        if best and not side:
            columns = page.columns = []  # a heading across the page ends the columns
        page.section = section
        allowed = {k: s for k, s in by_key.items() if not s.section or s.section == section}
        row_last = ""
        for c, seg in enumerate(row):
            if id(seg) in used:
                continue
            if columns:  # the section of the column the segment is in
                page.section = column_of(seg, columns)
                allowed = {k: s for k, s in by_key.items() if not s.section or s.section == page.section}
            text = seg.text
            seg_hits = page.hits(seg)
            tail = text[seg_hits[-1].end:].strip() if seg_hits else ""
            if c + 1 < len(row) and (not seg_hits or (tail.islower() and not any(ch.isdigit() for ch in tail))):
                # no label, or a near label with only lower-case words after it ("Số vào sổ cấp
                # Giấy| chứng" read as "Số vào sổ cấp GCN"): perhaps a label wrapped in its cell
                wrapped = _wrapped_label(page, r, seg, allowed, found, used)
                if wrapped is not None:  # a long label wrapped inside its cell: the value is
                    key, under = wrapped  # the next cell of its first line
                    value_seg = row[c + 1]
                    used.update((id(under), id(value_seg)))
                    found[key] = _found([(value_seg, 0, len(value_seg.text))])
                    continue
            # "ghi bằng chữ: …" on its own line: the value above, written in words; in a cell of
            # its own (a gap left where a dotted line was): the value before it on its row
            owner = row_last or last_key
            if seg_hits and seg_hits[0].words and seg_hits[0].start <= 1 and owner in found:
                nxt = seg_hits[1].start if len(seg_hits) > 1 else len(text)
                found[owner].in_words = clean_value(text[seg_hits[0].end:nxt])
                if len(seg_hits) == 1:  # "… năm một nghìn chín trăm" ⏎ "năm mươi chín", from the margin
                    found[owner].in_words = _words_continue(page, seg, row[0].words[0].bbox.x0,
                                                            found[owner].in_words, used)
            for i, hit in enumerate(seg_hits):
                spec = allowed.get(hit.key)
                if spec is None or hit.key in found:
                    continue
                later = [h for h in seg_hits[i + 1:] if h.start >= hit.end]  # same-span labels share
                vend = later[0].start if later else len(text)
                parts = [(seg, hit.end, vend)]
                words_hit = later[0] if later and later[0].words else None
                f = _found(parts)
                if not f.value and not later:
                    # a label in capitals heads a block where the form prints it so ("ỦY BAN NHÂN
                    # DÂN"), not where a layout sets a field's label in capitals ("HỘ ÔNG")
                    block = is_title(text[hit.start:hit.end]) and any(is_title(x) for x in spec.labels)
                    span = (id(seg), hit.start, hit.end)
                    if span in shared:
                        parts, words_hit = shared[span]
                    else:
                        parts, words_hit = shared[span] = _elsewhere(page, row, c, r, seg, block, used)
                    if parts and spec.type in WRAP_TYPES and words_hit is None:
                        parts = _continue(page, parts[0][0].row, parts[0][0], parts, used)
                    f = _found(parts) if parts else f
                elif f.value and not later and spec.type in WRAP_TYPES:
                    parts = _continue(page, r, seg, parts, used)
                    f = _found(parts)
                if words_hit is not None:
                    wseg = parts[-1][0] if parts else seg
                    wh = [h for h in page.hits(wseg) if h.start >= words_hit.start]
                    after = wh[1].start if len(wh) > 1 else len(wseg.text)
                    f.in_words = clean_value(wseg.text[words_hit.end:after])
                    if len(wh) <= 1:
                        f.in_words = _words_continue(page, wseg, seg.words[0].bbox.x0, f.in_words, used)
                if spec.match:  # the value is what the pattern finds in it ("9 giờ 09 phút, ngày …")
                    f = _matched(f, parts, patterns[spec.key])
                elif parts and (end := one_word_end(spec.type, parts[0][0].text[parts[0][1]:parts[0][2]])):
                    f = replace(_found([(parts[0][0], parts[0][1], parts[0][1] + end)]), in_words=f.in_words)
                marks_cell = c
                if f.value and not any(ch.isalnum() for ch in f.value):
                    # a mark alone ("¿": a hand's "Nữ" read as none of its letters) is no value:
                    # the writing after the label is looked for as where none was read — in the
                    # cell the marks were read in where that is a later one of the row ("b) Tờ bản
                    # đồ số" | "9" read "`;": the digit beside the cell's rule)
                    marks_cell = next((k for k in range(c + 1, len(row)) if parts and row[k] is parts[-1][0]), c)
                    f = Found("", 0.0, None, f.engine)
                f.cut = f.value != "" and dangling(f.value, spec.type)
                if not f.value and (own := value_words(seg, hit.start, hit.end)):
                    f.label_box = BBox.enclosing(w.bbox for w in own)
                    f.reach = row[marks_cell + 1].bbox.x0 if marks_cell + 1 < len(row) else (size[0] if size else 0)
                    if later:  # up to the next label on its line ("Giới tính: ¿ Dân tộc: Kinh")
                        nxt = value_words(seg, later[0].start, later[0].end)
                        f.reach = nxt[0].bbox.x0 if nxt else 0
                found[hit.key] = f
                if not later:
                    row_last = hit.key
            for key, pat in patterns.items():
                spec = allowed.get(key)
                if spec is None or key in found or not inside(seg, spec, size):
                    continue
                if spec.labels and not spec.region:
                    continue  # a labelled field's pattern applies to its value only
                m = pat.search(_O_BY_DIGIT.sub("0", fold_chars(text)))
                if m:
                    g = 1 if m.re.groups else 0
                    found[key] = _found([(seg, *m.span(g))])
        last_key = row_last
    _below_another(rows, specs, template, found)
    for spec in specs:
        if spec.match and spec.values and spec.key not in found:
            near = near_listed(rows, spec, size, used)
            if near is not None:
                found[spec.key] = replace(_found([(near, 0, len(near.text))]), note=NEAR_LISTED)
        elif spec.match and spec.type == "date" and spec.key not in found:
            loose = date_phrase_loose(rows, spec, size, used)
            if loose is not None:
                found[spec.key] = replace(_found([loose]), note=DATE_LOOSE)
    # then the labelled ones whose label was read as none (a title found by its likeness first)
    labelled = {id(g) for row in rows for g in row if page.hits(g)}
    for spec in specs:
        if spec.labels and spec.values and spec.key not in found:
            misread = label_misread(rows, spec, size, used | labelled, [f.bbox for f in found.values() if f.bbox])
            if misread is not None:
                used.add(id(misread[0]))
                found[spec.key] = replace(_found([(misread[0], 0, len(misread[0].text))]),
                                          note=LABEL_MISREAD, label=misread[1])
    for spec in specs:
        if spec.labels and spec.type == "place" and spec.key not in found:
            at = place_label_misread(rows, spec, size, used | labelled)
            if at is not None:
                used.add(id(at[0]))
                found[spec.key] = replace(_found([(at[0], at[1], len(at[0].text))]), note=PLACE_LABEL_MISREAD)
    return found


def _below_another(rows: list[list[Segment]], specs: list[FieldSpec], template: Template,
                   found: dict[str, Found]) -> None:
    """A field of the record's own person (no section, not another person's name) read below the
    name of another person (a name field with a sex of its own: the mother, the father) from a
    label the page prints more than once (``Dân tộc:`` for the child and for each parent) is
    a question (``BELOW_ANOTHER``): the child's own line may have been lost, and the first one
    left is a parent's."""
    tops = [found[s.key].bbox.y0 for s in specs if s.type == "name" and s.sex
            and s.key in found and found[s.key].bbox is not None]
    if not tops:
        return
    below = [(s.key, found[s.key]) for s in specs if s.key in found and found[s.key].bbox is not None
             and not found[s.key].note and not s.section and not (s.type == "name" and s.sex)
             and found[s.key].bbox.y0 > min(tops)]
    if not below:
        return
    # segments naming each field, counted once for the page (a field's label once a segment)
    times = Counter(h.key for row in rows for seg in row for h in hits(seg.text, template))
    for key, f in below:
        if times[key] >= 2:
            f.note = BELOW_ANOTHER


def _wrapped_label(page: _Page, r: int, seg: Segment, allowed: dict, found: dict,
                   used: set[int]) -> tuple[str, Segment] | None:
    """A label cell whose label wrapped onto a second line ("Số vào sổ cấp Giấy chứng" over
    "nhận"): (field key, the second line) when the two lines together are exactly a label of a
    field not yet found, and the second line has nothing else."""
    under = page.below(r, seg.bbox.x0, seg.bbox.x1, seg.height)
    if under is None or id(under) in used or abs(under.bbox.x0 - seg.bbox.x0) > 2 * seg.height:
        return None
    if page.hits(under) or len(under.text.split()) > 3:
        return None
    joined = f"{seg.text} {under.text}"
    for hit in hits(joined, page.template, page.section, cell=True):
        spec = allowed.get(hit.key)
        exact = spec is not None and fold_chars(joined[hit.start:hit.end]).strip() in {
            fold_chars(lb) for lb in spec.labels}
        if exact and hit.key not in found and opens_segment(joined, hit) and not joined[hit.end:].strip(" :."):
            return hit.key, under
    return None


def _elsewhere(page: _Page, row: list[Segment], c: int, r: int, seg: Segment, block: bool,
               used: set[int]) -> tuple[list, Hit | None]:
    """An empty label's value: the next cell of its row (a table, a tab stop), else the line
    below it. The value ends at a sub-label there ("26/03/1985 (bằng chữ: …)")."""
    # a ``block``'s label heads it ("ỦY BAN NHÂN DÂN" over the issuer's name; the motto is the
    # next column, not its value)
    nxt = row[c + 1] if c + 1 < len(row) else None
    cands = []
    if nxt is not None and not block:
        cands.append((nxt, False))
    lab = seg.words[0].bbox.x0
    under = page.below(r, lab, max(seg.bbox.x1, lab + 1) + int(8 * seg.height), seg.height)
    if under is None and block:
        under = page.below(r, lab, seg.bbox.x1, seg.height, centred=True)
    if under is not None:
        cands.append((under, True))
    for cand, capitals in cands:
        # a title in capitals is no value; a short code in capitals is ("NTS", "244/GBT")
        title = is_title(cand.text) and len(cand.text.split()) >= 3
        if id(cand) in used or is_heading(cand.text) or note_marker(cand.text) or (not capitals and title) \
                or section_heading(page.template, cand.text):  # "Thông tin người chồng" is no value
            continue
        hs = page.hits(cand)
        if hs and opens_segment(cand.text, hs[0]):
            if cand is nxt:
                continue
            break
        if not hs:  # (a cell holding another label after the value is still read for it: "H'Mông
            used.add(id(cand))  # Quốc tịch:" | "Việt Nam")
        end = hs[0].start if hs else len(cand.text)
        return [(cand, 0, end)], (hs[0] if hs and hs[0].words else None)
    return [], None


#: a letter O beside a digit, which a pattern of digits should still find ("tháng O5"), or a
#: capital Q (a 0 read with a tail: "10 giờ Q8 phút")
_O_BY_DIGIT = re.compile(r"(?<=\d)[OoQ]|[OoQ](?=\d)")


def _matched(f: Found, parts: list, pattern: re.Pattern) -> Found:
    """The part of the value the field's pattern finds; an O beside a digit counts as a digit
    for finding it only (the value stays as read, and its check decides)."""
    for seg, a, b in parts:
        folded = fold_chars(seg.text[a:b])
        # as read, unless an O or Q beside a digit as a 0 finds more: the o of "giờ" written
        # against its digits ("15 giờ11 phút") is no 0, the Q of "10 giờ Q8 phút" is
        m = pattern.search(folded)
        zeroed = pattern.search(fold_chars(_O_BY_DIGIT.sub("0", seg.text[a:b])))
        if zeroed and (m is None or zeroed.end() - zeroed.start() > m.end() - m.start()):
            m = zeroed
        if m:
            g = 1 if m.re.groups else 0
            out = _found([(seg, a + m.start(g), a + m.end(g))])
            out.in_words = f.in_words
            return out
    return f


def _continue(page: _Page, r: int, seg: Segment, parts: list, used: set[int]) -> list:
    """Join the lines a wrapped value continues on."""
    label_x = seg.words[0].bbox.x0
    cur, row = seg, r
    for _ in range(2):
        h = cur.height
        reaches = cur.bbox.x1 >= page.column_right(cur) - 5 * h
        if not (reaches or dangling(_found(parts).value)):
            break
        under = page.below(row, min(label_x, page.left_edge(cur)), cur.bbox.x1, h)
        if under is None or id(under) in used or not page.free(under) or _LABELLED.match(under.text):
            break
        if is_heading(under.text) or section_heading(page.template, under.text) or note_line(under.text) \
                or first_note(under.text, page.below(under.row, under.bbox.x0, under.bbox.x1, under.height)):
            break  # "2. Thông tin thửa đất" (its full stop read as a comma): the next section;
                   # "(1) Ghi đầy đủ họ, …": the form's notes
        if under.bbox.x0 > label_x + 0.6 * (cur.bbox.x1 - label_x):
            break  # starts far right: not the next line of this value
        parts = parts + [(under, 0, len(under.text))]
        used.add(id(under))
        cur, row = under, under.row
    return parts


#: the words a number, a date or an area is written in (folded): "… năm một nghìn chín trăm" ⏎
#: "tám mươi ba"
NUMBER_WORDS = frozenset(fold_chars(w) for w in (
    "không một hai ba bốn bón tư năm lăm nhăm sáu bảy bẩy tám chín mười mươi mốt lẻ linh trăm "
    "nghìn ngàn triệu phẩy ngày tháng giêng chạp mét vuông").split())


def _words_continue(page: _Page, seg: Segment, label_x: int, in_words: str, used: set[int]) -> str:
    """A value written in words that reaches the end of its line goes on at the start of the next
    line (as a paragraph wraps, from the margin) when that line is number words only, with no label."""
    if not in_words or seg.bbox.x1 < page.column_right(seg) - 5 * seg.height:
        return in_words
    under = page.below(seg.row, min(label_x, page.left_edge(seg)), seg.bbox.x1, seg.height)
    if under is None or id(under) in used or not page.free(under):
        return in_words
    words = [fold_chars(w).strip(".,;:)(") for w in under.text.split()]
    if not words or not all(w in NUMBER_WORDS for w in words if w):
        return in_words
    used.add(id(under))
    return clean_value(in_words + " " + under.text)


def fold_pattern(pattern: str) -> str:
    """Fold a regular expression's letters like the text, keeping ASCII (``\\S``, ``\\d``) intact."""
    return "".join(ch if ord(ch) < 128 else fold_chars(ch) for ch in pattern)
