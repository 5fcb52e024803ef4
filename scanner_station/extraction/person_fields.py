"""The fields of one person on a record (a section: the husband, the wife, the owner): their sex
for a name read again among the names of that sex, and their ID number checked against their
sex and birth year (the ID's century/sex digit and year digits).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np

from ..domain.text import fold
from . import validators as V
from .crops import supported
from .doubt import LIST_MARGIN
from .parsing import parse
from .reading import Found
from .templates import FieldSpec, Template

if TYPE_CHECKING:  # extract imports this module
    from .extract import ExtractedField


def person_sex(spec: FieldSpec, specs: list[FieldSpec], template: Template, found: dict[str, Found]) -> str:
    """The sex of the person a name field names, where known: the field's own (the mother), its
    section's (the wife), or for the record's own person (``full_name``) its sex field as read."""
    if spec.type != "name":
        return ""
    if spec.sex:
        return spec.sex
    section = next((s for s in template.sections if s.key == spec.section), None)
    if section is not None and section.sex:
        return section.sex
    if spec.key != "full_name":
        return ""
    sex_spec = next((s for s in specs if s.type == "sex" and s.section == spec.section and s.key in found), None)
    return parse("sex", found[sex_spec.key].value).normalized if sex_spec is not None else ""


#: the message (the GUI catalogue translates it)
ID_RECORD_CONSTRAINED = ("read again with the century, sex and year digits the record's sex and birth year "
                         "give: the ink supports it nearly as well")


def cross_check(fields: dict[str, ExtractedField], specs: list[FieldSpec], template: Template,
                image: np.ndarray | None = None, reader=None) -> None:
    """An ID number must agree with the sex and birth year of its own person (section). One that
    does not is read again with the digits they give (``record_digits``) where its crop can be."""
    sections = {s.key: s for s in template.sections}
    for spec in specs:
        f = fields.get(spec.key)
        if "id_matches_record" not in spec.validators or f is None or not f.value:
            continue
        mates = [s for s in specs if s.section == spec.section]
        sex = sections[spec.section].sex if spec.section else ""
        sex_f = next((fields[s.key] for s in mates if s.type == "sex" and s.key in fields), None)
        if sex_f is not None and sex_f.normalized:
            sex = sex_f.normalized
        dob = next((fields[s.key] for s in mates if s.key.endswith("date_of_birth") and s.key in fields),
                   None)
        year = int(dob.normalized[:4]) if dob and dob.normalized[:4].isdigit() else None
        p = V.parse_personal_id(f.value, sex=sex or None, birth_year=year)
        plain = V.parse_personal_id(f.value).messages
        extra = tuple(m for m in f.messages if m not in plain)
        fields[spec.key] = replace(f, normalized=p.normalized, messages=tuple(p.messages) + extra)
        cand = record_digits(f.value, sex, year) if p.messages != plain and not plain else ""
        if cand and supported(f, [cand], image, reader, LIST_MARGIN) == cand:
            # a hand's 1 read as 7 in the century digit: the record's own sex and birth year say
            # which digits the ID has there, and the ink supports them nearly as well
            q = V.parse_personal_id(cand, sex=sex or None, birth_year=year)
            fields[spec.key] = replace(f, value=cand, normalized=q.normalized, second_reading=f.value,
                                       engine="aster-id-record",
                                       messages=tuple(q.messages) + extra + (ID_RECORD_CONSTRAINED,))


def record_digits(value: str, sex: str, year: int | None) -> str:
    """``value`` (a well-formed ID as written) with its century/sex and year digits (the 4th to
    6th) those of a person of ``sex`` ("Nam"/"Nữ"; its own sex digit kept where "") born in
    ``year``; "" where there is no year or the century is none an ID encodes."""
    digits = V.id_characters(value)
    if year is None or not re.fullmatch(r"\d{12}", digits):
        return ""
    female = {"nam": False, "nu": True}.get(fold(sex).lower(), int(digits[3]) % 2 == 1)
    want = V.id_century_and_year(year, female)
    if not want:
        return ""
    out, k = [], 0
    for ch in value:
        if ch.isdigit():
            out.append(want[k - 3] if 3 <= k < 6 else ch)
            k += 1
        else:
            out.append(ch)
    return "".join(out)
