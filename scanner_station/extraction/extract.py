"""Classify an OCR'd page against the form templates and read its fields by label anchors.

No pixel coordinates: a field is found by its label's text in the layout (folded,
OCR-tolerant), and its value is the rest of that line up to the next label. Each
field keeps the text as read, a normalised value, the OCR confidence of its
words, its box, and validator messages. Status rules (the book prevails):

* ``illegible`` — a required field that was not found or is empty;
* ``proposed`` — machine reading with calibrated confidence ≥ ``HIGH`` that passed
  every validator: still awaits a person;
* ``uncertain`` — everything else. ``confirmed`` is never set here.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from ..domain.layout import BBox, Line, PageLayout
from ..domain.records import FieldStatus
from ..domain.text import fold
from . import validators as V
from .templates import FieldSpec, Template

HIGH = 0.95
#: a list marker of the next item left before its label ("654; b) Tờ bản đồ số") is not value
_ENUM_TAIL = re.compile(r"[;,]?\s*\b[a-zđ]\)\s*$")


def fold_chars(text: str) -> str:
    """Fold each character on its own so positions in the folded text match the original."""
    out = []
    for ch in text:
        f = fold(ch)
        out.append(f[0] if f else " ")
    return "".join(out)


@dataclass(frozen=True, slots=True)
class ExtractedField:
    key: str
    value: str
    normalized: str
    status: str
    confidence: float
    bbox: tuple[int, int, int, int] | None
    messages: tuple[str, ...]
    page: int = 1

    def as_json(self) -> dict:
        return {"value": self.value, "normalized": self.normalized, "status": self.status,
                "confidence": round(self.confidence, 4), "page": self.page,
                "bbox": list(self.bbox) if self.bbox else None, "messages": list(self.messages)}


def _fuzzy_find(hay: str, needle: str, threshold: float = 0.86) -> tuple[int, int, float] | None:
    i = hay.find(needle)
    if i >= 0:
        return i, i + len(needle), 1.0
    if len(needle) < 6:
        return None
    best = None
    n = len(needle)
    for start in range(0, max(1, len(hay) - n + 3)):
        for length in (n - 1, n, n + 1):
            cand = hay[start:start + length]
            if len(cand) < n - 1:
                continue
            r = difflib.SequenceMatcher(None, cand, needle).ratio()
            if r >= threshold and (best is None or r > best[2]):
                best = (start, start + length, r)
    return best


def classify(layout: PageLayout, templates: list[Template]) -> list[tuple[Template, float]]:
    """Templates with their score (share of cues found), best first."""
    text = fold_chars(layout.text)
    scored = []
    for t in templates:
        found = sum(1 for cue in t.cues if _fuzzy_find(text, fold_chars(cue)) is not None)
        scored.append((t, found / max(1, len(t.cues))))
    scored.sort(key=lambda x: x[1], reverse=True)
    return scored


def _hits(line_folded: str, spec: FieldSpec) -> list[tuple[int, int, float]]:
    out = []
    for label in spec.labels:
        lf = fold_chars(label)
        hit = _fuzzy_find(line_folded, lf)
        if hit is None:
            continue
        start, end, score = hit
        if start > 0 and line_folded[start - 1].isalnum():
            continue  # must start at a word boundary
        rest = line_folded[end:].lstrip()
        if len(lf) <= 3 and not rest.startswith(":"):
            continue  # short labels ("Số") only with their colon
        out.append((start, end, score))
    return out


def _word_spans(line: Line) -> list[tuple[int, int, int]]:
    spans, pos = [], 0
    for i, w in enumerate(line.words):
        spans.append((pos, pos + len(w.text), i))
        pos += len(w.text) + 1
    return spans


def extract(layout: PageLayout, template: Template, page: int = 1) -> dict[str, ExtractedField]:
    found: dict[str, tuple[str, float, BBox | None]] = {}
    specs = {s.key: s for s in template.fields}
    for line in layout.lines():
        text = line.text
        folded = fold_chars(text)
        hits = []
        for spec in template.fields:
            for start, end, score in _hits(folded, spec):
                hits.append((start, end, spec.key, score))
        # longer labels win over labels they contain ("Số định danh cá nhân" over "Số")
        hits.sort(key=lambda h: (-(h[1] - h[0]), h[0]))
        kept: list[tuple[int, int, str, float]] = []
        for h in hits:
            if all(h[1] <= k[0] or h[0] >= k[1] for k in kept) and all(h[2] != k[2] for k in kept):
                kept.append(h)
        kept.sort()
        spans = _word_spans(line)
        for i, (_start, end, key, _score) in enumerate(kept):
            if key in found:
                continue
            vstart = end
            while vstart < len(text) and text[vstart] in " :":
                vstart += 1
            vend = kept[i + 1][0] if i + 1 < len(kept) else len(text)
            value = _ENUM_TAIL.sub("", text[vstart:vend]).strip().rstrip(";,").strip()
            words = [line.words[j] for s, e, j in spans if s < vend and e > vstart and line.words[j].text]
            conf = min((w.confidence for w in words), default=0.0)
            box = BBox.enclosing(w.bbox for w in words) if words else None
            found[key] = (value, conf, box)
    out: dict[str, ExtractedField] = {}
    for key, spec in specs.items():
        if key not in found or not found[key][0]:
            msgs = ("not found on the page",) if key not in found else ("empty",)
            status = (FieldStatus.illegible if spec.required else FieldStatus.uncertain).value
            out[key] = ExtractedField(key, "", "", status, 0.0, None, msgs, page)
            continue
        value, conf, box = found[key]
        parsed = _parse(spec.type, value)
        out[key] = ExtractedField(key, value, parsed.normalized, "", conf,
                                  tuple(box.as_list()) if box else None, parsed.messages, page)
    _cross_check(out, specs)
    for key, f in out.items():
        if f.status:
            continue
        ok = not f.messages and f.normalized != ""
        status = (FieldStatus.proposed if ok and f.confidence >= HIGH else FieldStatus.uncertain).value
        out[key] = ExtractedField(f.key, f.value, f.normalized, status, f.confidence, f.bbox,
                                  f.messages, f.page)
    return out


def _parse_sex(value: str) -> V.Parsed:
    f = fold(value)
    if f in ("nam", "nu"):
        return V.Parsed(value, "Nam" if f == "nam" else "Nữ", True)
    return V.Parsed(value, "", False, ("sex is 'Nam' or 'Nữ'",))


#: field type (templates.FIELD_TYPES) → parser of the value as read
PARSERS = {
    "text": lambda v: V.Parsed(v, " ".join(v.split()), True),
    "name": lambda v: V.parse_name(v)[0],
    "date": V.parse_date,
    "personal_id": V.parse_personal_id,
    "cmnd": V.parse_cmnd,
    "sex": _parse_sex,
    "area": V.parse_area,
    "int": lambda v: V.parse_positive_int(v, "number"),
    "land_use": V.parse_land_use_purpose,
    "gcn_serial": V.parse_gcn_serial,
    "registry_number": V.parse_registry_number,
    "document_number": V.parse_document_number,
}


def _parse(kind: str, value: str) -> V.Parsed:
    return PARSERS[kind](value)


def _cross_check(fields: dict[str, ExtractedField], specs: dict[str, FieldSpec]) -> None:
    for key, spec in specs.items():
        if "id_matches_record" not in spec.validators or key not in fields or not fields[key].value:
            continue
        sex = fields.get("sex")
        dob = fields.get("date_of_birth")
        year = int(dob.normalized[:4]) if dob and dob.normalized else None
        p = V.parse_personal_id(fields[key].value, sex=sex.normalized if sex and sex.normalized else None,
                                birth_year=year)
        f = fields[key]
        fields[key] = ExtractedField(f.key, f.value, p.normalized, f.status, f.confidence, f.bbox,
                                     p.messages, f.page)
