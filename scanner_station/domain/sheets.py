"""What a code on a page says: our cover and separator sheets, the chip ID card's QR, or
something else (kept as raw text, never acted on).

Our sheets carry ``SSTN1`` followed by compact JSON (ASCII, ``\\u`` escapes for Vietnamese, so
any QR reader and any byte mode round-trips it)::

    SSTN1{"k":"cover","batch":"Khai sinh 1995","office":"UBND xã Tân Phú","office_code":"01001",
          "family":"civil_status","book_type":"khai sinh","volume":"01","year":"1995"}
    SSTN1{"k":"sep","doc_type":"trích lục khai sinh"}

The chip ID card (CCCD) QR holds ``số định danh|số CMND cũ|họ tên|ngày sinh|giới tính|địa chỉ|
ngày cấp`` with dates as ``ddmmyyyy``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from .text import nfc

PREFIX = "SSTN1"
#: a dossier code of the national public-service system: the receiving office's code, the
#: date received (yymmdd) and a sequence number, e.g. ``000.00.07.H56-241201-0001``
DOSSIER = re.compile(r"^(\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2})-(\d{2})(\d{2})(\d{2})-(\d{4})$")
COVER_KEYS = ("batch", "office", "office_code", "family", "book_type", "volume", "year")


@dataclass(frozen=True)
class CodeInfo:
    """A decoded code and what it means. ``kind``: cover, separator, id_card, dossier, other,
    damaged."""

    kind: str
    raw: str
    fields: dict[str, str] = field(default_factory=dict)
    message: str = ""

    def as_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "raw": self.raw, "fields": self.fields, "message": self.message}


def cover_payload(batch: str, office: str, office_code: str, family: str, book_type: str,
                  volume: str, year: str) -> str:
    data = {"k": "cover", "batch": nfc(batch), "office": nfc(office), "office_code": office_code,
            "family": family, "book_type": nfc(book_type), "volume": nfc(volume), "year": year}
    return PREFIX + json.dumps(data, ensure_ascii=True, separators=(",", ":"))


def separator_payload(doc_type: str = "") -> str:
    data = {"k": "sep"} | ({"doc_type": nfc(doc_type)} if doc_type else {})
    return PREFIX + json.dumps(data, ensure_ascii=True, separators=(",", ":"))


def _iso(ddmmyyyy: str) -> str:
    d = ddmmyyyy.strip()
    if len(d) == 8 and d.isdigit():
        return f"{d[4:]}-{d[2:4]}-{d[:2]}"
    return d


def parse_code(text: str) -> CodeInfo:
    """What ``text`` (a decoded QR or barcode) is; never raises."""
    raw = nfc(text or "")
    if raw.startswith(PREFIX):
        try:
            data = json.loads(raw[len(PREFIX):])
            kind = data.get("k")
        except (ValueError, AttributeError):
            return CodeInfo("other", raw, message="looks like a Scanner Station sheet but cannot be read")
        if kind == "sep":
            return CodeInfo("separator", raw, {"doc_type": nfc(str(data.get("doc_type", "")))})
        if kind == "cover":
            return CodeInfo("cover", raw, {k: nfc(str(data.get(k, ""))) for k in COVER_KEYS})
        return CodeInfo("other", raw, message=f"a Scanner Station code of an unknown kind ({kind!r})")
    parts = raw.split("|")
    if len(parts) >= 6 and len(parts[0]) == 12 and parts[0].isdigit():
        return CodeInfo("id_card", raw, {
            "personal_id": parts[0], "old_id": parts[1], "full_name": parts[2].strip(),
            "date_of_birth": _iso(parts[3]), "sex": parts[4].strip(), "address": parts[5].strip(),
            **({"issue_date": _iso(parts[6])} if len(parts) > 6 else {})})
    m = DOSSIER.match(raw.strip())
    if m:
        office, yy, mm, dd, seq = m.groups()
        return CodeInfo("dossier", raw, {"dossier_code": raw.strip(), "receiving_office": office,
                                         "received_date": f"20{yy}-{mm}-{dd}", "sequence": seq})
    return CodeInfo("other", raw)
