"""Imported first by a bench: the station's code it measures is the copy of the repository the
bench file is in, not whatever the environment's editable install points at.

A bench run from a snapshot of another commit (``git archive … | tar -x -C DIR``, then ``python
DIR/bench/extract_bench.py``) would otherwise import the working tree's ``scanner_station``
through the virtual environment (session 48 found benches measuring the working tree where a
snapshot was meant). Each bench also says which copy it measured (``CODE``)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path[:1]:
    sys.path.insert(0, str(ROOT))

import scanner_station  # noqa: E402

#: the copy of the station's code this bench measures
CODE = str(Path(scanner_station.__file__).resolve().parent)
if Path(CODE).parent != ROOT:  # pragma: no cover - a package imported before this module
    raise SystemExit(f"this bench is in {ROOT} but measures {CODE}: run it without importing the station first")
