"""Values taught as boxes: a field found by where it sits relative to printed text near it.

A supervisor teaching a form drags a box around a value that has no label of its own (a code
in a printed frame, a value under a column of labels). The box is stored relative to the
nearest printed text (the ``anchor``) in units of that text's line height: a scan shifted by a
few centimetres, scanned at another resolution or slightly skewed (cleanup levels it) still puts
the box on the value. A value longer than the sample's runs on to the right as long as its words
follow closely, and stops at a label (text ending in a colon).

Pure functions over the layout; no I/O.
"""

from __future__ import annotations

import re
from statistics import median

from ..domain.layout import BBox, Line, Word
from .reading import Found, clean_value, fold_chars, fuzzy_find, hits
from .segments import word_spans, words_in
from .templates import FieldSpec, Template

#: a following word joins the value when the gap before it is under this many line heights
RUN_ON = 1.0
#: a word belongs to the box when this share of its width lies inside
INSIDE = 0.5
#: the part of a box's text that is the value, by field type (a box drawn around "Tân Phước,
#: ngày 15 tháng 05 năm 2019" holds a date); without a match the whole text is the value
TYPE_PATTERNS = {"date": re.compile(r"(?:ngày\s*)?\d{1,2}\s*tháng\s*\d{1,2}\s*năm\s*\d{4}"
                                    r"|\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}", re.I)}


def find_anchor(lines: list[Line], anchor: str) -> tuple[BBox, float] | None:
    """Where the anchor text is on the page (its words' box) and its line height; the best
    match, the top-most among equals."""
    needle = fold_chars(anchor)
    best: tuple[float, int, BBox, float] | None = None
    for line in lines:
        hit = fuzzy_find(fold_chars(line.text), needle)
        if hit is None:
            continue
        words = words_in(line, hit[0], hit[1])
        if not words:
            continue
        box = BBox.enclosing(w.bbox for w in words)
        height = float(median(w.bbox.height for w in words))
        key = (-hit[2], box.y0)
        if best is None or key < (best[0], best[1]):
            best = (-hit[2], box.y0, box, height)
    return (best[2], best[3]) if best else None


def absolute_box(anchor: BBox, unit: float, rel: tuple[float, ...]) -> BBox:
    x0, y0, x1, y1 = rel
    return BBox(int(anchor.x0 + x0 * unit), int(anchor.y0 + y0 * unit),
                int(anchor.x0 + x1 * unit), int(anchor.y0 + y1 * unit))


def relative_box(anchor: BBox, unit: float, box: BBox) -> tuple[float, float, float, float]:
    return tuple(round(v, 2) for v in ((box.x0 - anchor.x0) / unit, (box.y0 - anchor.y0) / unit,
                                       (box.x1 - anchor.x0) / unit, (box.y1 - anchor.y0) / unit))


def _inside(w: Word, box: BBox, slack: float = 0.0) -> bool:
    overlap = min(w.bbox.x1, box.x1) - max(w.bbox.x0, box.x0)
    cy = (w.bbox.y0 + w.bbox.y1) / 2
    return overlap >= INSIDE * max(1, w.bbox.width) and box.y0 - slack <= cy <= box.y1 + slack


def _label_starts(line: Line, template: Template | None) -> set[int]:
    """Word indexes where a label of the template (or a sub-label) starts on the line."""
    if template is None:
        return set()
    starts = {h.start for h in hits(line.text, template)}
    return {i for i, (_, s, _) in enumerate(word_spans(line.words)) if s in starts}


def words_in_box(lines: list[Line], box: BBox, anchor: BBox | None = None,
                 template: Template | None = None) -> list[tuple[Line, list[Word]]]:
    """The words of each line inside ``box`` (not the anchor's own words), each line's run
    continued to the right while its words follow closely and are not a label (a word ending
    in a colon, or where one of the template's labels starts)."""
    out = []
    unit = max(1.0, anchor.height if anchor is not None else 1.0)
    # another page's type size or line spacing moves a line by a fraction of a line height: a
    # box one line tall takes the line nearest its middle within half a line height
    single = box.height < 1.6 * unit
    slack = 0.5 * unit
    if single:
        mid = (box.y0 + box.y1) / 2
        near = [ln for ln in lines if abs((ln.bbox.y0 + ln.bbox.y1) / 2 - mid) <= box.height / 2 + slack
                and any(_inside(w, box, slack) for w in ln.words if w.text)]
        lines = sorted(near, key=lambda ln: abs((ln.bbox.y0 + ln.bbox.y1) / 2 - mid))[:1]
    for line in sorted(lines, key=lambda ln: (ln.bbox.y0, ln.bbox.x0)):
        words = [w for w in line.words if w.text]
        picked = [i for i, w in enumerate(words) if _inside(w, box, slack)
                  and not (anchor is not None and _inside(w, anchor))]
        if not picked:
            continue
        labels = _label_starts(line, template)
        first = picked[0]
        while first in labels or words[first].text.endswith(":"):
            first += 1  # a label inside the box is not the value
            if first > picked[-1]:
                break
        if first > picked[-1]:
            continue
        last = first
        h = max(1.0, float(median(w.bbox.height for w in words)))
        while last + 1 < len(words):
            nxt = words[last + 1]
            inside = last + 1 <= picked[-1]
            if last + 1 in labels or (nxt.text.endswith(":") and not inside):
                break
            if not inside and nxt.bbox.x0 - words[last].bbox.x1 > RUN_ON * h:
                break
            last += 1
        out.append((line, words[first:last + 1]))
    return out


def read_boxes(lines: list[Line], specs: list[FieldSpec], template: Template | None = None) -> dict[str, Found]:
    """Values of the fields taught as boxes (``anchor`` + ``box``) on these lines."""
    found: dict[str, Found] = {}
    for spec in specs:
        if not spec.box or not spec.anchor:
            continue
        where = find_anchor(lines, spec.anchor)
        if where is None:
            continue
        anchor, unit = where
        picked = words_in_box(lines, absolute_box(anchor, unit, spec.box), anchor, template)
        words = [w for _, ws in picked for w in ws]
        if not words:
            continue
        pattern = TYPE_PATTERNS.get(spec.type)
        if pattern is not None:
            words = _matching(words, pattern)
        value = clean_value(" ".join(w.text for w in words))
        engines = sorted({ln.engine for ln, _ in picked if ln.engine})
        found[spec.key] = Found(value, min(w.confidence for w in words),
                                BBox.enclosing(w.bbox for w in words), "+".join(engines),
                                continued=len(picked) > 1,
                                lines=tuple(BBox.enclosing(w.bbox for w in ws) for _, ws in picked if ws)
                                if len(picked) > 1 else ())
    return found


def _matching(words: list[Word], pattern: re.Pattern) -> list[Word]:
    """The words covering the pattern's first match in their text (all of them without one)."""
    m = pattern.search(" ".join(w.text for w in words))
    if m is None:
        return words
    return [w for w, s, e in word_spans(words) if s < m.end() and e > m.start()]
