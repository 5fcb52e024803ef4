"""Data files the station ships (lists, codes, scan profiles), read from the installed package."""

from __future__ import annotations

from importlib import resources


def lines(name: str) -> list[str]:
    """The entries of a list file here: one a line, stripped; blank lines and ``#`` comments
    left out."""
    text = resources.files(__name__).joinpath(name).read_text("utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
