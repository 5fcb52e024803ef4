"""Classify an OCR'd page against the form templates and read its fields by label anchors.

No pixel coordinates: a field is found by its label's text in the layout (folded,
OCR-tolerant), and its value is the rest of that line up to the next label; a
label-less field is found by a pattern (``match``). Sections ("Thông tin người
chồng") scope fields that repeat; register pages (``layout = "entries"``) are cut
into entries at the anchor field's label, each entry one record. Each field keeps
the text as read, a normalised value, the OCR confidence of its words, its box,
validator messages and place suggestions. Status rules (the book prevails):

* ``illegible`` — a required field that was not found or is empty;
* ``proposed`` — machine reading with calibrated confidence ≥ ``HIGH`` that passed
  every validator and, for identity fields, a second recogniser read the same:
  still awaits a person;
* ``uncertain`` — everything else. ``confirmed`` is never set here.

This module never changes a value to make it valid, and never does I/O.
"""

from __future__ import annotations

import re
from contextlib import nullcontext
from dataclasses import dataclass, replace
from typing import Protocol

import numpy as np

from ..domain.layout import BBox, PageLayout
from ..domain.records import FieldStatus
from . import book_year, dated_at, entry_spans, place_words, places, sequence
from .capitals import capitals
from .reading import CELL_INK, LABEL_MISREAD, Found, clean_value, fold_chars, hits, read_fields
from . import code_steps as CODE
from . import id_readings as ID
from .person_fields import cross_check, person_sex
from . import name_steps as NS
from . import number_steps as NUM
from . import rereading as RR
from .doubt import LIST_APART, LIST_MARGIN, SECOND_DIFFERS, list_readings
from .dots_taken import dots_restored
from .crops import cell_ink, comb_crops, field_crop, glyphs_whole, supported_on, unread_beside, writing_after
from .name_readings import NAME_WORD_UNLISTED, unlisted_name_words
from .page_marks import LEADER_DOT_BELOW, WORD_LIST_SHOWN, ink_reading, over_leader, under
from .parsing import parse
from .rereading import HIGH, Ink, Reading
from .rereading import split_series as _split_series
from .classify import classify, has_cue, own_labels_found
from .segments import rows_apart
from .templates import FieldSpec, Template
from .value_text import words_in_brackets


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
    #: place suggestions from the gazetteer (never applied to the value)
    suggestions: tuple[str, ...] = ()
    #: what the second recogniser read from the field's crop ("" when not re-read)
    second_reading: str = ""
    #: the recogniser that produced ``value``
    engine: str = ""
    #: the saved crop of the field's box (workspace-relative), for the correction screen
    crop: str = ""

    def questioned(self, *messages: str) -> "ExtractedField":
        """The field with ``messages`` added, a question for a person if it was proposed."""
        status = FieldStatus.uncertain.value if self.status == FieldStatus.proposed.value else self.status
        return replace(self, messages=self.messages + messages, status=status)

    def as_json(self) -> dict:
        out = {"value": self.value, "normalized": self.normalized, "status": self.status,
               "confidence": round(self.confidence, 4), "page": self.page,
               "bbox": list(self.bbox) if self.bbox else None, "messages": list(self.messages),
               "suggestions": list(self.suggestions), "second_reading": self.second_reading}
        if self.crop:
            out["crop"] = self.crop
        return out

    @staticmethod
    def from_json(key: str, d: dict) -> "ExtractedField":
        return ExtractedField(key, d["value"], d["normalized"], d["status"], float(d["confidence"]),
                              tuple(d["bbox"]) if d.get("bbox") else None, tuple(d.get("messages", ())),
                              int(d.get("page", 1)), tuple(d.get("suggestions", ())),
                              d.get("second_reading", ""), d.get("engine", ""), d.get("crop", ""))


class FieldReader(Protocol):
    """Re-reads a field's crop (see ``reread.CropReader``)."""

    def second_opinion(self, crop: np.ndarray, first_engine: str) -> str: ...

    def restricted(self, crop: np.ndarray, charset: str) -> str: ...


@dataclass(frozen=True, slots=True)
class PageAnalysis:
    """One page's classification and fields (one dict per entry; forms have one entry)."""

    template_id: str | None
    score: float
    ranking: tuple[tuple[str, float], ...]
    entries: tuple[dict[str, ExtractedField], ...] = ()
    #: the page continues the previous document (a GCN's page 2, an annex)
    continuation: tuple[str, ...] = ()
    reason: str = ""

    def as_json(self) -> dict:
        return {"template": self.template_id, "score": round(self.score, 3),
                "ranking": [[t, round(s, 3)] for t, s in self.ranking],
                "continuation": list(self.continuation), "reason": self.reason,
                "entries": [{k: f.as_json() | {"engine": f.engine} for k, f in e.items()}
                            for e in self.entries]}

    @staticmethod
    def from_json(d: dict) -> "PageAnalysis":
        return PageAnalysis(d.get("template"), float(d.get("score", 0.0)),
                            tuple((t, float(s)) for t, s in d.get("ranking", [])),
                            tuple({k: ExtractedField.from_json(k, f) for k, f in e.items()}
                                  for e in d.get("entries", [])),
                            tuple(d.get("continuation", ())), d.get("reason", ""))


#: an entry number with a letter among its digits (the GUI catalogue translates it)
NUMBER_LETTER = "a letter among the digits of the number"
#: an entry's number read with a lone letter before it ("J 143": a stroke of the rule or the
#: label before it read as one) — shown without it (``rereading.VALUE_FITTED``)
_LETTER_BEFORE = re.compile(r"\s*[^\W\d_]\s+(\d{1,5})\s*")
#: a book series with a digit among its letters (the GUI catalogue translates it)
SERIES_DIGIT = "a digit among the letters of the book series"
#: a book series that no second reading confirmed
SERIES_NOT_REREAD = "the series was not read a second time"
#: a place whose units match only without their marks ("xã Hỏ Đắc Kiện")
PLACE_SPELLING = "a unit's name is spelled as no unit's is (a tone or vowel mark misread?)"
UNIT_WORD_MISREAD = "a word where a unit word belongs (tỉnh, huyện, xã …) looks like a misread one"
OFFICE_MISREAD = "the office's name (Ủy ban nhân dân) is read with a letter or mark it does not have"


def _build(found: dict[str, Found], specs: list[FieldSpec], template: Template, page: int,
           image: np.ndarray | None, reader: FieldReader | None,
           marks: dict | None = None) -> dict[str, ExtractedField]:
    marks = marks or {}
    combs, doubts = marks.get("comb_cells") or (), marks.get("leader_doubts") or ()
    leaders = marks.get("leader_lines") or ()
    out: dict[str, ExtractedField] = {}
    for spec in specs:
        f = found.get(spec.key)
        listed = ""
        if f is not None and f.note == LABEL_MISREAD:
            # its line found by its likeness alone: taken only where the ink reads a value after it
            crop = field_crop(image, tuple(f.bbox.as_list())) if image is not None and f.bbox else None
            listed = RR.after_misread_label(f.value, f.label, spec, crop, reader)
            f = f if listed else None
        if f is not None and not f.value and f.label_box is not None and image is not None:
            f = _ink_beside(f, spec, image, reader) or f
        if f is None or not f.value:
            msgs = ("not found on the page",) if f is None else ("empty",)
            status = (FieldStatus.illegible if spec.required else FieldStatus.uncertain).value
            out[spec.key] = ExtractedField(spec.key, "", "", status, 0.0, None, msgs, page)
            if spec.series:
                out[spec.series] = ExtractedField(spec.series, "", "", FieldStatus.uncertain.value, 0.0,
                                                  None, msgs, page)
            continue
        value, series = _split_series(f.value) if spec.series else (f.value, "")
        in_words = f.in_words
        if spec.type in RR.WORDS_PARSERS and not in_words and (pair := words_in_brackets(value)) \
                and parse(spec.type, pair[0]).ok:
            # "18/07/1999 (băng chữn ngày mười tám …)": the words' label misread, so not found —
            # the value ends before the bracket, the words are its own written again
            value, in_words = pair
        parsed = parse(spec.type, value)
        box = tuple(f.bbox.as_list()) if f.bbox else None
        conf, engine, msgs = f.confidence, f.engine, list(parsed.messages)
        if spec.series and re.search(r"\d", value) and re.search(r"[^\W\d_]", value) \
                and not _LETTER_BEFORE.fullmatch(value):
            # a book's entry number is digits; "6Z" is more likely a misread "67" (both recognisers
            # may read the same hand alike)
            msgs.append(NUMBER_LETTER)
        readable = reader is not None and image is not None and box is not None
        crop = field_crop(image, box) if readable else None
        # a value on one line is read again from its crop; one continued over several lines or
        # cut off at a line's end is not (its crop would not hold the value as a whole)
        whole = crop is not None and not f.continued and not f.cut
        ink = Ink(crop, reader, whole, getattr(reader, "constrained", None) if whole else None,
                  (lambda image=image, box=box: glyphs_whole(image, box)) if crop is not None else None,
                  [field_crop(image, tuple(b.as_list())) for b in f.lines] if readable and f.continued else [],
                  (lambda image=image, box=box: unread_beside(image, box)) if crop is not None else None)
        r = Reading(value, parsed, msgs, engine, conf)
        if spec.series and (m := _LETTER_BEFORE.fullmatch(value)):
            r.show(spec.type, m[1], RR.VALUE_FITTED, engine)
        if listed:
            r.show(spec.type, listed, RR.LIST_CONSTRAINED, "aster-list")
        # a dot of the form's dotted line taken off under the value: a full stop of it may be lost
        taken = box is not None and any(under(d, b) for d in doubts for b in [box, *(tuple(x.as_list()) for x in f.lines)])
        # written over a form's dotted line: a candidate's dot below is weighed as the value has it
        # (``CropReader.over_leader``)
        over = box is not None and over_leader(box, leaders)
        with (reader.over_leader(over) if hasattr(reader, "over_leader") else nullcontext()):
            RR.spaced(r, spec)
            if crop is not None and spec.type == "personal_id":
                ID.comb_digits(r, spec, ink, comb_crops(image, box, combs))
            if crop is not None:
                RR.digits_only(r, spec, ink, f.continued)
                RR.letters_for_digits(r, spec, ink)
                CODE.structured(r, spec, ink)
                RR.second_opinion(r, spec, ink)
                RR.misfit(r, spec, ink)
                CODE.form_symbol(r, spec, ink)
                RR.plausible_year(r, spec, ink, in_words)
                RR.date_shape(r, spec, ink)
                ID.id_shape(r, spec, ink)
            RR.fixed_wordings(r, spec)
            if crop is not None:  # after a misread unit word is spelled: what the place names before it
                RR.opening(r, spec, ink)
            NS.names(r, spec, ink)
            NS.name_searched(r, spec, ink, person_sex(spec, specs, template, found))
            RR.wordings(r, spec, ink)
            RR.written_twice(r, spec, ink, in_words)
            NUM.decimal_mark(r, spec, ink)
            NUM.slash_lost(r, spec, ink)
            NUM.lost_digit(r, spec, ink)
            NUM.lost_one(r, spec, ink)
            NUM.repeated_digit(r, spec, ink)
            NUM.digits_apart(r, spec, ink)
            capitals(r, spec)  # last: the other steps read the value's letters as read
        if taken:
            CODE.stops_taken(r, spec)
            dots_restored(r, spec)
        value, parsed, msgs, second, engine, conf = r.value, r.parsed, r.msgs, r.second, r.engine, r.conf
        if box is not None and (ink_words := ink_reading(value, [box, *(tuple(b.as_list()) for b in f.lines)],
                                                         marks.get("word_list") or ())):
            msgs.append(f"{WORD_LIST_SHOWN} {ink_words}")  # the book prevails: the list only proposes
        if spec.type == "name" and (unlisted := unlisted_name_words(value)):
            msgs.append(f"{NAME_WORD_UNLISTED}: {unlisted}")  # never proposed: a person confirms it
        if f.note:
            msgs.append(f.note)
        if taken:
            msgs.append(LEADER_DOT_BELOW)
        if f.cut:
            msgs.append("the value seems cut off at the end of a line")
        elif spec.type == "place" and not places.ends_in_unit(value):
            msgs.append("the place does not end in a known province or city")
        elif spec.type == "place" and not places.known_place(value):
            msgs.append("the commune or district is not a unit of that province (before or since 1/7/2025)")
        elif spec.type == "place" and not places.spelled_as_units(value):
            msgs.append(PLACE_SPELLING)
        elif spec.type == "place" and place_words.unit_word_misread(value):
            msgs.append(UNIT_WORD_MISREAD)
        elif spec.type == "place" and place_words.office_misread(value):
            msgs.append(OFFICE_MISREAD)
        suggestions = places.suggest(value) if spec.type == "place" else ()
        out[spec.key] = ExtractedField(spec.key, value, parsed.normalized, "", conf, box, tuple(msgs),
                                       page, suggestions, second, engine)
        if spec.series:
            series_msgs = tuple(m for m in msgs if "words" not in m) if series else ("no series written",)
            as_read, series = series, CODE.series_among(value, series, ink)
            mended = series != as_read
            if mended:
                series_msgs += (CODE.SERIES_CONSTRAINED,)
            if re.search(r"[^\W\d_]\d|\d[^\W\d_]", series):
                # book series are letter codes (TLKS-BS, KT): "K7" is more likely a misread "KT"
                series_msgs += (SERIES_DIGIT,)
            if series and _split_series(second)[1] != series and SECOND_DIFFERS not in series_msgs:
                # a letter code has no check of its own: only a second reading of the same ink
                # that gives the same letters lets it be proposed ("TCKS" for TLKS)
                series_msgs += (SECOND_DIFFERS if second else SERIES_NOT_REREAD,)
            out[spec.series] = ExtractedField(spec.series, series, series, "" if series else
                                              FieldStatus.uncertain.value, conf if series else 0.0, box,
                                              series_msgs, page, (), as_read if mended else "",
                                              "aster-series" if mended else engine)
    cross_check(out, specs, template, image, reader)
    for key, f in out.items():
        if f.status:
            continue
        ok = not f.messages and f.normalized != ""
        status = (FieldStatus.proposed if ok and f.confidence >= HIGH else FieldStatus.uncertain).value
        out[key] = replace(f, status=status)
    return out


def extract(layout: PageLayout, template: Template, page: int = 1, image: np.ndarray | None = None,
            reader: FieldReader | None = None) -> dict[str, ExtractedField]:
    """Fields of a one-record form page (for ``entries`` templates: the first entry)."""
    entries = extract_entries(layout, template, page, image, reader)
    return entries[0] if entries else _build({}, list(template.fields), template, page, None, None)


def extract_entries(layout: PageLayout, template: Template, page: int = 1,
                    image: np.ndarray | None = None,
                    reader: FieldReader | None = None) -> list[dict[str, ExtractedField]]:
    lines = [row for ln in layout.lines() for row in rows_apart(ln)]  # two rows read as one line: apart
    size = (layout.width, layout.height)
    marks = layout.meta  # cleanup's combs of digit boxes and leader dots under letters (``page_marks.note_cleanup``)
    if template.layout != "entries":
        specs = list(template.fields)
        found = read_fields(lines, specs, template, size)
        if any(s.box for s in specs):  # fields taught as boxes around their value
            from .boxes import read_boxes

            found.update(read_boxes(lines, specs, template))
        fields = _build(found, specs, template, page, image, reader, marks)
        for s in specs:
            if s.type == "unit":  # the issuing unit, named again before the document's date
                fields = dated_at.check(fields, lines, s.key, image, reader, dated_at.date_pattern(template))
        return _book_year([fields], template, image, reader)
    page_specs = [s for s in template.fields if s.scope == "page"]
    entry_specs = [s for s in template.fields if s.scope == "entry"]
    gridded = _grid_entries(lines, size, page_specs, entry_specs, template, page, image, reader, marks)
    if gridded is not None:
        return _book_year(sequence.check(gridded, template.entry_anchor, image, reader), template, image, reader)
    anchor = next(s for s in entry_specs if s.key == template.entry_anchor)
    keys = [{h.key for h in hits(ln.text, template)} - {""} for ln in lines]  # the fields each line names
    bare = {i for i, ln in enumerate(lines)
            if anchor.key not in keys[i] and entry_spans.bare_anchor(ln.text, anchor, template)}
    starts = [i for i, ln in enumerate(lines) if anchor.key in keys[i] or i in bare]
    if not starts:
        return []
    first = entry_spans.first_entry_above(lines, keys, starts[0], entry_specs)
    if first is not None:
        starts.insert(0, first)
    header = _build(read_fields(lines[:starts[0]], page_specs, template, size), page_specs, template, page,
                    image, reader, marks)
    out = []
    for a, b, split in entry_spans.entry_spans(lines, keys, starts, entry_specs):
        found = read_fields(lines[a:b], entry_specs, template, size)
        if (a in bare or a == first) and anchor.key not in found and \
                (number := entry_spans.bare_number(lines[a], anchor, glued=a == first)) is not None:
            found[anchor.key] = number  # "Số 6o Ngàyđăng ký …": the number the entry starts at
        split = split or a == first
        if split:
            for f in found.values():
                f.note = f.note or entry_spans.SPLIT_ENTRY
        fields = _build(found, entry_specs, template, page, image, reader, marks)
        out.append({**header, **fields})
    return _book_year(sequence.check(out, template.entry_anchor, image, reader), template, image, reader)


def _book_year(entries: list[dict[str, ExtractedField]], template: Template, image: np.ndarray | None,
               reader: FieldReader | None) -> list[dict[str, ExtractedField]]:
    """A civil-status book's year held to the year its entries were registered (``book_year``)."""
    types = {s.key: s.type for s in template.fields}
    if types.get("book_volume") != "book_volume" or types.get("registration_date") != "date":
        return entries
    return book_year.check(entries, image, reader)


def _grid_entries(lines: list, size: tuple[int, int], page_specs: list[FieldSpec],
                  entry_specs: list[FieldSpec], template: Template, page: int,
                  image: np.ndarray | None, reader: FieldReader | None, marks: dict | None = None) -> list | None:
    """Entries of a register page printed as a ruled grid (one entry per row), or None when the
    page has no grid whose headers name this template's columns."""
    if image is None or not any(s.columns for s in entry_specs):
        return None
    from ..imaging.grid import find_grid  # OpenCV: only where a register grid may be read
    from .grid import read_grid

    grid = find_grid(image)
    if grid is None:
        return None
    reading = read_grid(grid, lines, entry_specs)
    if reading is None:
        return None
    top = grid.ys[0]
    above = [ln for ln in lines if ln.bbox.center[1] < top]
    header = _build(read_fields(above, page_specs, template, size), page_specs, template, page, image, reader,
                    marks)
    types = {s.key: s.type for s in entry_specs}
    entries = [_cells_read(dict(e), row, reading.columns, grid, image, reader, types)
               for e, row in zip(reading.entries, reading.rows)]
    return [{**header, **_build(e, entry_specs, template, page, image, reader, marks)} for e in entries]


#: the types a value read from writing no line was found for may have: those whose check tells a
#: value from a scribble (a date, a number, a code), not free text, names or places
INK_BESIDE_TYPES = ("date", "personal_id", "cmnd", "sex", "area", "int", "gcn_serial", "registry_number",
                    "document_number", "ethnicity", "book_volume", "time", "dossier_code")


def _ink_beside(f: Found, spec: FieldSpec, image: np.ndarray, reader: FieldReader | None) -> Found | None:
    """An empty value's writing after its label on the label's row that no detected line holds (a
    hand's single digit in a ruled cell, under the detector's threshold: "b) Tờ bản đồ số" | "7"):
    read from its own ink by AsterOCR — kept only where its type's check holds, a question
    (``CELL_INK``); None where there is no such writing."""
    band = getattr(reader, "band_reading", None)
    if band is None or spec.type not in INK_BESIDE_TYPES:
        return None
    lb, h = f.label_box, f.label_box.height
    x0, x1 = lb.x1 + int(0.3 * h), min(f.reach, image.shape[1]) - 2
    y0, y1 = max(0, lb.y0 - int(0.3 * h)), min(image.shape[0], lb.y1 + int(0.4 * h))
    box = writing_after(image, (x0, y0, x1, y1), h)
    crop = field_crop(image, box) if box is not None else None
    read = band(crop) if crop is not None else None
    value = clean_value(read.text) if read is not None else ""
    parsed = parse(spec.type, value) if value else None
    if parsed is None or not parsed.ok or parsed.messages:
        # a closed list's value read as none of its values: kept where the ink tells one of them
        # apart, as the field's own step then weighs it to show it (``rereading.misfit``)
        if not (value and spec.type in LISTED_BESIDE and supported_on(
                crop, value, list_readings(spec.type, value), reader, LIST_MARGIN, apart=LIST_APART)):
            return None
    return Found(value, read.confidence, BBox(*box), read.engine, note=CELL_INK)


#: of those, the types of a closed list a hand's value may be read as none of ("Chữ" for a held
#: "Nữ"): kept where the ink tells one of the list's values apart (the field's own step shows it)
LISTED_BESIDE = ("sex", "ethnicity")


def _cells_read(entry: dict[str, Found], row: int, columns: tuple[str, ...], grid, image: np.ndarray,
                reader: FieldReader | None, types: dict[str, str]) -> dict[str, Found]:
    """An entry's cells that hold writing the page reading found no text in (a hand's short
    number beside a rule, under the detector's threshold): each read from its own ink by AsterOCR,
    a question (``CELL_INK``) — a field left "not found" where its cell is empty. A closed list's
    value read as none of its values on a line across the row ("N" for a hand's "Nữ", its mark
    read into the next cell) is read again on its cell's whole ink, not on its word's box."""
    band = getattr(reader, "band_reading", None)
    if band is None:
        return entry
    for c, key in enumerate(columns):
        if not key:
            continue
        cell = (grid.xs[c], grid.ys[row], grid.xs[c + 1], grid.ys[row + 1])
        if key in entry:
            f, kind = entry[key], types.get(key, "")
            if kind in LISTED_BESIDE and f.bbox is not None and not parse(kind, f.value).normalized \
                    and (box := cell_ink(image, cell)) is not None:
                entry[key] = replace(f, bbox=BBox.enclosing([f.bbox, BBox(*box)]))
            continue
        box = cell_ink(image, cell)
        if box is None:
            continue
        read = band(field_crop(image, box))
        value = clean_value(read.text) if read is not None else ""
        if value:
            entry[key] = Found(value, read.confidence, BBox(*box), read.engine, note=CELL_INK)
    return entry


def analyse_page(layout: PageLayout, templates: list[Template], page: int = 1,
                 image: np.ndarray | None = None, reader: FieldReader | None = None) -> PageAnalysis:
    """Classify a page and read its fields; note any continuation cue (of any template) so the
    page can join the document before it. Below the template's ``min_score`` or on a tie
    between templates the page is unclassified: it waits for a clerk to choose."""
    ranked = classify(layout, templates)
    ranking = tuple((t.id, s) for t, s in ranked[:3])
    text = fold_chars(layout.text)
    cues = sorted({c for t in templates for c in t.continuation_cues})
    cont = tuple(c for c in cues if has_cue(text, c))
    best, score = ranked[0] if ranked else (None, 0.0)
    if best is None or score < best.min_score:
        return PageAnalysis(None, score, ranking, continuation=cont, reason="no template matches")
    if len(ranked) > 1 and ranked[1][1] == score:
        # a tie on the cues: the version whose own field labels are on the page wins, by a
        # clear margin (a 2014 GCN's "Mục đích sử dụng" items against the 2024 "Loại đất")
        tied = [t for t, s in ranked if s == score]
        cover = sorted(((own_labels_found(text, t, tied), t) for t in tied), key=lambda x: -x[0])
        if cover[0][0] - cover[1][0] < 1:
            return PageAnalysis(None, score, ranking, continuation=cont,
                                reason=f"ambiguous between {best.id} and {ranked[1][0].id}")
        best = cover[0][1]
    entries = extract_entries(layout, best, page, image, reader)
    reason = "" if entries else "no entry found on the register page"
    return PageAnalysis(best.id, score, ranking, tuple(entries), cont, reason)
