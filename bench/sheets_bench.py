"""Cover/separator sheets and codes on pages: detection on degraded sheets, false splits on
ordinary pages (some carrying other QR codes and barcodes), and the time code reading adds.

usage: python bench/sheets_bench.py [--per-variant 20] [--ordinary 500] [--out bench/out/sheets.json]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from pathlib import Path

from scanner_station.imaging.codes import read_codes, sheet_of
from scanner_station.synth.forms import FORM_VARIANTS, TEMPLATES, make_form
from scanner_station.synth.pages import make_page
from scanner_station.synth.stacks import SHEET_VARIANTS, degrade_sheet, sheet_rgb, with_foreign_code


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--per-variant", type=int, default=20)
    ap.add_argument("--ordinary", type=int, default=500)
    ap.add_argument("--seed", type=int, default=1800)
    ap.add_argument("--out", default="bench/out/sheets.json")
    args = ap.parse_args()
    result: dict = {"detection": {}, "per_variant": args.per_variant}
    covers = [{"batch": f"Lô {i}", "office": "UBND xã Tân Phú", "office_code": f"{i:05d}",
               "family": "civil_status", "book_type": "khai sinh", "volume": f"{i % 9:02d}", "year": "1996"}
              for i in range(3)]
    for kind in ("separator", "cover"):
        for variant in SHEET_VARIANTS:
            hits = 0
            for k in range(args.per_variant):
                rng = random.Random(args.seed + k)
                base = sheet_rgb(kind, "trích lục khai sinh" if k % 2 else "", covers[k % 3])
                found = sheet_of(read_codes(degrade_sheet(base, variant, rng)))
                hits += found is not None and found.info.kind == kind
            result["detection"][f"{kind}/{variant}"] = hits / args.per_variant
            print(f"{kind:9s} {variant:13s} {hits}/{args.per_variant}", flush=True)

    false_splits, damaged, foreign_read, foreign_total, times = 0, 0, 0, 0, []
    for i in range(args.ordinary):
        rng = random.Random(args.seed * 7 + i)
        if i % 2:
            page = make_form(args.seed + i, rng.choice(TEMPLATES), rng.choice(FORM_VARIANTS),
                             rng.choice(("printed", "handwriting"))).image
        else:
            page = make_page(args.seed + i, rng.choice(("clean", "scanner", "phone", "faded", "spread"))).image
        extra = i % 3  # a third plain, a third with someone's QR code, a third with a barcode
        if extra:
            page = with_foreign_code(page, rng, "qr" if extra == 1 else "barcode")
            foreign_total += 1
        t0 = time.perf_counter()
        codes = read_codes(page)
        times.append(time.perf_counter() - t0)
        false_splits += sheet_of(codes) is not None
        damaged += any(c.info.kind == "damaged" for c in codes)
        foreign_read += extra and any(c.info.kind == "other" for c in codes)
    result.update({
        "ordinary_pages": args.ordinary, "false_splits": false_splits, "damaged_false_alarms": damaged,
        "foreign_codes_read": f"{foreign_read}/{foreign_total}",
        "ms_per_page": {"median": round(statistics.median(times) * 1000, 1),
                        "mean": round(statistics.mean(times) * 1000, 1),
                        "p95": round(sorted(times)[int(len(times) * 0.95)] * 1000, 1)}})
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=1), "utf-8")
    print(json.dumps({k: v for k, v in result.items() if k != "detection"}, indent=1))


if __name__ == "__main__":
    main()
