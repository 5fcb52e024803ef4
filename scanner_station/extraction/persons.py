"""Who a record is about: the people it names with an ID number, for person linking.

A birth extract names one person (``personal_id`` with ``full_name``), a marriage
two (``husband_…``, ``wife_…``), a land certificate its owner (``owner_id``). Records
carrying the same ID number are linked; values that disagree between them (name,
birth date, sex) are conflicts to show a person, never merged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .extract import ExtractedField

_ID_KEY = re.compile(r"^(?P<prefix>[a-z_]*?)(?:personal_id|_id)$")


@dataclass(frozen=True, slots=True)
class PersonRef:
    personal_id: str
    role: str  # the ID field's key
    name: str
    birth: str  # as normalised: "1987", "1987-03" or "1987-03-15"
    sex: str


def _first(fields: dict[str, ExtractedField], keys: list[str]) -> str:
    for k in keys:
        f = fields.get(k)
        if f is not None and f.normalized:
            return f.normalized
    return ""


def persons(fields: dict[str, ExtractedField]) -> list[PersonRef]:
    out = []
    for key, f in fields.items():
        m = _ID_KEY.match(key)
        if not m or key == "dossier_id" or not re.fullmatch(r"\d{12}", f.normalized or ""):
            continue
        p = m["prefix"]
        if p and not p.endswith("_"):
            p += "_"  # owner_id → owner_name
        names = ["full_name"] if not p else [f"{p}name", f"{p}full_name"]
        births = ["date_of_birth"] if not p else [f"{p}date_of_birth", f"{p}birth_year"]
        sex = _first(fields, ["sex"] if not p else [f"{p}sex"])
        if not sex and p in ("husband_", "wife_"):
            sex = "Nam" if p == "husband_" else "Nữ"
        out.append(PersonRef(f.normalized, key, _first(fields, names), _first(fields, births), sex))
    return out


def births_agree(a: str, b: str) -> bool:
    """Partial dates agree when one is a prefix of the other ("1987" and "1987-03-15")."""
    return not a or not b or a.startswith(b) or b.startswith(a)
