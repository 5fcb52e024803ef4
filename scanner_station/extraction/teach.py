"""Teach the station a new form from one sample page: the choices a supervisor makes on the page
(field keys, the label words clicked, boxes dragged around values, the title lines accepted)
become an ordinary template file, validated like any other.

* a field taught **by label** keeps the label as the page printed it (as read) and, when the OCR
  misread a label a shipped template knows for that key, the known spelling too;
* a field taught **by box** is measured from the nearest printed text (a label ending in a
  colon, or a line in capitals), in that text's line heights (``boxes.py``);
* the title cues are lines printed in capitals that the user accepted; the classification cues
  are the title cues, the labels and the anchors.

The sample's page layout comes in; TOML text comes out. Saving validates the text by loading it
(the same checks as a hand-written file) before the file takes its place.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from ..domain.errors import StationError
from ..domain.layout import BBox, Line, PageLayout, Word
from ..domain.records import RecordFamily
from ..domain.text import fold, nfc
from .boxes import find_anchor, relative_box
from .reading import fold_chars, fuzzy_find, is_title
from .segments import split_line
from .templates import FIELD_TYPES, Template, load_all, load_template, refuse_shipped_id

FAMILY_PREFIX = {"civil_status": "civil", "land": "land", "procedure_result": "procedure"}


@dataclass(frozen=True, slots=True)
class KnownField:
    """A field key a family's shipped templates use, with its type and printed label."""

    key: str
    type: str
    label: str


@dataclass(frozen=True, slots=True)
class TaughtField:
    key: str
    type: str
    labels: tuple[str, ...] = ()
    anchor: str = ""
    box: tuple[float, ...] = ()


def catalogue(family: str, templates: list[Template]) -> list[KnownField]:
    """The field keys of a family (from its templates), each once, with the first label."""
    seen: dict[str, KnownField] = {}
    for t in templates:
        if t.family != family:
            continue
        for f in t.fields:
            if f.key not in seen:
                seen[f.key] = KnownField(f.key, f.type, f.labels[0] if f.labels else f.key)
    return list(seen.values())


def _heading(text: str) -> bool:
    """A segment printed in capitals, long enough to be a heading or a title."""
    return is_title(text) and len(text) >= 6


def title_lines(layout: PageLayout) -> list[str]:
    """Column segments printed in capitals, in page order: the proposed title cues (the two
    columns of an NĐ 30 head are two lines, not one)."""
    out: list[str] = []
    for r, line in enumerate(layout.lines()):
        for seg in split_line(line, r):
            text = " ".join(seg.text.split())
            # a number in capitals ("Số: 357/UBND-XNTTHN") is a value, not a title
            if _heading(text) and not any(c.isdigit() for c in text) and text not in out:
                out.append(text)
    return out


#: lines in capitals every administrative document carries (the motto, the issuing body and
#: its unit, the signature block): never the form's own title
_HEADS = ("CONG HOA", "UY BAN", "UBND", "TM.", "T/M", "DOC LAP", "XA ", "PHUONG ", "THI TRAN ", "HUYEN ",
          "QUAN ", "THI XA ", "THANH PHO ", "TINH ", "SO ", "CHU TICH", "KT.")


def likely_title(lines: list[str]) -> str:
    """The proposed title cue: the first line in capitals that is not the national motto, the
    issuing body or the signature block."""
    own = [ln for ln in lines if not fold(ln).upper().startswith(_HEADS)]
    return own[0] if own else (lines[0] if lines else "")


def word_at(layout: PageLayout, x: float, y: float) -> tuple[Line, Word] | None:
    """The word under a point of the page (a click), or the nearest one on that line within a
    line height (a click between two words, or just beside the ink)."""
    best: tuple[float, Line, Word] | None = None
    for line in layout.lines():
        b = line.bbox
        slack = 0.25 * b.height
        if not (b.y0 - slack <= y <= b.y1 + slack):
            continue
        for w in line.words:
            if not w.text:
                continue
            d = max(0.0, w.bbox.x0 - x, x - w.bbox.x1) + max(0.0, w.bbox.y0 - y, y - w.bbox.y1)
            if d <= b.height and (best is None or d < best[0]):
                best = (d, line, w)
    return (best[1], best[2]) if best else None


def label_words(line: Line, word: Word) -> list[Word]:
    """The label a click on ``word`` means: its words up to the colon that closes the label,
    starting after the previous label's value (a wide gap or a colon before it); a click on a
    label without a colon (a table cell) takes the words of its column segment."""
    words = sorted((w for w in line.words if w.text), key=lambda w: w.bbox.x0)
    if word not in words:
        return [word]
    h = max(1.0, sorted(w.bbox.height for w in words)[len(words) // 2])
    i = words.index(word)
    start = i
    while start > 0 and not words[start - 1].text.endswith(":") \
            and words[start].bbox.x0 - words[start - 1].bbox.x1 <= 0.8 * h:
        start -= 1
    end = i
    while not words[end].text.endswith(":") and end + 1 < len(words) \
            and words[end + 1].bbox.x0 - words[end].bbox.x1 <= 0.8 * h:
        end += 1
    if not words[end].text.endswith(":"):
        seg = next(s for s in split_line(line, 0) if word in s.words)
        return list(seg.words)
    return words[start:end + 1]


_KEY = re.compile(r"^[a-z][a-z0-9_]*$")


def valid_key(key: str) -> bool:
    """A field key: snake_case, as the template schema wants."""
    return bool(_KEY.match(key))


def label_text(layout: PageLayout, words: list[Word]) -> str:
    """Clicked label words, in reading order (the page's lines, left to right), without the
    closing colon."""
    chosen = {id(w) for w in words}
    ordered = [w for line in layout.lines() for w in sorted(line.words, key=lambda w: w.bbox.x0)
               if id(w) in chosen]
    return nfc(" ".join(w.text for w in ordered)).strip().rstrip(":").strip()


def label_variants(key: str, as_read: str, templates: list[Template]) -> tuple[str, ...]:
    """The label as read and, when it is a misreading of a label the family's templates know for
    this key, that label as printed."""
    out = [as_read]
    target = fold_chars(as_read)
    for t in templates:
        for f in t.fields:
            if f.key != key:
                continue
            for lb in f.labels:
                hit = fuzzy_find(target, fold_chars(lb), 0.8)
                if hit and hit[0] == 0 and lb not in out and abs(len(lb) - len(as_read)) <= 3:
                    out.append(lb)
    return tuple(out)


def _anchor_candidates(layout: PageLayout, box: BBox) -> list[tuple[str, BBox, float]]:
    """Printed text near which a box can be measured: words up to a colon (a label), or a whole
    column segment in capitals (a heading), outside the box; the text must lead back to the same
    place when looked for on the page (the first of two "ỦY BAN NHÂN DÂN" is the head's)."""
    runs: list[list[Word]] = []
    for r, line in enumerate(layout.lines()):
        for seg in split_line(line, r):
            run: list[Word] = []
            for w in seg.words:
                run.append(w)
                if w.text.endswith(":"):
                    runs.append(run)
                    run = []
            if _heading(seg.text):
                runs.append(list(seg.words))
    lines = list(layout.lines())
    cands = []
    for ws in runs:
        wb = BBox.enclosing(w.bbox for w in ws)
        overlap = min(wb.x1, box.x1) > max(wb.x0, box.x0) and min(wb.y1, box.y1) > max(wb.y0, box.y0)
        text = " ".join(w.text for w in ws)
        if overlap or len(fold_chars(text)) < 3:
            continue
        found = find_anchor(lines, text)
        if found is None or found[0] != wb:
            continue
        cands.append((text, wb, found[1]))
    return cands


def guess_type(key: str, known: list[KnownField]) -> str:
    """The type of a field key: the key's own in any family's templates; else that of a known key
    ending in it (``residence`` as in ``husband_residence``: a place); else that of known keys
    sharing its last word (``requester_name`` like ``full_name``: a name); else text."""
    kinds = {k.key: k.type for k in known}
    if key in kinds:
        return kinds[key]
    longer = {t for k, t in kinds.items() if k.endswith("_" + key)}
    if len(longer) == 1:
        return longer.pop()
    last = key.rsplit("_", 1)[-1]
    shared = Counter(t for k, t in kinds.items() if k.rsplit("_", 1)[-1] == last and "_" in k)
    if shared:
        kind, n = shared.most_common(1)[0]
        if n >= 0.75 * sum(shared.values()):  # most "…_name" keys are names; "procedure_name" is not
            return kind
    return "text"


def taught_box(layout: PageLayout, key: str, type_: str, box: BBox) -> TaughtField:
    """A field taught by a box around its value: measured from the nearest printed text (same
    row first, then above)."""
    cands = _anchor_candidates(layout, box)
    if not cands:
        raise StationError("no printed label or title near the box to measure it from",
                           hint="draw the box nearer a printed label, or teach the field by its label")

    def distance(c: tuple[str, BBox, float]) -> float:
        _, b, _ = c
        dy = max(0, b.y0 - box.y1, box.y0 - b.y1)
        dx = max(0, b.x0 - box.x1, box.x0 - b.x1)
        below = 3.0 if b.y0 > box.y1 else 1.0  # text under the value moves with it less often
        return below * (dx + 2 * dy)

    text, anchor, unit = min(cands, key=distance)
    return TaughtField(key, type_, anchor=text.rstrip(), box=relative_box(anchor, unit, box))


def template_id(family: str, name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "_", fold(name).lower()).strip("_") or "form"
    if not slug[0].isalpha():
        slug = "f_" + slug
    return f"{FAMILY_PREFIX[family]}.{slug}"


def _q(value: str) -> str:
    return json.dumps(nfc(value), ensure_ascii=False)


def template_toml(family: str, name: str, title_cues: list[str], fields: list[TaughtField], *,
                  author: str, created: str, version: int = 1, taught_from: str = "",
                  overrides: bool = False) -> str:
    """The template file's text (the schema of ``form_templates/README.md``)."""
    if family not in {f.value for f in RecordFamily}:
        raise StationError(f"unknown family '{family}'", hint="civil_status, land or procedure_result")
    if not title_cues:
        raise StationError("a taught form needs at least one title cue (a line printed in capitals)",
                           hint="accept one of the proposed title lines, or type the form's title")
    if not fields:
        raise StationError("teach at least one field", hint="give a label or a box for a field")
    for f in fields:
        if f.type not in FIELD_TYPES:
            raise StationError(f"unknown field type '{f.type}' for {f.key}",
                               hint=f"one of: {', '.join(FIELD_TYPES)}")
    cues = list(dict.fromkeys([*title_cues, *(f.labels[0] for f in fields if f.labels),
                               *(f.anchor for f in fields if f.anchor)]))
    out = ["# Taught in Scanner Station from a sample page; edit freely, `templates check` validates.",
           "[template]", f"id = {_q(template_id(family, name))}", f"version = {version}",
           f"family = {_q(family)}", f"title = {_q(name)}",
           f"title_cues = [{', '.join(_q(c) for c in title_cues)}]",
           f"cues = [{', '.join(_q(c) for c in cues)}]", "min_score = 0.5",
           f"author = {_q(author)}", f"created = {_q(created)}"]
    if taught_from:
        out.append(f"taught_from = {_q(taught_from)}")
    if overrides:
        out.append("overrides = true")
    for f in fields:
        out += ["", "[[field]]", f"key = {_q(f.key)}", f"type = {_q(f.type)}"]
        if f.labels:
            out.append(f"labels = [{', '.join(_q(lb) for lb in f.labels)}]")
        if f.box:
            out.append(f"anchor = {_q(f.anchor)}")
            out.append(f"box = [{', '.join(f'{v:.2f}' for v in f.box)}]")
    return "\n".join(out) + "\n"


def _file_for(directory: Path, tid: str) -> Path:
    """``<directory>/<name>.toml`` for the template id ``family.name``."""
    return Path(directory) / f"{tid.split('.', 1)[1]}.toml"


def next_version(directory: Path, tid: str) -> int:
    """1 for a new template; one more than the saved one when the id is taught again."""
    path = _file_for(directory, tid)
    if not path.exists():
        return 1
    try:
        return load_template(path).version + 1
    except StationError:
        return 1


def compose(layout: PageLayout, family: str, name: str, title_cues: list[str],
            picks: list[tuple[str, str, str | BBox]], templates: list[Template], directory: Path, *,
            author: str, taught_from: str = "", overrides: bool = False) -> str:
    """The template text for what was taught on ``layout``: each pick is (key, type, the label as
    read or a box in the page's pixels); the version follows the one saved in ``directory``."""
    fields = [taught_box(layout, key, kind, how) if isinstance(how, BBox)
              else TaughtField(key, kind, label_variants(key, how, templates)) for key, kind, how in picks]
    return template_toml(family, name, title_cues, fields, author=author,
                         created=time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                         version=next_version(directory, template_id(family, name)),
                         taught_from=taught_from, overrides=overrides)


def save(directory: Path, text: str) -> tuple[Path, Template]:
    """Validate the text as a template and write it as ``<directory>/<name>.toml`` (atomically;
    an invalid text, or one taking a shipped template's id without ``overrides``, never
    replaces a good file)."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(suffix=".toml.tmp", dir=directory)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    try:
        t = load_template(Path(tmp))
        refuse_shipped_id(t, {s.id: s for s in load_all()})
    except StationError:
        os.unlink(tmp)
        raise
    target = _file_for(directory, t.id)
    os.replace(tmp, target)
    return target, replace(t, path=str(target))
