"""Fields found where the page reading alone did not give them: a title misread past its
pattern (``near_listed``), a date phrase with a word or digit misread (``date_phrase_loose``), a
labelled field whose label was read as none (``label_misread``; a place's,
``place_label_misread``) — each only a candidate, said on the field (``reading.NEAR_LISTED``,
``DATE_LOOSE``, ``LABEL_MISREAD``, ``PLACE_LABEL_MISREAD``), a question; the segments
no field took (``free_segments``) and whether a segment stands in a field's region (``inside``).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator

from ..domain.layout import BBox
from .labels import fold_chars
from .places import _UNIT_START
from .segments import Segment
from .templates import FieldSpec, field_values


#: a date written as a phrase ("…, ngày 09 tháng 12 năm 2019") as a hand's is misread: the month's
#: or year's word a letter off ("kháng", "năn"), the year short of its last digit (past the end of
#: the line the detector found: "năm 201") — letters folded, digits where the numbers stand
_DATE_PHRASE_LOOSE = re.compile(r"ngay\s*\S{1,3}\s*\w?h?\w{1,2}ng\s*\S{1,3}\s*n\w{1,2}\s*\d{2,4}", re.I)


def date_phrase_loose(rows: list[list[Segment]], spec: FieldSpec, size: tuple[int, int] | None,
                      used: set[int]) -> tuple[Segment, int, int] | None:
    """A label-less date its pattern found nowhere, as a looser form of its phrase: (segment,
    start, end) of the first such on the page (where its pattern would have found it), else
    None. Its crop is read again (the second opinion, widened to a glyph its side cuts), so the
    phrase may be read whole."""
    for seg in free_segments(rows, spec, size, used):
        m = _DATE_PHRASE_LOOSE.search(fold_chars(seg.text))
        if m:
            return seg, m.start(), m.end()
    return None


def _squeezed(text: str) -> str:
    """Letters folded, spaces and case left out: how a line and a listed value are compared."""
    return "".join(fold_chars(text).split()).lower()


#: how like one of its list's values a line must be (letters folded, spaces and case ignored)
#: to be taken for a label-less value its pattern did not match ("QUYẾT ĐƯUG", "giấyxácmHận")
LIKENESS = 0.65


def near_listed(rows: list[list[Segment]], spec: FieldSpec, size: tuple[int, int] | None,
                used: set[int]) -> Segment | None:
    """The segment (where the field may stand, not a wrapped label's) most like one of the
    field's list's values — a title misread past its pattern — if like enough (``LIKENESS``),
    else None."""
    listed = [_squeezed(v) for v in field_values(spec.values)]
    best: tuple[float, Segment] | None = None
    for seg in free_segments(rows, spec, size, used):
        text = _squeezed(seg.text)
        if not text:
            continue
        like = max((difflib.SequenceMatcher(None, text, v, autojunk=False).ratio() for v in listed),
                   default=0.0)
        if like >= LIKENESS and (best is None or like > best[0]):
            best = (like, seg)
    return best[1] if best else None


#: how like its label and one of its list's values a line must be (as for ``LIKENESS``) to be
#: taken for a labelled field whose label was read as no label ("Vuc ngy xnậ An bụng hôn nhân":
#: a label in small print before a large hand, read at the hand's height); only a candidate —
#: the ink must then read one of the values after the label (``rereading.after_misread_label``)
LABEL_LIKENESS = 0.4


def label_misread(rows: list[list[Segment]], spec: FieldSpec, size: tuple[int, int] | None,
                  used: set[int], taken: list[BBox]) -> tuple[Segment, str] | None:
    """The segment no field took, holding no label (``used`` counts both) nor a found value's box
    (``taken``: a title found by its pattern), most like one of the field's labels followed by
    one of its list's values, and that label — if like enough (``LABEL_LIKENESS``), else None."""
    values = [_squeezed(v) for v in field_values(spec.values)]
    best: tuple[float, Segment, str] | None = None
    for seg in free_segments(rows, spec, size, used):
        text = _squeezed(seg.text)
        if len(text) < 4 or any(_overlap(seg.bbox, b) for b in taken):
            continue
        for label in spec.labels:
            head = _squeezed(label)
            like = max((difflib.SequenceMatcher(None, text, head + v, autojunk=False).ratio() for v in values),
                       default=0.0)
            if like >= LABEL_LIKENESS and (best is None or like > best[0]):
                best = (like, seg, label)
    return (best[1], best[2]) if best else None


#: how like one of its labels the words before a place's first unit word must be (as for
#: ``LIKENESS``) for the line to be taken for that place field, its label read as none ("Qu Qan
#: phường Cống Vị quận Ba Đình, …" for "Quê quán:": a small print label read at a hand's height)
PLACE_LABEL_LIKENESS = 0.75


def place_label_misread(rows: list[list[Segment]], spec: FieldSpec, size: tuple[int, int] | None,
                        used: set[int]) -> tuple[Segment, int] | None:
    """The segment no field took whose words before its first unit word are most like one of the
    place field's labels, two unit words or more after them, and where its place starts — if
    like enough (``PLACE_LABEL_LIKENESS``), else None."""
    best: tuple[float, Segment, int] | None = None
    labels = [_squeezed(lb) for lb in spec.labels]
    for seg in free_segments(rows, spec, size, used):
        starts = [m.start() for m in _UNIT_START.finditer(seg.text)]
        head = _squeezed(seg.text[:starts[0]]) if len(starts) >= 2 else ""
        if len(head) < 3:
            continue
        like = max(difflib.SequenceMatcher(None, head, lb, autojunk=False).ratio() for lb in labels)
        if like >= PLACE_LABEL_LIKENESS and (best is None or like > best[0]):
            best = (like, seg, starts[0])
    return (best[1], best[2]) if best else None


def _overlap(a: BBox, b: BBox) -> bool:
    """The two boxes share half the smaller one (a hand's tall boxes overlap their neighbours')."""
    w, h = min(a.x1, b.x1) - max(a.x0, b.x0), min(a.y1, b.y1) - max(a.y0, b.y0)
    return w > 0 and h > 0 and w * h >= 0.5 * min(a.width * a.height, b.width * b.height)


def free_segments(rows: list[list[Segment]], spec: FieldSpec, size: tuple[int, int] | None,
                  used: set[int]) -> Iterator[Segment]:
    """The page's segments no field took, where ``spec`` may stand, in reading order."""
    for row in rows:
        for seg in row:
            if id(seg) not in used and inside(seg, spec, size):
                yield seg


def inside(seg: Segment, spec: FieldSpec, size: tuple[int, int] | None) -> bool:
    if not spec.region:
        return True
    if size is None:
        return False
    cx, cy = seg.bbox.center
    x0, y0, x1, y1 = spec.region
    return x0 <= cx / size[0] <= x1 and y0 <= cy / size[1] <= y1
