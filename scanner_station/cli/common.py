"""Helpers the command families share: the workspace, progress, input files, passwords."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ..domain.errors import StationError


def _ws(args, create: bool = True):
    from ..storage.workspace import Workspace, default_workspace

    root = Path(args.workspace) if args.workspace else default_workspace()
    return Workspace.open(root, create=create)


def _progress_printer(quiet: bool):
    from rich.console import Console

    console = Console(stderr=True)

    def show(event):
        if quiet:
            return
        kind = event["event"]
        if kind == "page_done":
            console.print(f"[green]✓[/] file #{event['file_id']} page {event['page']}")
        elif kind in ("page_failed", "page_retry"):
            word = "failed" if kind == "page_failed" else "will retry"
            console.print(f"[red]✗[/] file #{event['file_id']} page {event['page']} {word}: {event['reason']}")
    return show


class _Inputs:
    """Files named on the command line, for the workspace-free commands (`ocr`, `extract`):
    bad ones are reported with their hint and raise the exit status; the rest are yielded."""

    def __init__(self, names: list[str], decode: bool = True) -> None:
        self.names = names
        self.status = 0
        self.decode = decode  # False: image data is checked when each page is read

    def __iter__(self):
        from ..imaging.sources import inspect_file

        for name in self.names:
            path = Path(name)
            try:
                info = inspect_file(path, decode=self.decode)
            except StationError as exc:
                self.failed(exc)
                continue
            yield path, info

    def failed(self, exc: StationError) -> None:
        """Report a file that cannot be read, with its hint; the exit status says so."""
        print(str(exc), file=sys.stderr)
        self.status = max(self.status, int(exc.exit_code))

    @staticmethod
    def cleaned_pages(path: Path, info, split: str = "auto"):
        """(source page index, cleaned page) for every page of an inspected file."""
        from ..imaging.codes import clean_around, read_codes
        from ..imaging.sources import load_page

        for i in range(info.page_count):
            image = load_page(path, info.kind, i).image
            for cp in clean_around(image, read_codes(image), split):
                yield i, cp


def _password(args) -> str:
    pw = args.password if args.password is not None else os.environ.get("SCANNER_STATION_KEY_PASSWORD")
    if pw is None:
        raise StationError("no password for the signing key",
                           hint="pass --password or set SCANNER_STATION_KEY_PASSWORD")
    return pw
