"""Data files the station ships (lists, codes, scan profiles), read from the installed package."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def lines(name: str) -> list[str]:
    """The entries of a list file here: one a line, stripped; blank lines and ``#`` comments
    left out."""
    text = resources.files(__name__).joinpath(name).read_text("utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


def templates_dir() -> Path:
    """The shipped form templates (``form_templates/``, beside the package)."""
    return Path(__file__).resolve().parents[2] / "form_templates"
