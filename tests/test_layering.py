"""The stage layering (README, Layout), checked by import-linter over the real package."""

import subprocess
from pathlib import Path

from conftest import BIN

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_hold():
    res = subprocess.run([str(BIN / "lint-imports"), "--config", str(ROOT / "pyproject.toml")],
                         cwd=ROOT, capture_output=True, text=True)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "Contracts: 3 kept, 0 broken" in res.stdout


def test_contract_detects_a_violation(tmp_path):
    """A lower layer importing a higher one must be caught (the check can fail)."""
    bad = ROOT / "scanner_station" / "domain" / "_layer_probe.py"
    bad.write_text("from scanner_station.storage import store  # noqa\n")
    try:
        res = subprocess.run([str(BIN / "lint-imports"), "--config", str(ROOT / "pyproject.toml"),
                              "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    finally:
        bad.unlink()
    assert res.returncode != 0
    assert "broken" in res.stdout


def test_ruff_finds_no_errors():
    """Unused imports, undefined names and likely bugs (pyflakes + bugbear) stay out of the tree."""
    res = subprocess.run([str(BIN / "ruff"), "check", "scanner_station", "bench", "tests"], cwd=ROOT,
                         capture_output=True, text=True)
    assert res.returncode == 0, res.stdout + res.stderr
