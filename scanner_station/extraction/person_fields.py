"""The fields of one person on a record (a section: the husband, the wife, the owner): their sex
for a name read again among the names of that sex, and their ID number checked against their
sex and birth year (the ID's century/sex digit and year digits).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from . import validators as V
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


def cross_check(fields: dict[str, ExtractedField], specs: list[FieldSpec], template: Template) -> None:
    """An ID number must agree with the sex and birth year of its own person (section)."""
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
