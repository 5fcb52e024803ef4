"""Render the OCR bench set: Vietnamese administrative pages with ground truth.

usage: python bench/make_pages.py [--out bench/out/pages] [--per-variant 5] [--seed 1000]
Writes <variant>-<n>.png (phone photos as JPEG) and <variant>-<n>.gt.txt; handwriting is also
written in the held-out cursive font (Great Vibes) as handwriting_heldout-<n>, never looked at
while the decoder is developed, and in the development hands leaning 15–30° further than the
fonts do as handwriting_leaning-<n>.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import this_code  # noqa: F401  (first: the copy of the code this bench measures)
from scanner_station.synth.pages import VARIANTS, make_page


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=str(Path(__file__).parent / "out" / "pages"))
    ap.add_argument("--per-variant", type=int, default=5)
    ap.add_argument("--seed", type=int, default=1000)
    ap.add_argument("--variants", default=",".join(VARIANTS))
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for v in args.variants.split(","):
        for n in range(args.per_variant):
            page = make_page(args.seed + n, v)
            ext = ".jpg" if v in ("phone", "scanner") else ".png"
            page.save(out / f"{v}-{n:02d}{ext}")
            (out / f"{v}-{n:02d}.gt.txt").write_text(page.text + "\n", "utf-8")
    if "handwriting" in args.variants.split(","):
        for n in range(args.per_variant):
            page = make_page(args.seed + 500 + n, "handwriting", held_out=True)
            page.save(out / f"handwriting_heldout-{n:02d}.png")
            (out / f"handwriting_heldout-{n:02d}.gt.txt").write_text(page.text + "\n", "utf-8")
        for n in range(args.per_variant):  # the development hands, leaning as other hands do
            lean = (22.0, 30.0, -15.0, 26.0)[n % 4]
            page = make_page(args.seed + 700 + n, "handwriting", lean=lean)
            page.save(out / f"handwriting_leaning-{n:02d}.png")
            (out / f"handwriting_leaning-{n:02d}.gt.txt").write_text(page.text + "\n", "utf-8")
    print(f"wrote {len(list(out.glob('*.gt.txt')))} pages to {out}")


if __name__ == "__main__":
    main()
