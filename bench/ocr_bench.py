"""OCR benchmark: CER per engine and variant, speed with cleanup, peak RSS.

usage: python bench/ocr_bench.py [--pages bench/out/pages] [--engines tesseract,paddle-hybrid,...]
                                 [--markdown bench/out/ocr.md]

Plain Tesseract `vie` page mode (engine `tesseract`) is the anchor, run on the same pages.
CER is on NFC text with whitespace runs collapsed; "CER no marks" strips diacritics
(and đ→d) from both sides first, separating tone-mark errors from the rest; a second table
splits the errors by the kind of character they touch (``synth.metrics.error_classes``).
Pages/min (2 cores) = 2 × 60 / (seconds per page on one core, cleanup + OCR): the station
runs one worker process per core.
The confidence tables are fitted by ``bench/calibration_bench.py`` (on raw confidences, on pages
other than these): the engines' output here is already calibrated.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
from PIL import Image

from this_code import CODE  # the copy of the code this bench measures (first)
from scanner_station.domain.text import strip_marks
from scanner_station.imaging.cleanup import clean_page
from scanner_station.ocr import create_engine
from scanner_station.synth.metrics import ERROR_CLASSES, error_classes, levenshtein as lev, normalise


def norm(s: str) -> str:
    return normalise(s)


def line_set(text: str) -> list[str]:
    return [norm(x) for x in text.splitlines() if x.strip()]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", default=str(Path(__file__).parent / "out" / "pages"))
    ap.add_argument("--engines", default="tesseract,paddle-hybrid,tess-aster,paddle-aster")
    ap.add_argument("--markdown", default=str(Path(__file__).parent / "out" / "ocr.md"))
    args = ap.parse_args()
    pages_dir = Path(args.pages)
    gts = sorted(pages_dir.glob("*.gt.txt"))
    if not gts:
        raise SystemExit(f"no pages in {pages_dir}: run bench/make_pages.py first")
    samples = []
    t0 = time.perf_counter()
    for gt in gts:
        stem = gt.name[:-len(".gt.txt")]
        img_path = next(p for p in pages_dir.glob(stem + ".*") if not p.name.endswith(".gt.txt"))
        img = np.asarray(Image.open(img_path).convert("RGB"))
        variant = stem.rsplit("-", 1)[0]
        c0 = time.perf_counter()
        cleaned = [cp.image for cp in clean_page(img)]
        samples.append((variant, stem, cleaned, gt.read_text("utf-8"), time.perf_counter() - c0))
    print(f"{len(samples)} pages loaded and cleaned in {time.perf_counter() - t0:.1f}s")
    results = defaultdict(lambda: defaultdict(list))
    for name in args.engines.split(","):
        engine = create_engine(name)
        engine.read_page(samples[0][2][0])  # warm-up (model load)
        for variant, stem, cleaned, gt, clean_s in samples:
            t = time.perf_counter()
            layouts = [engine.read_page(c) for c in cleaned]
            ocr_s = time.perf_counter() - t
            hyp = "\n".join(lay.text for lay in layouts)
            ref_n, hyp_n = norm(gt), norm(hyp)
            r = results[name][variant]
            r.append({
                "chars": len(ref_n), "errors": lev(ref_n, hyp_n),
                "errors_nomarks": lev(strip_marks(ref_n), strip_marks(hyp_n)),
                "lines": len(line_set(gt)),
                "exact_lines": len(set(line_set(gt)) & set(line_set(hyp))),
                "seconds": ocr_s + clean_s,
                "classes": error_classes(ref_n, hyp_n),
                **{kind: sum(lay.meta.get("line_choices", {}).get(kind, 0) for lay in layouts)
                   for kind in ("heading", "label", "place")},
            })
            print(f"{name:14s} {stem:16s} CER {r[-1]['errors'] / max(1, r[-1]['chars']) * 100:6.2f}%"
                  f"  {r[-1]['seconds']:.2f}s", flush=True)
        engine.close()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    variants = sorted({s[0] for s in samples})
    out = ["| engine | variant | pages | CER | CER no marks | exact lines | s/page (1 core) | pages/min (2 cores) |",
           "|---|---|---|---|---|---|---|---|"]
    # the errors by kind, a second table from the same sums
    kinds = ["", "Errors by kind (share of the variant's reference characters; `mark`: the right letter "
             "with another tone or vowel mark; `case`: its case alone; `inserted`: read where there is none):", "",
             "| engine | variant | " + " | ".join(ERROR_CLASSES) + " |", "|---|---|" + "---|" * len(ERROR_CLASSES)]
    summary = {}
    for name, per_variant in results.items():
        for v in variants:
            rs = per_variant[v]
            chars = sum(x["chars"] for x in rs)
            cer = sum(x["errors"] for x in rs) / chars
            cer_nm = sum(x["errors_nomarks"] for x in rs) / chars
            exact = sum(x["exact_lines"] for x in rs) / sum(x["lines"] for x in rs)
            spp = statistics.mean(x["seconds"] for x in rs)
            summary[(name, v)] = cer
            out.append(f"| {name} | {v} | {len(rs)} | {cer * 100:.2f} % | {cer_nm * 100:.2f} % | "
                       f"{exact * 100:.1f} % | {spp:.2f} | {2 * 60 / spp:.0f} |")
            kinds.append(f"| {name} | {v} | " + " | ".join(
                f"{sum(x['classes'][k] for x in rs) / chars * 100:.2f} %" for k in ERROR_CLASSES) + " |")
    out += kinds
    for kind, what in (("heading", "as a known heading (`ocr/headings.py`)"),
                       ("label", "with a form's label (`ocr/labels.py`)"),
                       ("place", "with a unit's name (`ocr/places.py`)")):
        read_as = [f"{name} {v} {n}" for (name, v) in summary
                   if (n := sum(x[kind] for x in results[name][v]))]
        out += ["", f"Lines read {what}: " + ("; ".join(read_as) or "none") + "."]
    out.append("")
    out.append(f"Peak RSS of the bench process (all engines loaded in turn): {rss_mb:.0f} MiB")
    out.append(f"Code measured: `{CODE}`")
    text = "\n".join(out)
    print(text)
    Path(args.markdown).parent.mkdir(parents=True, exist_ok=True)
    Path(args.markdown).write_text(text + "\n", "utf-8")


if __name__ == "__main__":
    main()
