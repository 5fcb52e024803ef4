"""Real administrative units for synthetic places: communes, districts and provinces as they
existed before 1 July 2025 (and the 2025 two-level units), from the maintained
``vietnamadminunits`` package (MIT), so generated places are places a reader can look up.

Places are written the way offices write them: lower-case unit words before the names
("xã Ea Tu, thành phố Buôn Ma Thuột, tỉnh Đắk Lắk").
"""

from __future__ import annotations

import random
from functools import lru_cache

from ..domain.adminunits import admin_rows


def _lower_kind(name: str, kind: str) -> str:
    """"Thành phố Hà Nội" → "thành phố Hà Nội"; the unit word as offices write it."""
    if kind and name.lower().startswith(kind.lower()):  # "Thành Phố Đồng Hới" in some rows
        return kind.lower() + name[len(kind):]
    return name


def _province_kind(name: str) -> str:
    return "Thành phố" if name.startswith("Thành phố") else "Tỉnh"


@lru_cache(maxsize=1)
def legacy_units() -> tuple[tuple[str, str, str], ...]:
    """(commune, district, province) before 1/7/2025, as written in records of that time."""
    rows = admin_rows("SELECT ward, wardType, district, districtType, province FROM admin_units_legacy "
                      "WHERE ward IS NOT NULL AND ward != '' ORDER BY wardCode")
    return tuple((_lower_kind(w, wt), _lower_kind(d, dt), _lower_kind(p, _province_kind(p)))
                 for w, wt, d, dt, p in rows)


@lru_cache(maxsize=1)
def units_2025() -> tuple[tuple[str, str], ...]:
    """(commune, province) since 1/7/2025 (district level abolished)."""
    rows = admin_rows("SELECT ward, wardType, province FROM admin_units ORDER BY wardCode")
    return tuple((_lower_kind(w, wt), _lower_kind(p, _province_kind(p))) for w, wt, p in rows)


def place(rng: random.Random, year: int = 2000) -> str:
    """A real place of a record written in ``year`` (three levels before 2025, two after)."""
    if year >= 2025:
        ward, prov = rng.choice(units_2025())
        return f"{ward}, {prov}"
    ward, district, prov = rng.choice(legacy_units())
    return f"{ward}, {district}, {prov}"


def commune(rng: random.Random) -> str:
    return rng.choice(legacy_units())[0]
