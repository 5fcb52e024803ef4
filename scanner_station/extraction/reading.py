"""Find field values on a page by their labels, as offices really print and fill forms.

The OCR gives text rows; this module turns them into what a reader sees:

* **column segments** — a row is cut where its words leave a gap wider than ``GAP`` line
  heights, so the two-column header of an administrative document (issuer and ``Số: …`` left,
  motto and ``<place>, ngày … tháng … năm …`` right, NĐ 30/2020) is two blocks, and a value
  never runs across a column gap;
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

import difflib
import re
import statistics
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..domain.layout import BBox, Line, Word
from ..domain.text import fold
from .templates import FieldSpec, Template

#: a gap between words wider than this many word heights separates two column segments
GAP = 2.0
#: field types whose values may wrap onto the next line
WRAP_TYPES = ("text", "place")
#: sub-labels whose value is the preceding value written in words
WORDS_LABELS = ("ghi bằng chữ", "bằng chữ", "viết bằng chữ")
#: words that never end a complete place: a value ending in one was cut at a line end
DANGLING = ("tinh", "thanh pho", "tp", "huyen", "quan", "thi xa", "thi tran", "xa", "phuong",
            "thon", "ap", "to", "khu pho", "so", "duong", "ho", "chi")
_DATA = Path(__file__).resolve().parents[1] / "data" / "sub_labels.txt"
#: a list marker of the next item left before its label ("654; b) Tờ bản đồ số") is not value
_ENUM_TAIL = re.compile(r"[;,]?\s*\b[a-zđ]\)\s*$")
#: a list item's marker before its label: "a)", "đ)", "2.", "II."
_ENUM = re.compile(r"^(?:[a-zđ]|\d{1,2}|[ivx]{1,4})\s*[.)]$")
_HEADING = re.compile(r"^\s*(?:[IVX]{1,4}|\d{1,2})\s*[.)]\s+\S")
_NUMBERING = re.compile(r"^\s*(?:[ivx]{1,4}|\d{1,2})\s*[.)]\s*")
_LABELLED = re.compile(r"^[^:]{1,45}:\s*\S")
_LEADERS = re.compile(r"[.…_]{3,}")


def fold_chars(text: str) -> str:
    """Fold each character on its own so positions in the folded text match the original."""
    out = []
    for ch in text:
        f = fold(ch)
        out.append(f[0] if f else " ")
    return "".join(out)


@lru_cache(maxsize=1)
def sub_labels() -> tuple[str, ...]:
    """Labels of values the templates do not read, which still end the value before them."""
    lines = _DATA.read_text("utf-8").splitlines()
    return tuple(s.strip() for s in lines if s.strip() and not s.startswith("#"))


@lru_cache(maxsize=1 << 16)
def fuzzy_find(hay: str, needle: str, threshold: float = 0.86) -> tuple[int, int, float] | None:
    """``needle`` in ``hay`` exactly, else the best near match (OCR-tolerant) for needles of 6+.

    Windows of the needle's length ±1 slide along ``hay``; a window is compared in full
    (``difflib`` ratio) only when the letters it shares with the needle could reach the
    threshold — counted incrementally as the window slides (the bound difflib's quick_ratio
    computes, at O(1) per step). Results are cached: every template asks about the same lines."""
    i = hay.find(needle)
    if i >= 0:
        return i, i + len(needle), 1.0
    n = len(needle)
    if n < 6:
        return None
    best = None
    need: dict[str, int] = {}
    for ch in needle:
        need[ch] = need.get(ch, 0) + 1
    sm = difflib.SequenceMatcher(autojunk=False)
    sm.set_seq2(needle)
    for length in (n - 1, n, n + 1):
        if len(hay) < n - 1:
            break
        span = min(length, len(hay))
        win: dict[str, int] = {}
        shared = 0
        for ch in hay[:span]:
            if win.get(ch, 0) < need.get(ch, 0):
                shared += 1
            win[ch] = win.get(ch, 0) + 1
        for start in range(0, len(hay) - span + 1):
            if start:
                out, new = hay[start - 1], hay[start + span - 1]
                win[out] -= 1
                if win[out] < need.get(out, 0):
                    shared -= 1
                if win.get(new, 0) < need.get(new, 0):
                    shared += 1
                win[new] = win.get(new, 0) + 1
            if 2.0 * shared / (span + n) < threshold:
                continue
            sm.set_seq1(hay[start:start + span])
            r = sm.ratio()
            if r >= threshold and (best is None or r > best[2] or (r == best[2] and start < best[0])):
                best = (start, start + span, r)
    return best


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
    words.sort(key=lambda w: w.bbox.x0)
    h = max(1.0, float(statistics.median(w.bbox.height for w in words)))
    groups: list[list[Word]] = [[words[0]]]
    for prev, w in zip(words, words[1:]):
        if w.bbox.x0 - prev.bbox.x1 > gap * h:
            groups.append([w])
        else:
            groups[-1].append(w)
    return [Segment(tuple(g), BBox.enclosing(w.bbox for w in g), line.engine, row) for g in groups]


def segment_rows(lines: list[Line]) -> list[list[Segment]]:
    """Rows of segments, empty lines left out (``Segment.row`` indexes the result)."""
    out: list[list[Segment]] = []
    for ln in lines:
        segs = split_line(ln, len(out))
        if segs:
            out.append(segs)
    return out


def is_heading(text: str) -> bool:
    """A numbered section heading (``I. Người sử dụng đất, …``, ``2. Thửa đất:``): no value."""
    if not _HEADING.match(text):
        return False
    _, colon, after = text.partition(":")
    return not colon or not after.strip(" .…_")


def is_title(text: str) -> bool:
    """A title line: its letters are mostly capitals (titles are printed in capitals)."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


@dataclass(frozen=True, slots=True)
class Hit:
    start: int
    end: int
    #: the field key, or "" for a sub-label
    key: str
    #: the value after this sub-label is the previous value written in words
    words: bool = False


def _label_hits(folded: str, label: str, cell: bool = False) -> list[tuple[int, int, float]]:
    lf = fold_chars(label)
    hit = fuzzy_find(folded, lf)
    if hit is None:
        return []
    start, end, score = hit
    if score < 1.0 and ":" in folded[start:end] and ":" not in lf:
        return []  # "Nguồn gốc sử dụng: Nhà" is not a misread "Nguồn gốc sử dụng đất"
    if start > 0 and folded[start - 1].isalnum():
        return []  # a label starts at a word boundary
    if score < 1.0 and end < len(folded) and folded[end].isalnum() and lf[-1].isalnum():
        stop = end
        while stop < len(folded) and folded[stop].isalnum() and stop - end < 2:
            stop += 1
        if stop < len(folded) and folded[stop].isalnum():
            return []  # a fuzzy match must end at a word boundary too
        end = stop  # "…tên người chơ:" read one letter short: the label runs to its word's end
        hit = (start, end, score)
    rest = folded[end:]
    if end < len(folded) and folded[end].isalnum():
        return []  # "Số" inside "Sốt"
    before = folded[:start].rstrip()
    opens = _only_marker(before)
    # a label alone in its table cell (``a) Thửa đất số`` | ``106``) needs no colon; so does
    # one ending its cell ("Giấy này có giá trị sử dụng" | "06 tháng …")
    alone = not rest.strip(" :.") and (opens or cell)
    colon = rest.lstrip().startswith(":") or alone
    if len(lf.replace(" ", "")) <= 3 and not (rest.lstrip().startswith(":") or (alone and cell)):
        return []  # short labels ("Số", "Ông") only with their colon, or alone in a cell
                   # with the value in the next one
    if score < 1.0 and len(lf) < 10 and not rest.lstrip().startswith(":"):
        return []  # "Nam Định" is not a misread "năm sinh": a near match of a short label needs its colon
    if not opens and not colon and before[-1] not in ",;(|":
        return []  # "cải chính họ tên ngày …": words inside a value; a label there has its colon
                   # or follows a separator ("…, sinh năm 1967")
    m = re.match(r"\s+((?:[a-z]+\s+){0,2}[a-z]+)\s*:", rest)
    if m and not rest.lstrip().startswith(":"):
        return []  # "Họ, chữ đệm, tên| người mẹ:": a longer label this one is the start of
    return [hit]


@lru_cache(maxsize=256)
def _stops(template: Template, section: str | None) -> tuple[tuple[str, str, bool], ...]:
    """(label, field key or "", is a words label) for every label that can end a value; the
    labels of fields outside ``section`` (None: every section) end values but name no field."""
    def mine(spec: FieldSpec) -> bool:
        return section is None or not spec.section or spec.section == section
    out = [(lb, spec.key if mine(spec) else "", False) for spec in template.fields for lb in spec.labels]
    known = {fold(lb) for lb, _, _ in out}
    words = {fold(w) for w in WORDS_LABELS}
    out += [(lb, "", fold(lb) in words) for lb in sub_labels() if fold(lb) not in known]
    return tuple(out)


def hits(text: str, template: Template, section: str | None = None, cell: bool = False) -> list[Hit]:
    """Labels on one segment, left to right: longer over contained ones, exact before fuzzy,
    each field's label once (only fields of ``section`` and of no section name a field).
    ``cell``: another segment follows on the row (the next table cell may hold the value)."""
    folded = fold_chars(text)
    cands = []
    for label, key, words in _stops(template, section):
        for start, end, score in _label_hits(folded, label, cell):
            cands.append((start, end, key, words, score))
    # a near match of one of a field's labels that spans an exact match of another of its labels
    # is that label plus a neighbouring word ("…tên người đi khai tử| Lê" near "Họ, chữ đệm và
    # tên người đi khai tử"): the exact one stands
    exact = [(c[0], c[1], c[2]) for c in cands if c[4] == 1.0]
    cands = [c for c in cands if c[4] == 1.0 or not any(
        k == c[2] and c[0] <= a and b <= c[1] and (a, b) != (c[0], c[1]) for a, b, k in exact)]
    # longer labels first (a misread "Ngòy, thóng, năm sinh" is still one label, not the
    # sub-label "năm sinh" inside it), exact before near matches of the same length
    cands.sort(key=lambda h: (-(h[1] - h[0]), h[4] < 1.0, -h[4], h[0], h[2] == ""))
    kept: list[tuple] = []
    for c in cands:
        same = [k for k in kept if (k[0], k[1]) == (c[0], c[1])]
        if same and c[2] and all(k[2] and k[2] != c[2] and k[4] == c[4] for k in same):
            kept.append(c)  # one label, two fields ("Đã chết vào lúc": the time and the date)
        elif all(c[1] <= k[0] or c[0] >= k[1] for k in kept) and (not c[2] or all(c[2] != k[2] for k in kept)):
            kept.append(c)
    kept.sort()
    return [Hit(s, e, k, w) for s, e, k, w, _ in kept]


def _only_marker(before: str) -> bool:
    """Nothing but a list marker ("a)", "đ)", "2.") or a table rule read as "|" (folded text)."""
    before = before.strip(" |[")
    return not before or bool(_ENUM.match(before))


def opens_segment(text: str, hit: Hit) -> bool:
    """The label ``hit`` opens its segment: nothing before it but a list marker or a rule."""
    return _only_marker(fold_chars(text[:hit.start]))


def clean_value(text: str) -> str:
    """Strip what surrounds a value but is not it: colons, dotted leaders, table rulings,
    brackets opened for a sub-label, a list marker of the next item, a lone mark after it."""
    text = _LEADERS.sub(" ", text)
    text = _ENUM_TAIL.sub("", text)
    text = text.strip().lstrip(":|-–").strip()
    while text and text[-1] in ";,_|(:–-" or text.endswith(" ("):
        text = text[:-1].rstrip()
    if text.count(")") > text.count("(") and text.endswith(")"):
        text = text[:-1].rstrip()
    words = text.split()
    # a lone mark after the value, where the gap before the next label was read as ink
    # ("Tày ¬", "Kinh `"); a full stop belongs to its word ("với ai.") and stays
    while len(words) > 1 and len(words[-1]) == 1 and not words[-1].isalnum() and words[-1] not in ")]":
        words.pop()
    return " ".join(words)


def dangling(value: str) -> bool:
    """The value stops where a line ended, not where the value did (``…, tỉnh``, a comma)."""
    v = value.rstrip()
    if v.endswith((",", "-", "–")):
        return True
    f = " " + re.sub(r"[^\w]+", " ", fold(v)).strip()
    return any(f.endswith(" " + d) for d in DANGLING)


def _words_in(seg: Segment, vstart: int, vend: int) -> list[Word]:
    out, pos = [], 0
    for w in seg.words:
        if not w.text:
            continue
        s, e = pos, pos + len(w.text)
        pos = e + 1
        # a word the value only touches with punctuation ("tên:" before the value) is not in it
        if s < vend and e > vstart and any(ch.isalnum() for ch in w.text[max(0, vstart - s):vend - s]):
            out.append(w)
    return out


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


def _found(parts: list[tuple[Segment, int, int]]) -> Found:
    texts, words = [], []
    for seg, a, b in parts:
        texts.append(seg.text[a:b])
        words += _words_in(seg, a, b)
    value = clean_value(" ".join(texts))
    conf = min((w.confidence for w in words), default=0.0)
    box = BBox.enclosing(w.bbox for w in words) if words else None
    engines = sorted({seg.engine for seg, _, _ in parts if seg.engine})
    return Found(value, conf, box, "+".join(engines), continued=len(parts) > 1)


class _Page:
    """Rows of segments with the geometry questions the rules ask."""

    def __init__(self, rows: list[list[Segment]], template: Template) -> None:
        self.rows = rows
        self.template = template
        self._hits: dict[tuple[int, str | None], list[Hit]] = {}
        segs = [s for r in rows for s in r]
        self.left = min((s.bbox.x0 for s in segs), default=0)
        self.section: str | None = None

    def hits(self, seg: Segment) -> list[Hit]:
        k = (id(seg), self.section)
        if k not in self._hits:
            row = self.rows[seg.row]
            cell = seg is not row[-1]
            self._hits[k] = [] if is_heading(seg.text) else hits(seg.text, self.template, self.section, cell)
        return self._hits[k]

    def free(self, seg: Segment, capitals: bool = False) -> bool:
        """Text of nobody's label: may be a value below its label or a continuation (a line in
        capitals only where ``capitals``: a name under "ỦY BAN NHÂN DÂN", never a title)."""
        return (not self.hits(seg) and not is_heading(seg.text)
                and (capitals or not is_title(seg.text)))

    def below(self, r: int, x0: int, x1: int, h: float) -> Segment | None:
        """The segment right below (next row, close, overlapping x0..x1 and not left of x0)."""
        if r + 1 >= len(self.rows):
            return None
        above = max(s.bbox.y1 for s in self.rows[r])
        for seg in self.rows[r + 1]:
            if seg.bbox.y0 - above > 1.8 * h:
                return None
            if seg.bbox.x1 > x0 and seg.bbox.x0 < x1 and seg.bbox.x0 >= x0 - 2 * h:
                return seg
        return None

    def column_right(self, seg: Segment) -> int:
        """The right edge of the text column ``seg`` is in (the longest lines of that column)."""
        h = seg.height
        return max((s.bbox.x1 for r in self.rows for s in r
                    if abs(s.bbox.x0 - seg.bbox.x0) < 6 * h or s.bbox.x0 < seg.bbox.x0 < s.bbox.x1),
                   default=seg.bbox.x1)


def read_fields(lines: list[Line], specs: list[FieldSpec], template: Template,
                size: tuple[int, int] | None = None) -> dict[str, Found]:
    """Values of ``specs`` on these lines, first occurrence of each (see the module doc)."""
    rows = segment_rows(lines)
    page = _Page(rows, template)
    found: dict[str, Found] = {}
    by_key = {s.key: s for s in specs}
    heads = [(s.key, [fold_chars(h) for h in s.headings]) for s in template.sections]
    section = ""
    patterns = {s.key: re.compile(_fold_pattern(s.match), re.I) for s in specs if s.match}
    used: set[int] = set()
    last_key = ""  # the field whose value ended the previous row (a "bằng chữ" line may follow)
    for r, row in enumerate(rows):
        folded_row = fold_chars(" ".join(s.text for s in row))
        best = 0.0
        opening = len(m.group(0)) if (m := _NUMBERING.match(folded_row)) else 0
        for key, hs in heads:  # the best-matching heading wins ("người chồng" vs "người vợ")
            for h in hs:
                hit = fuzzy_find(folded_row, h)
                # a heading opens its row, and a short one is read exactly: "…tên: Võ Văn
                # Quang" does not contain the heading "Bên vợ"
                if hit and hit[0] <= opening + 3 and (hit[2] == 1.0 or len(h) >= 10) and hit[2] > best:
                    best, section = hit[2], key
        page.section = section
        allowed = {k: s for k, s in by_key.items() if not s.section or s.section == section}
        row_last = ""
        for c, seg in enumerate(row):
            if id(seg) in used:
                continue
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
            if seg_hits and seg_hits[0].words and seg_hits[0].start <= 1 and last_key in found:
                # "ghi bằng chữ: …" on its own line: the value above, written in words
                nxt = seg_hits[1].start if len(seg_hits) > 1 else len(text)
                found[last_key].in_words = clean_value(text[seg_hits[0].end:nxt])
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
                    parts, words_hit = _elsewhere(page, row, c, r, seg, text[hit.start:hit.end], used)
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
                if spec.match:  # the value is what the pattern finds in it ("9 giờ 09 phút, ngày …")
                    f = _matched(f, parts, patterns[spec.key])
                f.cut = f.value != "" and dangling(f.value)
                found[hit.key] = f
                if not later:
                    row_last = hit.key
            for key, pat in patterns.items():
                spec = allowed.get(key)
                if spec is None or key in found or not _inside(seg, spec, size):
                    continue
                if spec.labels and not spec.region:
                    continue  # a labelled field's pattern applies to its value only
                m = pat.search(fold_chars(text))
                if m:
                    g = 1 if m.re.groups else 0
                    found[key] = _found([(seg, *m.span(g))])
        last_key = row_last
    return found


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


def _elsewhere(page: _Page, row: list[Segment], c: int, r: int, seg: Segment, label: str,
               used: set[int]) -> tuple[list, Hit | None]:
    """An empty label's value: the next cell of its row (a table, a tab stop), else the line
    below it. The value ends at a sub-label there ("26/03/1985 (bằng chữ: …)")."""
    # a label in capitals heads a block ("ỦY BAN NHÂN DÂN" over the issuer's name; the motto
    # is the next column, not its value)
    nxt = row[c + 1] if c + 1 < len(row) else None
    cands = []
    if nxt is not None and not is_title(label):
        cands.append((nxt, False))
    lab = seg.words[0].bbox.x0
    under = page.below(r, lab, max(seg.bbox.x1, lab + 1) + int(8 * seg.height), seg.height)
    if under is not None:
        cands.append((under, True))
    for cand, capitals in cands:
        # a title in capitals is no value; a short code in capitals is ("NTS", "244/GBT")
        title = is_title(cand.text) and len(cand.text.split()) >= 3
        if id(cand) in used or is_heading(cand.text) or (not capitals and title):
            continue
        hs = page.hits(cand)
        if hs and opens_segment(cand.text, hs[0]):
            if cand is nxt:
                continue
            break
        used.add(id(cand))
        end = hs[0].start if hs else len(cand.text)
        return [(cand, 0, end)], (hs[0] if hs and hs[0].words else None)
    return [], None


def _matched(f: Found, parts: list, pattern: re.Pattern) -> Found:
    for seg, a, b in parts:
        m = pattern.search(fold_chars(seg.text[a:b]))
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
        under = page.below(row, min(label_x, page.left), cur.bbox.x1, h)
        if under is None or id(under) in used or not page.free(under) or _LABELLED.match(under.text):
            break
        if under.bbox.x0 > label_x + 0.6 * (cur.bbox.x1 - label_x):
            break  # starts far right: not the next line of this value
        parts = parts + [(under, 0, len(under.text))]
        used.add(id(under))
        cur, row = under, under.row
    return parts


def _inside(seg: Segment, spec: FieldSpec, size: tuple[int, int] | None) -> bool:
    if not spec.region:
        return True
    if size is None:
        return False
    cx, cy = seg.bbox.center
    x0, y0, x1, y1 = spec.region
    return x0 <= cx / size[0] <= x1 and y0 <= cy / size[1] <= y1


def _fold_pattern(pattern: str) -> str:
    """Fold a regular expression's letters like the text, keeping ASCII (``\\S``, ``\\d``) intact."""
    return "".join(ch if ord(ch) < 128 else fold_chars(ch) for ch in pattern)
