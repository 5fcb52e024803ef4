"""`scanner-station sheets cover|separator`: printable sheets that split a scanned stack."""

from __future__ import annotations

from pathlib import Path

from ..domain.errors import StationError


def cmd_sheets(args) -> int:
    from ..imaging.sheets import write_sheets

    if args.kind == "cover":
        missing = [n for n in ("batch", "office", "office_code", "family", "year") if not getattr(args, n)]
        if missing:
            raise StationError("a cover sheet needs " + ", ".join("--" + m.replace("_", "-") for m in missing),
                               hint="e.g. sheets cover --batch 'Khai sinh 1995' --office 'UBND xã Tân Phú' "
                                    "--office-code 01001 --family civil_status --book-type 'khai sinh' "
                                    "--volume 01 --year 1995 -o cover.pdf")
        if not (args.year.isdigit() and len(args.year) == 4):
            raise StationError(f"--year must be four digits, not {args.year!r}")
    values = {k: getattr(args, k) for k in ("batch", "office", "office_code", "family", "book_type", "volume",
                                            "year", "doc_type")}
    print(write_sheets(args.kind, values, Path(args.output), args.copies))
    return 0
