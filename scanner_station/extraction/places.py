"""Place names against a gazetteer: suggestions only, the value always stays as written.

The gazetteer (``scanner_station/data/provinces.csv``) holds the 63 provinces with
their ID-number codes as they were before 1 July 2025 and the province each one
belongs to since the 2025 merger (34 provinces; district level abolished). A place
written in an old record names the units of its time; the station shows what it
corresponds to today so a clerk can link it, never rewriting it.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..domain.text import fold

_DATA = Path(__file__).resolve().parents[1] / "data" / "provinces.csv"
_DISTRICT = re.compile(r"\b(huyen|quan|thi xa)\s+\w")


@dataclass(frozen=True, slots=True)
class Province:
    code: str
    name: str
    kind: str
    name_2025: str
    kind_2025: str


@lru_cache(maxsize=1)
def provinces() -> tuple[Province, ...]:
    with _DATA.open(encoding="utf-8", newline="") as f:
        return tuple(Province(r["code"], r["name"], r["kind_before_2025"], r["province_since_2025"],
                              r["kind_since_2025"]) for r in csv.DictReader(f))


@lru_cache(maxsize=1)
def _index() -> list[tuple[str, str, Province | None]]:
    """(folded name, written name, historical province or None for a post-2025-only name)."""
    out: list[tuple[str, str, Province | None]] = []
    seen = set()
    for p in provinces():
        out.append((_words(p.name), p.name, p))
        seen.add(p.name)
    for p in provinces():
        if p.name_2025 not in seen:
            out.append((_words(p.name_2025), p.name_2025, None))
            seen.add(p.name_2025)
    out.append(("tp hcm", "Hồ Chí Minh", next(p for p in provinces() if p.code == "079")))
    out.append(("thanh pho hcm", "Hồ Chí Minh", next(p for p in provinces() if p.code == "079")))
    out.sort(key=lambda x: -len(x[0]))  # "Thừa Thiên Huế" before "Huế"
    return out


def _words(text: str) -> str:
    return re.sub(r"[^\w]+", " ", fold(text)).strip()


def find_provinces(text: str) -> list[tuple[str, Province | None]]:
    """Province names in ``text`` (accent- and case-insensitive, whole words), in order."""
    hay = " " + _words(text) + " "
    found: list[tuple[int, str, Province | None]] = []
    taken: list[tuple[int, int]] = []
    for folded, name, prov in _index():
        needle = f" {folded} "
        start = 0
        while (i := hay.find(needle, start)) >= 0:
            span = (i, i + len(needle))
            if all(span[1] <= a or span[0] >= b for a, b in taken):
                taken.append(span)
                found.append((i, name, prov))
            start = i + 1
    return [(n, p) for _, n, p in sorted(found, key=lambda x: x[0])]


def suggest(text: str) -> tuple[str, ...]:
    """Suggestions for a place as written: what its province is today; nothing is changed."""
    out = []
    for name, prov in find_provinces(text):
        if prov is None:
            out.append(f"{name}: province since 1/7/2025")
        elif prov.name_2025 != prov.name:
            out.append(f"{prov.kind} {prov.name} (code {prov.code}): since 1/7/2025 part of "
                       f"{prov.kind_2025} {prov.name_2025}")
        else:
            out.append(f"{prov.kind} {prov.name} (code {prov.code})")
    if _DISTRICT.search(fold(text)):
        out.append("names a district (huyện/quận/thị xã): district level abolished on 1/7/2025")
    if not out and text.strip():
        out.append("no province recognised")
    return tuple(out)


#: a country written after the province ("…, tỉnh Nam Định, Việt Nam")
_COUNTRY_TAIL = re.compile(r"\s*(viet nam|vn)$")


def ends_in_unit(text: str) -> bool:
    """The place as written ends with a province or centrally-run city (pre- or post-2025 name):
    a place cut off at a line end (``…, tỉnh``, ``…, Thành phố Hồ``) does not."""
    hay = _COUNTRY_TAIL.sub("", _words(text))
    return any(hay == folded or hay.endswith(" " + folded) for folded, _, _ in _index())
