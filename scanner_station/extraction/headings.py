"""Headings and items: whether a numbered line heads a part of the form or is a numbered
item holding a value (its colon lost or misread), whether a line is one of the template's section
headings, and the first of the form's notes with its marker misread (``reading`` asks)."""

from __future__ import annotations

import re

from .labels import Hit, _listed, _listed_after, fold_chars, is_title, name_follows, note_line, note_marker, opens_segment
from .parsing import parse
from .segments import Segment
from .templates import FieldSpec, Template

#: a numbered section heading's number — a Roman one of two letters or more with its full stop
#: lost too ("II Thửa đất, nhà ở …"), before a capital; a Roman one's I after its first read as
#: a 1 or an l ("I1. Thửa đất, …")
_HEADING = re.compile(r"^\s*(?:(?:[IVX][IVX1l]{0,3}|\d{1,2})\s*[.)]\s+\S|[IVX]{2,4}\s+[^\W\d_])")
NUMBERING = re.compile(r"^\s*(?:[ivx]{1,4}|\d{1,2})\s*[.)]\s*")


def is_heading(text: str) -> bool:
    """A numbered section heading (``I. Người sử dụng đất, …``, ``2. Thửa đất:``): no value. A
    heading names a part of the form and holds no number: "20. giờ 04 phút, ngày 04/10/2006" is
    a time read with a mark after its hour (a box's edge left under it), not item 20."""
    if not _HEADING.match(text):
        return False
    rest = _BRACKETED.sub("", _OPENING.sub("", text, count=1))
    if _A_NUMBER.search(rest):
        return False
    _, colon, after = text.partition(":")
    return not colon or not after.strip(" .…_")


#: a heading's number, and what a heading may hold in brackets ("(12 chữ số)", a note's "(2)")
_OPENING = re.compile(r"^\s*(?:[IVXivx][IVXivx1l]{0,3}|\d{1,2})\s*[.)]?\s*")
_BRACKETED = re.compile(r"\([^)]*\)?")
#: a value's number: two digits, or digits a slash, colon or full stop parts
_A_NUMBER = re.compile(r"\d{2}|\d\s*[/:.]\s*\d")


#: a label's colon read as another mark, and the value after it ("21. Nơi sinh. xã Ia HLốp"), or
#: lost, a dotted line's dots left after it ("1. Nơi đăng ký ..Ủy ban nhân dân …", "… khai sinh .Ủy ban")
_MARK_FOR_COLON = re.compile(r"\s?[.;,]\s+\S|\s?(?:\.{2,}|…)\s*[^\W\d_]|\s+\.[^\W\d_]")


def numbered_item(text: str, found: list[Hit], next_text: str = "", template: Template | None = None) -> bool:
    """A numbered line that reads like a heading is a form's numbered item when a field's label
    opens it and digits follow (``3. Ngày, tháng, năm sinh" 3). 11/12/1952``: its colon lost
    under a footnote marker), or its colon was read as a full stop or a semicolon and a value
    follows (``21. Nơi sinh. xã Ia HLốp, …``) or a dotted line's dots stand in its place
    (``1. Nơi đăng ký ..Ủy ban nhân dân …``) or a person's name follows it (``13. Họ, chữ đệm
    và tên Đinh Đức Phúc``: a family name and a word more), or the label and its colon are all the segment
    holds (``14. Số định danh cá nhân:``, its digits in a comb the next segment reads), or the
    label is all it holds and the next segment on its row (``next_text``) holds digits (``19.
    Ngày, tháng, năm sinh | 08/01/2008``: its colon lost) or a valid value of the label's field
    (of ``template``) that is neither a heading nor a title (``4. Địa chỉ | xã Mỹ Phương, …``), or
    a valid value of a checked field follows the label on its line (``13. Nơi đăng ký khai sinh Ủy
    ban nhân dân xã Bình Hẻm, …``: its colon lost), or one of the field's listed values read nearly
    as written (``7. e) Thời hạn sử dụng Câu dài``); a heading names a part of the form and holds
    no number, and ends where its words do."""
    if not (found and found[0].key and opens_segment(text, found[0])):
        return False
    after = text[found[0].end:]
    return any(ch.isdigit() for ch in after) or bool(_MARK_FOR_COLON.match(after)) \
        or (after.strip().endswith(":") and len(after.strip()) <= 4) or name_follows(fold_chars(after)) \
        or (not after.strip(" .") and (any(ch.isdigit() for ch in next_text)
                                       or _cell_value(next_text, found[0].key, template))) \
        or _cell_value(after.strip(), found[0].key, template, checked=True) \
        or _small_value(text, found[0], template)


#: an item's number in digits opening its line ("38. "; a part's Roman numeral heads a part)
_ITEM_NUMBER = re.compile(r"^\s*\d{1,2}\s*[.)]\s*\S")


def _small_value(text: str, hit: Hit, template: Template | None) -> bool:
    """An item numbered in digits whose label, read as written, is followed by one or two small
    words and nothing more (``38. Phần ghi chú không``: its colon lost before the word a register
    writes for no note): a heading's words run on longer, or after a comma."""
    if template is None or not _ITEM_NUMBER.match(text):
        return False
    spec = _spec(template, hit.key)
    read = fold_chars(text[hit.start:hit.end]).strip(" :").lower()
    if spec is None or not any(fold_chars(label).lower() == read for label in spec.labels):
        return False
    words = text[hit.end:].split()
    return 1 <= len(words) <= 2 and all(w.isalpha() and w.islower() for w in words)


def _spec(template: Template, key: str) -> FieldSpec | None:
    """The template's field ``key``."""
    return next((f for f in template.fields if f.key == key), None)


def _cell_value(text: str, key: str, template: Template | None, checked: bool = False) -> bool:
    """The next cell's text is a valid value of the field ``key``, and no heading, title or note;
    ``checked``: of a field whose type checks its values (not free text, unless the field lists
    its values and the text opens with one: "7. Quốc tịch Việt Nam"; a place ending in a province
    or city) — the text after the label on its own line, its colon lost ("13. Nơi đăng ký khai
    sinh Ủy ban nhân dân xã …")."""
    from .places import ends_in_unit  # a place is free text but for its units: one it ends in

    spec = _spec(template, key) if template else None
    # free text whose field lists its values: valid only opening with one of them
    listed_text = checked and spec is not None and spec.type == "text" and bool(spec.values)
    if checked and spec is not None and not listed_text \
            and (spec.type == "text" or (spec.type == "place" and not ends_in_unit(text))):
        return False
    return (spec is not None and bool(text.strip())
            and not _HEADING.match(text) and not is_title(text) and not note_marker(text)
            and ((not listed_text and parse(spec.type, text).ok) or (checked and _near_listed(text, spec))))


def _near_listed(text: str, spec: FieldSpec) -> bool:
    """``text`` opens with one of the field's listed values read nearly as written ("Câu dài" for
    "Lâu dài", ``labels._listed_after``): a value misread is still a value, not a heading's words."""
    from .doubt import list_values

    listed = (*_listed(spec.values), *(fold_chars(v) for v in list_values(spec.type)))
    return bool(listed) and _listed_after(" " + fold_chars(text), listed)


def section_heading(template: Template, text: str) -> bool:
    """The line is one of the template's section headings, after a number or numeral."""
    rest = fold_chars(re.sub(r"^\s*(?:[IVX]{1,4}|\d{1,2})\s*[.),]\s*", "", text)).strip(" :.")
    return bool(rest) and any(fold_chars(h).strip(" :.") == rest for s in template.sections for h in s.headings)


_MARKER_OPEN = re.compile(r"\s*\(?\s*\S{1,2}\s*\)\s*[A-ZĐ]")


def first_note(text: str, below: Segment | None) -> bool:
    """A line (``text``) opening with a marker read otherwise ("q) Ghi đầy đủ …" for "(1) Ghi …")
    right above (``below``) a note line, or a line that opens with a marker too ("A) Ghi …" over
    "C) Ghị …", both small markers misread): the first of the form's notes."""
    return (bool(_MARKER_OPEN.match(text)) and below is not None
            and (note_line(below.text) or bool(_MARKER_OPEN.match(below.text))))
