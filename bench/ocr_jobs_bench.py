"""`scanner-station ocr` wall time on independent pages: worker processes (--jobs) against one,
and the default engine against plain Tesseract, the same pages in the same run.

    .venv/bin/python bench/ocr_jobs_bench.py --pages 40

Pages are generated (print clean and scanned, faded, a phone photo, cursive), written as PNG
files, and read by the real command (start-up and model loading included, as a user sees it).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image

from scanner_station.synth.pages import make_page

VARIANTS = ("clean", "scanner", "faded", "phone", "handwriting")


def run(exe: Path, files: list[Path], out: Path, *extra: str) -> float:
    t = time.perf_counter()
    res = subprocess.run([str(exe), "ocr", *map(str, files), "-o", str(out), "-q", *extra],
                         capture_output=True, text=True)
    if res.returncode != 0:
        sys.exit(res.stderr)
    return time.perf_counter() - t


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=40)
    ap.add_argument("--variants", default=",".join(VARIANTS),
                    help="page variants, in turn (default: all five; issue 15's printed target: "
                         "clean,scanner,faded,phone)")
    ap.add_argument("--engine", default="onnx-hybrid", help="the engine set against plain Tesseract")
    args = ap.parse_args()
    variants = [v.strip() for v in args.variants.split(",") if v.strip()]
    exe = Path(sys.executable).parent / "scanner-station"
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        files = []
        for i in range(args.pages):
            page = make_page(3000 + i, variants[i % len(variants)])
            path = tmp / f"p{i:03d}.png"
            Image.fromarray(page.image).save(path, dpi=(page.dpi, page.dpi))
            files.append(path)
        rows = [(f"{args.engine}, --jobs 1", run(exe, files, tmp / "a", "--jobs", "1", "--engine", args.engine)),
                (f"{args.engine}, --jobs 2", run(exe, files, tmp / "b", "--jobs", "2", "--engine", args.engine)),
                ("tesseract, --jobs 1", run(exe, files, tmp / "c", "--jobs", "1", "--engine", "tesseract")),
                ("tesseract, --jobs 2", run(exe, files, tmp / "d", "--jobs", "2", "--engine", "tesseract"))]
    print("| run | wall s | s/page | pages/min |\n|---|---|---|---|")
    for name, wall in rows:
        print(f"| {name} | {wall:.1f} | {wall / args.pages:.2f} | {args.pages / wall * 60:.1f} |")
    print(f"\n--jobs 2 vs 1 ({args.engine}): {rows[0][1] / rows[1][1]:.2f}x; "
          f"{args.engine} vs tesseract per page (--jobs 1): {rows[0][1] / rows[2][1]:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
