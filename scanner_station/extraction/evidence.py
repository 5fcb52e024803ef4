"""Codes on a document as evidence for its fields.

A chip ID card's QR (a copy attached to a dossier) states the person's ID number, name and
date of birth. Where the document's fields say the same, the field is confirmed by two
independent sources and its confidence rises; where they differ the field becomes
``uncertain`` with both values shown and the code's value offered as a suggestion — never
written over what the paper says (the book prevails).
"""

from __future__ import annotations

from dataclasses import replace

from ..domain.text import fold
from .extract import ExtractedField

#: the code's field → the record fields it speaks for
_TARGETS = {"personal_id": ("personal_id", "owner_id", "requester_id"),
            "dossier_code": ("dossier_code",),
            "full_name": ("full_name", "owner_name", "requester_name"),
            "date_of_birth": ("date_of_birth", "owner_birth_date")}


def _same(key: str, a: str, b: str) -> bool:
    if key == "full_name":
        return fold(a).split() == fold(b).split()
    return "".join(a.split()) == "".join(b.split())


def cross_check(fields: dict[str, ExtractedField], codes: list[dict]) -> dict[str, ExtractedField]:
    """``fields`` with the evidence of ``codes`` (``PageCode.as_json`` dicts) applied."""
    cards = [c["fields"] for c in codes if c.get("kind") in ("id_card", "dossier")]
    if not cards:
        return fields
    out = dict(fields)
    for card in cards:
        for code_key, targets in _TARGETS.items():
            said = card.get(code_key, "")
            if not said:
                continue
            for key in targets:
                f = out.get(key)
                if f is None or not f.value:
                    continue
                read = f.normalized or f.value
                if _same(code_key, read, said):
                    out[key] = replace(f, confidence=max(f.confidence, 0.995),
                                       status="proposed" if f.status == "uncertain" else f.status,
                                       messages=f.messages + ("matches the ID card's QR code",))
                else:
                    out[key] = replace(f, status="uncertain" if f.status != "illegible" else f.status,
                                       suggestions=tuple(dict.fromkeys(f.suggestions + (said,))),
                                       messages=f.messages + (f"the ID card's QR code says '{said}'",))
                break
    return out
