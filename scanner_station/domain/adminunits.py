"""The administrative units as the maintained ``vietnamadminunits`` package (MIT) lists them.

One read-only table before 1 July 2025 (``admin_units_legacy``: province, district, commune)
and one since (``admin_units``: province, commune). Here only access and the units' full names;
what a place in a record names is ``extraction.places``' work.
"""

from __future__ import annotations

import importlib.util
import sqlite3
from functools import lru_cache
from pathlib import Path

from .errors import StationError


def package_dir() -> Path:
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        raise StationError("the administrative units package (vietnamadminunits) is not installed",
                           hint="run installer/install.sh")
    return Path(list(spec.submodule_search_locations)[0])


def admin_rows(sql: str) -> list[tuple]:
    """Rows of a query on the package's read-only table of units (``admin_units_legacy``:
    before 1/7/2025; ``admin_units``: since)."""
    con = sqlite3.connect(f"file:{package_dir() / 'data' / 'dataset.db'}?mode=ro", uri=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


@lru_cache(maxsize=1)
def unit_names() -> tuple[str, ...]:
    """Every unit's full name with its unit word ("Tỉnh Khánh Hòa", "Huyện Đông Anh",
    "Xã Yên Lãng"), before and since 2025, each once."""
    names: set[str] = set()
    for row in admin_rows("SELECT DISTINCT province, district, ward FROM admin_units_legacy"):
        names.update(n for n in row if n)
    for row in admin_rows("SELECT DISTINCT province, ward FROM admin_units"):
        names.update(n for n in row if n)
    return tuple(sorted(names))
